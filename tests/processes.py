"""The live processes of this machine, read from /proc: for the tests that check a submission's
processes end with it."""

from pathlib import Path


def live_processes():
    """{pid: real uid} of every process that is not a zombie (a zombie has ended; only its
    parent has not reaped it yet)."""
    found = {}
    for entry in Path("/proc").iterdir():
        try:
            status = (entry / "status").read_text() if entry.name.isdigit() else ""
        except OSError:   # it ended while we looked
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if fields and "Z" not in fields.get("State", ""):
            found[int(entry.name)] = int(fields["Uid"].split()[0])
    return found
