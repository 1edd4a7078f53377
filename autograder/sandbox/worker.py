"""A worker: the process, forked by the zygote, that runs one submission and serves its calls.

    worker_main(...)     closes what it inherited, locks itself in (confine), then serves:
    request 1            {"source", "filename", "cell_time_limit", "cell_wall_limit",
                          "modules_imported"} -> the functions it defines
    each next request    {"function", "value": args, "watch", "record", "stand_ins",
                          "timed_out", "time_limit", "wall_time_limit"} -> its value, or what
                          went wrong

With a PID namespace the worker the zygote forked keeps it from outside, and its child (the
runner) runs the submission: see keep_namespace. Which layers lock it in is the zygote's
finding (sandbox.layers).

During a call, the other functions of the assignment may be replaced (feedback.student.replaced):
recorded when "record" is set, stand-ins that ask the grader for the answer (a message
{"stand_in": name, "value": [args, kwargs]} in the middle of the call; see sandbox.standins),
or, for those that timed out earlier, functions that fail at once.

It never imports the hidden tests or the reference: the zygote it is forked from has neither.
Everything it sends back goes through the codec (plain data), and every check of a value runs in
the grader, where the submission cannot patch it.
"""

import builtins
import fcntl
import os
import signal
import socket
import sys

from rnn_bptt.feedback.loading import TooSlow, load_student, time_limited
from rnn_bptt.feedback.questions import FUNCTIONS
from rnn_bptt.feedback.student import (Unloadable, describe_exception, recording, recordings,
                                       replaced)
from rnn_bptt.sandbox import jail, landlock, syscall_filter
from rnn_bptt.sandbox.codec import TooLarge, encode, receive
from rnn_bptt.sandbox.layers import processes_bounded
from rnn_bptt.sandbox.limits import CONNECTION_EXIT, MEMORY_EXIT, SETUP_EXIT
from rnn_bptt.sandbox.modules import on_demand

SOCKET, RUNNER_PIPE = 3, 4   # the worker's descriptors besides its standard ones


def worker_main(sock_fd, output_fd, runner_fd, folder, sandbox, request):
    """Become a sandboxed worker, then load one submission and serve its calls. Never returns.

    `sandbox`: the zygote's layers ({"layers": {layer: detail}, "root": bool}); `request`: the
    zygote's fork request (limits). The worker runs the submission itself, or, with a PID
    namespace (uses_pid_namespace), keeps the child that does (the runner; see keep_namespace)
    and writes the runner's pid into `runner_fd` (otherwise None) for the grader, which counts
    the runner's CPU time.
    """
    os.setsid()
    jail.first_for_oom_killer()
    # Only these descriptors stay open: the zygote's control socket and anything else inherited
    # is closed, so a submission cannot talk to the zygote.
    # Copied above the targets first, so that no descriptor is overwritten before it is moved.
    sources = [os.open(os.devnull, os.O_RDONLY), output_fd, output_fd, sock_fd]
    sources += [runner_fd] if runner_fd is not None else []
    for target, source in enumerate([fcntl.fcntl(fd, fcntl.F_DUPFD, 16) for fd in sources]):
        os.dup2(source, target)
    os.closerange(len(sources), 65536)
    for number in (signal.SIGINT, signal.SIGTERM, signal.SIGPIPE, signal.SIGCHLD):
        signal.signal(number, signal.SIG_DFL)
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)   # writing a file fails, it does not kill
    with open("/proc/self/statm") as statm:
        address_space = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    on, as_root = sandbox["layers"], sandbox["root"]
    uid = jail.OWN_USERS + os.getpid()
    parent = os.getppid()   # the zygote
    try:
        if "namespaces" in on:
            # As root, the network namespace is the zygote's: see
            # sandbox.zygote.enter_network_namespace.
            jail.unshare_namespaces(as_root, pid_namespace=runner_fd is not None,
                                    network=not as_root)
        if runner_fd is not None:
            keep_namespace()   # returns in the runner, the namespace's second process
            os.close(RUNNER_PIPE)
            parent = 0         # the keeper, outside the runner's PID namespace
        confine(folder, on, as_root, uid, parent,
                address_space + request["memory_mb"] * 2**20, request["cpu_seconds"])
    except OSError:
        os.write(2, b"the sandbox could not drop privileges\n")
        os._exit(SETUP_EXIT)
    sys.stdout = open(1, "w", buffering=1, encoding="utf-8", errors="backslashreplace",
                      closefd=False)
    sys.stderr = sys.stdout
    sys.stdin = open(0, closefd=False)
    os.environ.clear()
    try:
        serve(socket.socket(fileno=SOCKET))
    except MemoryError:
        os._exit(MEMORY_EXIT)
    except OSError:   # the submission closed or broke the socket under the worker
        os._exit(CONNECTION_EXIT)
    os._exit(0)


