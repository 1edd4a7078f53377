"""The `rnn-autograder` command: grade (files, folders, notebooks, results files, resume, bad
input, bad usage, interruption), demo and check."""

import csv
import io
import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from rnn_bptt import cli, report
from rnn_bptt.feedback import reporting

REPO = Path(__file__).resolve().parents[1]
REFERENCE = str(REPO / "solutions" / "rnn.py")
STUBS = str(REPO / "assignment" / "rnn.py")
HANGS_IN_JACOBIAN = ((REPO / "solutions" / "rnn.py").read_text(encoding="utf-8")
                     + "\n\ndef state_jacobian_norms(X, U, W, b):\n    while True:\n        pass\n")


def run(capsys, *argv):
    status = cli.main([str(arg) for arg in argv])
    return status, capsys.readouterr().out


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """The reference and the stubs graded once through the CLI with every output file."""
    folder = tmp_path_factory.mktemp("graded")
    outputs = {"json": folder / "results.json", "csv": folder / "results.csv",
               "feedback": folder / "feedback"}
    status = cli.main(["grade", REFERENCE, STUBS, "--json", str(outputs["json"]),
                       "--csv", str(outputs["csv"]), "--feedback", str(outputs["feedback"])])
    return status, outputs


def test_grading_exits_0_whatever_the_scores(graded):
    status, _ = graded
    assert status == 0


def test_the_json_file_has_the_spec_layout(graded):
    results = json.loads(graded[1]["json"].read_text())
    reference, stubs = results["submissions"]
    assert (reference["submission"], stubs["submission"]) == (REFERENCE, STUBS)
    for record in (reference, stubs):
        assert isinstance(record["score"], float) and isinstance(record["max_score"], float)
        assert record["questions"], "one entry per question"
        for question in record["questions"].values():
            assert isinstance(question["score"], float)
            assert isinstance(question["max_score"], float)
        assert record["max_score"] == sum(q["max_score"] for q in record["questions"].values())
    assert reference["score"] == reference["max_score"] > 0
    assert stubs["score"] == 0.0


def test_the_csv_file_has_a_row_per_submission(graded):
    rows = list(csv.DictReader(graded[1]["csv"].open()))
    results = json.loads(graded[1]["json"].read_text())["submissions"]
    assert [row["submission"] for row in rows] == [REFERENCE, STUBS]
    for row, record in zip(rows, results):
        assert float(row["score"]) == record["score"]
        for question, result in record["questions"].items():
            assert float(row[question]) == result["score"]


def test_the_feedback_starts_where_to_fix_and_names_every_failed_test(graded):
    folder = graded[1]["feedback"]
    results = json.loads(graded[1]["json"].read_text())["submissions"]
    text = " ".join((folder / report.feedback_filename(STUBS)).read_text().split())
    for question, result in results[1]["questions"].items():
        assert f"Start here: {question}: not implemented" in text
        assert result["diagnosis"]["lines"] == [f"{question} is not implemented yet."]
        for test in result["tests"]:
            assert test["message"] and reporting.short_name(test["name"], question) in text
    assert "How it was run:" in text and "Score: 0 /" in text
    assert len(list(folder.iterdir())) == 2


def test_the_table_has_a_row_per_submission_and_a_column_per_question(capsys):
    status, out = run(capsys, "grade", REFERENCE, STUBS)
    lines = out.splitlines()
    assert status == 0
    assert lines[0].split()[0] == "submission" and lines[0].split()[-1] == "total"
    assert lines[1].startswith("...") or REFERENCE in lines[1]
    questions = len(lines[0].split()) - 2
    assert len(lines[1].split()) == len(lines[2].split()) == questions + 2
    assert lines[2].split()[-1].startswith("0/")


def test_folders_and_notebooks_are_graded(tmp_path, capsys):
    source = Path(REFERENCE).read_text(encoding="utf-8")
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_markdown_cell("My solution"),
                      nbformat.v4.new_code_cell("%matplotlib inline\n!pip install numpy"),
                      nbformat.v4.new_code_cell(source)]
    nbformat.write(notebook, tmp_path / "alice.ipynb")
    (tmp_path / "bob.py").write_text(source)
    (tmp_path / "notes.txt").write_text("not a submission")

    status, _ = run(capsys, "grade", tmp_path, "--json", tmp_path / "out.json",
                    "--feedback", tmp_path / "feedback")

    records = json.loads((tmp_path / "out.json").read_text())["submissions"]
    assert status == 0
    assert [Path(r["submission"]).name for r in records] == ["alice.ipynb", "bob.py"]
    assert all(r["score"] == r["max_score"] for r in records)
    alice = tmp_path / "feedback" / report.feedback_filename(records[0]["submission"])
    assert "markdown cells count" in alice.read_text()  # how to read "cell 3, line 2"


