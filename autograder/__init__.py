"""rnn_bptt: the RNN assignment's grading engine, its hidden suites, and the Otter build.

The installed package maps the repository's folders: rnn_bptt is autograder/, rnn_bptt.solutions
is solutions/ (the reference, for instructors only), rnn_bptt.assignment is assignment/ (what
students get) and rnn_bptt.corpus_files is tests/corpus/. See "Architecture" in the README.
"""

from pathlib import Path

DISTRIBUTION = "rnn-bptt-assignment"   # the name pip knows the package by

# The repository this package runs from, when it is a checkout installed with `pip install -e .`
# (rnn_bptt is then its autograder/ folder); None when installed from a wheel or an sdist, where
# there is no repository for `generate` to rewrite.
_PACKAGE = Path(__file__).resolve().parent
CHECKOUT = _PACKAGE.parent if (_PACKAGE.parent / "pyproject.toml").is_file() else None


def install_command(extra):
    """How to install the optional dependencies `extra` (a name of pyproject.toml's extras)."""
    return (f"pip install '{DISTRIBUTION}[{extra}]' (in a checkout of the repository: "
            f"pip install -e '.[{extra}]')")
