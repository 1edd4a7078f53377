"""Finding a class's submissions in the folders learning management systems export.

The folders are built from the naming the LMSs document:

- Canvas, "How do I download all student submissions for an assignment?" (Canvas Instructor
  Guide): files named `studentname_[LATE_]userid_submissionid_filename`, a resubmitted file's
  name suffixed `-1`, `-2`.
- Moodle, mod/assign/lang/en/assign.php, `downloadasfolders_help`: "Each submission is then put
  in a separate folder, with the folder structure kept for any subfolders, and files are not
  renamed"; the folders are named `Full Name_participantid_assignsubmission_file_`.
- Gradescope, "Export Submissions" (as Otter-Grader's `otter grade` documents reading it):
  `submission_<id>/` folders beside `submission_metadata.yml`, which maps each folder to
  `:submitters:` with `:name:`, `:sid:` and `:email:`.
"""

import os

from rnn_bptt import roster


def write(path, text="def rnn_step(x, h, U, W, b):\n    pass\n", age=0):
    """Write a file; `age` seconds in the past (the newest file has age 0)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    stamp = 1_700_000_000 - age
    os.utime(path, (stamp, stamp))
    return path


def test_a_folder_file_by_file_and_student_folders_at_any_depth(tmp_path):
    write(tmp_path / "b.py")
    write(tmp_path / "a.ipynb", "{}")
    write(tmp_path / "notes.txt", "to do")
    write(tmp_path / ".hidden.py")
    write(tmp_path / "student_c" / "src" / "deep" / "rnn.py")
    write(tmp_path / "student_c" / "report.pdf", "%PDF")
    write(tmp_path / "student_c" / ".ipynb_checkpoints" / "rnn-checkpoint.ipynb", "{}")
    write(tmp_path / "student_d" / "README.md", "nothing here")

    entries, skipped = roster.find([str(tmp_path)])

    by_key = {entry.key: entry for entry in entries}
    assert list(by_key) == [str(tmp_path / "a.ipynb"), str(tmp_path / "b.py"),
                            str(tmp_path / "student_c"), str(tmp_path / "student_d")]
    assert by_key[str(tmp_path / "student_c")].files == [
        str(tmp_path / "student_c" / "src" / "deep" / "rnn.py")]
    assert by_key[str(tmp_path / "student_c")].students == [{"name": "student_c"}]
    assert by_key[str(tmp_path / "student_d")].files == []   # a student with nothing: a row
    reasons = {os.path.relpath(item["path"], tmp_path): item["reason"] for item in skipped}
    assert reasons == {
        "notes.txt": "not a .py or .ipynb file",
        os.path.join("student_c", "report.pdf"): "not a .py or .ipynb file",
        os.path.join("student_c", ".ipynb_checkpoints"): "Jupyter's automatic checkpoint copies",
        os.path.join("student_d", "README.md"): "not a .py or .ipynb file"}


def test_a_file_named_twice_is_one_submission_and_an_empty_folder_is_kept(tmp_path):
    path = write(tmp_path / "rnn.py")
    (tmp_path / "empty").mkdir()
    entries, skipped = roster.find([str(path), str(tmp_path / "empty"), str(path)])
    assert [(entry.key, entry.files) for entry in entries] == [
        (str(path), [str(path)]), (str(tmp_path / "empty"), [])]
    assert skipped == []


def test_canvas_files_are_grouped_by_user_with_late_flags_and_resubmissions(tmp_path):
    # Canvas's pattern: name_[LATE_]userid_submissionid_file, resubmissions suffixed -1, -2.
    write(tmp_path / "doejane_123456_7890001_rnn.py", age=300)
    write(tmp_path / "doejane_LATE_123456_7890002_rnn-1.py", age=200)
    write(tmp_path / "doejane_123456_7890001_helpers.py", age=300)
    write(tmp_path / "smithjohn_234567_7890003_rnn.ipynb", "{}", age=100)
    write(tmp_path / "smithjohn_234567_7890003_Notes.pdf", "%PDF", age=100)

    entries, skipped = roster.find([str(tmp_path)])

    jane, john = entries
    assert jane.source == john.source == "canvas"
    assert jane.students == [{"name": "doejane", "id": "123456"}] and jane.late is True
    assert john.students == [{"name": "smithjohn", "id": "234567"}] and john.late is False
    # Newest first: the resubmission, then the first submission's files.
    assert [os.path.basename(path) for path in jane.files] == [
        "doejane_LATE_123456_7890002_rnn-1.py", "doejane_123456_7890001_helpers.py",
        "doejane_123456_7890001_rnn.py"]
    assert jane.key == jane.files[0]
    assert [item["reason"] for item in skipped] == ["not a .py or .ipynb file"]


def test_moodle_folders_name_the_participant_and_merge_a_second_plugin(tmp_path):
    # "Full Name_participantid_assignsubmission_file_", one folder per plugin.
    write(tmp_path / "Jane Doe_4567_assignsubmission_file_" / "rnn.py", age=50)
    write(tmp_path / "Jane Doe_4567_assignsubmission_onlinetext_" / "onlinetext.html", "<p>")
    write(tmp_path / "John Smith_4568_assignsubmission_file_" / "week3" / "rnn.ipynb", "{}")
    write(tmp_path / "John Smith_4568_assignsubmission_file_" / "rnn_v2.ipynb", "{}", age=10)

    entries, skipped = roster.find([str(tmp_path)])

    jane, john = entries
    assert (jane.source, jane.students) == ("moodle", [{"name": "Jane Doe", "id": "4567"}])
    assert jane.files == [str(tmp_path / "Jane Doe_4567_assignsubmission_file_" / "rnn.py")]
    assert john.students == [{"name": "John Smith", "id": "4568"}]
    assert [os.path.basename(path) for path in john.files] == ["rnn.ipynb", "rnn_v2.ipynb"]
    assert [os.path.basename(item["path"]) for item in skipped] == ["onlinetext.html"]


GRADESCOPE_METADATA = """\
submission_101:
  :submitters:
  - :name: Solo Student
    :sid: '100'
    :email: solo@example.edu
  :created_at: 2024-10-01 12:00:00.000000000 -07:00
  :score: 0.0
