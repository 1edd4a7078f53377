"""What the two Gradescope autograders give the cheats of tests/corpus/cheats.

    python benchmarks/otter_cheats.py [--python /usr/bin/python3.11] [NAME...]   (as root)

The native autograder runs `rnn-autograder grade`'s engine and sandbox, so a cheat scores there
what `rnn-autograder grade` gives it (tests/test_gradescope.py checks it, and test_tampering.py
that this is what the file scores without its cheat). The Otter autograder runs its tests in the
student's own process, so this runs each cheat through `otter run` with the Otter zip of
`rnn-autograder build`, and prints one row per cheat: the points the grader gives it, and
Otter's.

Otter has no sandbox, and these cheats fork two thousand processes, return gigabytes, write
files where results are kept and kill their parents; so Otter runs here as an unprivileged user
of its own (setpriv) with limits on its processes and memory (prlimit), from a virtual
environment that user can read, made with --python (any Python outside a private home folder)
at this environment's versions. On Gradescope Otter runs as root, where those cheats reach
further.
"""

import argparse
import importlib.metadata
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rnn_bptt import corpus, feedback, hidden
from rnn_bptt.build import bundle

OTTER_USER = 1_400_000_000 + os.getpid()   # a uid no account or other process has
OTTER_PROCESSES = 256                       # the fork bomb stops there
OTTER_MEMORY = 6 * 2**30                    # bytes of address space: huge_return stops there
OTTER_TIMEOUT = 600                         # seconds; `otter run` itself has no limit
# Where the fake-results cheat writes, among places Otter's user may write: removed afterwards.
WRITABLE_TRACES = [Path("/tmp/results.json"), Path("/tmp/rnn-cheat-results.json")]


def run(command, **options):
    finished = subprocess.run(command, capture_output=True, text=True, **options)
    if finished.returncode != 0:
        sys.exit(f"{' '.join(map(str, command))} failed:\n{finished.stdout}{finished.stderr}")
    return finished


def otter_environment(python, folder):
    """A virtual environment with Otter and what the autograder imports (Otter, NumPy and
    matplotlib at the versions installed here), readable by Otter's user."""
    run([python, "-m", "venv", str(folder)])
    pins = [f"{name}=={importlib.metadata.version(name)}"
            for name in ("otter-grader", "numpy", "matplotlib")]
    run([str(folder / "bin" / "python"), "-m", "pip", "install", "--quiet",
         "--disable-pip-version-check", "ipykernel", *pins,
         f"otter-grader[grading]=={importlib.metadata.version('otter-grader')}"])
    return folder / "bin" / "otter"


def processes_of(uid):
    """The pids of every process of user `uid`."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                status = (entry / "status").read_text()
            except OSError:
                continue
            if any(line.split()[1] == str(uid) for line in status.splitlines()
                   if line.startswith("Uid:")):
                pids.append(int(entry.name))
    return pids


def stop_leftovers(uid):
    """Kill what an Otter run left behind (the fork bomb's sleepers): our own user's processes."""
    for pid in processes_of(uid):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    for trace in WRITABLE_TRACES:
        if trace.exists() and trace.stat().st_uid == uid:
            trace.unlink()


def otter_score(otter, autograder_zip, path, output, home):
    """`otter run` on one submission as Otter's user: (score, note)."""
    output.mkdir()
    os.chown(output, OTTER_USER, OTTER_USER)
    command = ["setpriv", f"--reuid={OTTER_USER}", f"--regid={OTTER_USER}", "--clear-groups",
               "prlimit", f"--nproc={OTTER_PROCESSES}", f"--as={OTTER_MEMORY}", "--",
               str(otter), "run", "--no-logo", "-a", str(autograder_zip), "-o", str(output),
               str(path)]
    environment = {"HOME": str(home), "PATH": f"{otter.parent}:/usr/bin:/bin",
                   "LC_ALL": "C.UTF-8", "MPLBACKEND": "Agg", "USER": "otter", "LOGNAME": "otter"}
    started = time.perf_counter()
    try:
        finished = subprocess.run(command, cwd=output, env=environment, capture_output=True,
                                  text=True, timeout=OTTER_TIMEOUT)
        note = "" if finished.returncode == 0 else \
            f"exit {finished.returncode}: {(finished.stderr.strip().splitlines() or [''])[-1]}"
    except subprocess.TimeoutExpired:
        note = f"stopped after {OTTER_TIMEOUT} s"
    finally:
        stop_leftovers(OTTER_USER)
    seconds = time.perf_counter() - started
    results = output / "results.json"
    if not results.exists():
        return None, f"no results ({note or 'none written'}), {seconds:.0f} s"
    tests = json.loads(results.read_text(encoding="utf-8"))["tests"]
    return sum(test["score"] for test in tests if "max_score" in test), \
        f"{note + ', ' if note else ''}{seconds:.0f} s"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--python", default="/usr/bin/python3",
                        help="the Python of Otter's environment (default: %(default)s)")
    parser.add_argument("cheats", nargs="*", metavar="NAME",
                        help="only these cheats (default: all of tests/corpus/cheats)")
    args = parser.parse_args()
    if os.geteuid() != 0 or not shutil.which("setpriv"):
        sys.exit("run this as root, with setpriv (util-linux): Otter runs the cheats as a "
                 "user of its own")
    scratch = Path(tempfile.mkdtemp(prefix="rnn-otter-cheats-"))
    try:
        scratch.chmod(0o755)
        print("Making Otter's environment...", file=sys.stderr)
        otter = otter_environment(args.python, scratch / "venv")
        bundle.build_autograder(scratch / "autograder", hidden.all_tests(), feedback.question_of,
                                list(feedback.FUNCTIONS))
        autograder_zip = scratch / "autograder" / "autograder.zip"
        cheats = scratch / "cheats"
        cheats.mkdir()
        paths = []
        for entry in corpus.entries("cheats"):
            if args.cheats and entry.stem not in args.cheats:
                continue
            paths.append(cheats / entry.name)
            paths[-1].write_text(corpus.compose(entry), encoding="utf-8")
        grade_json = scratch / "grade.json"
        run([sys.executable, "-m", "rnn_bptt.cli", "grade", *map(str, paths), "--json",
             str(grade_json)])
        grader = {Path(record["submission"]).name: record["score"] for record in
                  json.loads(grade_json.read_text(encoding="utf-8"))["submissions"]}
        home = scratch / "home"
        home.mkdir()
        os.chown(home, OTTER_USER, OTTER_USER)
        print(f"{'cheat':24} {'grader':>7} {'otter':>7}  otter run")
        for path in paths:
            score, note = otter_score(otter, autograder_zip, path, scratch / f"otter-{path.stem}",
                                      home)
            shown = "-" if score is None else f"{score:g}"
            print(f"{path.stem:24} {grader[path.name]:>7g} {shown:>7}  {note}", flush=True)
    finally:
        stop_leftovers(OTTER_USER)
        shutil.rmtree(scratch, ignore_errors=True)


def stop(signal_number, frame):
    raise SystemExit(f"stopped by signal {signal_number}")   # so that the cleanup runs


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, stop)
    main()
