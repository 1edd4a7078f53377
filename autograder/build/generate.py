"""Regenerate the files students receive from their sources of truth.

    python -m rnn_bptt.build.generate           rewrite the files that are out of date
    python -m rnn_bptt.build.generate --check   write nothing; exit 1 listing stale files

assignment/rnn.py comes from solutions/rnn.py (make_stubs), assignment/rnn_assignment.ipynb from
autograder/build/notebook_source.py (notebook_text).
"""

import argparse
import sys
from pathlib import Path

from rnn_bptt.build.notebook import SOURCE as NOTEBOOK_SOURCE, notebook_text
from rnn_bptt.build.stubs import make_stubs

ROOT = Path(__file__).resolve().parents[2]
SOLUTION = ROOT / "solutions" / "rnn.py"
STUBS = ROOT / "assignment" / "rnn.py"
NOTEBOOK = ROOT / "assignment" / "rnn_assignment.ipynb"


def generated_files():
    """{path: the contents it should have}."""
    return {STUBS: make_stubs(SOLUTION.read_text(encoding="utf-8")),
            NOTEBOOK: notebook_text(NOTEBOOK_SOURCE.read_text(encoding="utf-8"))}


def generate(check: bool) -> list[Path]:
    """The generated files whose contents are out of date (missing included).

    With check=False they are rewritten too; with check=True nothing is written.
    """
    stale = []
    for path, contents in generated_files().items():
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current != contents:
            stale.append(path)
            if not check:
                path.write_text(contents, encoding="utf-8")
    return stale


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m rnn_bptt.build.generate",
        description="Regenerate assignment/rnn.py and assignment/rnn_assignment.ipynb.")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit with status 1 if a generated file is stale")
    arguments = parser.parse_args(argv)
    stale = generate(check=arguments.check)
    for path in stale:
        relative = path.relative_to(ROOT)
        print(f"stale: {relative}" if arguments.check else f"regenerated: {relative}")
    if arguments.check and stale:
        print("Run `python -m rnn_bptt.build.generate` to regenerate them.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
