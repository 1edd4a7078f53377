"""A class's submissions, as learning management systems export them: who submitted what.

A folder given on the command line holds submissions two ways. Each `.py` or `.ipynb` file
directly in it is one submission; each folder in it is one student's submission, named by the
folder, whatever depth its files sit at inside it. Three exports are recognised by their names:

- Canvas ("Download Submissions"): flat files named `name_[LATE_]userid_submissionid_file`, a
  resubmitted file's name ending `-1`, `-2`...: `doejane_LATE_123456_7890123_rnn-1.py`. One
  student's files (same user id) are one submission, with its user id and late flag.
- Moodle ("Download submissions in folders"): one folder per student and plugin, named
  `Full Name_participantid_assignsubmission_file_`. Two folders of one participant are one
  submission.
- Gradescope ("Export Submissions"): `submission_metadata.yml` beside `submission_<id>/`
  folders names each submission's submitters (name, SID, email); a group submission is every
  submitter's.

Nothing here reads a submission's content or decides which of a student's files is graded: a
student's candidate files are listed newest first, and the grader loads each in the sandbox and
grades the one that defines the most functions (rnn_bptt.grading.grade_entry). Files that are not
submissions (notes, PDFs, Jupyter's checkpoint copies) are returned as skipped, with the reason.
"""

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from rnn_bptt.submissions import SUFFIXES

GRADESCOPE_METADATA = "submission_metadata.yml"

# Canvas: name (lower case, no spaces), LATE_ if late, user id, submission (attachment) id, the
# student's own file name, which Canvas suffixes -1, -2... when a file of that name is resubmitted.
CANVAS_NAME = re.compile(r"^(?P<name>[^_]+)_(?P<late>LATE_)?(?P<user_id>\d+)_(?P<submission_id>\d+)"
                         r"_(?P<file>.+)$")
RESUBMISSION = re.compile(r"-(?P<number>\d+)$")
# Moodle: "Full Name_participantid_assignsubmission_plugin_" (the plugin: file, onlinetext...).
MOODLE_FOLDER = re.compile(r"^(?P<name>.+)_(?P<participant>\d+)_assignsubmission_[a-z]+_?$")
# A link could point anywhere on the grading machine (the reference, /etc/shadow): never followed.
LINK = "a symbolic link, which the grader does not follow"
# Folders inside a student's folder that hold no submission of theirs.
NOT_THEIRS = {"__pycache__": "Python's cache of compiled files",
              ".ipynb_checkpoints": "Jupyter's automatic checkpoint copies",
              "__MACOSX": "macOS's zip metadata"}


@dataclass
class Entry:
    """One student's submission (or one loose file): what the grader grades as one row.

    `key` is the row's "submission" in the results: the file's path, the student's folder, or
    for a Canvas student the path of their newest file. `files` are the candidate files, newest
    first; empty when the student's folder holds none (the row then says so)."""
    key: str
    files: list = field(default_factory=list)
    students: list = field(default_factory=list)  # dicts: name, and id, sis_id, email if known
    source: str = "file"      # "file", "folder", "canvas", "moodle" or "gradescope"
    late: bool | None = None  # where the export says
    content_hash: str | None = None   # set by whoever reads the files (rnn_bptt.fingerprint)

    def identity(self):
        """The record's fields that say whose submission this is."""
        return {"students": self.students, "source": self.source, "late": self.late}


def find(arguments):
    """The Entries and skipped files of command-line `arguments` (each an existing path).

    Returns (entries, skipped): entries in the order found, each submission once; skipped a
    list of {"path", "reason"} for files that are not submissions."""
    entries, skipped = {}, []
    for argument in arguments:
        path = Path(argument)
        if not path.is_dir():
            add(entries, loose_file(argument))
        elif (path / GRADESCOPE_METADATA).is_file():
            for entry in gradescope_export(path, skipped):
                add(entries, entry)
        else:
            for entry in folder_entries(path, skipped):
                add(entries, entry)
    return list(entries.values()), skipped


def add(entries, entry):
    entries.setdefault(entry.key, entry)


def loose_file(path):
    """A file named on the command line (or inside a given folder, not Canvas-named)."""
    return Entry(key=str(path), files=[str(path)], students=[{"name": Path(path).stem}])


def folder_entries(folder, skipped):
    """The submissions of a folder given on the command line."""
    canvas, moodle = {}, {}   # user id -> Entry, participant id -> Entry
    found_any = False
    for item in sorted(os.scandir(folder), key=lambda item: item.name):
        path = Path(folder) / item.name
        if item.name.startswith(".") or item.name in NOT_THEIRS:
            continue
        if item.is_dir(follow_symlinks=False):
            found_any = True
            if (path / GRADESCOPE_METADATA).is_file():
                yield from gradescope_export(path, skipped)
                continue
            entry = student_folder(path, skipped)
            if entry.source == "moodle":   # a participant's second folder (another plugin's)
                participant = entry.students[0]["id"]
                if participant in moodle:
                    first = moodle[participant]
                    first.files = sorted(first.files + entry.files, key=newest_first_key)
                    continue
                moodle[participant] = entry
            yield entry
        elif item.is_symlink() and not item.name.endswith(SUFFIXES):
            skipped.append(skip(path, LINK))
        elif not item.name.endswith(SUFFIXES):
            skipped.append(skip(path, "not a .py or .ipynb file"))
        elif (match := CANVAS_NAME.match(item.name)):
            found_any = True
            user_id = match["user_id"]
            if user_id not in canvas:
                canvas[user_id] = Entry(key=str(path), source="canvas", late=False,
                                        students=[{"name": match["name"], "id": user_id}])
            entry = canvas[user_id]
            entry.files.append(str(path))
            entry.late = entry.late or bool(match["late"])
        else:
            found_any = True
            yield loose_file(path)
    if not found_any:   # kept, so that the results say so instead of grading nothing
        yield Entry(key=str(folder), source="folder", students=[{"name": Path(folder).name}])
    for entry in canvas.values():
        entry.files.sort(key=canvas_order, reverse=True)
        entry.key = entry.files[0]   # the newest file names the student's row
        yield entry


