"""The worker side of the sandbox: the safe codec, the zygote and the workers it forks.

This file has two lives:
- imported by the grader (`from autograder.worker import ...`) for the codec and the framing;
- run as a script by autograder/sandbox.py (`python -I -S worker.py ...`): the zygote. It imports
  NumPy and the standard modules a submission may use, loads rnn_feedback by path, then forks one
  worker per request of the grader. A worker drops its privileges, loads one submission and
  serves calls of its functions.

So it must never import anything from the autograder package, the hidden tests or solutions/:
the zygote runs it as a plain script, with neither the repository nor the editable install on
its import path.

Nothing that comes back from a worker is unpickled: unpickling runs code. Messages are frames of
a JSON header plus raw array bytes (`encode` / `decode`), checked for size and shape on arrival.
"""

import json
import math
import os
import re
import socket
import struct
import sys

if __name__ == "__main__":
    # The zygote runs with -I -S: no site folder is on its path until it names NumPy's own.
    sys.path.extend(sys.argv[3:])

import numpy as np  # noqa: E402

# --------------------------------------------------------------------------------------------
# The codec: plain data only, both ways
# --------------------------------------------------------------------------------------------
# A value is encoded as a JSON tree plus one payload of raw bytes for the arrays:
#   None, bool, int, float (nan and inf included), str, list   -> themselves
#   tuple                       -> {"tuple": [items]}
#   dict with str keys          -> {"dict": {key: item}}
#   ndarray or numpy scalar of a plain dtype (bool, numbers, fixed-size strings)
#                               -> {"array": [dtype, shape, offset, is_scalar]}, bytes in the payload
#   ndarray of Python objects   -> {"objects": [shape, [items]]}
#   anything else               -> {"unsupported": type name}
# The decoder accepts exactly these shapes and nothing else.

MAX_MESSAGE_BYTES = 256 * 2**20    # one message, header and arrays together
MAX_HEADER_BYTES = 32 * 2**20      # the JSON part of one message
MAX_DEPTH = 64                     # nesting of lists, tuples and dicts
MAX_STRING = 10_000                # characters kept of a returned string
MAX_INT_DIGITS = 1000              # larger ints arrive as an unsupported marker
ALIGNMENT = 16                     # array bytes start at multiples of this in the payload
PLAIN_DTYPE = re.compile(r"[<>|=]?[biufcSU]\d{1,4}")   # numbers, bools, fixed-size strings
FRAME = struct.Struct("!IQ")       # header length, payload length


class CodecError(ValueError):
    """A value that cannot be encoded, or a message that is not a valid encoding."""


class TooLarge(CodecError):
    """A value whose encoding exceeds MAX_MESSAGE_BYTES."""


class Unsupported:
    """Stands for a value of a type the codec does not carry; only its type name survives.

    Each type name gets its own subclass named like the original type (see `unsupported`), so a
    check that reports `type(value).__name__` says the same thing as when it ran in-process.
    """
    __slots__ = ()
    type_name = "object"

    def __repr__(self):
        return f"<a {self.type_name} object (its value could not be sent)>"

    # Two markers of the same type are equal: all that is known of either is its type.
    def __eq__(self, other):
        return type(other) is type(self)

    def __hash__(self):
        return hash(self.type_name)


_unsupported_types = {}


def unsupported(type_name):
    """An instance of the marker class standing for values of type `type_name`."""
    name = re.sub(r"[^\w.]", "_", str(type_name))[:100] or "object"
    if name not in _unsupported_types:
        if len(_unsupported_types) > 1000:   # a flood of distinct names: stop making classes
            name = "object"
        _unsupported_types.setdefault(
            name, type(name, (Unsupported,), {"__slots__": (), "type_name": name}))
    return _unsupported_types[name]()


def type_name_of(value):
    """The name of a value's type, read without running any code the value's class defines."""
    try:
        return type.__dict__["__name__"].__get__(type(value))
    except Exception:  # a name that is not a string: a marker still needs some name
        return "object"


# NumPy functions the encoder uses, bound before a submission could patch the module.
_asarray, _ascontiguousarray, _as_plain_view = np.asarray, np.ascontiguousarray, np.ndarray.view


