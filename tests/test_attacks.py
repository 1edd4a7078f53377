"""The attacks of issue 12 on `rnn-autograder grade`, each blocked, and each layer's fallback.

- shared IPC and network: a correct submission publishes its source through SysV shared memory,
  an abstract unix socket and loopback TCP; a submission that looks it up scores what it scores
  without looking, in the same batch and in a later one, with any one of the two layers that
  block it (namespaces, seccomp) forced off, and nothing it created outlives it;
- starving a neighbour: a slow but correct submission's calls all succeed while another runs
  processes that spin, with or without cgroups;
- a forged reply: the worker and its children end, the submission is graded, the command
  exits 0;
- student text and file names: every output is written for every submission, and nothing
  raw reaches the terminal;
- symlinks and huge files: reported by name, never read; the grader's memory stays small;
- output files: the user's umask, no temporary file left, a bad path is exit 2 before grading;
- as an unprivileged user, and with layers forced off: no cheat raises its score wherever the
  isolation report says the layer it needs holds, and the report says plainly what does not.
"""

import csv
import json
import os
import resource
import shutil
import socket
import stat
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from processes import live_processes
import rnn_bptt.hidden
from rnn_bptt import corpus, fairness, report
from rnn_bptt.feedback import Failure
from rnn_bptt.sandbox.client import Zygote
from rnn_bptt.sandbox.jail import OWN_USERS
from rnn_bptt.sandbox.layers import LAYERS
from rnn_bptt.solutions import rnn as reference

REPO = Path(__file__).resolve().parents[1]
REFERENCE = (REPO / "solutions" / "rnn.py").read_text(encoding="utf-8")
AS_ROOT = os.geteuid() == 0
CHEATS = {path.stem: path for path in corpus.entries("cheats")}
SHM_KEY, ABSTRACT, PORT = 0x524E4E, "\0rnn-published-answers", 47011
X = np.random.default_rng(0).normal(size=(3, 2, 4))


def without_cheat(source):
    lines = source.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.strip() == "# BEGIN CHEAT")
    end = next(i for i, line in enumerate(lines) if line.strip() == "# END CHEAT")
    return "".join(lines[:start] + lines[end + 1:])


@pytest.fixture(scope="module")
def tests():
    return rnn_bptt.hidden.all_tests()


def score(zygote, tests, source):
    with zygote.load(source, "rnn.py", call_timeout=2.0) as student:
        return sum(result.points for result in fairness.grade(tests, student, reference))


# --------------------------------------------------------------------------------------------
# Shared IPC and network
# --------------------------------------------------------------------------------------------

PUBLISHER = REFERENCE + f'''
import ctypes, socket, threading
_SOURCE = {REFERENCE!r}.encode()
def _serve(family, address):
    try:
        server = socket.socket(family, socket.SOCK_STREAM)
        server.bind(address)
        server.listen()
        while True:
            connection, _ = server.accept()
            connection.sendall(_SOURCE)
            connection.close()
    except OSError:
        pass
try:
    _libc = ctypes.CDLL(None, use_errno=True)
    _libc.shmat.restype = ctypes.c_void_p
    _segment = _libc.shmget({SHM_KEY}, len(_SOURCE) + 1, 0o1666)
    if _segment >= 0:
        ctypes.memmove(_libc.shmat(_segment, None, 0), _SOURCE, len(_SOURCE))
except Exception:
    pass
for _address in ((socket.AF_UNIX, {ABSTRACT!r}), (socket.AF_INET, ("127.0.0.1", {PORT}))):
    try:
        threading.Thread(target=_serve, args=_address, daemon=True).start()
    except RuntimeError:
        pass
'''


def shared_memory_segments():
    return Path("/proc/sysvipc/shm").read_text().splitlines()[1:]


