"""`rnn-autograder build`: the student bundle and the Otter-Grader autograder, from the same tests.

    OUT/student/       what a student downloads: the stubs, the notebook, the public tests, the
                       feedback library, a README, and thin Otter test files (tests/) that run the
                       public tests for `otter check` and `grader.check`. Nothing hidden.
    OUT/autograder/autograder.zip
                       the Gradescope-ready zip made by `otter generate`: one thin test file per
                       question, running the hidden suites shipped in the `rnn_support` package.
"""

import json
import shutil
import tempfile
from pathlib import Path

from autograder.build import otter
from autograder.build.otter import BuildError

__all__ = ["build", "BuildError"]

REPO = Path(__file__).resolve().parents[2]

# Student bundle: destination inside OUT/student -> source in the repository.
STUDENT_FILES = {
    "rnn.py": "assignment/rnn.py",
    "rnn_assignment.ipynb": "assignment/rnn_assignment.ipynb",
    "rnn_feedback.py": "assignment/rnn_feedback.py",
    "test_rnn_public.py": "assignment/test_rnn_public.py",
    "conftest.py": "assignment/conftest.py",
}
STUDENT_TESTS = "tests"        # the Otter test files' folder, Otter's default for `otter check`

# What a previous build (and a student trying it out: pytest, otter check) leaves in each folder.
# `fresh` replaces a folder only if it holds nothing else, so a mistaken OUT (the repository
# itself, whose autograder/ is the source code) is refused instead of deleted.
STUDENT_LEFTOVERS = {*STUDENT_FILES, "README.md", STUDENT_TESTS, "__pycache__", ".pytest_cache",
                     ".OTTER_LOG"}
AUTOGRADER_LEFTOVERS = {"autograder.zip"}


# Support package: destination inside rnn_support/ -> source in the repository. The layout
# mirrors the repository's, so the hidden tests' imports resolve as they do there.
SUPPORT_FILES = {
    "rnn_feedback.py": "assignment/rnn_feedback.py",
    "autograder/cases.py": "autograder/cases.py",
    "solutions/__init__.py": "solutions/__init__.py",
    "solutions/rnn.py": "solutions/rnn.py",
}
HIDDEN = "autograder/hidden"   # its __init__.py and test_*.py files are shipped (not conftest.py)

# Gradescope: each question's points and the hidden tests' messages (never an expected value)
# appear to students once the instructor publishes the grades, not before. Otter's summary of
# public tests is turned off: with every test hidden it would say "All test cases passed!" for
# every question, whatever the score.
OTTER_CONFIG = {"lang": "python", "show_hidden": True, "force_public_test_summary": False}


def build(out_dir: Path) -> None:
    """Write OUT/student/ and OUT/autograder/autograder.zip, replacing any previous build."""
    out_dir = Path(out_dir)
    missing = [source for source in [*STUDENT_FILES.values(), *SUPPORT_FILES.values(), HIDDEN]
               if not (REPO / source).exists()]
    if missing:
        raise BuildError(f"cannot build: missing from the repository: {', '.join(missing)} "
                         f"(`rnn-autograder generate` writes the stubs and the notebook).")
    from autograder.hidden import all_tests
    import rnn_feedback  # found by the autograder package

    check_replaceable(out_dir / "student", STUDENT_LEFTOVERS)   # both, before writing anything
    check_replaceable(out_dir / "autograder", AUTOGRADER_LEFTOVERS)
    questions = list(rnn_feedback.FUNCTIONS)
    build_student(out_dir / "student", rnn_feedback.question_of, questions)
    build_autograder(out_dir / "autograder", all_tests(), rnn_feedback.question_of, questions)


def build_student(folder, question_of, questions):
    folder = fresh(folder, STUDENT_LEFTOVERS)
    for destination, source in STUDENT_FILES.items():
        shutil.copyfile(REPO / source, folder / destination)
    (folder / "README.md").write_text((otter.TEMPLATES / "student_README.md").read_text(
        encoding="utf-8"), encoding="utf-8")
    otter.write_public_test_files(folder / STUDENT_TESTS, folder / "test_rnn_public.py",
                                  question_of, questions)


def support_sources():
    """Every file of the support package: destination inside rnn_support/ -> repository source."""
    sources = {destination: REPO / source for destination, source in SUPPORT_FILES.items()}
    hidden = REPO / HIDDEN
    for path in [hidden / "__init__.py", *sorted(hidden.glob("test_*.py"))]:
        sources[f"{HIDDEN}/{path.name}"] = path
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
        otter.write_hidden_test_files(work / "tests", tests, question_of, questions)
        requirements = otter.pinned_requirements(otter.third_party_imports(support))
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
