"""The grading engine on good, bad, hanging and exiting submissions, graded as one batch.

The whole batch is graded once (a module fixture, by two grader processes as `--jobs 2` does)
and each test reads the records it needs.
"""

from pathlib import Path

import pytest

from rnn_bptt import grading

REPO = Path(__file__).resolve().parents[1]
REFERENCE = (REPO / "solutions" / "rnn.py").read_text(encoding="utf-8")


def reference_with(code):
    """The reference solution with `code` appended (a later definition overrides the first)."""
    return REFERENCE + "\n\n" + code


SUBMISSIONS = {
    "syntax_error.py": "import numpy as np\n\ndef rnn_step(x_t, h_prev, U, W, b:\n    return 0\n",
    "import_fails.py": "from numpy import logsumexp\n" + REFERENCE,   # scipy has it, numpy not
    "exits_on_load.py": "import sys\nsys.exit(3)\n" + REFERENCE,
    "empty.py": "",
    "returns_none.py": reference_with("def rnn_forward(X, U, W, b):\n    return None\n"),
    "returns_string.py": reference_with("def softmax(Z):\n    return 'softmax'\n"),
    "wrong_length_list.py": reference_with(
        "_all_layers = stacked_rnn_forward\n\n"
        "def stacked_rnn_forward(X, layers):\n    return _all_layers(X, layers) + [X]\n"),
    "returns_nan.py": reference_with(
        "def squared_error_loss(Y_hat, Y):\n    return float('nan')\n"),
    "wrong_shape.py": reference_with(
        "def regression_head(Hs, V, c):\n    return (Hs @ V + c)[-1]\n"),
    "hangs.py": reference_with(
        "def state_jacobian_norms(X, U, W, b):\n    while True:\n        pass\n"),
    "exits_in_a_call.py": reference_with(
        "def many_to_one_loss_and_grads(X, labels, params):\n"
        "    import os\n    os._exit(1)\n"),
    "raises_in_a_call.py": reference_with(
        "def squared_error_loss(Y_hat, Y):\n    return Y_hat.shape[7]\n"),
    "stops_before_bptt.py": REFERENCE.replace("\ndef bptt(", "\nrnn_step(None)\n\n\ndef bptt(", 1),
    # Saved by Notepad (a byte order mark first), and exported from Jupyter as a script.
    "saved_with_a_bom.py": "\ufeff" + REFERENCE,
    "exported_from_jupyter.py": "get_ipython().run_line_magic('matplotlib', 'inline')\n"
                                + REFERENCE + "\ndisplay(softmax)\n",
}

# Submission -> the question whose function it breaks (None: the file is broken as a whole).
BROKEN_QUESTION = {
    "returns_none.py": "rnn_forward",
    "returns_string.py": "softmax",
    "wrong_length_list.py": "stacked_rnn_forward",
    "returns_nan.py": "squared_error_loss",
    "wrong_shape.py": "regression_head",
    "hangs.py": "state_jacobian_norms",
    "exits_in_a_call.py": "many_to_one_loss_and_grads",
    "raises_in_a_call.py": "squared_error_loss",
}
UNLOADABLE = ["syntax_error.py", "import_fails.py", "exits_on_load.py"]


@pytest.fixture(scope="module")
def suite():
    return grading.Suite.hidden()


@pytest.fixture(scope="module")
def records(suite, tmp_path_factory):
    """Every sample graded in one batch, by file name."""
    folder = tmp_path_factory.mktemp("submissions")
    names = {str(REPO / "solutions" / "rnn.py"): "reference",
             str(REPO / "assignment" / "rnn.py"): "stubs"}
    for name, source in SUBMISSIONS.items():
        (folder / name).write_text(source, encoding="utf-8")
        names[str(folder / name)] = name
    graded = []
    grading.grade_all(list(names), suite, graded.append, jobs=2, call_timeout=0.5)
    assert sorted(record["submission"] for record in graded) == sorted(names)
    return {names[record["submission"]]: record for record in graded}


def failed_messages(record, question=None):
    return [test["message"] for name, result in record["questions"].items()
            if question in (None, name) for test in result["tests"] if not test["passed"]]


def test_the_suite_covers_every_function_in_order(suite):
    assert list(suite.questions) == list(grading.feedback.FUNCTIONS)
    assert suite.max_score == sum(suite.questions.values()) > 0


def test_the_reference_scores_full_marks(records):
    reference = records["reference"]
    assert reference["score"] == reference["max_score"], failed_messages(reference)
    assert reference["problem"] is None


def test_the_untouched_stubs_score_zero(records):
    stubs = records["stubs"]
    assert stubs["score"] == 0
    assert any("not implemented yet" in message for message in failed_messages(stubs))


def test_every_question_scores_its_tests(records, suite):
    for record in records.values():
        for question, result in record["questions"].items():
            assert result["max_score"] == suite.questions[question]
            assert result["score"] == sum(test["score"] for test in result["tests"])
        assert record["score"] == sum(result["score"] for result in record["questions"].values())