def uses_pid_namespace(on):
    """Whether a worker with the layers `on` runs its submission in a PID namespace: where the
    namespaces layer is on, unless it has a user of its own, which already keeps it from
    signalling others and by which whatever it leaves is killed (sandbox.zygote.stop). A PID
    namespace costs two more forks of the zygote's large process per worker."""
    return "namespaces" in on and on.get("own_user") != "own"


def keep_namespace():
    """In a worker that has just made its namespaces: fork the PID namespace's first process
    (its init, which only reaps) and the runner, which returns from here to run the
    submission. The worker itself stays outside the PID namespace as the runner's keeper: it
    waits for the runner, ends the namespace (every process left in it dies with its init) and
    ends as the runner did, so the grader sees the runner's exit status or signal.

    The runner is not the namespace's init, because an init ignores the signals a process of
    its namespace sends it (a submission's os.kill of itself would do nothing).
    """
    init = os.fork()
    if init == 0:
        reap_as_init()
    runner = os.fork()
    if runner == 0:
        return
    os.write(RUNNER_PIPE, str(runner).encode())
    os.closerange(0, 65536)   # the connection and the output pipe are the runner's alone
    jail.limit_core_dumps()
    _, status = os.waitpid(runner, 0)
    os.kill(init, signal.SIGKILL)
    os.waitpid(init, 0)
    end_as(status)


def reap_as_init():
    """The PID namespace's init: reap whatever ends in it, until the keeper kills it."""
    os.closerange(0, 65536)
    jail.die_with_parent(0)
    jail.lock_flags()
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGCHLD})
    while True:
        signal.sigwait({signal.SIGCHLD})
        try:
            while os.waitpid(-1, os.WNOHANG)[0]:
                pass
        except ChildProcessError:
            pass


def end_as(status):
    """End this process as the process whose wait status is `status` ended."""
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        if number not in (signal.SIGKILL, signal.SIGSTOP):
            signal.signal(number, signal.SIG_DFL)
        os.kill(os.getpid(), number)
    os._exit(os.WEXITSTATUS(status) if os.WIFEXITED(status) else SETUP_EXIT)


def confine(folder, on, as_root, uid, parent, memory_bytes, cpu_seconds):
    """Lock the runner in with the layers `on`, for good: `folder` becomes its root (or, without
    chroot, its working folder), it loses every privilege, and its memory, CPU time, files and
    processes are limited. Raises OSError when it cannot."""
    if "chroot" in on:
        jail.enter_root(folder)
    else:
        os.chdir(folder)
    jail.drop_bounding_capabilities()
    users = on.get("own_user")
    if users:
        jail.become(uid if users == "own" else jail.NOBODY)
    jail.drop_capabilities()
    jail.limit(memory_bytes, cpu_seconds,
               processes=bool(users) or ("namespaces" in on and not as_root))
    jail.die_with_parent(parent)
    jail.lock_flags()
    if "landlock" in on:
        landlock.restrict_self(on["landlock"])
    if "seccomp" in on:
        syscall_filter.install(new_processes=processes_bounded(on, as_root))


