"""The zygote: the warm process that forks one sandboxed worker per submission.

    python -I -S zygote.py CONTROL_FD LAYER,... MEMORY_MB    (started by sandbox.client, never
                                                             imported)

It imports NumPy, the standard modules a submission may use and the worker's code once, finds
which of the sandbox's layers work here (sandbox.layers; those named on its command line are
forced off), enters cgroups of its own where it may (sandbox.cgroups), then serves the grader's requests on its control socket (SOCK_SEQPACKET, one JSON
object a packet): {"op": "fork"} forks a worker and passes it the socket and output pipe that
came with the request; {"op": "stop"} kills one with every process it left, and reaps it.

It never imports the hidden tests or the reference, and once it has imported what workers need,
the import path is the standard library's alone again: a worker that runs without a chroot
finds neither the repository nor the installed package on it.
"""

import contextlib
import importlib
import json
import os
import shutil
import socket
import sys
import tempfile
import time

if __name__ == "__main__":
    # Started with -I -S: the import path is the standard library's until site.main() adds the
    # installed packages (and the finder of an editable install). Once the zygote has imported
    # what workers need, they are taken away again (see installed_packages).
    import site

    STANDARD_IMPORT_STATE = (list(sys.path), list(sys.meta_path), list(sys.path_hooks))
    site.main()
    INSTALLED_IMPORT_STATE = (list(sys.path), list(sys.meta_path), list(sys.path_hooks))

from rnn_bptt.sandbox import cgroups, jail, layers, worker  # noqa: E402  (found by site.main)
from rnn_bptt.sandbox.limits import SETUP_EXIT  # noqa: E402
from rnn_bptt.sandbox.modules import PRELOADED  # noqa: E402


def set_import_state(state):
    sys.path[:], sys.meta_path[:], sys.path_hooks[:] = state
    sys.path_importer_cache.clear()


@contextlib.contextmanager
def installed_packages():
    """Within this block, the installed packages can be imported; outside, only the standard
    library and what is imported already."""
    set_import_state(INSTALLED_IMPORT_STATE)
    try:
        yield
    finally:
        set_import_state(STANDARD_IMPORT_STATE)


def seal(package):
    """Let nothing more be imported from `package` and its subpackages: without a chroot, their
    folders would otherwise offer a worker the hidden tests and the reference."""
    for name, module in list(sys.modules.items()):
        if (name == package or name.startswith(f"{package}.")) and hasattr(module, "__path__"):
            module.__path__ = []


def main(control_fd, off, memory_mb):
    """Serve the grader's requests on `control_fd` until it closes: fork a worker, stop one.
    `off`: the layers forced off; `memory_mb`: what a submission may allocate."""
    base = tempfile.mkdtemp(prefix="rnn-sandbox-")
    os.chmod(base, 0o755)
    # Before the imports: each layer's probe forks the zygote, cheaper while it is small.
    on, missing = layers.detect(off, tempfile.mkdtemp(dir=base))   # imports pyseccomp
    groups = enter_cgroups(on, memory_mb)
    enter_network_namespace(on, missing)
    for module in PRELOADED:
        importlib.import_module(module)
    seal("rnn_bptt")
    set_import_state(STANDARD_IMPORT_STATE)

    control = socket.socket(fileno=control_fd)
    sandbox = {"layers": on, "root": os.geteuid() == 0, "groups": groups}
    control.send(json.dumps({"layers": on, "missing": missing, "user": jail.user_name(),
                             "cgroups": list(groups.values())}).encode())
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
                import_on_demand(request.get("modules", ()))
                reply, runner_pipe = fork_worker(request, fds, sandbox, base, workers)
                socket.send_fds(control, [json.dumps(reply).encode()],
                                [runner_pipe] if runner_pipe is not None else [])
                if runner_pipe is not None:
                    os.close(runner_pipe)
            elif request["op"] == "stop":
                if request["pid"] not in workers:
                    control.send(json.dumps({"status": None}).encode())
                    continue
                folder = workers.pop(request["pid"])
                exited, status = stop(request["pid"], sandbox, workers, request.get("grace", 0))
                shutil.rmtree(folder, ignore_errors=True)
                control.send(json.dumps({"status": status, "exited": exited}).encode())
    finally:
        for pid in list(workers):
            stop(pid, sandbox, {})
        shutil.rmtree(base, ignore_errors=True)


def enter_cgroups(on, memory_mb):
    """Move the zygote into cgroups of its own (sandbox.cgroups), where its workers are born:
    {controller: folder}, empty without the cgroups layer. The zygote's workers together may
    use `memory_mb` and a margin for a second worker (error carried forward reruns a
    submission beside the first) and for the modules the zygote imports later; when they use
    more, the kernel ends a worker first (sandbox.jail.first_for_oom_killer)."""
    if "cgroups" not in on:
        return {}
    cgroups.remove_stale(on["cgroups"])
    groups = cgroups.make(on["cgroups"], memory_bytes=(memory_mb + 512) * 2**20)
    try:
        cgroups.join(groups)
    except OSError:
        cgroups.remove(groups.values())
        return {}
    return groups


