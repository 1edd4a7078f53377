"""What a result was graded from, so that `--resume` keeps a result only while it still holds.

A record remembers its submission's content (a hash of its files' names and bytes) and its
grader: the package's version, a hash of the hidden suites and of what they compare with (the
cases and the reference), and the options that change scores. `--resume` grades again a
submission whose content or grader changed since its record was written, and says which.
"""

import hashlib
import importlib.metadata
import os
from pathlib import Path

from rnn_bptt import DISTRIBUTION


def content_hash(files):
    """A hash of the submission's candidate `files`: their names and bytes (a symbolic link by
    its target's name, never followed; an unreadable file by its error)."""
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(os.path.basename(path).encode("utf-8", "surrogateescape") + b"\0")
        try:
            if os.path.islink(path):
                digest.update(b"link:" + os.readlink(path).encode("utf-8", "surrogateescape"))
            else:
                with open(path, "rb") as file:
                    for block in iter(lambda: file.read(1 << 16), b""):
                        digest.update(block)
        except OSError as error:
            digest.update(f"unreadable: {error.strerror}".encode())
        digest.update(b"\0")
    return digest.hexdigest()


def suites_hash():
    """A hash of the hidden suites, the cases and the reference, as installed."""
    from rnn_bptt import cases, fairness, hidden, solutions

    # What decides a score besides the submission: the hidden suites, the inputs and answers
    # they compare with, and error carried forward.
    paths = [*sorted(Path(hidden.__file__).parent.glob("*.py")), Path(cases.__file__),
             Path(fairness.__file__), Path(solutions.REFERENCE)]
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def version():
    try:
        return importlib.metadata.version(DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def grader(call_timeout, total_timeout, max_file_size):
    """The grader's identity for a record: what, besides the submission, decides its score
    (`max_file_size` in MB, as --max-file-size takes it: a larger file scores zero)."""
    return {"version": version(), "suites": suites_hash(),
            "options": {"timeout": call_timeout, "total_timeout": total_timeout,
                        "max_file_size": max_file_size}}


def why_regrade(record, content, identity):
    """Why `record` (read back from --json) no longer holds for a submission whose files now
    hash to `content`, graded by `identity`: a short reason, or None to keep it."""
    if not record.get("graded", True):
        return "the grader failed on it"
    if record.get("content_hash") != content:
        return ("its files changed since it was graded" if record.get("content_hash")
                else "its result does not say what it graded")
    previous = record.get("grader") or {}
    if previous.get("version") != identity["version"]:
        return (f"graded by version {previous.get('version', 'unknown')} of the grader, "
                f"this is {identity['version']}")
    if previous.get("suites") != identity["suites"]:
        return "the hidden tests changed since it was graded"
    if previous.get("options") != identity["options"]:
        changed = ", ".join(f"--{name.replace('_', '-')} {previous.get('options', {}).get(name)}"
                            f" now {value}" for name, value in identity["options"].items()
                            if previous.get("options", {}).get(name) != value)
        return f"graded with other options ({changed})"
    return None
