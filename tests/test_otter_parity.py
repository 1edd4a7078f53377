"""Parity: `otter run` with the built autograder zip scores like `rnn-autograder grade`.

For the reference, the untouched stubs and every wrong and correct submission of the corpus, the
total and every question's score must be equal; and for notebook submissions too (a sample of the
same submissions with their code split into cells, and the walkthrough notebook as distributed).

Otter grades each submission in a fresh kernel, two at a time, through otter.run.main: the
function the `otter run` command calls, in worker processes that import Otter once (importing it
is half the time of the command). The command itself runs once, on the reference, and must agree.
The grader grades each set in one batch.
"""

import ast
import json
import shutil
import subprocess
import sys
import sysconfig
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat
import pytest

from rnn_bptt import corpus
from kernels import use_ipc_kernels
from rnn_bptt.build.bundle import build
from rnn_bptt import feedback

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
OTTER = shutil.which("otter", path=sysconfig.get_path("scripts")) or "otter"
OTTER_JOBS = 2   # the machines have two cores
# Otter writes scores rounded to 5 decimals: a share of 2 points among 6 quantities is 0.33333.
OTTER_ROUNDING = 1e-4


@pytest.fixture(scope="module")
def autograder_zip(tmp_path_factory, placeholder_wheel):
    out = tmp_path_factory.mktemp("dist")
    build(out, wheel=placeholder_wheel)
    return out / "autograder" / "autograder.zip"


@pytest.fixture(scope="module")
def scripts(tmp_path_factory):
    """The .py submissions, written into one folder: name -> path."""
    folder = tmp_path_factory.mktemp("scripts")
    shutil.copyfile(REPO / "solutions" / "rnn.py", folder / "reference.py")
    shutil.copyfile(REPO / "assignment" / "rnn.py", folder / "stubs.py")
    corpus.write_composed(corpus.entries("wrong") + corpus.entries("correct"), folder)
    return {path.name: path for path in sorted(folder.iterdir())}


def as_notebook(script, folder):
    """Write `script` as a notebook into `folder`, one code cell per top-level statement (a
    student who pastes each function into its own cell), after a markdown cell."""
    source = script.read_text(encoding="utf-8")
    lines = source.splitlines()
    starts = [min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", []))]) - 1
              for node in ast.parse(source).body]
    starts[:1] = [0]   # the first cell keeps the comments above the first statement
    cells = ["\n".join(lines[start:end]).strip()
             for start, end in zip(starts, starts[1:] + [len(lines)])]
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# My RNN")] + [
        nbformat.v4.new_code_cell(cell) for cell in cells])
    path = folder / f"{script.stem}.ipynb"
    nbformat.write(notebook, path)
    return path


@pytest.fixture(scope="module")
def notebooks(scripts, tmp_path_factory):
    """Notebook submissions: the reference, the stubs, every correct corpus entry and the first
    wrong entry of each question, as notebooks; and the walkthrough notebook as distributed
    (it imports rnn.py, which a notebook submission does not have: zero on both)."""
    folder = tmp_path_factory.mktemp("notebooks")
    chosen = {"reference.py", "stubs.py", *(path.name for path in corpus.entries("correct"))}
    first_wrong = {}   # function -> the first wrong entry named after it
    for path in corpus.entries("wrong"):
        named = [function for function in feedback.FUNCTIONS if path.stem.startswith(function)]
        if named:
            first_wrong.setdefault(max(named, key=len), path.name)
    chosen.update(first_wrong.values())
    paths = [as_notebook(scripts[name], folder) for name in sorted(chosen)]
    shutil.copyfile(REPO / "assignment" / "rnn_assignment.ipynb", folder / "walkthrough.ipynb")
    paths.append(folder / "walkthrough.ipynb")
    return {path.name: path for path in paths}