class _Encoder:
    def __init__(self, max_bytes):
        self.max_bytes = max_bytes
        self.size = 0           # header estimate plus payload, checked against max_bytes
        self.buffers = []       # (offset, contiguous array)
        self.payload_size = 0

    def grow(self, amount):
        self.size += amount
        if self.size > self.max_bytes:
            raise TooLarge(f"the value takes more than {self.max_bytes // 2**20} MB")

    def encode(self, value, depth=0):
        # Exact type checks, and the base classes' own methods on subclasses: encoding never
        # calls a method a submission defined.
        self.grow(8)
        if depth >= MAX_DEPTH:
            return {"unsupported": "deeply_nested_value"}
        # issubclass on the real type: isinstance would believe a faked __class__.
        kind = type(value)
        if value is None or kind is bool:
            return value
        if issubclass(kind, (np.ndarray, np.generic)):
            return self.encode_numpy(value, depth)
        if issubclass(kind, int):
            value = int.__int__(value)
            if value.bit_length() > MAX_INT_DIGITS * 3:
                return {"unsupported": "int"}
            self.grow(value.bit_length() // 3)
            return value
        if issubclass(kind, float):
            return float.__float__(value)
        if issubclass(kind, str):
            text = str.__str__(value)[:MAX_STRING]
            self.grow(len(text))
            return text
        if issubclass(kind, list):
            return [self.encode(item, depth + 1) for item in list.__iter__(value)]
        if issubclass(kind, tuple):
            return {"tuple": [self.encode(item, depth + 1) for item in tuple.__iter__(value)]}
        if issubclass(kind, dict):
            items = list(dict.items(value))
            if not all(type(key) is str for key, _ in items):
                return {"unsupported": type_name_of(value)}
            for key, _ in items:
                self.grow(len(key))
            return {"dict": {key: self.encode(item, depth + 1) for key, item in items}}
        if issubclass(kind, Unsupported):
            return {"unsupported": kind.type_name}
        return {"unsupported": type_name_of(value)}

    def encode_numpy(self, value, depth):
        is_scalar = issubclass(type(value), np.generic)
        array = _asarray(value) if is_scalar else _as_plain_view(value, np.ndarray)
        if array.dtype.kind == "O":
            items = [self.encode(item, depth + 1) for item in array.reshape(-1).tolist()]
            return {"objects": [list(array.shape), items]}
        dtype = array.dtype.str
        if not PLAIN_DTYPE.fullmatch(dtype):
            return {"unsupported": type_name_of(value)}
        self.grow(array.nbytes + ALIGNMENT)
        offset = -self.payload_size % ALIGNMENT + self.payload_size
        self.buffers.append((offset, _ascontiguousarray(array)))
        self.payload_size = offset + array.nbytes
        return {"array": [dtype, list(array.shape), offset, is_scalar]}

    def payload(self):
        data = bytearray(self.payload_size)
        for offset, array in self.buffers:
            data[offset:offset + array.nbytes] = array.reshape(-1).view(np.uint8).data
        return data


def encode(message, max_bytes=MAX_MESSAGE_BYTES):
    """The frame (bytes) for `message`, a dict of plain data; values are encoded by the codec.

    `message["value"]`, if present, is encoded with the codec; the other entries are control
    fields of plain JSON. Raises TooLarge when the frame would exceed `max_bytes`.
    """
    encoder = _Encoder(max_bytes)
    header = dict(message)
    if "value" in header:
        header["value"] = encoder.encode(header["value"])
    text = json.dumps(header, allow_nan=True, separators=(",", ":")).encode("utf-8")
    if len(text) > MAX_HEADER_BYTES or len(text) + encoder.payload_size > max_bytes:
        raise TooLarge(f"the value takes more than {max_bytes // 2**20} MB")
    return b"".join((FRAME.pack(len(text), encoder.payload_size), text, encoder.payload()))


def frame_sizes(prefix, max_bytes=MAX_MESSAGE_BYTES):
    """(header length, payload length) from the first FRAME.size bytes of a frame, checked."""
    header_size, payload_size = FRAME.unpack(prefix)
    if header_size > MAX_HEADER_BYTES or header_size + payload_size > max_bytes:
        raise CodecError(f"a message of {header_size + payload_size} bytes is over the limit")
    return header_size, payload_size


def decode(header_bytes, payload):
    """The message (a dict) from a frame's header and payload (a bytearray), checked.

    Raises CodecError for anything that is not a valid encoding.
    """
    try:
        header = json.loads(bytes(header_bytes).decode("utf-8"))
    except (ValueError, RecursionError) as error:
        raise CodecError(f"the message is not valid JSON ({type(error).__name__})") from None
    if not isinstance(header, dict):
        raise CodecError("the message is not a JSON object")
    if "value" in header:
        header["value"] = _decode_value(header["value"], payload, 0)
    return header


def _decode_value(node, payload, depth):
    if depth > MAX_DEPTH:
        raise CodecError("the value is nested too deeply")
    if node is None or isinstance(node, (bool, int, float, str)):
        return node
    if isinstance(node, list):
        return [_decode_value(item, payload, depth + 1) for item in node]
    if not isinstance(node, dict) or len(node) != 1:
        raise CodecError("a node of the value is malformed")
    (tag, body), = node.items()
    if tag == "tuple" and isinstance(body, list):
        return tuple(_decode_value(item, payload, depth + 1) for item in body)
    if tag == "dict" and isinstance(body, dict):
        return {key: _decode_value(item, payload, depth + 1) for key, item in body.items()}
    if tag == "array" and isinstance(body, list) and len(body) == 4:
        return _decode_array(*body, payload)
    if tag == "objects" and isinstance(body, list) and len(body) == 2:
        shape, items = body
        shape = _checked_shape(shape)
        if not isinstance(items, list) or len(items) != math.prod(shape):
            raise CodecError("an object array has the wrong number of items")
        array = np.empty(len(items), dtype=object)
        for index, item in enumerate(items):
            array[index] = _decode_value(item, payload, depth + 1)
        return array.reshape(shape)
    if tag == "unsupported" and isinstance(body, str):
        return unsupported(body)
    raise CodecError(f"unknown node {tag!r} in the value")


def _checked_shape(shape):
    if (not isinstance(shape, list) or len(shape) > 32
            or not all(type(size) is int and 0 <= size < 2**40 for size in shape)):
        raise CodecError("an array has an invalid shape")
    return tuple(shape)


def _decode_array(dtype, shape, offset, is_scalar, payload):
    if not isinstance(dtype, str) or not PLAIN_DTYPE.fullmatch(dtype):
        raise CodecError(f"an array has a dtype the codec does not carry: {str(dtype)[:40]!r}")
    shape = _checked_shape(shape)
    dtype = np.dtype(dtype)
    size = math.prod(shape) * dtype.itemsize
    if type(offset) is not int or offset < 0 or offset + size > len(payload):
        raise CodecError("an array's bytes are outside the message")
    if dtype.itemsize == 0:
        array = np.zeros(shape, dtype=dtype)
    else:
        array = np.frombuffer(payload, dtype=dtype, count=math.prod(shape), offset=offset)
        array = array.reshape(shape)
    if is_scalar is True and shape == ():
        return array[()]
    return array


# --------------------------------------------------------------------------------------------
# Frames over a blocking socket (the worker's and the zygote's side)
# --------------------------------------------------------------------------------------------


def receive_exactly(sock, size):
    """`size` bytes from a blocking socket, or None at end of file."""
    data = bytearray(size)
    view = memoryview(data)
    received = 0
    while received < size:
        count = sock.recv_into(view[received:])
        if count == 0:
            return None
        received += count
    return data


def receive(sock):
    """The next message from a blocking socket, or None at end of file."""
    prefix = receive_exactly(sock, FRAME.size)
    if prefix is None:
        return None
    header_size, payload_size = frame_sizes(prefix)
    body = receive_exactly(sock, header_size + payload_size)
    if body is None:
        return None
    view = memoryview(body)
    return decode(view[:header_size], view[header_size:])


# --------------------------------------------------------------------------------------------
# The zygote
# --------------------------------------------------------------------------------------------

# Imported before any worker is forked: in the empty root a worker cannot import anything else.
PRELOADED = [
    "numpy", "numpy.linalg", "numpy.random", "numpy.fft", "numpy.polynomial", "numpy.ma",
    "numpy.char", "numpy.strings", "numpy.rec", "numpy.ctypeslib", "numpy.exceptions",
    "numpy.dtypes", "numpy.typing", "numpy.lib.stride_tricks",
    "__future__", "abc", "array", "bisect", "cmath", "collections", "collections.abc",
    "contextlib", "copy", "dataclasses", "datetime", "decimal", "enum", "fractions",
    "functools", "gc", "heapq", "inspect", "io", "itertools", "json", "logging", "math",
    "numbers", "operator", "os", "pathlib", "pprint", "random", "re", "statistics", "string",
    "struct", "textwrap", "time", "traceback", "types", "typing", "warnings", "weakref",
    "encodings.ascii", "encodings.latin_1", "encodings.utf_16", "encodings.utf_32",
    "glob", "fnmatch", "ctypes", "linecache", "resource", "signal", "shutil", "tempfile", "pwd",
]
# Imported on demand, once per zygote, before it forks the worker of a submission that imports
# them (the grader reads the submission's import statements): libraries a student may well
# import, say to plot, which the empty root would otherwise lack, and which take too long to
# import for every batch. Those not installed are skipped: the submission's import then fails.
# Each comes with the modules it imports only later, when used (pyplot's drawing backend).
ON_DEMAND = {
    "numpy.testing": (), "numpy.matlib": (),
    "matplotlib": (), "matplotlib.pyplot": ("matplotlib.backends.backend_agg",), "pandas": (),
    "scipy": (), "scipy.linalg": (), "scipy.special": (), "tqdm": (), "tqdm.auto": (),
    "IPython": (), "IPython.display": (),
}
# As root, each worker runs as a user of its own: uid OWN_USERS + its pid (pids are unique among
# live processes), so that no worker can signal another, whether another student's worker in the
# same batch or one of another batch on this machine. These uids have no name and own no file.
# Where they cannot be used (a user namespace that maps few uids), workers share user nobody.
OWN_USERS = 1_500_000_000
NOBODY = 65534
MEMORY_EXIT = 97      # a worker that ran out of memory outside the submission's own code
SETUP_EXIT = 98       # a worker that could not set up its sandbox
PROCESS_LIMIT = 64    # processes a worker's user may have (a fork bomb stops there)


def zygote_main(control_fd, rnn_feedback_path, site_dirs):
    """Serve the grader's requests on `control_fd` until it closes: fork a worker, stop one."""
    import importlib
    import importlib.util
    import shutil
    import tempfile

    for module in PRELOADED:
        importlib.import_module(module)
    spec = importlib.util.spec_from_file_location("rnn_feedback", rnn_feedback_path)
    rnn_feedback = importlib.util.module_from_spec(spec)
    sys.modules["rnn_feedback"] = rnn_feedback
    spec.loader.exec_module(rnn_feedback)
    # Nothing more is imported from disk: the site folders leave the import path, so a worker
    # that runs without a chroot still finds neither the repository nor the editable install.
    sys.path[:] = [entry for entry in sys.path if entry not in site_dirs]

    # The control channel is a SOCK_SEQPACKET socket: one JSON request or reply per packet.
    control = socket.socket(fileno=control_fd)
    base = tempfile.mkdtemp(prefix="rnn-sandbox-")
    os.chmod(base, 0o755)
    users = _worker_users(base) if os.geteuid() == 0 else None
    control.send(json.dumps({"users": users, "user": _user_name()}).encode())
    workers = {}   # pid -> its temporary folder
    try:
        while True:
            try:
                message, fds, _, _ = socket.recv_fds(control, 65536, 2)
            except ConnectionError:
                break
            if not message:
                break
            request = json.loads(message)
            if request["op"] == "fork":
                _import_on_demand(request.get("modules", ()), site_dirs)
                folder = tempfile.mkdtemp(dir=base)
                os.chmod(folder, 0o755)   # root's, and nobody may not write in it
                try:
                    pid = os.fork()
                except OSError as error:
                    pid, reply = None, {"error": str(error)}
                if pid == 0:
                    try:
                        control.close()
                        worker_main(fds[0], fds[1], folder, users, request, rnn_feedback)
                    finally:
                        os._exit(SETUP_EXIT)
                for fd in fds:
                    os.close(fd)
                if pid is None:
                    shutil.rmtree(folder, ignore_errors=True)
                else:
                    workers[pid] = folder
                    reply = {"pid": pid}
                control.send(json.dumps(reply).encode())
            elif request["op"] == "stop":
                folder = workers.pop(request["pid"], None)
                if folder is None:
                    control.send(json.dumps({"status": None}).encode())
                    continue
                exited, status = _stop(request["pid"], users, request.get("grace", 0))
                shutil.rmtree(folder, ignore_errors=True)
                control.send(json.dumps({"status": status, "exited": exited}).encode())
    finally:
        for pid, folder in workers.items():
            _stop(pid, users)
            shutil.rmtree(folder, ignore_errors=True)
        shutil.rmtree(base, ignore_errors=True)


def _import_on_demand(names, site_dirs):
    """Import the modules of ON_DEMAND among `names` that are installed and not yet imported."""
    import importlib

    wanted = [module for name, later in ON_DEMAND.items() if name in names
              for module in (name, *later) if module not in sys.modules]
    if not wanted:
        return
    sys.path.extend(site_dirs)
    try:
        for name in wanted:
            try:
                importlib.import_module(name)
            except Exception:  # not installed, or broken here: the submission is told by its import
                pass
    finally:
        sys.path[:] = [entry for entry in sys.path if entry not in site_dirs]


def _stop(pid, users, grace=0):
    """Kill worker `pid` and its process group, reap it: (exited before the kill, wait status).

    A worker whose connection has just closed is usually dying already: `grace` seconds let it
    finish, so its own exit status or signal is the one reported. A worker with a user of its
    own may have left processes outside its group (a double fork, setsid): they are killed too.
    """
    import time
    give_up = time.monotonic() + grace
    while not _has_ended(pid) and time.monotonic() < give_up:
        time.sleep(0.002)
    exited = _has_ended(pid)
    try:
        os.killpg(pid, 9)   # SIGKILL; a zombie leader still holds the group, so the id is ours
    except ProcessLookupError:
        pass
    if users == "own":
        _kill_user(OWN_USERS + pid)   # before the reaping below frees the pid, hence the uid
    _, status = os.waitpid(pid, 0)
    return exited, status


def _has_ended(pid):
    """Whether worker `pid` has ended, without reaping it (its pid stays reserved)."""
    return os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None


def _kill_user(uid):
    """Kill every process of user `uid`, from a child that becomes that user."""
    pid = os.fork()
    if pid == 0:
        try:
            os.setresuid(uid, uid, uid)
            os.kill(-1, 9)   # every process this user may signal, but not itself
        finally:
            os._exit(0)
    os.waitpid(pid, 0)


def _user_name():
    import pwd
    try:
        return pwd.getpwuid(os.getuid()).pw_name
    except KeyError:
        return f"uid {os.getuid()}"


def _worker_users(folder):
    """Which users the workers become here: "own" (one each), "nobody", or None (a probe)."""
    for users in ("own", "nobody"):
        pid = os.fork()
        if pid == 0:
            try:
                _enter_root(folder, users)
                os._exit(0)
            except BaseException:
                os._exit(1)
        _, status = os.waitpid(pid, 0)
        if status == 0:
            return users
    return None


def _enter_root(folder, users):
    """Chroot into `folder` and become the worker's unprivileged user, for good."""
    uid = OWN_USERS + os.getpid() if users == "own" else NOBODY
    os.chroot(folder)
    os.chdir("/")
    os.setgroups([])
    os.setresgid(uid, uid, uid)
    os.setresuid(uid, uid, uid)


# --------------------------------------------------------------------------------------------
# A worker
# --------------------------------------------------------------------------------------------


def _prctl(option, value):
    import ctypes
    ctypes.CDLL(None, use_errno=True).prctl(option, value, 0, 0, 0)


def worker_main(sock_fd, output_fd, folder, users, limits, rnn_feedback):
    """Become a sandboxed worker, then load one submission and serve its calls. Never returns."""
    import resource
    import signal

    os.setsid()
    # Only three descriptors stay open besides the socket: the zygote's control socket and
    # anything else inherited is closed, so a submission cannot talk to the zygote.
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.dup2(output_fd, 1)
    os.dup2(output_fd, 2)
    os.dup2(sock_fd, 3)
    os.closerange(4, 65536)
    for number in (signal.SIGINT, signal.SIGTERM, signal.SIGPIPE, signal.SIGCHLD):
        signal.signal(number, signal.SIG_DFL)
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)   # writing a file fails, it does not kill
    with open("/proc/self/statm") as statm:
        address_space = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    if users:
        try:
            _enter_root(folder, users)
        except OSError:
            os.write(2, b"the sandbox could not drop privileges\n")
            os._exit(SETUP_EXIT)
        resource.setrlimit(resource.RLIMIT_NPROC, (PROCESS_LIMIT, PROCESS_LIMIT))
    else:
        os.chdir(folder)
    memory = address_space + limits["memory_mb"] * 2**20
    cpu = max(1, math.ceil(limits["cpu_seconds"]))
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    _prctl(1, 9)    # PR_SET_PDEATHSIG, SIGKILL: the worker dies with the zygote
    _prctl(4, 0)    # PR_SET_DUMPABLE 0: no other process of the same user may trace it
    _prctl(38, 1)   # PR_SET_NO_NEW_PRIVS
    sys.stdout = open(1, "w", buffering=1, encoding="utf-8", errors="backslashreplace",
                      closefd=False)
    sys.stderr = sys.stdout
    sys.stdin = open(0, closefd=False)
    os.environ.clear()
    try:
        serve(socket.socket(fileno=3), rnn_feedback)
    except MemoryError:
        os._exit(MEMORY_EXIT)
    os._exit(0)


