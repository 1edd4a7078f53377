"""Regenerate the files students receive from their sources of truth, in a checkout.

    python -m rnn_bptt.build.generate           rewrite the files that are out of date
    python -m rnn_bptt.build.generate --check   write nothing; exit 1 listing stale files

assignment/rnn.py comes from solutions/rnn.py (make_stubs), assignment/rnn_assignment.ipynb from
autograder/build/notebook_source.py (notebook_text, which needs jupytext: the [dev] extra),
autograder/feedback/known_answers.py from the public tests and the catalogue of misconceptions
(known_answers_text).
"""

import argparse
import sys
from pathlib import Path

from rnn_bptt import CHECKOUT, assignment, install_command
from rnn_bptt.build.known_answers import known_answers_text
from rnn_bptt.build.stubs import make_stubs
from rnn_bptt.solutions import REFERENCE as SOLUTION

STUBS = assignment.FOLDER / "rnn.py"
NOTEBOOK = assignment.FOLDER / "rnn_assignment.ipynb"
KNOWN_ANSWERS = Path(__file__).resolve().parents[1] / "feedback" / "known_answers.py"


def generated_files():
    """{path: the contents it should have}."""
    # Here rather than at the top: without jupytext, main says which extra brings it.
    from rnn_bptt.build.notebook import SOURCE as NOTEBOOK_SOURCE, notebook_text

    return {STUBS: make_stubs(SOLUTION.read_text(encoding="utf-8")),
            NOTEBOOK: notebook_text(NOTEBOOK_SOURCE.read_text(encoding="utf-8")),
            KNOWN_ANSWERS: known_answers_text()}


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
        description="Regenerate assignment/rnn.py, assignment/rnn_assignment.ipynb and "
                    "autograder/feedback/known_answers.py.")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit with status 1 if a generated file is stale")
    arguments = parser.parse_args(argv)
    if CHECKOUT is None:
        print("rnn-autograder generate rewrites assignment/rnn.py and the notebook of a checkout "
              "of the repository (cloned, then installed with `pip install -e .`) from its "
              "solutions/rnn.py. This installation came from a wheel or an sdist: it has no "
              "repository to rewrite, and its student files are already generated.",
              file=sys.stderr)
        return 1
    try:
        stale = generate(check=arguments.check)
    except ModuleNotFoundError as error:
        if error.name != "jupytext":
            raise
        print(f"rnn-autograder generate builds the notebook with jupytext, which is not "
              f"installed: {install_command('dev')}", file=sys.stderr)
        return 1
    for path in stale:
        relative = path.relative_to(CHECKOUT)
        print(f"stale: {relative}" if arguments.check else f"regenerated: {relative}")
    if arguments.check and stale:
        print("Run `python -m rnn_bptt.build.generate` to regenerate them.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
