"""Grading a class end to end: an LMS-shaped folder through `rnn-autograder grade`, the choice
among a student's files, honest resume, the gradebook CSV and the class report's structure (the
report in a real browser: test_class_report_browser.py).

The folder mixes the exports of test_roster.py (whose docstring cites the LMSs' documentation):
Canvas files with a late resubmission and a tie, a Moodle folder with a nested file that hangs
and a PDF, a student folder with no code, a file with a syntax error, and a stray note.
"""

import csv
import io
import json
import os
import re
import base64
from html.parser import HTMLParser
from pathlib import Path

import pytest

from rnn_bptt import cli, corpus, fingerprint

REPO = Path(__file__).resolve().parents[1]
REFERENCE = (REPO / "solutions" / "rnn.py").read_text(encoding="utf-8")
HANGS_IN_JACOBIAN = REFERENCE + ("\n\ndef state_jacobian_norms(X, U, W, b):\n"
                                 "    while True:\n        pass\n")
# A misconception of the catalogue, from the corpus (labelled with its name).
MISTAKE = corpus.CORPUS / "wrong" / "rnn_step_w_transposed.py"


def first_functions(source, count):
    """`source` cut after its first `count` top-level functions: a file half done."""
    starts = [match.start() for match in re.finditer(r"^def ", source, flags=re.M)]
    return source[:starts[count]]


def write(path, text, age=0):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    stamp = 1_700_000_000 - age
    os.utime(path, (stamp, stamp))
    return path


def build_class(folder):
    write(folder / "doejane_123456_7890001_rnn.py", first_functions(REFERENCE, 2), age=100)
    write(folder / "doejane_LATE_123456_7890002_rnn-1.py", REFERENCE, age=50)
    # A tie (both define every function): the newest, the resubmission, is graded.
    write(folder / "smithjohn_234567_7890003_rnn.py", REFERENCE, age=100)
    write(folder / "smithjohn_234567_7890004_rnn-1.py", corpus.compose(MISTAKE), age=50)
    moodle = folder / "Ann Lee_4567_assignsubmission_file_"
    write(moodle / "week3" / "src" / "rnn.py", HANGS_IN_JACOBIAN)
    write(moodle / "report.pdf", "%PDF-1.4")
    write(folder / "bo_no_code" / "README.md", "I could not finish")
    write(folder / "syntax_error.py", REFERENCE.replace("def softmax(Z):", "def softmax(Z:", 1))
    write(folder / "notes.txt", "grading notes")
    return folder


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """The class graded once with every output: (status, stdout, folder of outputs)."""
    root = tmp_path_factory.mktemp("class")
    subs = build_class(root / "subs")
    out = root / "out"
    argv = ["grade", str(subs), "--json", str(out / "results.json"), "--timeout", "0.5",
            "--feedback", str(out / "feedback"), "--gradebook", str(out / "grades.csv"),
            "--report", str(out / "report.html"), "--assignment", "RNN (123)"]
    import contextlib

    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        status = cli.main(argv)
    return status, printed.getvalue(), root


def records_of(root):
    content = json.loads((root / "out" / "results.json").read_text(encoding="utf-8"))
    return {Path(record["submission"]).name: record for record in content["submissions"]}, content


def test_each_student_is_one_row_with_their_identity(graded):
    status, out, root = graded
    records, content = records_of(root)
    assert status == 0
    assert sorted(records) == sorted([
        "doejane_LATE_123456_7890002_rnn-1.py", "smithjohn_234567_7890004_rnn-1.py",
        "Ann Lee_4567_assignsubmission_file_", "bo_no_code", "syntax_error.py"])
    jane = records["doejane_LATE_123456_7890002_rnn-1.py"]
    assert jane["students"] == [{"name": "doejane", "id": "123456"}] and jane["late"] is True
    assert jane["score"] == jane["max_score"]
    ann = records["Ann Lee_4567_assignsubmission_file_"]
    assert ann["students"] == [{"name": "Ann Lee", "id": "4567"}] and ann["source"] == "moodle"
    assert ann["file"].endswith(os.path.join("week3", "src", "rnn.py"))   # found at depth
    assert ann["questions"]["state_jacobian_norms"]["score"] == 0 < ann["score"]
    assert "no .py or .ipynb file" in records["bo_no_code"]["problem"]   # noticed, not lost
    assert "SyntaxError" in records["syntax_error.py"]["problem"]


def test_a_students_file_is_chosen_by_what_loading_it_defines_and_the_choice_said(graded):
    _, _, root = graded
    records, _ = records_of(root)
    jane = records["doejane_LATE_123456_7890002_rnn-1.py"]
    assert Path(jane["file"]).name == "doejane_LATE_123456_7890002_rnn-1.py"
    assert "defines the most functions of the assignment (12 of 12" in jane["chosen"]
    assert "doejane_123456_7890001_rnn.py 2" in jane["chosen"]
    john = records["smithjohn_234567_7890004_rnn-1.py"]   # a tie: the newest
    assert Path(john["file"]).name == "smithjohn_234567_7890004_rnn-1.py"
    assert "the newest of those that define as many" in john["chosen"]
    assert john["questions"]["rnn_step"]["score"] < john["questions"]["rnn_step"]["max_score"]