def serve(sock, rnn_feedback):
    """Load the submission the first message brings, then answer calls until end of file."""
    request = receive(sock)
    if request is None:
        return
    with _student_builtins():
        student = rnn_feedback.load_student(request["source"], request["filename"],
                                            request["cell_time_limit"])
    if type(student) is rnn_feedback.Unloadable:
        _reply(sock, {"load_failure": student.reason})
        return
    namespace = student._namespace
    _reply(sock, {"functions": [name for name in rnn_feedback.FUNCTIONS
                                if callable(namespace.get(name))],
                  "load_error": student.load_error})
    while True:
        request = receive(sock)
        if request is None:
            return
        _reply(sock, call(namespace, request["function"], request["value"], request["watch"],
                          rnn_feedback))


def call(namespace, function_name, args, watch, rnn_feedback):
    """The reply to one call: its value (and, if `watch`, its arguments as the call left them),
    or what went wrong.

    The arguments are freshly decoded copies; the grader compares them with its own to see
    which ones the call modified, so no check runs in here where the submission could patch it.
    """
    function = namespace.get(function_name)
    if not callable(function):
        return {"missing": True}
    try:
        with _student_builtins():
            value = function(*args)
    except SystemExit as exit:
        return {"exit": repr(exit.code)[:200]}
    except BaseException as error:   # the student's exception, whatever it is, becomes feedback
        raised = rnn_feedback.describe_exception(error, function)
        return {"error": [str(raised.type_name)[:100], str(raised.message)[:500],
                          raised.line if type(raised.line) is int else None,
                          str(raised.source_line)[:200], str(raised.file)[:200]]}
    return {"value": [value, args] if watch else [value]}