submission_102:
  :submitters:
  - :name: Pair One
    :sid: '200'
    :email: one@example.edu
  - :name: Pair Two
    :sid: '201'
    :email: two@example.edu
  :created_at: 2024-10-02 12:00:00.000000000 -07:00
submission_103:
  :submitters:
  - :name: No Files
    :sid: '300'
"""


def test_a_gradescope_export_names_each_submissions_submitters(tmp_path):
    export = tmp_path / "assignment_42_export"
    write(export / "submission_metadata.yml", GRADESCOPE_METADATA)
    write(export / "submission_101" / "rnn.py")
    write(export / "submission_102" / "code" / "rnn.py")
    write(export / "submission_102" / "writeup.pdf", "%PDF")
    (export / "submission_103").mkdir()

    # The export folder itself, or the folder that holds it, is recognised.
    for argument in (export, tmp_path):
        entries, skipped = roster.find([str(argument)])
        solo, pair, none = entries
        assert {entry.source for entry in entries} == {"gradescope"}
        assert solo.students == [{"name": "Solo Student", "sis_id": "100",
                                  "email": "solo@example.edu"}]
        assert [student["sis_id"] for student in pair.students] == ["200", "201"]
        assert pair.files == [str(export / "submission_102" / "code" / "rnn.py")]
        assert none.files == [] and none.key == str(export / "submission_103")
        assert [os.path.basename(item["path"]) for item in skipped] == ["writeup.pdf"]


def test_unreadable_gradescope_metadata_is_said_and_its_folders_still_graded(tmp_path):
    write(tmp_path / "submission_metadata.yml", "submission_1: [unclosed")
    write(tmp_path / "submission_1" / "rnn.py")
    entries, skipped = roster.find([str(tmp_path)])
    assert [entry.key for entry in entries] == [str(tmp_path / "submission_1")]
    assert "Gradescope metadata that cannot be read" in skipped[0]["reason"]


def test_symbolic_links_in_a_class_folder_are_skipped_never_followed(tmp_path):
    secret = write(tmp_path / "elsewhere" / "answers.py")
    write(tmp_path / "class" / "ann" / "rnn.py")
    os.symlink(secret, tmp_path / "class" / "ann" / "helper.py")
    os.symlink(tmp_path / "elsewhere", tmp_path / "class" / "ann" / "lib")
    os.symlink(tmp_path / "elsewhere", tmp_path / "class" / "bo")
    entries, skipped = roster.find([str(tmp_path / "class")])
    assert [(entry.key, entry.files) for entry in entries] == [
        (str(tmp_path / "class" / "ann"), [str(tmp_path / "class" / "ann" / "rnn.py")])]
    assert sorted(os.path.relpath(item["path"], tmp_path / "class") for item in skipped) == [
        os.path.join("ann", "helper.py"), os.path.join("ann", "lib"), "bo"]
    assert {item["reason"] for item in skipped} == {roster.LINK}