def grader_scores(paths, tmp_path):
    """`rnn-autograder grade --json` on `paths`: name -> (total, {question: score})."""
    results = tmp_path / "grader.json"
    subprocess.run([sys.executable, "-m", "rnn_bptt.cli", "grade", *map(str, paths),
                    "--json", str(results)], check=True, capture_output=True, cwd=REPO)
    records = json.loads(results.read_text(encoding="utf-8"))["submissions"]
    return {Path(record["submission"]).name:
            (record["score"], {question: result["score"]
                               for question, result in record["questions"].items()})
            for record in records}


def read_otter_results(path):
    """Otter's results.json: (total, {question: score})."""
    tests = json.loads(Path(path).read_text(encoding="utf-8"))["tests"]
    questions = {test["name"]: test["score"] for test in tests if "max_score" in test}
    return sum(questions.values()), questions


def otter_run_command(autograder_zip, path, output):
    """The `otter run` command on one submission: (total, {question: score}).

    Its kernel listens on TCP ports (the command has no option for IPC), but it runs alone: no
    other kernel or Otter log server of this test run can be given its ports meanwhile."""
    output.mkdir()
    finished = subprocess.run([OTTER, "run", "--no-logo", "-a", str(autograder_zip),
                               "-o", str(output), str(path)], capture_output=True, text=True)
    assert finished.returncode == 0, f"otter run failed on {path.name}:\n{finished.stderr}"
    return read_otter_results(output / "results.json")


def otter_run_api(autograder_zip, path, output):
    """otter.run.main (what `otter run` calls) on one submission: (total, {question: score})."""
    import otter.run

    output.mkdir()
    otter.run.main(str(path), autograder=str(autograder_zip), output_dir=str(output),
                   no_logo=True)
    return read_otter_results(output / "results.json")


def all_otter_scores(autograder_zip, paths, tmp_path):
    """otter_run_api on every path, OTTER_JOBS at a time: name -> (total, {question: score}).

    The workers' kernels listen on unix sockets, not TCP ports: over TCP, two workers' kernels
    (or one's kernel and the other's Otter log server) can be given the same port and fail with
    "Address already in use" (see kernels.py)."""
    with ProcessPoolExecutor(max_workers=OTTER_JOBS, initializer=use_ipc_kernels) as pool:
        futures = {path.name: pool.submit(otter_run_api, autograder_zip, path,
                                          tmp_path / f"otter-{path.name}") for path in paths}
        return {name: future.result() for name, future in futures.items()}


def mismatches(grader, otter):
    """Readable lines for every submission whose total or question scores differ."""
    lines = []
    for name in sorted(grader):
        (grader_total, grader_questions), (otter_total, otter_questions) = grader[name], otter[name]
        differing = {question: (grader_questions.get(question), otter_questions.get(question))
                     for question in grader_questions.keys() | otter_questions.keys()
                     if otter_questions.get(question) != pytest.approx(
                         grader_questions.get(question), abs=OTTER_ROUNDING)}
        if differing or otter_total != pytest.approx(grader_total, abs=OTTER_ROUNDING):
            lines.append(f"{name}: grader {grader_total} vs otter {otter_total}; "
                         f"questions (grader, otter): {differing}")
    return lines


def assert_parity(autograder_zip, submissions, tmp_path):
    paths = list(submissions.values())
    grader = grader_scores(paths, tmp_path)
    otter = all_otter_scores(autograder_zip, paths, tmp_path)
    assert set(otter) == set(grader) == set(submissions)
    differences = mismatches(grader, otter)
    assert not differences, "\n".join(differences)
    return grader, otter


def test_otter_run_scores_scripts_like_the_grader(autograder_zip, scripts, tmp_path):
    grader, otter = assert_parity(autograder_zip, scripts, tmp_path)
    assert grader["reference.py"][0] > 0 and grader["stubs.py"][0] == 0
    command = otter_run_command(autograder_zip, scripts["reference.py"], tmp_path / "command")
    assert command == otter["reference.py"], "the otter run command disagrees with otter.run.main"
    # On Gradescope, students see every question's result once the grades are published, and
    # nothing before: no summary of "public tests" that would claim all passed.
    shown = json.loads((tmp_path / "command" / "results.json").read_text(encoding="utf-8"))
    assert {test["visibility"] for test in shown["tests"]} == {"after_published"}


