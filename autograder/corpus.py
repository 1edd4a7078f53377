"""The corpus of sample submissions that measures the hidden suites.

tests/corpus/<kind>/*.py holds one sample submission per file: "wrong" ones (one realistic
mistake each, which must lose points), "correct" ones (unusual but right, which must score full
marks) and "cheats". A corpus file holds only what it changes: the functions it redefines, with a
one-sentence module docstring naming the mistake or the unusual style. Its first line may choose
the file it is appended to:

    # base: reference     solutions/rnn.py (the default when there is no header)
    # base: stubs         assignment/rnn.py, the students' starting point
    # base: none          nothing: the corpus file is a whole submission

A wrong entry also says, on a line of its own, the misconception it really holds, written with
the entry: `# misconception: <name>`, a name of the catalogue (rnn_bptt.misconceptions), of a
pattern or finding of the diagnosis, or a name of its own when the grader knows no such mistake.
benchmarks/feedback_quality.py measures the diagnosis against these labels.

The full submission is the base file's source followed by the corpus file's text, so a later
definition overrides the base's one, and the base's own functions (total_loss, bptt...) call the
overriding one, as they would in a student's file.
"""

from pathlib import Path

from rnn_bptt import assignment, corpus_files
from rnn_bptt.solutions import REFERENCE

CORPUS = corpus_files.FOLDER    # tests/corpus/ in a checkout
KINDS = ("wrong", "correct", "cheats")
HEADER = "# base:"
BASES = {"reference": REFERENCE, "stubs": assignment.FOLDER / "rnn.py", "none": None}


class CorpusError(ValueError):
    """A corpus file or a corpus request that cannot be honoured; the message says why."""


def base_name(text, path):
    """The base named by the header on the first line of `text` ("reference" when none)."""
    first_line = text.split("\n", 1)[0].strip()
    if not first_line.startswith(HEADER):
        return "reference"
    name = first_line[len(HEADER):].strip()
    if name not in BASES:
        raise CorpusError(f"{path}: unknown base {name!r} in its header line {first_line!r}; "
                          f"use one of: {', '.join(BASES)}.")
    return name


LABEL = "# misconception:"


def misconception(path):
    """The misconception corpus file `path` is labelled with, or None."""
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.startswith(LABEL):
            return line[len(LABEL):].strip()
    return None


def compose(path):
    """The full source of the submission that corpus file `path` stands for."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    base = BASES[base_name(text, path)]
    if base is None:
        return text
    base_file = Path(base)
    if not base_file.is_file():
        raise CorpusError(f"{path}: its base file {base} does not exist"
                          + (" (generate the stubs first)." if base == BASES["stubs"] else "."))
    base_source = base_file.read_text(encoding="utf-8")
    return f"{base_source.rstrip()}\n\n\n# ---- corpus entry {path.name} ----\n{text}"


def entries(kind):
    """The corpus files of one kind ("wrong", "correct" or "cheats"), sorted by name."""
    if kind not in KINDS:
        raise CorpusError(f"unknown corpus kind {kind!r}; use one of: {', '.join(KINDS)}.")
    folder = CORPUS / kind
    return sorted(folder.glob("*.py")) if folder.is_dir() else []


def load(path):
    """The `student` for corpus file `path`, loaded in this process as a worker loads a file."""
    from rnn_bptt import feedback

    return feedback.load_student(compose(path), Path(path).name)


def grade_in_process(path):
    """Run every hidden test on corpus file `path`, loaded in this process, error carried
    forward (rnn_bptt.fairness) as the grader does.

    Returns the list of feedback.TestResult, one per hidden test, in the suites' order, the
    failing ones diagnosed as the grader diagnoses them. In-process, as Otter runs tests, so it
    gives the grader's scores without its workers.
    """
    from rnn_bptt import fairness, feedback     # lazy: only grading needs the hidden suites
    from rnn_bptt.hidden import all_tests
    from rnn_bptt.solutions import rnn as reference
    from rnn_bptt.variants import VARIANTS

    results = fairness.grade(all_tests(), load(path), reference)
    feedback.diagnose(results, VARIANTS)
    return results


def write_composed(paths, folder):
    """Write the composed submission of each corpus file into `folder`, under the same name.

    Returns the written paths, in the order of `paths`. Two corpus files with the same name
    would overwrite each other, so that is refused.
    """
    folder = Path(folder)
    names = [Path(path).name for path in paths]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise CorpusError(f"corpus files with the same name would overwrite each other in "
                          f"{folder}: {', '.join(repeated)}.")
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for path, name in zip(paths, names):
        target = folder / name
        target.write_text(compose(path), encoding="utf-8")
        written.append(target)
    return written
