"""Finding submissions on disk and reading them into Python source.

A submission is a `.py` file, or a Jupyter notebook whose code cells define the functions (which
files of a folder are submissions, and whose: rnn_bptt.roster). Nothing here raises on bad
input: a file that cannot be read becomes a Submission whose `problem` says why, so the grader
can give it zero with a clear message and go on with the batch.

The grader runs as root on Gradescope and these machines, so reading a submission must not read
anything else: a symbolic link is never followed (a link in a submissions folder could point at
the reference solution or /etc/shadow), only regular files are read (not a FIFO or a device),
and never more than MAX_SOURCE_BYTES. Nothing here parses the source: the sandbox's worker does.
"""

import errno
import json
import os
import stat
import warnings
from dataclasses import dataclass
from pathlib import Path

SUFFIXES = (".py", ".ipynb")
# The largest submission read (`rnn-autograder grade --max-file-size`): a complete rnn.py is
# about 20 kB and a notebook with its outputs a few hundred.
MAX_SOURCE_BYTES = 2**20


@dataclass
class Submission:
    """One submission: where it came from, its Python source, or why it has none."""
    path: str                   # the path as given (or as found inside a given folder)
    source: str | list | None = None   # a file's text, or a notebook's cells: (name, text) pairs
    problem: str | None = None  # a student-readable reason why there is no source

    @property
    def filename(self):
        return os.path.basename(self.path) or self.path


def read(path, max_bytes=MAX_SOURCE_BYTES):
    """Read the submission at `path` into a Submission (with `problem` set when unreadable).

    Never follows a symbolic link, reads only a regular file, and at most `max_bytes` of it."""
    file = Path(path)
    name = file.name or str(path)
    if file.is_dir() and not file.is_symlink():
        return Submission(path, problem=f"{path} is a folder with no .py or .ipynb file in it.")
    if file.suffix not in SUFFIXES:
        if not file.exists() and not file.is_symlink():
            return Submission(path, problem=f"{path} does not exist.")
        return Submission(path, problem=(
            f"{name} is not a Python file: submit rnn.py (a .py file) or a Jupyter "
            f"notebook (.ipynb)."))
    try:
        data = read_regular_file(path, max_bytes)
    except FileNotFoundError:
        return Submission(path, problem=f"{path} does not exist.")
    except OSError as error:
        if error.errno == errno.ELOOP:
            return Submission(path, problem=(
                f"{name} is a symbolic link, which the grader does not follow (it could point "
                f"at any file of the grading machine): submit the file itself."))
        return Submission(path, problem=f"{name} could not be read: {error.strerror}.")
    except NotARegularFile:
        return Submission(path, problem=f"{name} is not a regular file: submit rnn.py itself.")
    if len(data) > max_bytes:
        return Submission(path, problem=(
            f"{name} is larger than {max_bytes // 1024} kB, the most a submission may be "
            f"(rnn.py is about 20 kB): check that you submitted the right file, and remove "
            f"large outputs or data from it."))
    try:
        text = data.decode("utf-8-sig")   # a byte order mark (Notepad) is dropped
    except UnicodeDecodeError as error:
        return Submission(path, problem=(
            f"{name} is not readable text (byte {error.start} is not UTF-8); save it as "
            f"UTF-8 text, or check that you submitted the right file."))
    if file.suffix == ".ipynb":
        source, problem = notebook_source(text, name)
        return Submission(path, source=source, problem=problem)
    # Line ends as Python's text files read them (Windows and old Mac ones become \n).
    return Submission(path, source=text.replace("\r\n", "\n").replace("\r", "\n"))


class NotARegularFile(Exception):
    """A path that names a folder, a FIFO, a device or a socket."""


def read_regular_file(path, max_bytes):
    """The first `max_bytes` + 1 bytes of the regular file at `path`, without following a
    symbolic link there (OSError ELOOP) and without blocking on a FIFO."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    with os.fdopen(fd, "rb") as file:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotARegularFile(path)
        return file.read(max_bytes + 1)


def notebook_source(text, name):
    """A notebook's code cells, as (cells, None) or (None, problem).

    The cells are (name, source) pairs, named like "rnn.ipynb, cell 3" (cells counted from the
    top, markdown ones included, as a student counts them), so that a message points into the
    right cell. IPython-only lines are left out, because plain Python cannot run them: line magics
    (`%time`), shell lines (`!pip install ...`) and whole cells that start with a cell magic
    (`%%bash`), whose body is not necessarily Python; but the Python body of `%%time` and
    `%%capture` runs, as in Jupyter. A dropped line becomes `pass` at the same indentation, so a
    block whose only line was a magic stays valid and line numbers do not move.
    """
    import nbformat  # lazy: only notebooks need it, and it costs start-up time

    advice = "Re-save it from Jupyter, or submit rnn.py instead."
    try:
        content = json.loads(text)
    except json.JSONDecodeError as error:
        return None, (f"{name} is not a valid notebook: it is not valid JSON (line {error.lineno}, "
                      f"column {error.colno}: {error.msg}). {advice}")
    if not isinstance(content, dict) or "cells" not in content:
        return None, f"{name} is not a notebook: it is JSON, but it has no cells. {advice}"
    try:
        with warnings.catch_warnings():  # old or hand-edited notebooks warn about cell ids
            warnings.simplefilter("ignore")
            notebook = nbformat.reads(text, as_version=4)
            nbformat.validate(notebook)  # reads() lets through, say, a cell whose source is 5
        cells = list(notebook.cells)
    except Exception as error:  # nbformat raises several kinds for JSON that is not a notebook
        return None, (f"{name} is not a valid notebook ({type(error).__name__}: "
                      f"{str(error)[:200]}). {advice}")
    code = []
    for number, cell in enumerate(cells, start=1):
        magic = cell.source.lstrip().split(maxsplit=1)[0] if cell.source.strip() else ""
        if cell.cell_type != "code" or (magic.startswith("%%") and magic not in PYTHON_BODIES):
            continue
        lines = [pass_instead(line) if line.lstrip().startswith(("%", "!")) else line
                 for line in cell.source.splitlines()]
        code.append((f"{name}, cell {number}", "\n".join(lines) + "\n"))
    return code, None


# Cell magics whose body is Python that defines names in the notebook, as if the magic were not
# there (`%%timeit` runs its body apart, and the others are not Python).
PYTHON_BODIES = ("%%time", "%%capture")


def pass_instead(line):
    """`pass`, indented like `line` (an IPython-only line left out)."""
    return line[:len(line) - len(line.lstrip())] + "pass"