def test_bad_input_gets_a_message_and_zero_and_the_batch_goes_on(tmp_path, capsys):
    (tmp_path / "rnn.txt").write_text("def rnn_step(): pass")
    (tmp_path / "broken.ipynb").write_text('{"cells": [')
    (tmp_path / "syntax.py").write_text("def rnn_step(:\n")
    (tmp_path / "empty").mkdir()
    arguments = [tmp_path / "empty", tmp_path / "rnn.txt", tmp_path / "broken.ipynb",
                 tmp_path / "syntax.py", REFERENCE]

    status, out = run(capsys, "grade", *arguments, "--json", tmp_path / "out.json",
                      "--feedback", tmp_path / "feedback")

    records = json.loads((tmp_path / "out.json").read_text())["submissions"]
    assert status == 0
    assert [r["score"] for r in records[:4]] == [0.0] * 4
    assert records[4]["score"] == records[4]["max_score"]
    reasons = ["no .py or .ipynb file", "not a Python file", "not valid JSON", "SyntaxError"]
    for record, reason in zip(records, reasons):
        assert reason in record["problem"]
        feedback = tmp_path / "feedback" / report.feedback_filename(record["submission"])
        assert reason in feedback.read_text()
    assert "No test could run for:" in out


def test_a_path_that_does_not_exist_is_an_invocation_error_before_grading(tmp_path, capsys):
    status = cli.main(["grade", REFERENCE, str(tmp_path / "nothere.py"),
                       "--json", str(tmp_path / "out.json")])
    captured = capsys.readouterr()
    assert status == 2
    assert captured.err == f"rnn-autograder grade: {tmp_path / 'nothere.py'}: no such file or folder\n"
    assert captured.out == "" and not (tmp_path / "out.json").exists()   # nothing graded


def test_a_submission_out_of_total_time_says_so_everywhere(tmp_path, capsys):
    loops = "\n".join(f"def {name}(*args):\n    while True:\n        pass\n"
                      for name in ("rnn_step", "softmax", "squared_error_loss"))
    path = tmp_path / "loops.py"
    path.write_text(Path(REFERENCE).read_text() + "\n" + loops)
    # A call may take longer than the whole submission: the total limit is what stops the first
    # loop, however slowly a loaded machine lets it spend its CPU time.
    status, out = run(capsys, "grade", path, "--timeout", "5", "--total-timeout", "1",
                      "--json", tmp_path / "out.json", "--csv", tmp_path / "out.csv",
                      "--feedback", tmp_path / "feedback")
    assert status == 0
    record = json.loads((tmp_path / "out.json").read_text())["submissions"][0]
    assert record["time_limit_reached"] is True
    assert "OUT OF TIME" in out
    row = next(csv.DictReader(io.StringIO((tmp_path / "out.csv").read_text())))
    assert row["time_limit_reached"] == "True"
    feedback = (tmp_path / "feedback" / report.feedback_filename(str(path))).read_text()
    assert "used up the time a submission may take" in feedback


@pytest.mark.parametrize("argv", [
    [], ["grade"], ["grade", "rnn.py", "--frobnicate"], ["frobnicate"],
    ["grade", "rnn.py", "--resume"], ["grade", "rnn.py", "--jobs", "0"],
    ["grade", "rnn.py", "--timeout", "soon"], ["grade", "rnn.py", "--total-timeout", "-1"],
])
def test_bad_usage_exits_2_with_a_usage_message(argv, capsys):
    with pytest.raises(SystemExit) as exit:
        cli.main(argv)
    assert exit.value.code == 2
    assert "usage: rnn-autograder" in capsys.readouterr().err


def test_resume_keeps_what_was_graded_and_grades_the_rest(tmp_path, capsys):
    results = tmp_path / "out.json"
    run(capsys, "grade", REFERENCE, "--json", results)
    kept = json.loads(results.read_text())["submissions"][0]
    kept["kept from before"] = True  # a mark that only survives if the record is not regraded
    results.write_text(json.dumps({"submissions": [kept]}))

    status, out = run(capsys, "grade", REFERENCE, STUBS, "--json", results, "--resume")

    records = json.loads(results.read_text())["submissions"]
    assert status == 0
    assert [r["submission"] for r in records] == [REFERENCE, STUBS]
    assert records[0] == kept
    assert records[1]["score"] == 0.0 and "kept from before" not in records[1]
    said = " ".join(out.split())   # the summary is wrapped
    assert "Found 2 submissions: graded 1" in said and f"kept 1 from {results}" in said


def test_resume_from_a_file_that_is_not_results_exits_2(tmp_path, capsys):
    (tmp_path / "out.json").write_text("{not json")
    with pytest.raises(SystemExit) as exit:
        cli.main(["grade", REFERENCE, "--json", str(tmp_path / "out.json"), "--resume"])
    assert exit.value.code == 2 and "cannot resume" in capsys.readouterr().err