@pytest.mark.parametrize("name", UNLOADABLE)
def test_a_file_that_cannot_load_scores_zero_with_its_reason(records, name):
    record = records[name]
    assert record["graded"] and record["score"] == 0
    assert record["problem"], "the reason must be given"


def test_the_reasons_say_what_went_wrong(records):
    assert "SyntaxError" in records["syntax_error.py"]["problem"]
    assert "logsumexp" in records["import_fails.py"]["problem"]


def test_a_file_that_stops_early_is_graded_on_what_it_defined_and_says_where(records, suite):
    # As Jupyter and Otter do: what ran before the error stays defined.
    record = records["stops_before_bptt.py"]
    assert record["graded"] and record["problem"] is None
    line = SUBMISSIONS["stops_before_bptt.py"].splitlines().index("rnn_step(None)") + 1
    assert f"TypeError at line {line} of stops_before_bptt.py" in record["warning"]
    assert "rnn_step(None)" in record["warning"]
    lost = {question for question, result in record["questions"].items()
            if result["score"] < result["max_score"]}
    assert "bptt" in lost and "rnn_step" not in lost and "softmax" not in lost
    assert all("bptt is not defined" in message and "stopped early" in message
               for message in failed_messages(record, "bptt"))
    assert records["reference"]["warning"] is None


@pytest.mark.parametrize("name", ["saved_with_a_bom.py", "exported_from_jupyter.py"])
def test_files_as_editors_and_jupyter_save_them_score_full_marks(records, name):
    record = records[name]
    assert record["score"] == record["max_score"]
    assert record["problem"] is None and record["warning"] is None


def test_a_file_without_the_functions_scores_zero_and_says_they_are_missing(records):
    record = records["empty.py"]
    assert record["score"] == 0
    assert all("not defined" in message for message in failed_messages(record))


@pytest.mark.parametrize("name", sorted(BROKEN_QUESTION))
def test_a_broken_function_loses_its_points_with_a_message_and_grading_goes_on(records, name):
    record = records[name]
    question = BROKEN_QUESTION[name]
    assert record["graded"] and record["problem"] is None
    assert record["questions"][question]["score"] < record["questions"][question]["max_score"]
    messages = failed_messages(record, question)
    assert messages and all(message.strip() for message in messages)
    assert not any("could not finish" in message for message in messages), messages
    # rnn_step does not call the broken function: it is graded normally, after the failure.
    assert record["questions"]["rnn_step"]["score"] == record["questions"]["rnn_step"]["max_score"]


def test_a_hanging_or_exiting_function_is_reported_as_such(records):
    hangs = failed_messages(records["hangs.py"], "state_jacobian_norms")
    exits = failed_messages(records["exits_in_a_call.py"], "many_to_one_loss_and_grads")
    assert hangs and all("did not finish within 0.5 s" in message for message in hangs)
    assert exits and all("exited" in message for message in exits)


def test_every_record_notes_how_the_code_was_isolated(records):
    assert all(record["isolation"] for record in records.values())


class BrokenSandbox:
    """A zygote whose every load fails, as when the sandbox itself breaks down."""
    isolation = "none: a broken sandbox"
    isolation_details = {}

    def load(self, source, filename, **limits):
        raise RuntimeError("the zygote died")


def test_a_failure_of_the_grader_is_not_blamed_on_the_student(suite):
    record = grading.grade(str(REPO / "solutions" / "rnn.py"), suite, BrokenSandbox())
    assert record["graded"] is False and record["score"] == 0
    assert "The grader itself failed" in record["problem"] and "zygote died" in record["problem"]


def test_a_submission_the_grader_cannot_even_read_does_not_stop_the_batch(suite, monkeypatch):
    def read(path, max_bytes):
        raise UnicodeError("a reader bug")
    monkeypatch.setattr(grading.submissions, "read", read)
    record = grading.grade(str(REPO / "solutions" / "rnn.py"), suite, BrokenSandbox())
    assert record["graded"] is False and "a reader bug" in record["problem"]


def test_a_grader_that_cannot_compare_a_students_files_grades_the_newest_and_says_so(
        suite, tmp_path):
    from rnn_bptt import roster

    entry = roster.Entry(key=str(tmp_path), files=[str(tmp_path / "new.py"),
                                                   str(tmp_path / "old.py")])
    for path in entry.files:
        Path(path).write_text("def rnn_step(x, h, U, W, b):\n    return x\n")
    record = grading.grade_entry(entry, suite, BrokenSandbox())
    assert record["file"] == entry.files[0] and record["submission"] == str(tmp_path)
    assert "could not compare the 2 files (RuntimeError: the zygote died)" in record["chosen"]
    assert record["graded"] is False   # and the grading itself says the grader failed
