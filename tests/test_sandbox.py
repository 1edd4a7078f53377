"""The sandbox's mechanics: the codec, loading, time limits, deaths and recovery, output
capture, the memory limit and the isolation itself (a user of its own in an empty root,
when root).

One zygote serves the whole module, as one serves a whole batch in the grader.
"""

import os
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from processes import live_processes
from rnn_bptt.feedback import Failure
from rnn_bptt.sandbox import codec, jail
from rnn_bptt.sandbox.client import Zygote
from rnn_bptt.sandbox.codec import FRAME, CodecError, TooLarge, Unsupported, decode, encode
from rnn_bptt.sandbox.modules import ON_DEMAND_LIMIT, modules_named, on_demand
from rnn_bptt.sandbox.remote import OUTPUT_LIMIT
from rnn_bptt.solutions import rnn as reference

REPO = Path(__file__).resolve().parents[1]
REFERENCE = (REPO / "solutions" / "rnn.py").read_text(encoding="utf-8")
AS_ROOT = os.geteuid() == 0
RNG = np.random.default_rng(0)
X, U, W, b = RNG.normal(size=(3, 2, 4)), RNG.normal(size=(4, 5)), RNG.normal(size=(5, 5)), \
    RNG.normal(size=5)
FAST = {"call_timeout": 0.5, "cell_timeout": 0.5}   # for the hang tests, not a speed assertion


@pytest.fixture(scope="module")
def zygote():
    with Zygote() as zygote:
        yield zygote


def reference_with(code):
    return REFERENCE + "\n\n" + code


def round_trip(value):
    frame = encode({"value": value})
    header_size, _ = FRAME.unpack(frame[:FRAME.size])
    body = bytearray(frame[FRAME.size:])
    return decode(memoryview(body)[:header_size], memoryview(body)[header_size:])["value"]


# --------------------------------------------------------------------------------------------
# The codec
# --------------------------------------------------------------------------------------------


def test_codec_round_trips_plain_data():
    value = {"U": np.arange(6.0).reshape(2, 3), "mask": np.array([True, False]),
             "ints": np.arange(3, dtype=np.int32), "empty": np.zeros((0, 4)),
             "scalars": (np.float64(1.5), np.int64(-2), np.bool_(True), 3, 2.5, True, None),
             "specials": [float("nan"), float("inf"), -float("inf")], "text": "héllo",
             "nested": [[1, [2, (3,)]], {"a": {}}], "big-endian": np.arange(3, dtype=">f8"),
             "transposed": np.arange(6.0).reshape(2, 3).T}
    back = round_trip(value)
    assert back.keys() == value.keys()
    for key in ("U", "mask", "ints", "empty", "big-endian", "transposed"):
        assert type(back[key]) is np.ndarray
        assert back[key].dtype == value[key].dtype and back[key].shape == value[key].shape
        assert np.array_equal(back[key], value[key])
    assert [type(item) for item in back["scalars"]] == [type(item) for item in value["scalars"]]
    assert back["scalars"] == value["scalars"]
    assert np.isnan(back["specials"][0]) and back["specials"][1:] == [float("inf"), -float("inf")]
    assert back["text"] == "héllo" and back["nested"] == [[1, [2, (3,)]], {"a": {}}]


def test_decoded_arrays_are_writable_and_independent():
    first, second = round_trip([np.zeros(3), np.ones(3)])
    first += 1
    assert np.array_equal(first, np.ones(3)) and np.array_equal(second, np.ones(3))


def test_codec_turns_other_objects_into_inert_markers():
    class Evil(float):
        def __eq__(self, other):
            return True

    class Tensor:
        def __array__(self, dtype=None, copy=None):
            return np.ones(3)

    value = round_trip([Evil(2.0), Tensor(), {1: "int key"}, 1j, lambda: 0,
                        np.array([1, "a"], dtype=object), "x" * 50_000])
    assert type(value[0]) is float and value[0] == 2.0 and value[0] != 3.0
    assert isinstance(value[1], Unsupported) and type(value[1]).__name__ == "Tensor"
    assert type(value[2]).__name__ == "dict" and isinstance(value[2], Unsupported)
    assert isinstance(value[3], Unsupported) and isinstance(value[4], Unsupported)
    assert value[5].dtype == object and value[5].tolist() == [1, "a"]
    assert len(value[6]) == codec.MAX_STRING
    assert np.asarray(value[1]).dtype == object   # a check sees an object, never numbers