def test_otter_run_scores_notebooks_like_the_grader(autograder_zip, notebooks, tmp_path):
    grader, _ = assert_parity(autograder_zip, notebooks, tmp_path)
    assert grader["reference.ipynb"][0] > 0 and grader["walkthrough.ipynb"][0] == 0


# --------------------------------------------------------------------------------------------
# Files Otter's own run of the submission cannot load: the grader's cause, in every test
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def unloadable(tmp_path_factory):
    """Files that stop Otter's run of a script at its first line or part-way: name -> path."""
    folder = tmp_path_factory.mktemp("unloadable")
    reference = (REPO / "solutions" / "rnn.py").read_text(encoding="utf-8")
    softmax = reference.index("def softmax(Z):")
    files = {
        "syntax_error.py": reference.replace("def softmax(Z):", "def softmax(Z:", 1),
        # Notepad's byte order mark: the grader drops it, Python in Otter's kernel refuses it.
        "byte_order_mark.py": "\ufeff" + reference,
        # A module outside the import policy that Otter's environment lacks (as on Gradescope),
        # imported at the top and used by one function.
        "refused_import.py": ("import scipy.special\n" + reference
                              + "\n\ndef softmax(Z):\n    return scipy.special.softmax(Z, -1)\n"),
        "crash_at_import.py": "raise RuntimeError('data file not found')\n" + reference,
        "crash_part_way.py": reference[:softmax] + "x = 1 / 0\n" + reference[softmax:],
    }
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return {name: folder / name for name in files}


def otter_outputs(autograder_zip, path, output):
    """otter.run.main on one submission: {question: (score, its tests' output)}."""
    import otter.run

    output.mkdir()
    otter.run.main(str(path), autograder=str(autograder_zip), output_dir=str(output),
                   no_logo=True)
    tests = json.loads((output / "results.json").read_text(encoding="utf-8"))["tests"]
    return {test["name"]: (test["score"], test.get("output", "")) for test in tests
            if "max_score" in test}


def test_otter_gives_the_graders_cause_for_files_it_cannot_load(autograder_zip, unloadable,
                                                               tmp_path):
    import importlib.util

    assert importlib.util.find_spec("scipy") is None, "the refused module must be missing here"
    results = tmp_path / "grader.json"
    subprocess.run([sys.executable, "-m", "rnn_bptt.cli", "grade", *map(str, unloadable.values()),
                    "--json", str(results)], check=True, capture_output=True, cwd=REPO)
    grader = {Path(record["submission"]).name: record
              for record in json.loads(results.read_text(encoding="utf-8"))["submissions"]}
    with ProcessPoolExecutor(max_workers=OTTER_JOBS, initializer=use_ipc_kernels) as pool:
        futures = {name: pool.submit(otter_outputs, autograder_zip, path, tmp_path / name)
                   for name, path in unloadable.items()}
        otter = {name: future.result() for name, future in futures.items()}

    for name, record in grader.items():
        for question, result in record["questions"].items():
            score, output = otter[name][question]
            assert score == pytest.approx(result["score"], abs=OTTER_ROUNDING), (name, question)
            assert "is not defined" not in output or record.get("warning"), (name, output)
            if record["problem"]:   # the cause, line by line, in every question's output
                assert all(line.strip() in output for line in record["problem"].splitlines())
            for test in result["tests"]:   # and every failing test's own first line
                if not test["passed"] and not record["problem"]:
                    assert test["message"].splitlines()[0] in output, (name, test["name"])
    assert grader["syntax_error.py"]["score"] == grader["crash_at_import.py"]["score"] == 0
    assert "SyntaxError at line" in grader["syntax_error.py"]["problem"]
    assert grader["byte_order_mark.py"]["score"] == grader["byte_order_mark.py"]["max_score"]
    assert 0 < grader["refused_import.py"]["score"] < grader["refused_import.py"]["max_score"]
    assert "stopped early" in grader["crash_part_way.py"]["warning"]