@pytest.fixture()
def host_server():
    """A server of the host on loopback that hands the reference to whoever connects: what a
    submission could reach on the grading machine's network."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", PORT))
    server.listen()
    server.settimeout(0.2)
    stop = threading.Event()

    def serve():
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except OSError:
                continue
            connection.sendall(REFERENCE.encode())
            connection.close()
    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield
    stop.set()
    thread.join()
    server.close()


@pytest.mark.parametrize("off", [[], ["namespaces", "landlock"], ["seccomp", "landlock"]],
                         ids=["all layers", "seccomp alone", "namespaces alone"])
def test_a_published_answer_cannot_be_looked_up(tests, off, host_server):
    lookup = corpus.compose(CHEATS["ipc_lookup"])
    segments = shared_memory_segments()
    # Two grader processes of one batch, each with its zygote, grading at the same time.
    with Zygote(off=off) as theirs, Zygote(off=off) as ours:
        if ours.isolation_details["layers"]["namespaces"] is False and "namespaces" not in off:
            pytest.skip("this machine gives no namespaces")
        alone = score(ours, tests, without_cheat(lookup))
        with theirs.load(PUBLISHER, "published.py") as publisher:
            assert publisher.softmax(X).shape == X.shape   # it is up and serving
            assert score(ours, tests, lookup) == alone     # at the same time
        assert score(theirs, tests, lookup) == alone       # next, in the publisher's zygote
    assert shared_memory_segments() == segments            # nothing outlived the publisher
    with Zygote(off=off) as later:
        assert score(later, tests, lookup) == alone         # a later batch


# --------------------------------------------------------------------------------------------
# Starving a neighbour
# --------------------------------------------------------------------------------------------

# Correct, but each call of softmax computes for 0.3 s of CPU time: slow, within its 1 s limit.
SLOW = REFERENCE + '''
import time as _time
_fast_softmax = softmax
def softmax(Z):
    started = _time.process_time()
    while _time.process_time() - started < 0.3:
        pass
    return _fast_softmax(Z)
'''


@pytest.mark.parametrize("off", [[], ["cgroups"]], ids=["all layers", "without cgroups"])
def test_a_neighbour_that_spins_processes_cannot_fail_a_slow_correct_submission(off):
    starver = corpus.compose(CHEATS["fork_and_spin"])
    # Each grader process of a batch has a zygote of its own, as here.
    with Zygote(off=off) as theirs, Zygote(off=off) as ours:
        with theirs.load(starver, "starver.py") as neighbour, \
                ours.load(SLOW, "slow.py", call_timeout=1.0) as slow:
            assert neighbour.load_failure is None
            for _ in range(4):   # each call is right, however slowly it runs
                assert np.allclose(slow.softmax(X), reference.softmax(X))


# --------------------------------------------------------------------------------------------
# A forged reply
# --------------------------------------------------------------------------------------------


# Replies no honest worker sends, written onto the grader's connection by the submission's own
# code, as it loads or during a call: wrong types, unhashable names, bad frames, truncated data.
FORGED = [
    {"functions": [["softmax"]], "load_error": None, "unreached": []},
    {"functions": ["softmax"], "load_error": None, "unreached": [{"a": 1}]},
    {"functions": ["softmax"], "load_error": 3, "unreached": []},
    {"needs_modules": [["numpy"], "antigravity", "../../x", 1]},
    {"value": [{"array": ["<f8", [10**12], 0, False]}], "called": [[1]]},
    {"value": [{"array": ["|O", [1], 0, False]}], "called": []},
    {"value": [{"dict": [[["k"], 1]]}], "called": []},
    {"stand_in": "softmax", "value": [[], {}]},
    {"error": ["ValueError", ["not", "text"], "x", None, None]},
    {"timeout": ["softmax"], "clock": {}},
    "not a dict",
]
BAD_FRAMES = [b"\xff" * 12, b"\x00\x00\x00\x05" + b"\x00" * 8 + b"{\"a\"", b"\x00" * 12]


@pytest.mark.parametrize("frame", [*(("json", reply) for reply in FORGED),
                                   *(("raw", frame) for frame in BAD_FRAMES)],
                         ids=[*(f"reply-{index}" for index in range(len(FORGED))),
                              *(f"frame-{index}" for index in range(len(BAD_FRAMES)))])
@pytest.mark.parametrize("when", ["load", "call"])
def test_any_forged_exchange_fails_only_its_submission(tests, frame, when):
    kind, content = frame
    if kind == "json":
        header = json.dumps(content).encode()
        content = struct.pack("!IQ", len(header), 0) + header
    forge = f"__import__('os').write(3, {content!r})"
    source = (REFERENCE + "\n" + forge + "\n" if when == "load" else REFERENCE.replace(
        "def softmax(Z):", f"def softmax(Z):\n    {forge}", 1))
    with Zygote() as zygote:
        with zygote.load(source, "forged.py", call_timeout=2.0) as student:
            results = fairness.grade(tests, student, reference)   # raises nothing
    softmax = [result for result in results if result.question == "softmax"]
    assert not all(result.passed for result in softmax)   # the forger lost, and only itself


@pytest.mark.skipif(not AS_ROOT, reason="counting a worker's processes by its user needs root")
def test_a_forged_reply_ends_the_worker_and_all_it_started(monkeypatch):
    forged = corpus.compose(CHEATS["forged_reply"])
    users = set()   # the users of this test's workers (other graders may run on this machine)
    spawn = Zygote.spawn

    def spawn_and_note(self, *args):
        worker = spawn(self, *args)
        users.add(OWN_USERS + worker.pid)
        return worker
    monkeypatch.setattr(Zygote, "spawn", spawn_and_note)
    with Zygote() as zygote:
        with zygote.load(forged, "forged.py") as student:
            with pytest.raises(Failure, match="reply it could not read"):
                student.rnn_forward(X, np.ones((4, 5)), np.ones((5, 5)), np.ones(5))
            assert student.softmax(X).shape == X.shape   # a fresh worker answers
    for _ in range(200):
        if not processes_of(users):
            break
        time.sleep(0.01)
    assert len(users) == 2 and not processes_of(users)


def processes_of(users):
    """The live processes of `users`."""
    return [pid for pid, uid in live_processes().items() if uid in users]


# --------------------------------------------------------------------------------------------
# Through the command: names, text, symlinks, sizes, output files
# --------------------------------------------------------------------------------------------


def grade(*arguments, env=None, user=None):
    """Run `rnn-autograder grade` in a process (as `user`, a list of setpriv options, if
    given): (exit status, stdout, stderr, peak memory of the grader's processes in MB)."""
    command = [sys.executable, "-m", "rnn_bptt.cli", "grade", *map(str, arguments)]
    if user:
        command = ["setpriv", *user, *command]
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    completed = subprocess.run(command, capture_output=True, cwd=REPO,
                               env={**os.environ, **(env or {})})
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (completed.returncode, completed.stdout.decode("utf-8", "replace"),
            completed.stderr.decode("utf-8", "replace"), max(peak, before) / 1024)


def test_student_text_and_file_names_reach_every_output_safely(tmp_path):
    folder = tmp_path / "submissions"
    folder.mkdir()
    spoof = "\x1b[2K\r" + "spoofed.py" + " " * 60 + "100/100"
    sources = {
        b"surrogate.py": REFERENCE + "\nraise ValueError('\\ud800 lone surrogate')\n",
        b"escapes.py": "import numpy as np\ndef softmax(Z):\n    return Z\n"
                       f"raise RuntimeError({spoof!r})\n",
        b"bad\xffname.py": REFERENCE,
        b"esc\x1b[31mred.py": REFERENCE,
        b"new\nline.py": "print('\\x1b]0;title\\x07\\x1b[31m')\n" + REFERENCE,
    }
    for name, source in sources.items():
        with open(os.path.join(os.fsencode(folder), name), "w", encoding="utf-8") as file:
            file.write(source)
    status, out, err, _ = grade(folder, "--json", tmp_path / "r.json", "--csv",
                                tmp_path / "r.csv", "--feedback", tmp_path / "feedback",
                                "--jobs", "2")
    assert status == 0, err
    records = json.loads((tmp_path / "r.json").read_text())["submissions"]
    rows = list(csv.DictReader((tmp_path / "r.csv").open(encoding="utf-8")))
    assert len(records) == len(rows) == len(list((tmp_path / "feedback").iterdir())) == 5
    assert not any(character in out for character in "\x1b\r\x07")
    escapes = next(record for record in records if "escapes" in record["submission"])
    assert escapes["score"] < 100
    table = out.split("\n\n")[0].splitlines()   # the rows, before the legend
    row = next(line for line in table if "escapes.py" in line)
    assert row.split()[-1] == f"{escapes['score']:g}/100"
    assert any("\\xff" in record["submission"] for record in records)


def test_a_file_name_is_never_a_formula_in_the_csv(tmp_path):
    record = {"submission": "=HYPERLINK(\"http://x\").py", "score": 0.0, "max_score": 1.0,
              "questions": {}, "problem": "@SUM(A1)", "warning": None}
    report.write_csv(tmp_path / "r.csv", [record], {})
    [row] = csv.DictReader((tmp_path / "r.csv").open(encoding="utf-8"))
    assert row["submission"] == "'" + record["submission"] and row["problem"] == "'@SUM(A1)"


def test_symlinks_are_reported_by_name_and_never_read(tmp_path):
    folder = tmp_path / "submissions"
    folder.mkdir()
    targets = {"reference.py": REPO / "solutions" / "rnn.py",
               "cases.py": REPO / "autograder" / "cases.py", "shadow.py": Path("/etc/shadow"),
               "passwd.py": Path("/etc/passwd")}
    for name, target in targets.items():
        (folder / name).symlink_to(target)
    status, out, err, _ = grade(folder, folder / "reference.py", "--json", tmp_path / "r.json",
                                "--feedback", tmp_path / "feedback")
    assert status == 0, err
    records = json.loads((tmp_path / "r.json").read_text())["submissions"]
    assert len(records) == len(targets)
    for record in records:
        assert record["score"] == 0 and "symbolic link" in record["problem"]
    written = out + (tmp_path / "r.json").read_text() + "".join(
        path.read_text() for path in (tmp_path / "feedback").iterdir())
    assert "root:" not in written and "def rnn_step" not in written


def test_a_huge_file_is_refused_before_anything_parses_it(tmp_path):
    huge = tmp_path / "huge.py"
    huge.write_text("x = 1\n" * 2_000_000)    # 12 MB
    status, out, err, peak_mb = grade(huge, "--json", tmp_path / "r.json")
    assert status == 0, err
    record = json.loads((tmp_path / "r.json").read_text())["submissions"][0]
    assert record["score"] == 0 and "larger than 1024 kB" in record["problem"]
    assert peak_mb < 1024
    status, _, err, _ = grade(huge, "--max-file-size", "20", "--json", tmp_path / "r.json")
    assert status == 0, err   # allowed now: parsed in the worker, under its limits
    record = json.loads((tmp_path / "r.json").read_text())["submissions"][0]
    assert "larger than" not in (record["problem"] or "")


@pytest.mark.parametrize("option, target", [
    ("--json", "/tmp"), ("--csv", "{tmp}/a_file/out.csv"), ("--feedback", "{tmp}/a_file"),
    ("--json", "/proc/rnn/results.json"),
])
def test_a_bad_output_path_is_one_line_and_exit_2_before_grading(tmp_path, option, target):
    (tmp_path / "a_file").write_text("x")
    before = set(os.listdir("/"))
    status, out, err, _ = grade(REPO / "solutions" / "rnn.py", option,
                                target.format(tmp=tmp_path))
    assert status == 2 and out == "" and len(err.strip().splitlines()) == 1, err
    assert set(os.listdir("/")) == before


def test_output_files_follow_the_umask_and_leave_no_temporary_file(tmp_path):
    outputs = ["--json", tmp_path / "out" / "r.json", "--csv", tmp_path / "out" / "r.csv",
               "--feedback", tmp_path / "out" / "feedback"]
    for mask, mode in ((0o022, 0o644), (0o077, 0o600)):
        previous = os.umask(mask)
        try:
            status, _, err, _ = grade(REPO / "solutions" / "rnn.py", *outputs)
        finally:
            os.umask(previous)
        assert status == 0, err
        files = [path for path in (tmp_path / "out").rglob("*") if path.is_file()]
        assert len(files) == 3 and not [path for path in files if path.name.endswith(".tmp")]
        assert {stat.S_IMODE(path.stat().st_mode) for path in files} == {mode}


# --------------------------------------------------------------------------------------------
# Every fallback: as root and as an unprivileged user, with layers forced off
# --------------------------------------------------------------------------------------------

# What each cheat needs to raise its score: a guarantee of sandbox.layers.guarantees (by its
# first words). The others need nothing any layer gives (the codec, the grader's checks and
# the stand-ins' rules stop them everywhere).
NEEDS = {"search_disk": "read", "import_grader": "read", "kill_parent": "signal",
         "ipc_lookup": "share", "fake_results": "read"}
NOBODY = ["--reuid=65534", "--regid=65534", "--clear-groups",
          # The venv is under /root here: reading it (not writing) is all the grader keeps of
          # root's powers, and the workers drop it with every other capability.
          "--inh-caps=+dac_read_search", "--ambient-caps=+dac_read_search"]
# Each fallback once (the full set, as root, is tests/test_tampering.py): as root, each layer
# forced off in turn; nobody with user namespaces, with Landlock and seccomp only, and with
# seccomp only (files readable: WEAK).
CONFIGURATIONS = [
    *(("root", layer) for layer in LAYERS), ("nobody", ""), ("nobody", "namespaces"),
    ("nobody", "namespaces,landlock"),
]


@pytest.fixture(scope="module")
def cheat_pairs(tmp_path_factory):
    """Every cheat and its honest version, in a folder anyone may read and write."""
    folder = tmp_path_factory.mktemp("cheats")
    os.chmod(folder, 0o777)
    for name, path in CHEATS.items():
        source = corpus.compose(path)
        (folder / f"{name}.py").write_text(source)
        (folder / f"{name}.honest.py").write_text(without_cheat(source))
    return folder


@pytest.mark.slow
@pytest.mark.parametrize("user, off", CONFIGURATIONS, ids=[f"{user}-without-{off or 'nothing'}"
                                                            for user, off in CONFIGURATIONS])
def test_no_cheat_gains_where_the_report_says_its_layer_holds(cheat_pairs, tmp_path, user, off):
    if (user == "root") != AS_ROOT and (user == "root" or not shutil.which("setpriv")):
        pytest.skip("needs the tests to run as root (as CI does)")
    results = tmp_path / "results"
    results.mkdir()
    os.chmod(results, 0o777)
    status, _, err, _ = grade(cheat_pairs, "--json", results / "r.json", "--timeout", "2",
                              env={"RNN_SANDBOX_OFF": off},
                              user=NOBODY if user == "nobody" and AS_ROOT else None)
    assert status == 0, err
    records = {Path(record["submission"]).name: record
               for record in json.loads((results / "r.json").read_text())["submissions"]}
    sandbox = next(iter(records.values()))["sandbox"]
    for name in off.split(",") if off else []:
        assert sandbox["layers"][name] is False and "forced off" in sandbox["missing"][name]
    gained = []
    for name in CHEATS:
        cheat, honest = records[f"{name}.py"], records[f"{name}.honest.py"]
        holds = not any(what.startswith(NEEDS.get(name, "-")) for what in sandbox["can"])
        if holds and cheat["score"] > honest["score"]:
            gained.append(name)
    assert not gained, f"cheats that raised their score: {gained}; isolation: {sandbox}"
    weak = any(what.split()[0] in ("read", "signal", "share", "reach") for what in sandbox["can"])
    assert next(iter(records.values()))["isolation"].startswith("WEAK") == weak