def test_files_that_are_not_submissions_are_skipped_with_a_reason_not_graded(graded):
    _, out, root = graded
    _, content = records_of(root)
    skipped = {Path(item["path"]).name: item["reason"] for item in content["skipped"]}
    assert skipped == {"notes.txt": "not a .py or .ipynb file",
                       "report.pdf": "not a .py or .ipynb file",
                       "README.md": "not a .py or .ipynb file"}
    said = " ".join(out.split())
    assert "Found 5 submissions: graded 5" in said and "skipped 3 files" in said
    assert "notes.txt: not a .py or .ipynb file" in said
    gradebook = (root / "out" / "grades.csv").read_text(encoding="utf-8")
    assert "notes" not in gradebook and "report.pdf" not in gradebook


def test_the_gradebook_is_in_canvas_import_format(graded):
    _, _, root = graded
    rows = list(csv.reader(io.StringIO((root / "out" / "grades.csv").read_text())))
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "RNN (123)"]
    assert rows[1] == ["Points Possible", "", "", "", "", "100"]
    by_name = {row[0]: row for row in rows[2:]}
    assert by_name["doejane"] == ["doejane", "123456", "", "", "", "100"]
    assert by_name["Ann Lee"][1] == "4567"
    assert by_name["bo_no_code"][5] == "0"
    assert len(rows) == 2 + 5


def test_a_gradescope_group_gives_each_member_a_gradebook_row(tmp_path):
    from rnn_bptt import gradebook

    record = {"submission": "submission_102", "score": 42.0, "max_score": 100.0,
              "students": [{"name": "Pair One", "sis_id": "200", "email": "one@example.edu"},
                           {"name": "Pair Two", "sis_id": "201", "email": "two@example.edu"}]}
    failed = {"submission": "submission_103", "score": 0.0, "max_score": 100.0,
              "graded": False, "students": [{"name": "Grader Failed", "sis_id": "300"}]}
    gradebook.write_canvas(tmp_path / "g.csv", [record, failed])
    rows = list(csv.reader(io.StringIO((tmp_path / "g.csv").read_text())))
    assert rows[2:] == [["Pair One", "", "200", "one@example.edu", "", "42"],
                        ["Pair Two", "", "201", "two@example.edu", "", "42"],
                        ["Grader Failed", "", "300", "", "", ""]]   # blank: no false zero


# --------------------------------------------------------------------------------------------
# Honest resume
# --------------------------------------------------------------------------------------------


def grade_again(capsys, folder, results, *options):
    status = cli.main(["grade", str(folder), "--json", str(results), "--resume", *options])
    return status, " ".join(capsys.readouterr().out.split())


def test_resume_grades_again_what_changed_and_says_why(tmp_path, capsys, monkeypatch):
    folder = tmp_path / "subs"
    write(folder / "ann.py", first_functions(REFERENCE, 1))
    write(folder / "bo.py", REFERENCE)
    results = tmp_path / "results.json"
    cli.main(["grade", str(folder), "--json", str(results)])
    capsys.readouterr()

    status, said = grade_again(capsys, folder, results)
    assert status == 0 and "graded 0" in said and "kept 2" in said and "Grading again" not in said

    write(folder / "ann.py", REFERENCE)   # the student's file replaced by a correct one
    status, said = grade_again(capsys, folder, results)
    records, _ = records_of_path(results)
    assert records["ann.py"]["score"] == records["ann.py"]["max_score"]
    assert f"{folder / 'ann.py'}: its files changed since it was graded" in said
    assert "graded 1" in said and "kept 1" in said

    monkeypatch.setattr(fingerprint, "suites_hash", lambda: "other suites")
    status, said = grade_again(capsys, folder, results)
    assert said.count("the hidden tests changed since it was graded") == 2 and "graded 2" in said

    monkeypatch.setattr(fingerprint, "version", lambda: "9.9")
    status, said = grade_again(capsys, folder, results, "--total-timeout", "30")
    assert "graded by version 0.1.0 of the grader, this is 9.9" in said

    status, said = grade_again(capsys, folder, results, "--total-timeout", "20")
    assert "graded with other options (--total-timeout 30.0 now 20.0)" in said

    status, said = grade_again(capsys, folder, results, "--total-timeout", "20",
                               "--max-file-size", "0.5")
    assert "graded with other options (--max-file-size 1.0 now 0.5)" in said


