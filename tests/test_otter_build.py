"""`rnn-autograder build`: the student bundle leaks nothing hidden; the Otter zip is complete.

The build runs once for the module (it calls `otter generate`, about two seconds).
"""

import ast
import importlib.metadata
import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest

from rnn_bptt.build.bundle import BuildError, build
from rnn_bptt.hidden import all_tests
from rnn_bptt.solutions import rnn as reference
from rnn_bptt import feedback
from rnn_bptt.feedback.imports import refusal


REPO = Path(__file__).resolve().parents[1]
QUESTIONS = list(feedback.FUNCTIONS)
# What a student may receive, besides one Otter test file per question under tests/.
STUDENT_FILES = {"rnn.py", "rnn_assignment.ipynb", "test_rnn_public.py", "conftest.py",
                 "README.md"} | {f"rnn_feedback/{path.name}"
                                 for path in (REPO / "autograder" / "feedback").glob("*.py")}


@pytest.fixture(scope="module")
def out(tmp_path_factory, placeholder_wheel):
    folder = tmp_path_factory.mktemp("dist")
    build(folder, wheel=placeholder_wheel)
    return folder


def readable_text(path):
    """A file's text; for a notebook, every string in it (cell sources, outputs, metadata) one per
    line, so code in a cell is searched as written and not as escaped JSON."""
    text = path.read_text(encoding="utf-8")
    if path.suffix != ".ipynb":
        return text
    strings = []

    def walk(value):
        if isinstance(value, str):
            strings.append(value)
        elif isinstance(value, list):
            strings.append("".join(item for item in value if isinstance(item, str)))
            for item in value:
                if not isinstance(item, str):
                    walk(item)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
    walk(json.loads(text))
    return "\n".join(strings)


@pytest.fixture(scope="module")
def student_files(out):
    """Every file of the student bundle: relative path -> text (see readable_text)."""
    root = out / "student"
    return {path.relative_to(root).as_posix(): readable_text(path)
            for path in sorted(root.rglob("*")) if path.is_file()}


@pytest.fixture(scope="module")
def zip_files(out):
    """Every file of the autograder zip: name -> text."""
    with zipfile.ZipFile(out / "autograder" / "autograder.zip") as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist()
                if not name.endswith("/")}


