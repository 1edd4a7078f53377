"""Print one command of README.md's Quick start block: `main` (first line) or `test` (second)."""
import re
import sys
from pathlib import Path

readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
section = readme.split("## Quick start", 1)[1]
block = re.search(r"```[a-z]*\n(.*?)```", section, re.S).group(1)
commands = [line for line in block.splitlines() if line.strip()]
if len(commands) != 2:
    sys.exit(f"README's Quick start block must hold exactly two commands, found {len(commands)}")
print(commands[{"main": 0, "test": 1}[sys.argv[1]]])