def canvas_order(path):
    """How recent a Canvas file is: its submission id, then its resubmission number."""
    match = CANVAS_NAME.match(Path(path).name)
    resubmitted = RESUBMISSION.search(Path(match["file"]).stem)
    return int(match["submission_id"]), int(resubmitted["number"]) if resubmitted else 0


def student_folder(folder, skipped):
    """One student's folder: every .py and .ipynb inside, at any depth, newest first."""
    match = MOODLE_FOLDER.match(folder.name)
    entry = (Entry(key=str(folder), source="moodle",
                   students=[{"name": match["name"], "id": match["participant"]}])
             if match else Entry(key=str(folder), source="folder",
                                 students=[{"name": folder.name}]))
    entry.files = candidate_files(folder, skipped)
    return entry


def candidate_files(folder, skipped):
    """The .py and .ipynb files anywhere in `folder`, newest first (the others skipped)."""
    found = []
    for root, folders, files in os.walk(folder):
        for name in sorted(folders):
            if name in NOT_THEIRS or name.startswith(".") or os.path.islink(Path(root) / name):
                reason = (LINK if os.path.islink(Path(root) / name)
                          else NOT_THEIRS.get(name, "a hidden folder"))
                skipped.append(skip(Path(root) / name, reason))
        folders[:] = sorted(name for name in folders
                            if name not in NOT_THEIRS and not name.startswith(".")
                            and not os.path.islink(Path(root) / name))
        for name in sorted(files):
            path = Path(root) / name
            if name.startswith("."):
                skipped.append(skip(path, "a hidden file"))
            elif os.path.islink(path):
                skipped.append(skip(path, LINK))
            elif not name.endswith(SUFFIXES):
                skipped.append(skip(path, "not a .py or .ipynb file"))
            else:
                found.append(str(path))
    return sorted(found, key=newest_first_key)


def newest_first_key(path):
    """Sorts a student's files newest first: Canvas's resubmission order where the names have
    it, else the time the file was last written (an export keeps the upload time)."""
    match = CANVAS_NAME.match(Path(path).name)
    order = canvas_order(path) if match else (0, 0)
    try:
        written = os.stat(path, follow_symlinks=False).st_mtime
    except OSError:
        written = 0.0
    return tuple(-number for number in order) + (-written, path)


def gradescope_export(folder, skipped):
    """The submissions of a Gradescope export: its metadata's submitters, its folders' files."""
    import yaml   # only Gradescope exports need it

    metadata_path = Path(folder) / GRADESCOPE_METADATA
    try:
        metadata = yaml.safe_load(metadata_path.read_text(encoding="utf-8")) or {}
        if not isinstance(metadata, dict):
            raise ValueError("it is not a mapping of submission folders")
    except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError) as error:
        first = str(error).splitlines()[0] if str(error) else type(error).__name__
        skipped.append(skip(metadata_path, f"Gradescope metadata that cannot be read ({first}); "
                                           f"its folders are graded as students' folders"))
        yield from (student_folder(Path(folder) / name, skipped)
                    for name in sorted(os.listdir(folder))
                    if (Path(folder) / name).is_dir() and not name.startswith("."))
        return
    described = set()
    for name, details in metadata.items():
        described.add(str(name))
        submitters = symbol(details, "submitters") if isinstance(details, dict) else None
        students = [gradescope_student(person) for person in submitters or []
                    if isinstance(person, dict)]
        path = Path(folder) / str(name)
        entry = Entry(key=str(path), source="gradescope", students=students or [{"name": name}])
        entry.files = candidate_files(path, skipped) if path.is_dir() else []
        yield entry
    for item in sorted(os.listdir(folder)):
        path = Path(folder) / item
        if item == GRADESCOPE_METADATA or item in described or item.startswith("."):
            continue
        if path.is_dir():
            yield student_folder(path, skipped)   # a folder the metadata does not name
        elif item.endswith(SUFFIXES):
            yield loose_file(path)
        else:
            skipped.append(skip(path, "not a .py or .ipynb file"))


def symbol(mapping, name):
    """The value of key `name` in Gradescope's metadata, whose keys are Ruby symbols written
    `:name:` (read by YAML as ":name"), or plain."""
    return mapping.get(f":{name}", mapping.get(name))


def gradescope_student(person):
    """A submitter of Gradescope's metadata."""
    fields = {"name": symbol(person, "name"), "sis_id": symbol(person, "sid"),
              "email": symbol(person, "email")}
    return {key: str(value) for key, value in fields.items() if value not in (None, "")}


def skip(path, reason):
    return {"path": str(path), "reason": reason}