def public_test_names():
    tree = ast.parse((REPO / "assignment" / "test_rnn_public.py").read_text(encoding="utf-8"))
    return {node.name for node in tree.body
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")}


def solution_lines():
    """The telling lines of the reference's solution regions (stripped, comments removed).

    Short lines (`else:`, `return Hs`) are left out: they say nothing about the answer and may
    appear anywhere. So are lines the solution file also has outside its solution regions.
    """
    inside, outside = set(), set()
    in_region = False
    for line in (REPO / "solutions" / "rnn.py").read_text(encoding="utf-8").splitlines():
        if line.strip() in ("# BEGIN SOLUTION", "# END SOLUTION"):
            in_region = line.strip() == "# BEGIN SOLUTION"
        elif code := line.split("#", 1)[0].strip():
            (inside if in_region else outside).add(code)
    return {line for line in inside - outside if len(line) >= 20}


# --------------------------------------------------------------------------------------------
# The student bundle
# --------------------------------------------------------------------------------------------


def test_student_bundle_holds_exactly_the_allowed_files(student_files):
    otter_tests = {f"tests/{feedback.question_of(name)}.py" for name in public_test_names()}
    assert set(student_files) == STUDENT_FILES | otter_tests


def test_student_bundle_has_no_file_of_autograder_or_solutions(student_files):
    # The feedback library is the students' own, on purpose; nothing else of the package is.
    library = REPO / "autograder" / "feedback"
    hidden = {path.read_text(encoding="utf-8"): path.relative_to(REPO)
              for folder in ("autograder", "solutions") for path in (REPO / folder).rglob("*.py")
              if not path.is_relative_to(library)}
    copied = {name: str(hidden[text]) for name, text in student_files.items() if text in hidden}
    assert not copied, f"student bundle files that are copies of hidden files: {copied}"


def test_student_bundle_has_no_line_of_the_reference_solution(student_files):
    lines = solution_lines()
    assert len(lines) > 20, "the solution regions were not found in solutions/rnn.py"
    leaks = {(name, line) for name, text in student_files.items()
             for line in lines if line in text}
    assert not leaks, f"solution lines found in the student bundle: {sorted(leaks)}"


def test_student_bundle_names_no_hidden_test(student_files):
    # A hidden test may share its name with a public test (a public name is no secret).
    names = {name for name, _ in all_tests()} - public_test_names()
    leaks = {(file, name) for file, text in student_files.items() for name in names
             if re.search(rf"\b{name}\b", text)}
    assert not leaks, f"hidden test names found in the student bundle: {sorted(leaks)}"


def test_student_bundle_code_imports_nothing_hidden(student_files):
    """No expected value can reach a student: no bundle code imports the grader or the reference."""
    for name, text in student_files.items():
        if not name.endswith(".py"):
            continue
        for node in ast.walk(ast.parse(text)):
            modules = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                       else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            for module in modules:
                assert module.split(".")[0] not in ("rnn_bptt", "autograder", "solutions",
                                                    "rnn_support"), f"{name} imports {module}"


# Runs Python as a student's machine has it: numpy and pytest, and no rnn_bptt (installed here,
# so it is made unimportable); then `command` in the student's folder.
WITHOUT_THE_PACKAGE = """
import sys

class NoPackage:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("rnn_bptt", "autograder", "solutions"):
            raise ModuleNotFoundError(f"No module named {name!r} on a student's machine")

sys.meta_path.insert(0, NoPackage())
sys.path.insert(0, "")
"""


def run_as_a_student(folder, command):
    return subprocess.run([sys.executable, "-c", WITHOUT_THE_PACKAGE + command], cwd=folder,
                          capture_output=True, text=True)


@pytest.fixture(scope="module")
def solved(out, tmp_path_factory):
    """A copy of the student bundle whose rnn.py is the reference."""
    folder = tmp_path_factory.mktemp("solved") / "student"
    shutil.copytree(out / "student", folder)
    shutil.copy(REPO / "solutions" / "rnn.py", folder / "rnn.py")
    return folder


def test_the_student_bundle_runs_its_public_tests_alone(solved):
    run = run_as_a_student(solved, "import pytest\n"
                                   "sys.exit(pytest.main(['-q', '-p', 'no:cacheprovider']))")
    assert run.returncode == 0, run.stdout + run.stderr
    assert " passed" in run.stdout and "failed" not in run.stdout


def test_the_student_bundle_checks_like_the_notebook_alone(solved):
    run = run_as_a_student(solved, "from rnn_feedback import check\ncheck()")
    assert run.returncode == 0 and "Well done!" in run.stdout, run.stdout + run.stderr


def test_the_notebook_imports_the_students_library(student_files):
    notebook = student_files["rnn_assignment.ipynb"]
    assert "from rnn_feedback import check" in notebook and "rnn_bptt" not in notebook


def test_student_otter_tests_call_the_public_tests(student_files):
    public = (REPO / "assignment" / "test_rnn_public.py").read_text(encoding="utf-8")
    for name, text in student_files.items():
        if name.startswith("tests/"):
            for called in re.findall(r"public\.(\w+)\(InProcess\(under_policy\(env\)\)\)", text):
                assert f"def {called}(student)" in public
            assert "public." in text


# --------------------------------------------------------------------------------------------
# The autograder zip
# --------------------------------------------------------------------------------------------


def otter_cases(zip_files):
    """Every test case of the zip's Otter test files: (file question, name, points, hidden)."""
    cases = []
    for name, text in sorted(zip_files.items()):
        if not name.startswith("tests/"):
            continue
        tree = ast.parse(text)
        question = next(node.value.value for node in tree.body if isinstance(node, ast.Assign)
                        and [target.id for target in node.targets] == ["name"])
        for function in (node for node in tree.body if isinstance(node, ast.FunctionDef)):
            keywords = {k.arg: ast.literal_eval(k.value)
                        for decorator in function.decorator_list for k in decorator.keywords}
            cases.append((question, keywords["name"], keywords["points"], keywords["hidden"]))
    return cases


def test_zip_has_a_hidden_case_per_hidden_test_or_share_with_the_same_points(zip_files):
    """A test whose points are shared among quantities is one Otter case per share."""
    expected = []
    for name, test in all_tests():
        shares = feedback.run_test(test, feedback.InProcess(reference), name).shares
        question = feedback.question_of(name)
        if shares:
            expected += [(question, f"{name}[{part}]", test.points / len(shares), True)
                         for part in shares]
        else:
            expected.append((question, name, float(test.points), True))
    assert otter_cases(zip_files) == expected
    assert any("[" in name for _, name, _, _ in expected)


def test_zip_lists_the_questions_in_the_assignments_order(zip_files):
    tests = sorted(name for name in zip_files if name.startswith("tests/"))
    assert tests == [f"tests/{number:02d}_{question}.py"
                     for number, question in enumerate(QUESTIONS, start=1)]


def test_zip_support_is_a_package_with_no_top_level_python_file(zip_files):
    top_level = [name for name in zip_files if name.startswith("files/") and name.count("/") == 1]
    assert top_level == []
    assert "files/rnn_support/__init__.py" in zip_files


def test_zip_ships_the_hidden_tests_cases_and_reference_unchanged(zip_files):
    package = "files/rnn_support/rnn_bptt"
    shipped = {
        f"{package}/cases.py": REPO / "autograder" / "cases.py",
        f"{package}/solutions/rnn.py": REPO / "solutions" / "rnn.py",
    }
    for path in (REPO / "autograder" / "hidden").glob("test_*.py"):
        shipped[f"{package}/hidden/{path.name}"] = path
    for path in (REPO / "autograder" / "feedback").glob("*.py"):
        shipped[f"{package}/feedback/{path.name}"] = path
    for name, source in shipped.items():
        assert zip_files.get(name) == source.read_text(encoding="utf-8"), name
    assert not [name for name in zip_files if "__pycache__" in name]
    # The grader's own modules (the sandbox, the engine) stay home.
    assert not [name for name in zip_files
                if name.startswith(f"{package}/sandbox") or name.endswith("grading.py")]


def test_zip_pins_numpy_and_matplotlib_to_the_installed_versions(zip_files):
    """numpy for the checks; matplotlib, which a submission may import for its plots."""
    environment = zip_files["environment.yml"]
    assert f"numpy=={np.__version__}" in environment
    assert f"matplotlib=={importlib.metadata.version('matplotlib')}" in environment
    assert "otter-grader[grading,plugins]==" in environment


def test_zip_support_imports_only_its_own_copies(out, tmp_path):
    """The zip is self-contained: its checks import the copies it ships, never this repository
    (this checkout is installed in the venv, so a missing copy would otherwise go unnoticed)."""
    with zipfile.ZipFile(out / "autograder" / "autograder.zip") as archive:
        archive.extractall(tmp_path)
    files = tmp_path / "files"
    script = (
        "import json, sys\n"
        "import rnn_support\n"
        "names = ('rnn_bptt', 'rnn_feedback', 'autograder', 'solutions')\n"
        "print(json.dumps({name: module.__file__ for name, module in sys.modules.items()\n"
        "                  if name.split('.')[0] in names}))\n")
    finished = subprocess.run([sys.executable, "-c", script], cwd=files, capture_output=True,
                              text=True, check=True)
    loaded = json.loads(finished.stdout)
    assert {"rnn_bptt.feedback", "rnn_bptt.cases", "rnn_bptt.solutions.rnn"} <= set(loaded)
    outside = {name: path for name, path in loaded.items()
               if not Path(path).resolve().is_relative_to(files.resolve())}
    assert not outside, f"modules loaded from outside the zip: {outside}"


def test_zip_checks_refuse_what_the_import_policy_refuses(out, tmp_path):
    """Otter runs a submission with whatever its environment can import (tqdm is installed
    here): a function that uses a module outside the policy fails with the grader's message."""
    with zipfile.ZipFile(out / "autograder" / "autograder.zip") as archive:
        archive.extractall(tmp_path)
    source = (REPO / "solutions" / "rnn.py").read_text(encoding="utf-8") + (
        "\nfrom tqdm import tqdm\n\n"
        "def rnn_forward(X, U, W, b):\n"
        "    return np.stack([np.zeros((X.shape[1], len(b))) for _ in tqdm(X)])\n")
    script = (
        "import json, sys\n"
        "import rnn_support\n"
        "env = {'__name__': '__main__'}\n"
        f"exec({source!r}, env)\n"
        "messages = {}\n"
        "for function in ('rnn_forward', 'softmax'):\n"
        "    test = next(name for name, _ in rnn_support.TESTS\n"
        "                if name.startswith(f'test_{function}_'))\n"
        "    try:\n"
        "        rnn_support.check(test, env)\n"
        "        messages[function] = None\n"
        "    except AssertionError as failure:\n"
        "        messages[function] = str(failure)\n"
        "print(json.dumps(messages))\n")
    finished = subprocess.run([sys.executable, "-c", script], cwd=tmp_path / "files",
                              capture_output=True, text=True, check=True)
    messages = json.loads(finished.stdout)
    assert refusal("tqdm") in messages["rnn_forward"]
    assert messages["softmax"] is None


# --------------------------------------------------------------------------------------------
# The output folder
# --------------------------------------------------------------------------------------------


def test_build_refuses_to_replace_a_folder_it_did_not_write(tmp_path):
    """`rnn-autograder build .` in the repository must not delete the autograder/ sources."""
    sources = tmp_path / "autograder"
    sources.mkdir()
    (sources / "grading.py").write_text("# not a build's file\n", encoding="utf-8")
    with pytest.raises(BuildError, match="grading.py"):
        build(tmp_path)
    assert (sources / "grading.py").exists()
    assert not (tmp_path / "student").exists()


def test_build_replaces_its_previous_output(out, tmp_path, placeholder_wheel):
    shutil.copytree(out, tmp_path, dirs_exist_ok=True)
    (tmp_path / "student" / ".OTTER_LOG").write_text("", encoding="utf-8")   # `otter check` ran
    build(tmp_path, wheel=placeholder_wheel)
    assert not (tmp_path / "student" / ".OTTER_LOG").exists()
    assert (tmp_path / "autograder" / "autograder.zip").exists()
    assert (tmp_path / "gradescope" / "autograder.zip").exists()


def test_build_without_otter_names_the_extra_to_install(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "otter", None)   # as if Otter-Grader were not installed
    with pytest.raises(BuildError, match=r"pip install 'rnn-bptt-assignment\[otter\]'"):
        build(tmp_path)
    assert not list(tmp_path.iterdir()), "nothing is written"
