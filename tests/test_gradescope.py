"""The Gradescope autograder: results.json as Gradescope documents it, and the whole autograder run
in Gradescope's folders without Gradescope.

The fast tests turn grading records into results.json and check it against a JSON schema written
from Gradescope's documentation (gradescope_results.schema.json). The slow ones build the zip
with `rnn-autograder build` in this checkout (its wheel included), lay out Gradescope's folders in
a temporary root, run setup.sh once and run_autograder on a right, a wrong, a hanging, a
syntax-error and a cheating submission, and on every cheat of tests/corpus/cheats, which must
score there exactly what `rnn-autograder grade` gives them.
"""

import json
import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import jsonschema
import pytest

from rnn_bptt import cli, corpus, gradescope, grading
from rnn_bptt.build import distribution
from rnn_bptt.build.otter import BuildError
from rnn_bptt.feedback.questions import FUNCTIONS
from rnn_bptt.sandbox.client import Zygote

REPO = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((Path(__file__).with_name("gradescope_results.schema.json"))
                    .read_text(encoding="utf-8"))
REFERENCE = (REPO / "solutions" / "rnn.py").read_text(encoding="utf-8")
WRONG = corpus.compose(REPO / "tests" / "corpus" / "wrong" / "rnn_step_w_transposed.py")
SYNTAX_ERROR = "import numpy as np\n\ndef rnn_step(x_t, h_prev, U, W, b)\n    return x_t\n"
# Loops in softmax: its tests fail at the call time limit, the rest of the reference scores.
HANGING = REFERENCE + "\n\ndef softmax(Z):\n    while True:\n        pass\n"
METADATA = {
    "id": 123456, "created_at": "2026-11-30T14:22:32.365935-07:00",
    "assignment": {"title": "RNNs and BPTT", "total_points": "100.0"},
    "users": [{"email": "ann@example.com", "id": 1234, "name": "Ann Lee"}],
    "previous_submissions": [
        {"submission_time": "2026-11-29T10:00:00.000000-07:00", "score": "30.0"},
        {"submission_time": "2026-11-30T09:00:00.000000-07:00", "score": 48.0,
         "results": {}},
        {"submission_time": "2026-11-30T10:00:00.000000-07:00", "score": 0.0,
         "autograder_error": True},
    ],
}


def valid(results):
    """`results`, after checking it against Gradescope's specification."""
    jsonschema.validate(results, SCHEMA, cls=jsonschema.Draft202012Validator)
    return results


# --------------------------------------------------------------------------------------------
# results.json, from records graded here
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def records(tmp_path_factory):
    """Records of a right, a wrong, a syntax-error and an empty submission, graded here."""
    folder = tmp_path_factory.mktemp("submissions")
    sources = {"right.py": REFERENCE, "wrong.py": WRONG, "syntax.py": SYNTAX_ERROR}
    for name, source in sources.items():
        (folder / name).write_text(source, encoding="utf-8")
    (folder / "empty").mkdir()
    graded = {}
    grading.grade_all([str(folder / name) for name in [*sources, "empty"]],
                      grading.Suite.hidden(),
                      lambda record: graded.update({Path(record["submission"]).name: record}),
                      jobs=1, zygote=Zygote())
    return graded


@pytest.mark.parametrize("visibility", gradescope.VISIBILITIES)
@pytest.mark.parametrize("name", ["right.py", "wrong.py", "syntax.py", "empty"])
def test_results_follow_gradescopes_specification(records, name, visibility):
    results = valid(gradescope.results(records[name], visibility, METADATA, 1.5))
    record = records[name]
    hidden_tests = [test for test in results["tests"] if test.get("tags")]
    assert len(hidden_tests) == sum(len(question["tests"])
                                    for question in record["questions"].values())
    assert sum(test["score"] for test in hidden_tests) == pytest.approx(results["score"])
    assert results["score"] == record["score"]
    assert {test["visibility"] for test in results["tests"]} == {visibility}
    assert results["output_format"] == results["test_output_format"] == "text"
    assert results["extra_data"]["sandbox"] == record["sandbox"]   # which layers held


def test_tests_are_grouped_by_question_with_the_students_messages(records):
    record = records["wrong.py"]
    results = gradescope.results(record, "visible")
    tests = results["tests"]
    assert [test["tags"] for test in tests][0] == ["rnn_step"]
    assert [test["number"] for test in tests][:2] == ["1.1", "1.2"]
    assert {tuple(test["tags"]) for test in tests} == {(question,) for question in FUNCTIONS}
    failed = [test for test in tests if test["status"] == "failed"]
    assert failed and all(test["tags"] == ["rnn_step"] for test in failed)
    messages = [test["message"] for test in record["questions"]["rnn_step"]["tests"]
                if not test["passed"]]
    # The first failing test says the question's diagnosis once, then its own message.
    assert failed[0]["output"].startswith("W h instead of h W")
    assert failed[0]["output"].endswith(messages[0].strip())
    assert [test["output"] for test in failed[1:]] == [message.strip()
                                                        for message in messages[1:]]
    # A passing test says only what its message says (graded with a stand-in, say).
    notes = {test["message"].strip() for question in record["questions"].values()
             for test in question["tests"] if test["passed"]}
    assert {test.get("output", "") for test in tests if test["status"] == "passed"} <= notes | {""}


