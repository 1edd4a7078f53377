"""Grade and report a generated class, as an instructor would, and time it.

    python benchmarks/class_of_300.py [--size 300] [--keep DIR]

Builds a class of `--size` students in the shapes LMSs export (a third each: Canvas files, some
late and some resubmitted; Moodle folders, some with a nested file and a PDF; plain student
folders, some with only notes), from the corpus (every wrong, correct and cheating entry, the
reference and the stubs, in turn) plus a few that hang, do not parse or carry a byte order
mark. Then times, in this run: `python -c "import numpy"` (the floor of any process), `rnn-autograder
grade DIR --jobs 2` with every output (JSON, feedback, the class report and the gradebook), and
`rnn-autograder report` on its JSON. Prints the times and their ratios.
"""

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_grader import grader_command, median_wall_time, wall_time  # noqa: E402

from rnn_bptt import assignment, corpus  # noqa: E402
from rnn_bptt.solutions import REFERENCE  # noqa: E402

HANG = "\n\ndef state_jacobian_norms(X, U, W, b):\n    while True:\n        pass\n"


def sources():
    """The submissions students write, in turn: the corpus, the reference, the stubs, and files
    that hang, do not parse, or start with a byte order mark."""
    reference = REFERENCE.read_text(encoding="utf-8")
    texts = [corpus.compose(path) for kind in corpus.KINDS for path in corpus.entries(kind)]
    texts += [reference, (assignment.FOLDER / "rnn.py").read_text(encoding="utf-8"),
              reference + HANG, reference.replace("def softmax(Z):", "def softmax(Z:", 1),
              "\ufeff" + reference]
    return texts


def build_class(folder, size):
    texts = sources()
    folder.mkdir(parents=True)
    for index in range(size):
        text, shape = texts[index % len(texts)], index % 3
        name = f"student{index:03d}"
        if shape == 0:   # Canvas: name_[LATE_]userid_submissionid_file, some resubmitted
            late = "LATE_" if index % 7 == 0 else ""
            (folder / f"{name}_{late}{100000 + index}_{900000 + index}_rnn.py").write_text(text)
            if index % 5 == 0:
                (folder / f"{name}_{100000 + index}_{800000 + index}_rnn.py").write_text(
                    text[:len(text) // 3])
        elif shape == 1:   # Moodle: a folder per participant
            student = folder / f"Student {index:03d}_{5000 + index}_assignsubmission_file_"
            inner = student / "src" if index % 4 == 1 else student
            inner.mkdir(parents=True)
            (inner / "rnn.py").write_text(text)
            if index % 4 == 1:
                (student / "report.pdf").write_bytes(b"%PDF-1.4\n")
        else:   # a folder per student
            student = folder / name
            student.mkdir()
            if index % 50 == 2:
                (student / "notes.txt").write_text("I ran out of time")
            else:
                (student / "rnn.py").write_text(text)
    (folder / "grading_notes.txt").write_text("stray file of the instructor")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=300)
    parser.add_argument("--keep", metavar="DIR", help="build the class and its outputs here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(args.keep or scratch)
        build_class(root / "class", args.size)
        numpy = median_wall_time([sys.executable, "-c", "import numpy"], 3)
        out = root / "out"
        grade = wall_time([*grader_command(), "grade", str(root / "class"), "--jobs", "2",
                           "--json", str(out / "results.json"), "--feedback",
                           str(out / "feedback"), "--report", str(out / "report.html"),
                           "--gradebook", str(out / "grades.csv")])
        report = wall_time([*grader_command(), "report", str(out / "results.json"), "--html",
                            str(out / "again.html"), "--gradebook", str(out / "again.csv")])
        size_kb = os.path.getsize(out / "report.html") / 1024
    print(f"load average: {' '.join(f'{load:.1f}' for load in os.getloadavg())}")
    print(f"python -c 'import numpy':            {numpy:7.2f} s")
    print(f"grade {args.size} students (--jobs 2), all outputs: {grade:7.2f} s "
          f"({grade / args.size * 1000:.0f} ms each, {grade / numpy:.0f} x import numpy)")
    print(f"report from the JSON (HTML + CSV):   {report:7.2f} s "
          f"({report / grade:.1%} of grading; the page {size_kb:.0f} kB)")


if __name__ == "__main__":
    main()