def serve(sock):
    """Load the submission the first message brings, then answer calls until end of file.

    The source is parsed here, under the worker's limits, never in the grader: for the modules
    it imports that the zygote has not imported (sandbox.modules.on_demand), the worker asks for
    a new worker forked once the zygote has them, and it reports the functions whose def a load
    error kept from running.
    """
    request = receive(sock)
    if request is None:
        return
    if not request["modules_imported"]:
        needed = [name for name in on_demand(request["source"]) if name not in sys.modules]
        if needed:
            _reply(sock, {"needs_modules": needed})
            return
    with _student_builtins():
        student = load_student(request["source"], request["filename"],
                               request["cell_time_limit"], request["cell_wall_limit"])
    if type(student) is Unloadable:
        _reply(sock, {"load_failure": student.reason})
        return
    namespace = student._namespace
    _reply(sock, {"functions": [name for name in FUNCTIONS
                                if callable(namespace.get(name))],
                  "load_error": student.load_error,
                  "unreached": sorted(set(student.unreached) & set(FUNCTIONS))})
    while True:
        request = receive(sock)
        if request is None:
            return
        _reply(sock, call(namespace, request, sock))


class StandInRefused(Exception):
    """The grader refused a stand-in's call; the message says why."""


class TimedOutEarlier(Exception):
    """A call of a function that timed out in an earlier test: it is not run again."""


def call(namespace, request, sock):
    """The reply to one call: its value (and, if `watch`, its arguments as the call left them),
    or what went wrong, with the other functions of the assignment it reached ("called").

    The arguments are freshly decoded copies; the grader compares them with its own to see
    which ones the call modified, so no check runs in here where the submission could patch it.
    """
    function_name, args = request["function"], request["value"]
    function = namespace.get(function_name)
    if not callable(function):
        return {"missing": True}
    called = set()
    codes = {defined.__code__: name for name, defined in namespace.items()
             if name in FUNCTIONS and hasattr(defined, "__code__")}
    try:
        with _student_builtins(), \
                time_limited(request["time_limit"], request["wall_time_limit"]), \
                replaced(namespace, replacements(namespace, request, sock, called)):
            value = function(*args)
    except TooSlow as slow:
        return {"timeout": innermost(slow, codes, function_name), "clock": slow.clock,
                "called": sorted(called)}
    except SystemExit as exit:
        return {"exit": repr(exit.code)[:200]}
    except BaseException as error:   # the student's exception, whatever it is, becomes feedback
        raised = describe_exception(error, function)
        return {"error": [str(raised.type_name)[:100], str(raised.message)[:500],
                          raised.line if type(raised.line) is int else None,
                          str(raised.source_line)[:200], str(raised.file)[:200]],
                "called": sorted(called)}
    return {"value": [value, args] if request["watch"] else [value], "called": sorted(called)}


def replacements(namespace, request, sock, called):
    """What stands in the namespace, for the time of one call, for the other functions of the
    assignment: each records in `called` that it was reached."""
    replacing = {}
    for name in FUNCTIONS:
        if name == request["function"]:
            continue
        if name in request["stand_ins"]:
            replacing[name] = recording(name, stand_in(name, sock), called)
        elif name in request["timed_out"]:
            replacing[name] = recording(name, timed_out_earlier(name), called)
        elif request["record"]:
            replacing.update(recordings(namespace, name, called))
    return replacing


def stand_in(name, sock):
    """A function that asks the grader for the reference's answer to a call of `name`."""
    def answer(*args, **kwargs):
        sock.sendall(encode({"stand_in": name, "value": [list(args), kwargs]}))
        reply = receive(sock)
        if reply is None or "refused" in reply:
            raise StandInRefused(reply["refused"] if reply else "the grader went away")
        return reply["value"]
    return answer


def timed_out_earlier(name):
    def fail(*args, **kwargs):
        raise TimedOutEarlier(f"{name} timed out in an earlier test, so it is not run again")
    return fail


def innermost(error, codes, function_name):
    """The function of the assignment (its code in `codes`) that was running deepest when
    `error` was raised; `function_name` if none was."""
    running = function_name
    traceback = error.__traceback__
    while traceback is not None:
        running = codes.get(traceback.tb_frame.f_code, running)
        traceback = traceback.tb_next
    return running


# The builtins as they were before any submission ran. The worker's own code runs with these;
# the submission's code runs with its own (patched, maybe) builtins, kept between its calls.
_PRISTINE_BUILTINS = dict(builtins.__dict__)
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