def test_visible_results_start_with_where_to_start_and_the_score_change(records):
    results = gradescope.results(records["wrong.py"], "visible", METADATA)
    output = results["output"]
    assert output.startswith("RNN assignment: Ann Lee (1234)")
    assert "Start here: rnn_step: W h instead of h W" in output
    assert "Your score went from 48 to 96 (of 100) since your last submission." in output
    assert "How it was run: " in output
    assert not any(test["name"].startswith("Summary") for test in results["tests"])


def test_hidden_results_show_nothing_graded_before_the_tests_are_shown(records):
    results = gradescope.results(records["wrong.py"], "after_published", METADATA)
    assert "Start here" not in results["output"] and "96" not in results["output"]
    assert "once your instructor publishes the grades" in results["output"]
    summary = results["tests"][0]
    assert summary["name"] == "Summary: where to start"
    assert summary["visibility"] == "after_published" and summary["status"] == "failed"
    assert "Start here: rnn_step" in summary["output"]
    assert "from 48 to 96" in summary["output"]


def test_a_file_that_cannot_load_says_why_at_once(records):
    results = valid(gradescope.results(records["syntax.py"], "after_published"))
    assert results["score"] == 0
    assert "No test could run, because of this problem" in results["output"]
    assert "SyntaxError" in results["output"] or "syntax" in results["output"].lower()
    empty = gradescope.results(records["empty"], "after_published")["output"]
    assert "no .py or .ipynb file" in empty


def test_submission_metadata_is_read_with_care():
    assert gradescope.students(METADATA) == "Ann Lee (1234)"
    group = {"users": [{"name": "Ann Lee", "id": 1}, {"email": "bo@example.com", "id": 2}]}
    assert gradescope.students(group) == "Ann Lee (1) and bo@example.com (2)"
    assert gradescope.previous_score(METADATA) == 48.0   # the latest the autograder graded
    assert gradescope.score_change({"previous_submissions": [{"score": 71}]}, 71, 100) == \
        "Your score stayed at 71 (of 100) since your last submission."
    for broken in ({}, {"users": "nobody", "previous_submissions": [None, {"score": "n/a"}]}):
        assert gradescope.students(broken) is None
        assert gradescope.score_change(broken, 50, 100) is None


def test_metadata_that_is_missing_or_not_json_is_left_out(tmp_path):
    assert gradescope.read_metadata(tmp_path / "absent.json") == {}
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    assert gradescope.read_metadata(tmp_path / "bad.json") == {}
    (tmp_path / "list.json").write_text("[1, 2]", encoding="utf-8")
    assert gradescope.read_metadata(tmp_path / "list.json") == {}


def test_the_submitted_file_is_found_among_others(tmp_path):
    def submit(*files):
        folder = tmp_path / f"submission{len(list(tmp_path.iterdir()))}"
        for name, text in files:
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text(text, encoding="utf-8")
        path, candidates = gradescope.find_submission(folder)
        return str(path.relative_to(folder)) if path != folder else None, len(candidates)

    assert submit(("test_rnn_public.py", "def test_x(): pass\n"), ("rnn.py", "x = 1\n"),
                  ("rnn_feedback/checks.py", "")) == ("rnn.py", 3)
    assert submit(("hw/my_rnn.py", REFERENCE), ("notes.py", "x = 1\n")) == ("hw/my_rnn.py", 2)
    assert submit(("rnn.ipynb", "{}"), (".ipynb_checkpoints/rnn-checkpoint.ipynb", "{}"),
                  ("__MACOSX/rnn.py", "")) == ("rnn.ipynb", 1)
    assert submit(("report.pdf", "%PDF")) == (None, 0)


def test_the_command_grades_gradescopes_folders(tmp_path, monkeypatch, capsys):
    """`rnn-autograder gradescope`, what run_autograder runs, with the root from the
    environment: a student's folder holding their whole bundle and a notebook."""
    (tmp_path / "submission" / "hw").mkdir(parents=True)
    (tmp_path / "submission" / "hw" / "rnn.py").write_text(WRONG, encoding="utf-8")
    (tmp_path / "submission" / "hw" / "test_rnn_public.py").write_text("", encoding="utf-8")
    (tmp_path / "submission_metadata.json").write_text(json.dumps(METADATA), encoding="utf-8")
    monkeypatch.setenv(gradescope.ROOT_VARIABLE, str(tmp_path))
    assert cli.main(["gradescope", "--visibility", "visible"]) == 0
    results = valid(json.loads((tmp_path / "results" / "results.json").read_text()))
    assert results["score"] == 96
    assert "Graded hw/rnn.py (not hw/test_rnn_public.py)." in results["output"]
    assert "Start here: rnn_step" in results["output"]
    assert "96/100" in capsys.readouterr().out   # the grader's table, for the instructor