def records_of_path(path):
    content = json.loads(Path(path).read_text(encoding="utf-8"))
    return {Path(record["submission"]).name: record for record in content["submissions"]}, content


# --------------------------------------------------------------------------------------------
# The class report, read by an HTML parser
# --------------------------------------------------------------------------------------------


class Page(HTMLParser):
    """What the report's HTML holds: images, tables (their rows), links and ids."""

    def __init__(self):
        super().__init__()
        self.images, self.links, self.ids, self.rows = [], [], set(), {}
        self.open_tags, self.table = [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag not in ("img", "br", "meta", "input"):
            self.open_tags.append(tag)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "img":
            self.images.append(attrs)
        if tag == "a":
            self.links.append(attrs.get("href"))
        if tag == "table":
            self.table = attrs.get("id")
            self.rows[self.table] = []
        if tag == "tr" and self.table:
            self.rows[self.table].append([])

    def handle_endtag(self, tag):
        assert self.open_tags and self.open_tags[-1] == tag, f"</{tag}> closes {self.open_tags}"
        self.open_tags.pop()
        if tag == "table":
            self.table = None

    def handle_data(self, data):
        if self.table and self.rows[self.table] and data.strip():
            self.rows[self.table][-1].append(data.strip())


def parse(path):
    page = Page()
    page.feed(Path(path).read_text(encoding="utf-8"))
    page.close()
    assert page.open_tags == [], f"unclosed: {page.open_tags}"
    return page


def test_the_class_report_is_one_page_with_plots_tables_and_feedback(graded):
    _, _, root = graded
    page = parse(root / "out" / "report.html")
    plots = {image["id"]: image["src"] for image in page.images}
    assert set(plots) == {"score-distribution", "question-distribution"}
    for src in plots.values():   # self-contained: PNG data, no file beside the page
        assert src.startswith("data:image/png;base64,")
        assert base64.b64decode(src.split(",", 1)[1])[:8] == b"\x89PNG\r\n\x1a\n"
    submissions = page.rows["submissions"][1:]
    assert len(submissions) == 5
    # Each row links to its feedback in the page and to its feedback file.
    anchors = [link for link in page.links if link.startswith("#")]
    assert len(anchors) == 5 and all(anchor[1:] in page.ids for anchor in anchors)
    files = [link for link in page.links if not link.startswith("#")]
    assert len(files) == 5
    assert all((root / "out" / link).is_file() for link in files)
    questions = page.rows["questions"][1:]
    assert [row[0] for row in questions][:2] == ["rnn_step", "rnn_forward"]


def test_the_class_report_names_the_trouble_and_the_common_mistakes(graded):
    _, _, root = graded
    page = parse(root / "out" / "report.html")
    trouble = {(row[0], Path(row[1]).name) for row in page.rows["trouble"][1:]}
    assert ("hung", "Ann Lee_4567_assignsubmission_file_") in trouble
    assert ("could not load", "syntax_error.py") in trouble
    assert ("could not load", "bo_no_code") in trouble
    label = corpus.misconception(MISTAKE)
    assert [row[0] for row in page.rows["misconceptions"][1:]] == [label]
    failing = page.rows["failing-tests"][1:]
    assert failing and all(row[-1].isdigit() for row in failing)
    assert {Path(row[0]).name for row in page.rows["skipped"][1:]} == {
        "notes.txt", "report.pdf", "README.md"}


def test_report_command_writes_the_same_files_from_the_json(graded, tmp_path, capsys):
    _, _, root = graded
    status = cli.main(["report", str(root / "out" / "results.json"), "--html",
                       str(tmp_path / "again.html"), "--gradebook", str(tmp_path / "g.csv"),
                       "--assignment", "RNN (123)"])
    assert status == 0
    assert (tmp_path / "g.csv").read_text() == (root / "out" / "grades.csv").read_text()
    assert len(parse(tmp_path / "again.html").rows["submissions"]) == 6


@pytest.mark.parametrize("argv, message", [
    (["report", "nothere.json", "--html", "r.html"], "nothere.json: no such file"),
    (["report", "{results}", "--html", "r.html"], "not a results file"),
])
def test_report_command_refuses_bad_input_in_one_line(argv, message, tmp_path, capsys):
    (tmp_path / "bad.json").write_text('{"records": []}')
    argv = [arg.replace("{results}", str(tmp_path / "bad.json")) for arg in argv]
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_a_report_without_its_extra_is_refused_before_grading(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(cli, "missing_report_extra", lambda: "jinja2")
    status = cli.main(["grade", str(REPO / "solutions" / "rnn.py"), "--json",
                       str(tmp_path / "r.json"), "--report", str(tmp_path / "r.html")])
    captured = capsys.readouterr()
    assert status == 2 and captured.out == "" and not (tmp_path / "r.json").exists()
    assert "--report needs jinja2: pip install 'rnn-bptt-assignment[report]'" in captured.err
