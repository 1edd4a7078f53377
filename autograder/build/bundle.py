"""`rnn-autograder build`: the student bundle and the two autograders, from the same tests.

    OUT/student/       what a student downloads: the stubs, the notebook, the public tests, the
                       feedback library (rnn_bptt.feedback, as the folder rnn_feedback/), a
                       README, and thin Otter test files (tests/) that run the public tests for
                       `otter check` and `grader.check`. Nothing hidden.
    OUT/gradescope/autograder.zip
                       a Gradescope autograder that installs this package from its wheel and
                       grades each submission with `rnn-autograder gradescope`: this grader and
                       its sandbox (build/gradescope.py).
    OUT/autograder/autograder.zip
                       the Otter-Grader autograder, also Gradescope-ready, made by `otter
                       generate`: one thin test file per question, running the hidden suites
                       shipped in the `rnn_support` package, in the student's process.

The package's files are copied from where Python imports them, so a build ships exactly the code
that grades.
"""

import importlib.util
import json
import shutil
import tempfile
from pathlib import Path

from rnn_bptt import (assignment, cases, contributions, fairness, feedback, hidden,
                      install_command, misconceptions, solutions, submissions, variants)
from rnn_bptt.solutions import rnn as reference
from rnn_bptt.build import distribution, gradescope, otter
from rnn_bptt.build.otter import BuildError
from rnn_bptt.feedback.imports import PLOTTING

__all__ = ["build", "BuildError"]

# Student bundle: the files of assignment/ (rnn_bptt.assignment) that students get.
STUDENT_FILES = ["rnn.py", "rnn_assignment.ipynb", "test_rnn_public.py", "conftest.py"]
# The feedback library's name in the student's folder. The files above import it by the
# installed package's name, rnn_bptt.feedback; the student's copies import it by this one.
STUDENT_LIBRARY = "rnn_feedback"
STUDENT_TESTS = "tests"        # the Otter test files' folder, Otter's default for `otter check`

# What a previous build (and a student trying it out: pytest, otter check) leaves in each folder.
# `fresh` replaces a folder only if it holds nothing else, so a mistaken OUT (the repository
# itself, whose autograder/ is the source code) is refused instead of deleted.
STUDENT_LEFTOVERS = {*STUDENT_FILES, STUDENT_LIBRARY, "README.md", STUDENT_TESTS, "__pycache__",
                     ".pytest_cache", ".OTTER_LOG"}
AUTOGRADER_LEFTOVERS = {"autograder.zip"}    # of both autograders' folders

# Gradescope: each question's points and the hidden tests' messages (never an expected value)
# appear to students once the instructor publishes the grades, not before. Otter's summary of
# public tests is turned off: with every test hidden it would say "All test cases passed!" for
# every question, whatever the score.
OTTER_CONFIG = {"lang": "python", "show_hidden": True, "force_public_test_summary": False}


def build(out_dir: Path, wheel=None, visibility="after_published") -> None:
    """Write OUT/student/, OUT/gradescope/autograder.zip and OUT/autograder/autograder.zip,
    replacing any previous build.

    `wheel`: this package's wheel for the Gradescope autograder (default: built from the
    checkout, or the one the package was installed from; see build/distribution.py).
    `visibility`: when Gradescope shows students the tests (rnn_bptt.gradescope.VISIBILITIES).
    """
    out_dir = Path(out_dir)
    if importlib.util.find_spec("otter") is None:
        raise BuildError(f"building the Otter-Grader autograder needs Otter-Grader, which is not "
                         f"installed: {install_command('otter')}")
    missing = [name for name in STUDENT_FILES if not (assignment.FOLDER / name).exists()]
    if missing:
        raise BuildError(f"cannot build: missing from {assignment.FOLDER}: {', '.join(missing)} "
                         f"(`rnn-autograder generate` writes the stubs and the notebook).")
    check_replaceable(out_dir / "student", STUDENT_LEFTOVERS)   # all, before writing anything
    for folder in ("gradescope", "autograder"):
        check_replaceable(out_dir / folder, AUTOGRADER_LEFTOVERS)
    questions = list(feedback.FUNCTIONS)
    with tempfile.TemporaryDirectory(prefix="rnn-wheel-") as work:
        wheel = distribution.wheel(work, wheel)   # first: it may need what is missing
        build_student(out_dir / "student", feedback.question_of, questions)
        gradescope.write_zip(fresh(out_dir / "gradescope", AUTOGRADER_LEFTOVERS)
                             / "autograder.zip", wheel, visibility)
    build_autograder(out_dir / "autograder", hidden.all_tests(), feedback.question_of, questions)