def test_the_command_outside_gradescopes_folders_says_so(tmp_path, capsys):
    assert cli.main(["gradescope", "--root", str(tmp_path)]) == 2
    assert "not Gradescope's layout" in capsys.readouterr().err
    assert not (tmp_path / "results").exists()


# --------------------------------------------------------------------------------------------
# The wheel the zip ships
# --------------------------------------------------------------------------------------------


def test_a_wheel_given_must_be_this_packages_at_its_version(tmp_path):
    version = distribution.installed_version()
    for name, problem in [("notes.txt", "not a wheel"),
                          (f"numpy-{version}-py3-none-any.whl", "not of rnn-bptt-assignment"),
                          ("rnn_bptt_assignment-0.0.1-py3-none-any.whl", "version 0.0.1")]:
        with pytest.raises(BuildError, match=problem):
            distribution.wheel(tmp_path, tmp_path / name)


def test_installed_without_its_wheel_build_says_what_it_needs(tmp_path, monkeypatch):
    monkeypatch.setattr(distribution, "CHECKOUT", None)
    monkeypatch.setattr(distribution, "installed_wheel", lambda: None)
    with pytest.raises(BuildError, match="pass --wheel PATH"):
        distribution.wheel(tmp_path)


def test_the_dependencies_are_pinned_at_the_installed_versions():
    import importlib.metadata

    pins = dict(line.split("==") for line in distribution.pinned_dependencies())
    for name in ("numpy", "pytest", "nbformat", "tqdm", "pluggy", "traitlets"):
        assert pins[name] == importlib.metadata.version(name)
    assert not {"otter-grader", "matplotlib", "jupytext", "rnn-bptt-assignment"} & set(pins)


# --------------------------------------------------------------------------------------------
# The autograder in Gradescope's folders
# --------------------------------------------------------------------------------------------


# What a default Docker container lacks (no CAP_SYS_ADMIN, a read-only /sys/fs/cgroup):
# run_autograder runs with these sandbox layers forced off.
CONTAINER_LACKS = ("namespaces", "cgroups")
CONTAINER = {"RNN_SANDBOX_OFF": ",".join(CONTAINER_LACKS)}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """`rnn-autograder build` in this checkout (the wheel built from it), visibility visible."""
    out = tmp_path_factory.mktemp("dist")
    assert cli.main(["build", str(out), "--visibility", "visible"]) == 0
    return out / "gradescope" / "autograder.zip"


@pytest.fixture(scope="module")
def autograder_root(built, tmp_path_factory):
    """Gradescope's folders in a temporary root, the zip unpacked into source/, run_autograder
    copied to the root, and setup.sh run (its Python is this one's version: this
    environment's bin/ comes first on PATH, so no apt-get)."""
    root = tmp_path_factory.mktemp("autograder")
    with zipfile.ZipFile(built) as archive:
        archive.extractall(root / "source")
    for name in ("setup.sh", "run_autograder"):
        (root / "source" / name).chmod(0o755)   # extractall drops the modes; Gradescope keeps
    shutil.copyfile(root / "source" / "run_autograder", root / "run_autograder")
    (root / "run_autograder").chmod(0o755)
    started = time.perf_counter()
    finished = subprocess.run(["bash", str(root / "source" / "setup.sh")], cwd=root / "source",
                              env=environment(root), capture_output=True, text=True)
    assert finished.returncode == 0, finished.stdout + finished.stderr
    print(f"\nsetup.sh: {time.perf_counter() - started:.1f} s")
    return root


def environment(root):
    return {**os.environ, "AUTOGRADER_ROOT": str(root), **CONTAINER,
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}


def run_autograder(root, files, metadata=METADATA):
    """Put `files` ({name: text}) in submission/, run run_autograder as Gradescope does, and
    return results.json (checked against the schema) and run_autograder's seconds."""
    for folder in ("submission", "results"):
        shutil.rmtree(root / folder, ignore_errors=True)
        (root / folder).mkdir()
    for name, text in files.items():
        (root / "submission" / name).write_text(text, encoding="utf-8")
    (root / "submission_metadata.json").write_text(json.dumps(metadata), encoding="utf-8")
    started = time.perf_counter()
    with open(root / "results" / "stdout", "w", encoding="utf-8") as stdout:
        finished = subprocess.run([str(root / "run_autograder")], cwd=root, env=environment(root),
                                  stdout=stdout, stderr=subprocess.STDOUT)
    seconds = time.perf_counter() - started
    log = (root / "results" / "stdout").read_text(encoding="utf-8")
    assert finished.returncode == 0, log
    return valid(json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))), \
        seconds