def test_codec_limits_depth_and_size():
    deep = []
    for _ in range(codec.MAX_DEPTH + 10):
        deep = [deep]
    assert "deeply_nested_value" in repr(round_trip(deep))
    with pytest.raises(TooLarge):
        encode({"value": np.zeros(1000)}, max_bytes=4000)


@pytest.mark.parametrize("header", [
    b"[1, 2]", b"not json", b'{"value": {"array": ["O", [1], 0, false]}}',
    b'{"value": {"array": ["<f8", [10], 0, false]}}',          # bytes beyond the payload
    b'{"value": {"array": ["<f8", [-1], 0, false]}}',
    b'{"value": {"pickle": "gASV"}}', b'{"value": {"tuple": [], "dict": {}}}',
    b'{"value": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    b'{"value": ' + b"9" * 5000 + b"}",
])
def test_codec_rejects_malformed_messages(header):
    with pytest.raises(CodecError):
        decode(header, bytearray(16))


def test_codec_rejects_oversized_frames():
    with pytest.raises(CodecError):
        codec.frame_sizes(FRAME.pack(10, codec.MAX_MESSAGE_BYTES))


# --------------------------------------------------------------------------------------------
# Loading and calling
# --------------------------------------------------------------------------------------------


def test_reference_runs_and_agrees_with_in_process(zygote):
    import rnn_bptt.solutions.rnn as reference
    with zygote.load(REFERENCE, "rnn.py") as student:
        assert student.load_failure is None
        assert np.array_equal(student.rnn_forward(X, U, W, b), reference.rnn_forward(X, U, W, b))
        params = {"U": U, "W": W, "b": b, "V": RNG.normal(size=(5, 3)), "c": np.zeros(3)}
        Y = RNG.normal(size=(3, 2, 3))
        grads = student.bptt(X, Y, params, "regression")
        assert grads.keys() == params.keys()
        assert isinstance(student.total_loss(X, Y, params, "regression"), float)


def test_changed_arguments_are_reported_by_name(zygote):
    source = reference_with("def bptt(X, Y, params, task):\n    params['W'] += 1\n"
                            "    X[0] = 0\n    return {}\n")
    with zygote.load(source, "rnn.py") as student:
        params = {"U": U, "W": W.copy(), "b": b, "V": np.ones((5, 3)), "c": np.zeros(3)}
        observation = student.observe("bptt", X, np.zeros((3, 2, 3)), params, "regression")
        assert sorted(observation.changed) == ["X", "params['W']"]
        assert np.array_equal(params["W"], W)   # the grader's own copy is untouched


@pytest.mark.parametrize("source, expected", [
    ("def rnn_step(x_t, h_prev, U, W, b:\n    return 0\n", "SyntaxError at line 1 of rnn.py"),
    ("import numpy.no_such_module\n", "ModuleNotFoundError at line 1 of rnn.py"),
    ("x = 1\nraise ValueError('broken')\n", "ValueError at line 2 of rnn.py: broken"),
    ("import sys\nsys.exit(3)\n", "SystemExit at line 2 of rnn.py"),
])
def test_a_file_that_cannot_be_loaded_says_why(zygote, source, expected):
    with zygote.load(source, "rnn.py") as student:
        assert expected in str(student.load_failure)
        with pytest.raises(Failure, match="could not be loaded"):
            student.softmax(X)


def test_a_file_that_stops_early_keeps_the_functions_it_defined(zygote):
    # As in Jupyter and Otter: what ran before the error stays defined.
    source = REFERENCE.replace("def bptt(", "print(undefined_name)\n\n\ndef bptt(", 1)
    line = source.splitlines().index("print(undefined_name)") + 1
    with zygote.load(source, "rnn.py") as student:
        assert student.load_failure is None
        assert f"NameError at line {line} of rnn.py" in student.load_error
        assert np.array_equal(student.rnn_forward(X, U, W, b), reference.rnn_forward(X, U, W, b))
        with pytest.raises(Failure, match=r"bptt is not defined .*stopped early: NameError"):
            student.bptt(X, np.zeros((3, 2, 3)), {}, "regression")
    # A function the file never writes is simply missing: the error is not its reason.
    with zygote.load("def softmax(Z):\n    return Z\n\nraise ValueError('late')\n",
                     "rnn.py") as student:
        assert "ValueError at line 4" in student.load_error
        with pytest.raises(Failure) as missing:
            student.rnn_step(X[0], None, U, W, b)
        assert "rnn_step is not defined in your file" in str(missing.value)
        assert "stopped early" not in str(missing.value)


def test_a_submission_may_import_and_use_matplotlib_though_the_root_is_empty(zygote):
    # Imported by the zygote on demand, because the submission imports it.
    source = "import matplotlib.pyplot as plt\n" + REFERENCE + "\nplt.plot([1.0, 2.0])\n"
    with zygote.load(source, "rnn.py") as student:
        assert student.load_failure is None and student.load_error is None
        assert student.softmax(X).shape == X.shape


def test_modules_named_reads_imports_and_module_attributes_without_running_them():
    cells = [("nb, cell 1", "import numpy as np, matplotlib.pyplot as plt\nfrom IPython.display "
                            "import display\nfrom . import sibling\n"),
             ("nb, cell 2", "def broken(:\n    import pandas\n"),
             ("nb, cell 3", "def f(x):\n    import tqdm.auto\n    np.testing.assert_allclose(x, x)\n"
                            "    return x.testing\n")]
    imported, reached = modules_named(cells)
    assert imported == {"numpy", "matplotlib", "matplotlib.pyplot", "IPython", "IPython.display",
                        "IPython.display.display", "tqdm", "tqdm.auto"}
    assert reached == {"numpy.testing"}


def test_the_zygote_imports_on_demand_only_what_the_policy_allows():
    source = ("import numpy as np, csv, matplotlib.pyplot as plt, scipy.special, antigravity\n"
              "import venv.__main__\nfrom xml.etree import ElementTree\nnp.testing\n")
    assert on_demand(source) == ["csv", "matplotlib", "matplotlib.pyplot",
                                 "matplotlib.backends.backend_agg", "venv", "xml", "xml.etree",
                                 "xml.etree.ElementTree", "numpy.testing"]
    many = "".join(f"import os.module_{number}\n" for number in range(1000))
    assert len(on_demand(many)) == ON_DEMAND_LIMIT


def test_numpy_submodules_that_numpy_imports_lazily_work_in_the_empty_root(zygote):
    source = reference_with(
        "import numpy as np\n"
        "def softmax(Z):\n"
        "    np.testing.assert_allclose(Z, Z)\n"
        "    masked = np.ma.masked_array(Z)\n"
        "    windows = np.lib.stride_tricks.sliding_window_view(Z, 1, axis=-1)\n"
        "    return float(masked.sum()) + float(windows.sum())\n")
    with zygote.load(source, "rnn.py") as student:
        assert student.softmax(X) == 2 * X.sum()


def test_a_notebook_runs_cell_by_cell_and_messages_name_the_cell(zygote):
    cells = [("rnn.ipynb, cell 2", "import numpy.no_such_module\n"),
             ("rnn.ipynb, cell 3", REFERENCE),
             ("rnn.ipynb, cell 5", "def softmax(Z):\n    return Z / 0.0 + no_such_name\n")]
    with zygote.load(cells, "rnn.ipynb") as student:
        assert student.load_failure is None
        assert "ModuleNotFoundError at line 1 of rnn.ipynb, cell 2" in student.load_error
        assert student.rnn_forward(X, U, W, b).shape == (3, 2, 5)   # cell 3 ran all the same
        with pytest.raises(Failure, match=r"NameError at line 2 of rnn.ipynb, cell 5"):
            student.softmax(X)


def test_a_load_that_hangs_or_dies_is_a_load_failure(zygote):
    with zygote.load("x = 1\nwhile True:\n    pass\n", "rnn.py", **FAST) as student:
        assert ("rnn.py ran for more than 0.5 s and was stopped at line 2"
                in str(student.load_failure))
    with zygote.load("import os\nos._exit(4)\n", "rnn.py") as student:
        assert "exited with status 4" in str(student.load_failure)
    # A loop that swallows the interruption runs into the submission's total time limit.
    stubborn = "while True:\n    try:\n        while True:\n            pass\n    except:\n        pass\n"
    with zygote.load(stubborn, "rnn.py", cell_timeout=0.2, total_timeout=1.0) as student:
        assert "total time limit of 1 s" in str(student.load_failure)


def test_slow_top_level_code_is_stopped_and_the_functions_before_it_count(zygote):
    # Training left at the top of the file (or in a notebook cell): stopped after a cell's time
    # limit, like a cell that raised; the cells after it still run.
    training = "import time\nfor epoch in range(1000):\n    time.sleep(0.01)\n"
    cells = [("rnn.ipynb, cell 1", REFERENCE), ("rnn.ipynb, cell 2", training),
             ("rnn.ipynb, cell 3", "def softmax(Z):\n    return 'redefined'\n")]
    with zygote.load(cells, "rnn.ipynb", **FAST) as student:
        assert student.load_failure is None
        assert "rnn.ipynb, cell 2 ran for more than 0.5 s and was stopped at line 3" in (
            student.load_error)
        assert student.rnn_forward(X, U, W, b).shape == (3, 2, 5)
        assert student.softmax(X) == "redefined"


def test_missing_function_and_exceptions_are_failures(zygote):
    source = "import numpy as np\ndef softmax(Z):\n    return Z[99]\n"
    with zygote.load(source, "rnn.py") as student:
        with pytest.raises(Failure, match="rnn_step is not defined"):
            student.rnn_step(X[0], None, U, W, b)
        with pytest.raises(Failure, match="softmax raised IndexError at line 3") as raised:
            student.softmax(X)
        assert "return Z[99]" in str(raised.value)


def test_not_implemented_and_sys_exit_in_a_call(zygote):
    source = ("import sys\ndef softmax(Z):\n    raise NotImplementedError\n"
              "def rnn_step(x_t, h_prev, U, W, b):\n    sys.exit(2)\n")
    with zygote.load(source, "rnn.py") as student:
        with pytest.raises(Failure, match="not implemented yet"):
            student.softmax(X)
        with pytest.raises(Failure, match=r"called sys.exit\(2\)"):
            student.rnn_step(X[0], None, U, W, b)
        with pytest.raises(Failure, match="not implemented yet"):   # still the same worker
            student.softmax(X)


# --------------------------------------------------------------------------------------------
# Time limits, deaths and recovery
# --------------------------------------------------------------------------------------------

DEATHS = {
    "hang": ("while True:\n        pass", "did not finish within 0.5 s"),
    "sleep": ("import time\n    time.sleep(60)", "did not finish within 0.5 s"),
    "os_exit": ("import os\n    os._exit(7)", "exited with status 7"),
    "segfault": ("import ctypes\n    ctypes.string_at(0)", "killed by signal SIGSEGV"),
    "kill_itself": ("import os, signal\n    os.kill(os.getpid(), signal.SIGKILL)",
                    "killed by signal SIGKILL"),
    "close_socket": ("import os\n    os.close(3)\n    while True:\n        pass",
                     "closed its connection"),
    "garbage_on_socket": ("import os\n    os.write(3, b'\\xff' * 64)\n    import time\n"
                          "    time.sleep(60)", "reply it could not read"),
}


@pytest.mark.parametrize("kind", DEATHS)
def test_a_dying_call_fails_and_the_next_call_gets_a_fresh_worker(zygote, kind):
    body, message = DEATHS[kind]
    source = reference_with(f"def softmax(Z):\n    {body}\n")
    with zygote.load(source, "rnn.py", **FAST) as student:
        assert student.load_failure is None
        with pytest.raises(Failure, match="softmax") as raised:
            student.softmax(X)
        assert message in str(raised.value)
        assert student.rnn_forward(X, U, W, b).shape == (3, 2, 5)   # a fresh worker
        with pytest.raises(Failure, match=message):                 # and the same again
            student.softmax(X)


LOOPS = "\n".join(f"def {name}(*args):\n    while True:\n        pass\n"
                  for name in ("softmax", "regression_head", "squared_error_loss",
                               "cross_entropy_loss"))


def test_the_total_time_limit_stops_every_later_call(zygote):
    with zygote.load(reference_with(LOOPS), "rnn.py", call_timeout=0.4,
                     total_timeout=1.0) as student:
        failures = []
        for name in ("softmax", "regression_head", "squared_error_loss", "cross_entropy_loss"):
            with pytest.raises(Failure) as raised:
                student.call(name, X)
            failures.append(str(raised.value))
        assert "total time limit of 1 s" in failures[-1]
        with pytest.raises(Failure, match="total time limit"):
            student.rnn_forward(X, U, W, b)
        assert student.out_of_time


def test_a_function_that_timed_out_fails_at_once_and_costs_no_other(zygote):
    source = reference_with("def softmax(Z):\n    while True:\n        pass\n")
    with zygote.load(source, "rnn.py", call_timeout=0.4) as student:
        with pytest.raises(Failure, match="did not finish within 0.4 s"):
            student.softmax(X)
        with pytest.raises(Failure, match="softmax was not run again"):
            student.softmax(X)
        # A caller of softmax fails at once too, naming the cause, and the rest is unharmed.
        Hs = reference.rnn_forward(X, U, W, b)
        with pytest.raises(Failure, match="softmax timed out in an earlier test"):
            student.classification_head(Hs, RNG.normal(size=(5, 3)), RNG.normal(size=3))
        assert student.rnn_forward(X, U, W, b).shape == (3, 2, 5)
        assert not student.out_of_time


def test_a_hang_inside_a_called_function_is_charged_to_that_function(zygote):
    source = reference_with("def softmax(Z):\n    while True:\n        pass\n")
    Hs = reference.rnn_forward(X, U, W, b)
    with zygote.load(source, "rnn.py", call_timeout=0.4) as student:
        with pytest.raises(Failure, match="while it was running softmax, which it calls"):
            student.classification_head(Hs, RNG.normal(size=(5, 3)), RNG.normal(size=3))
        with pytest.raises(Failure, match="softmax was not run again"):
            student.softmax(X)


def test_memory_limit(zygote):
    source = reference_with("import numpy as np\n_hoard = []\n"
                            "def softmax(Z):\n    return np.ones((300, 2**20))\n"
                            "def cross_entropy_loss(P, labels):\n"
                            "    _hoard.extend(bytearray(2**20) for _ in range(10**6))\n")
    with zygote.load(source, "rnn.py", memory_mb=200) as student:
        with pytest.raises(Failure, match="MemoryError.*200 MB"):
            student.softmax(X)
        with pytest.raises(Failure, match="cross_entropy_loss.*ran out of memory"):
            student.cross_entropy_loss(np.ones((1, 1, 1)), np.zeros((1, 1), dtype=int))
        assert student.rnn_forward(X, U, W, b).shape == (3, 2, 5)   # a fresh worker


def test_a_huge_return_value_fails_cleanly(zygote):
    source = reference_with("import numpy as np\n"
                            "def softmax(Z):\n    return [np.ones(2**22)] * 100\n")
    with zygote.load(source, "rnn.py") as student:
        with pytest.raises(Failure, match="too large to send back"):
            student.softmax(X)
        assert student.rnn_forward(X, U, W, b).shape == (3, 2, 5)


# --------------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------------


def test_output_is_captured_and_truncated(zygote):
    source = reference_with("import os, sys\nprint('loading')\n"
                            "def softmax(Z):\n    print('x' * 30000)\n"
                            "    os.write(1, b'raw')\n    return Z\n")
    with zygote.load(source, "rnn.py") as student:
        assert student.output == "loading\n"
        student.softmax(X)
        student.softmax(X)   # more than a pipe holds: the worker must not block on it
    assert student.output.startswith("loading\nxxx")
    assert len(student.output.encode()) < OUTPUT_LIMIT + 200
    assert student.output.endswith("kB are kept)")


def test_output_before_a_crash_is_kept(zygote):
    source = reference_with("import os\ndef softmax(Z):\n    print('last words')\n"
                            "    os._exit(1)\n")
    with zygote.load(source, "rnn.py") as student:
        with pytest.raises(Failure):
            student.softmax(X)
    assert "last words" in student.output


# --------------------------------------------------------------------------------------------
# Isolation
# --------------------------------------------------------------------------------------------

# What a worker must not be able to import: the reference, the tests and the grading engine
# (under their installed names, and the repository's folder names).
GRADER_MODULES = ("rnn_bptt.solutions.rnn", "rnn_bptt.hidden", "rnn_bptt.cases",
                  "rnn_bptt.grading", "solutions.rnn", "autograder.hidden")
# What the zygote imports of the package, and a worker may therefore see loaded: the feedback
# library (to load a submission as Jupyter does) and the worker's own code.
WORKER_PACKAGES = ("rnn_bptt", "rnn_bptt.feedback", "rnn_bptt.sandbox")

PROBE = """
import importlib, os, sys
GRADER_MODULES = %r
def _probe():
    try:
        root = sorted(os.listdir("/"))
    except PermissionError:   # Landlock: not even the empty root can be listed
        root = []
    facts = {"uid": os.getuid(), "gid": os.getgid(), "groups": os.getgroups(),
             "cwd": os.getcwd(), "root": root,
             "modules": sorted(name for name in sys.modules
                               if name.split(".")[0] in ("rnn_bptt", "solutions", "autograder")),
             "environ": dict(os.environ)}
    for path in [%r, %r]:
        try:
            open(path).read()
            facts[path] = "read"
        except OSError as error:
            facts[path] = type(error).__name__
    for name in GRADER_MODULES:   # by importlib: the import policy is no protection
        try:
            importlib.import_module(name)
            facts[name] = "imported"
        except ImportError:
            facts[name] = "ImportError"
    try:
        open("written.txt", "w").write("x")
        facts["write"] = "written"
    except OSError as error:
        facts["write"] = type(error).__name__
    return facts
def softmax(Z):
    return _probe()
""" % (GRADER_MODULES, str(REPO / "solutions" / "rnn.py"),
       str(REPO / "autograder" / "hidden" / "__init__.py"))


def test_the_worker_cannot_import_the_reference_or_the_grader(zygote):
    with zygote.load(PROBE, "rnn.py") as student:
        facts = student.softmax(X)
    # Nothing of them was loaded in the zygote either.
    assert [name for name in facts["modules"]
            if not name.startswith(tuple(f"{package}." for package in WORKER_PACKAGES))
            and name not in WORKER_PACKAGES] == []
    for name in GRADER_MODULES:
        assert facts[name] == "ImportError"
    assert facts["environ"].keys() <= {"PATH", "LC_ALL", "OPENBLAS_NUM_THREADS",
                                       "OMP_NUM_THREADS", "MKL_NUM_THREADS"}


@pytest.mark.skipif(not AS_ROOT, reason="dropping privileges needs the grader to run as root")
def test_as_root_each_worker_is_a_user_of_its_own_in_an_empty_root(zygote):
    assert "as a user of its own in an empty chroot" in zygote.isolation
    with zygote.load(PROBE, "rnn.py") as first, zygote.load(PROBE, "rnn.py") as second:
        facts, other = first.softmax(X), second.softmax(X)
    assert facts["uid"] >= jail.OWN_USERS and facts["uid"] != other["uid"]
    assert (facts["gid"], facts["groups"]) == (facts["uid"], [])
    assert facts["cwd"] == "/" and facts["root"] == []
    assert facts[str(REPO / "solutions" / "rnn.py")] == "FileNotFoundError"
    assert facts["write"] == "PermissionError"


@pytest.mark.skipif(not AS_ROOT, reason="dropping privileges needs the grader to run as root")
def test_a_worker_cannot_kill_another_submissions_worker(zygote):
    kill_everyone = reference_with("import os, signal\ndef softmax(Z):\n"
                                   "    os.kill(-1, signal.SIGKILL)\n    return Z\n")
    with zygote.load(REFERENCE, "a.py") as bystander, \
            zygote.load(kill_everyone, "b.py") as killer:
        first = bystander.softmax(X)
        try:   # every process its user may signal but itself: none, or refused outright
            killer.softmax(X)
        except Failure as refused:
            assert "PermissionError" in str(refused)
        assert np.array_equal(bystander.softmax(X), first)


@pytest.mark.skipif(not AS_ROOT, reason="a user of its own needs the grader to run as root")
def test_a_process_that_left_the_workers_group_dies_with_the_worker(zygote):
    escape = reference_with(
        "import os, time\n"
        "def softmax(Z):\n"
        "    child = os.fork()\n"
        "    if child == 0:\n"
        "        os.setsid()   # out of the worker's process group\n"
        "        time.sleep(600)\n"
        "        os._exit(0)\n"
        "    return os.getuid()\n")
    with zygote.load(escape, "rnn.py") as student:
        uid = student.softmax(X)
        assert uid in users_of_live_processes()
    # Once the worker is stopped, nothing of its user is left (a zombie is reaped by init).
    for _ in range(500):
        if uid not in users_of_live_processes():
            break
        time.sleep(0.01)
    assert uid not in users_of_live_processes()


def users_of_live_processes():
    """The real uids of the processes of this machine that are not zombies."""
    return set(live_processes().values())


@pytest.mark.skipif(AS_ROOT, reason="as root the worker runs in an empty chroot")
def test_without_root_the_isolation_says_plainly_what_it_lacks(zygote):
    assert "as the grader's user" in zygote.isolation
    assert zygote.isolation.startswith("WEAK") == any(
        what.startswith(("read", "signal", "share", "reach"))
        for what in zygote.isolation_details["can"])


def test_the_zygote_has_no_grader_modules(zygote):
    pid = zygote._process.pid
    maps = Path(f"/proc/{pid}/maps").read_text()
    assert "solutions" not in maps
    # The zygote's imports, as seen by a fresh fork of it.
    with zygote.load("import sys\ndef softmax(Z):\n    return sorted(sys.modules)\n",
                     "rnn.py") as student:
        modules = student.softmax(X)
    assert not [name for name in modules
                if name.split(".")[0] in ("solutions", "autograder", "pytest", "_pytest")
                or (name.split(".")[0] == "rnn_bptt" and name not in WORKER_PACKAGES
                    and not name.startswith(tuple(f"{package}." for package in WORKER_PACKAGES)))]
    assert "numpy" in modules and "rnn_bptt.feedback.loading" in modules


def test_workers_are_separate_for_concurrent_submissions(zygote):
    import threading
    source = "_calls = []\ndef softmax(Z):\n    _calls.append(1)\n    return len(_calls)\n"
    counts = {}

    def grade(index):
        with zygote.load(source, f"rnn{index}.py") as student:
            counts[index] = [student.softmax(X) for _ in range(20)]

    threads = [threading.Thread(target=grade, args=(index,)) for index in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert counts == {index: list(range(1, 21)) for index in range(4)}


def test_a_closed_zygote_refuses_new_submissions():
    zygote = Zygote()
    zygote.close()
    with pytest.raises(RuntimeError, match="shut down"):
        zygote.load(REFERENCE, "rnn.py")


if __name__ == "__main__":
    sys.exit(pytest.main([__file__, "-q"]))