# The builtins as they were before any submission ran. The worker's own code runs with these;
# the submission's code runs with its own (patched, maybe) builtins, kept between its calls.
_PRISTINE_BUILTINS = dict(__builtins__.__dict__ if hasattr(__builtins__, "__dict__")
                          else __builtins__)
_students_builtins = None


class _student_builtins:
    """Within this block the builtins are the submission's; outside, the pristine ones."""

    def __enter__(self):
        if _students_builtins is not None:
            _swap_builtins(_students_builtins)

    def __exit__(self, *exc_info):
        global _students_builtins
        _students_builtins = _swap_builtins(_PRISTINE_BUILTINS)
        return False


def _swap_builtins(contents):
    """Replace the builtins' contents with `contents`; return what they were."""
    import builtins
    namespace = builtins.__dict__
    before = dict(namespace)
    if before != contents:
        namespace.clear()
        namespace.update(contents)
    return before


def _reply(sock, message):
    sys.stdout.flush()   # what the call printed reaches the grader before its answer
    try:
        frame = encode(message)
    except TooLarge as error:
        frame = encode({"too_large": str(error)})
    except MemoryError:
        raise
    except Exception as error:  # a value the codec could not read: say so, keep serving
        frame = encode({"unsendable": f"{type(error).__name__}: {error}"[:200]})
    sock.sendall(frame)


if __name__ == "__main__":
    zygote_main(int(sys.argv[1]), sys.argv[2], sys.argv[3:])
    # The grader waits for the zygote to end, and the interpreter's teardown (NumPy's modules,
    # every object) would add tens of milliseconds to that wait for nothing.
    sys.stderr.flush()
    os._exit(0)