def grader_scores(paths):
    """`rnn-autograder grade --json` on `paths`: file name -> score."""
    with open(os.devnull, "w") as quiet:
        out = Path(paths[0]).parent / "grade.json"
        subprocess.run([sys.executable, "-m", "rnn_bptt.cli", "grade", *map(str, paths),
                        "--json", str(out)], check=True, stdout=quiet, cwd=REPO)
    return {Path(record["submission"]).name: record["score"]
            for record in json.loads(out.read_text(encoding="utf-8"))["submissions"]}


@pytest.mark.slow
def test_the_zip_holds_the_scripts_the_wheel_and_the_pins(built):
    with zipfile.ZipFile(built) as archive:
        names = set(archive.namelist())
        modes = {info.filename: info.external_attr >> 16 for info in archive.infolist()}
        setup = archive.read("setup.sh").decode()
        run = archive.read("run_autograder").decode()
        requirements = archive.read("requirements.txt").decode().split()
    wheel = f"rnn_bptt_assignment-{distribution.installed_version()}-py3-none-any.whl"
    assert names == {"setup.sh", "run_autograder", "requirements.txt", wheel}
    assert modes["setup.sh"] & 0o111 and modes["run_autograder"] & 0o111
    assert f"python{sys.version_info.major}.{sys.version_info.minor}" in setup
    assert wheel in setup and "requirements.txt" in setup
    assert "--visibility visible" in run
    assert requirements == distribution.pinned_dependencies()


@pytest.mark.slow
def test_run_autograder_grades_each_kind_of_submission(autograder_root, tmp_path):
    kinds = {"right": REFERENCE, "wrong": WRONG, "hanging": HANGING, "syntax": SYNTAX_ERROR,
             "cheating": corpus.compose(REPO / "tests" / "corpus" / "cheats" / "patch_numpy.py")}
    results, seconds = {}, {}
    for kind, source in kinds.items():
        results[kind], seconds[kind] = run_autograder(autograder_root, {"rnn.py": source})
        (tmp_path / f"{kind}.py").write_text(source, encoding="utf-8")
    print("run_autograder: " + ", ".join(f"{kind} {time:.1f} s" for kind, time in seconds.items()))
    scores = grader_scores([tmp_path / f"{kind}.py" for kind in kinds])
    assert {kind: result["score"] for kind, result in results.items()} == \
        {kind: scores[f"{kind}.py"] for kind in kinds}
    assert results["right"]["score"] == 100 and results["syntax"]["score"] == 0
    assert 0 < results["wrong"]["score"] < 100 and 0 < results["cheating"]["score"] < 100
    assert "Start here: rnn_step: W h instead of h W" in results["wrong"]["output"]
    hanging = [test for test in results["hanging"]["tests"] if test.get("tags") == ["softmax"]]
    assert hanging and all(test["score"] == 0 for test in hanging)
    assert results["hanging"]["score"] == 100 - 6   # softmax's 6 points, nothing else
    assert "No test could run" in results["syntax"]["output"]
    for result in results.values():
        assert result["output"].startswith("RNN assignment: Ann Lee (1234)\nGraded rnn.py.")
        assert "How it was run: " in result["output"]
        assert result["execution_time"] > 0
        # The layers a default container lacks were off, said so, and cost no point (above).
        sandbox = result["extra_data"]["sandbox"]
        assert not sandbox["layers"]["namespaces"] and not sandbox["layers"]["cgroups"]
        assert all("forced off" in sandbox["missing"][layer] for layer in CONTAINER_LACKS)
        if os.geteuid() == 0:   # as on Gradescope: what holds without them
            assert sandbox["layers"]["chroot"] and sandbox["layers"]["own_user"] == "own"
            assert "read the reference, the hidden tests or any other file" in \
                sandbox["cannot"]


@pytest.mark.slow
def test_every_cheat_scores_there_what_the_grader_gives_it(autograder_root, tmp_path):
    cheats = corpus.entries("cheats")
    paths = []
    for path in cheats:
        paths.append(tmp_path / path.name)
        paths[-1].write_text(corpus.compose(path), encoding="utf-8")
    expected = grader_scores(paths)
    scores = {path.name: run_autograder(autograder_root, {"rnn.py": path.read_text()})[0]["score"]
              for path in paths}
    assert scores == expected
    assert not (autograder_root / "results" / "rnn-cheat-results.json").exists()