@pytest.mark.parametrize("jobs", ["1", "2"])  # graded in the grader itself, or in 2 graders
def test_an_interrupted_batch_keeps_its_results_and_resumes(jobs, tmp_path, capsys):
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "a_good.py").write_text(Path(REFERENCE).read_text())
    (folder / "b_hangs.py").write_text(HANGS_IN_JACOBIAN)
    results = tmp_path / "out.json"
    grader = subprocess.Popen(
        [sys.executable, "-m", "rnn_bptt.cli", "grade", str(folder), "--json", str(results),
         "--jobs", jobs, "--timeout", "600"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        # a_good.py is graded; b_hangs.py hangs (for its total time limit, 60 s) until the
        # interruption, which must stop it at once.
        while not results.exists() and grader.poll() is None:
            time.sleep(0.05)
        grader.send_signal(signal.SIGINT)
        _, stderr = grader.communicate(timeout=60)
    finally:
        grader.kill()
    assert grader.returncode == 130, stderr.decode()
    assert b"rerun with --resume" in stderr
    kept = json.loads(results.read_text())["submissions"]
    assert [Path(r["submission"]).name for r in kept] == ["a_good.py"]

    status, out = run(capsys, "grade", folder, "--json", results, "--resume", "--timeout", "0.3")

    # Another --timeout can change scores: the kept result is graded again, and the output says so.
    records = json.loads(results.read_text())["submissions"]
    assert status == 0 and records[0]["score"] == kept[0]["score"] == records[0]["max_score"]
    assert "graded with other options (--timeout 600.0 now 0.3)" in out
    hangs = records[1]["questions"]
    assert hangs["state_jacobian_norms"]["score"] == 0
    assert hangs["rnn_step"]["score"] == hangs["rnn_step"]["max_score"]


def test_demo_grades_the_samples(capsys):
    status, out = run(capsys, "demo")
    assert status == 0
    reference_row = next(line for line in out.splitlines() if line.startswith("solutions/rnn.py"))
    stubs_row = next(line for line in out.splitlines() if line.startswith("assignment/rnn.py"))
    total = reference_row.split()[-1]
    assert total.split("/")[0] == total.split("/")[1]
    assert stubs_row.split()[-1].startswith("0/")
    for mistake in cli.DEMO_MISTAKES:  # a row in the table, and a line saying what it is
        assert any(line.startswith(f"{mistake}.py ") for line in out.splitlines())
        assert f"{mistake}.py (from tests/corpus/wrong/): " in out


def test_the_console_script_grades_and_exits_0():
    script = Path(sys.executable).with_name("rnn-autograder")  # installed by pip install -e .
    completed = subprocess.run([str(script), "grade", REFERENCE], capture_output=True, text=True)
    assert completed.returncode == 0, completed.stderr
    score, max_score = completed.stdout.splitlines()[1].split()[-1].split("/")
    assert score == max_score


def test_check_passes_the_reference_and_explains_the_stubs(capsys):
    status, out = run(capsys, "check", REFERENCE)
    assert status == 0 and "Well done!" in out
    status, out = run(capsys, "check", STUBS)
    assert status == 1 and "not implemented yet" in out


def test_without_the_sandbox_check_runs_in_process_and_grade_refuses(tmp_path, monkeypatch,
                                                                     capsys):
    """On macOS or Windows (no fork, /proc or prctl) students still check their work."""
    monkeypatch.setattr(cli.sandbox_client, "SUPPORTED", False)
    stops_early = tmp_path / "rnn.py"
    stops_early.write_text(Path(REFERENCE).read_text(encoding="utf-8").replace(
        "\ndef bptt(", "\nprint('hello from the top level')\nrnn_step(None)\n\n\ndef bptt(", 1))

    status, out = run(capsys, "check", REFERENCE)
    assert status == 0 and "Well done!" in out and "runs in this process" in out
    status, out = run(capsys, "check", stops_early)
    assert status == 1 and "hello from the top level" in out
    assert "Running your file stopped early: TypeError" in out and "bptt: 0 of" in out
    status, out = run(capsys, "check", STUBS)
    assert status == 1 and "not implemented yet" in out

    assert cli.main(["grade", REFERENCE]) == 1
    assert "needs Linux" in capsys.readouterr().err


def test_check_without_a_file_to_check_says_what_to_do(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert cli.main(["check"]) == 1
    assert "There is no rnn.py here" in capsys.readouterr().err


def test_build_into_a_folder_with_foreign_files_fails_cleanly(tmp_path, capsys):
    (tmp_path / "autograder").mkdir()
    (tmp_path / "autograder" / "notes.txt").write_text("mine")
    assert cli.main(["build", str(tmp_path)]) == 1
    assert "left alone" in capsys.readouterr().err
    assert (tmp_path / "autograder" / "notes.txt").read_text() == "mine"


def test_a_reader_that_goes_away_ends_the_command_quietly(tmp_path):
    """`rnn-autograder grade ... | head -1`: no traceback, and the results files are complete."""
    process = subprocess.Popen(
        [sys.executable, "-m", "rnn_bptt.cli", "grade", str(REFERENCE), "--json",
         str(tmp_path / "results.json")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO)
    process.stdout.close()   # the reader is gone before the table is printed
    errors = process.stderr.read().decode()
    assert process.wait() == 141, errors
    assert "Traceback" not in errors
    assert json.loads((tmp_path / "results.json").read_text())["submissions"][0]["score"] == 100