def enter_network_namespace(on, missing):
    """As root, with the namespaces layer: move the zygote into a network namespace of its own,
    with nothing but a loopback that is down, where its workers are born.

    One per zygote, not per worker as the other namespaces: making and ending a network
    namespace costs the kernel milliseconds (more than the rest of a worker's life), and
    sharing it is safe, because a zygote grades one submission at a time and kills every
    process of a worker before it forks the next, and a socket ends with its processes (IPC
    objects outlive them: each worker has an IPC namespace of its own). Not as root, each worker
    makes its own, in its own user namespace.
    """
    if "namespaces" not in on or os.geteuid() != 0:
        return
    try:
        jail.unshare_network()
    except OSError:   # the probe found that it works: say so if the kernel refuses it now
        on.pop("namespaces")
        missing["namespaces"] = "the kernel refused a network namespace"


def fork_worker(request, fds, sandbox, base, workers):
    """Fork a worker for `request` with the socket and output pipe `fds`: (the reply, {"pid",
    "runner"} or {"error"}; the read end of a pipe that brings the runner's pid, or None).

    The runner, the process that runs the submission, is the worker itself, or, with a PID
    namespace, a child it forks (sandbox.worker.keep_namespace): then the worker writes the
    runner's pid into the pipe, which goes to the grader, so that the zygote need not wait.
    """
    folder = tempfile.mkdtemp(dir=base)
    os.chmod(folder, 0o755)   # root's, and the worker's user may not write in it
    pid_namespace = worker.uses_pid_namespace(sandbox["layers"])
    runner_read, runner_write = os.pipe() if pid_namespace else (None, None)
    try:
        pid = os.fork()
    except OSError as error:
        pid, reply = None, {"error": str(error)}
    if pid == 0:
        try:
            if runner_read is not None:
                os.close(runner_read)
            worker.worker_main(fds[0], fds[1], runner_write, folder, sandbox, request)
        finally:
            os._exit(SETUP_EXIT)
    for fd in (*fds, runner_write):
        if fd is not None:
            os.close(fd)
    if pid is None:
        if runner_read is not None:
            os.close(runner_read)
        shutil.rmtree(folder, ignore_errors=True)
        return reply, None
    workers[pid] = folder
    return {"pid": pid, "runner": None if pid_namespace else pid}, runner_read


def import_on_demand(names):
    """Import the modules `names` (sandbox.modules.on_demand's list) not yet imported."""
    wanted = [name for name in names if name not in sys.modules]
    if not wanted:
        return
    with installed_packages():
        for name in wanted:
            try:
                importlib.import_module(name)
            except (Exception, SystemExit):  # not installed, or broken here: the submission is
                pass                         # told by its own import


def stop(pid, sandbox, workers, grace=0):
    """Kill worker `pid` and its process group, reap it: (exited before the kill, wait status).

    A worker whose connection has just closed is usually dying already: `grace` seconds let it
    finish, so its own exit status or signal is the one reported. A worker may have left
    processes outside its group (a double fork, setsid): with a PID namespace they die with its
    init (killed by the worker, or by the kernel when the worker dies); with a user of its own
    they are killed by user, unless the zygote's cgroups show that none is left (`workers`:
    the other live workers, the only processes the cgroups may hold besides the zygote).
    """
    give_up = time.monotonic() + grace
    while not has_ended(pid) and time.monotonic() < give_up:
        time.sleep(0.002)
    exited = has_ended(pid)
    try:
        os.killpg(pid, 9)   # SIGKILL; a zombie leader still holds the group, so the id is ours
    except ProcessLookupError:
        pass
    if sandbox["layers"].get("own_user") == "own" and left_behind(pid, sandbox, workers):
        # Before the reaping below frees the pid, hence the uid.
        jail.kill_user(jail.OWN_USERS + pid)
    _, status = os.waitpid(pid, 0)
    return exited, status


def left_behind(pid, sandbox, workers):
    """Whether worker `pid` (killed, not reaped) may have left processes: True unless the
    zygote's cgroups hold nothing but the zygote and its other live workers."""
    if not sandbox["groups"]:
        return True
    give_up = time.monotonic() + 1.0
    while not has_ended(pid):   # until it is gone from the cgroups
        if time.monotonic() > give_up:
            return True
        time.sleep(0.0005)
    members = cgroups.members(sandbox["groups"])
    return members is None or bool(members - {os.getpid(), pid, *workers})


def has_ended(pid):
    """Whether worker `pid` has ended, without reaping it (its pid stays reserved)."""
    return os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2].split(","), int(sys.argv[3]))
    # The grader waits for the zygote to end, and the interpreter's teardown (NumPy's modules,
    # every object) would add tens of milliseconds to that wait for nothing.
    sys.stderr.flush()
    os._exit(0)