def shared_quantities(tests):
    """For each test whose points are shared among quantities, those quantities, as the test
    reports them on the reference (which quantities have a share depends only on its cases)."""
    shared = {}
    for name, test in tests:
        result = feedback.run_test(test, feedback.InProcess(reference), name)
        if not result.passed:
            raise BuildError(f"the hidden test {name} fails on the reference: {result.message}")
        if result.shares:
            shared[name] = list(result.shares)
    return shared


def build_student(folder, question_of, questions):
    folder = fresh(folder, STUDENT_LEFTOVERS)
    for name in STUDENT_FILES:
        text = (assignment.FOLDER / name).read_text(encoding="utf-8")
        (folder / name).write_text(text.replace("rnn_bptt.feedback", STUDENT_LIBRARY),
                                   encoding="utf-8")
    library = folder / STUDENT_LIBRARY
    library.mkdir()
    for module in sorted(package_folder(feedback).glob("*.py")):
        shutil.copyfile(module, library / module.name)
    (folder / "README.md").write_text((otter.TEMPLATES / "student_README.md").read_text(
        encoding="utf-8"), encoding="utf-8")
    otter.write_public_test_files(folder / STUDENT_TESTS, folder / "test_rnn_public.py",
                                  question_of, questions)


def package_folder(package):
    return Path(package.__file__).resolve().parent


def support_sources():
    """Every file of the support package: destination inside rnn_support/ -> source file.

    It holds the part of rnn_bptt that the hidden tests import, laid out as installed, so their
    imports resolve as they do in the grader: the feedback library, the cases, the grading
    engine's error carried forward, the catalogue of misconceptions, its variants and the
    right answers' shares by step and sequence, the reading of a submission file, the hidden
    suites (not their pytest conftest.py) and the reference solution.
    """
    sources = {f"rnn_bptt/{module.__name__.split('.')[-1]}.py": Path(module.__file__).resolve()
               for module in (cases, contributions, fairness, misconceptions, submissions,
                              variants)}
    for package, pattern in ((feedback, "*.py"), (hidden, "test_*.py"), (solutions, "rnn.py")):
        name = package.__name__.replace(".", "/")
        for path in sorted({package_folder(package) / "__init__.py",
                            *package_folder(package).glob(pattern)}):
            sources[f"{name}/{path.name}"] = path
    return sources


def write_support_package(folder, sources):
    """Write the support package into `folder` (rnn_support/): the copied files, an __init__.py
    that puts the folder on sys.path, and empty package markers where the copies need them."""
    folder.mkdir(parents=True)
    shutil.copyfile(otter.TEMPLATES / "support_init.py.tmpl", folder / "__init__.py")
    for destination, source in sources.items():
        target = folder / destination
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    for package in {Path(destination).parent for destination in sources} - {Path(".")}:
        marker = folder / package / "__init__.py"
        if not marker.exists():
            marker.write_text('"""Copied from the RNN assignment\'s repository."""\n',
                              encoding="utf-8")


def build_autograder(folder, tests, question_of, questions):
    folder = fresh(folder, AUTOGRADER_LEFTOVERS)
    with tempfile.TemporaryDirectory(prefix="rnn-otter-") as work:
        work = Path(work)
        support = work / otter.SUPPORT_PACKAGE
        write_support_package(support, support_sources())
        otter.write_hidden_test_files(work / "tests", tests, question_of, questions,
                                      shared_quantities(tests))
        # Otter's environment: what the shipped tests import (numpy), and matplotlib, which a
        # submission may import for its plots; at the versions installed here.
        requirements = otter.pinned_requirements([*otter.third_party_imports(support),
                                                  PLOTTING])
        (work / "requirements.txt").write_text("\n".join(requirements) + "\n", encoding="utf-8")
        (work / "otter_config.json").write_text(json.dumps(OTTER_CONFIG, indent=2) + "\n",
                                                encoding="utf-8")
        zip_path = otter.otter_generate(work, "tests", otter.SUPPORT_PACKAGE, "requirements.txt",
                                        "otter_config.json", "autograder.zip")
        shutil.move(zip_path, folder / "autograder.zip")


def check_replaceable(folder, leftovers):
    """Raise BuildError if `folder` exists and holds anything but the names in `leftovers`."""
    folder = Path(folder)
    if folder.exists():
        if not folder.is_dir():
            raise BuildError(f"{folder} is a file, not a folder: choose another output folder.")
        foreign = sorted(path.name for path in folder.iterdir() if path.name not in leftovers)
        if foreign:
            raise BuildError(f"{folder} holds files a build did not write "
                             f"({', '.join(foreign[:5])}{', ...' if len(foreign) > 5 else ''}), "
                             f"so it is left alone: choose another output folder.")


def fresh(folder, leftovers):
    """`folder`, emptied (a previous build's files would otherwise linger); see
    check_replaceable."""
    folder = Path(folder)
    check_replaceable(folder, leftovers)
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    return folder
