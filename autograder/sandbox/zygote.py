"""The zygote: the warm process that forks one sandboxed worker per submission.

    python -I -S zygote.py CONTROL_FD [LAYER,...]    (started by sandbox.client, never imported)

It imports NumPy, the standard modules a submission may use and the worker's code once, finds
which of the sandbox's layers work here (sandbox.layers; those named on its command line are
forced off), then serves the grader's requests on its control socket (SOCK_SEQPACKET, one JSON
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
from rnn_bptt.sandbox.limits import PROCESS_LIMIT, SETUP_EXIT  # noqa: E402
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


def main(control_fd, off):
    """Serve the grader's requests on `control_fd` until it closes: fork a worker, stop one.
    `off`: the layers forced off."""
    for module in PRELOADED:
        importlib.import_module(module)
    base = tempfile.mkdtemp(prefix="rnn-sandbox-")
    os.chmod(base, 0o755)
    on, missing = layers.detect(off, tempfile.mkdtemp(dir=base))   # imports pyseccomp
    seal("rnn_bptt")
    set_import_state(STANDARD_IMPORT_STATE)

    control = socket.socket(fileno=control_fd)
    sandbox = {"layers": on, "root": os.geteuid() == 0}
    control.send(json.dumps({"layers": on, "missing": missing,
                             "user": jail.user_name()}).encode())
    workers = {}   # pid -> (its temporary folder, its cgroups)
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
                reply = fork_worker(request, fds, sandbox, base, workers)
                control.send(json.dumps(reply).encode())
            elif request["op"] == "stop":
                if request["pid"] not in workers:
                    control.send(json.dumps({"status": None}).encode())
                    continue
                folder, groups = workers.pop(request["pid"])
                exited, status = stop(request["pid"], on, request.get("grace", 0))
                clean_up(folder, groups)
                control.send(json.dumps({"status": status, "exited": exited}).encode())
    finally:
        for pid, (folder, groups) in workers.items():
            stop(pid, on)
            clean_up(folder, groups)
        shutil.rmtree(base, ignore_errors=True)


def fork_worker(request, fds, sandbox, base, workers):
    """Fork a worker for `request` with the socket and output pipe `fds`: the reply, {"pid",
    "runner" (the process running the submission), "cpu_file" (its cgroup's CPU counter, or
    None)} or {"error"}."""
    folder = tempfile.mkdtemp(dir=base)
    os.chmod(folder, 0o755)   # root's, and the worker's user may not write in it
    groups = {}
    if "cgroups" in sandbox["layers"]:
        request["cgroups"] = groups = cgroups.make(
            sandbox["layers"]["cgroups"], f"rnn-worker-{os.getpid()}-{len(workers)}-"
            f"{os.path.basename(folder)}", memory_bytes=(request["memory_mb"] + 256) * 2**20,
            processes=PROCESS_LIMIT + 2)   # the worker's keeper and init besides its own
    runner_read, runner_write = os.pipe()
    try:
        pid = os.fork()
    except OSError as error:
        pid, reply = None, {"error": str(error)}
    if pid == 0:
        try:
            os.close(runner_read)
            worker.worker_main(fds[0], fds[1], runner_write, folder, sandbox, request)
        finally:
            os._exit(SETUP_EXIT)
    for fd in (*fds, runner_write):
        os.close(fd)
    if pid is None:
        os.close(runner_read)
        clean_up(folder, groups)
        return reply
    with os.fdopen(runner_read, "rb") as pipe:
        runner = pipe.read(32)   # until the worker and its runner have closed it
    workers[pid] = (folder, groups)
    return {"pid": pid, "runner": int(runner) if runner.isdigit() else pid,
            "cpu_file": cgroups.cpu_file(groups)}


def clean_up(folder, groups):
    shutil.rmtree(folder, ignore_errors=True)
    cgroups.remove(groups)


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


def stop(pid, on, grace=0):
    """Kill worker `pid` and its process group, reap it: (exited before the kill, wait status).

    A worker whose connection has just closed is usually dying already: `grace` seconds let it
    finish, so its own exit status or signal is the one reported. A worker may have left
    processes outside its group (a double fork, setsid): with a PID namespace they die with its
    init (killed by the worker, or by the kernel when the worker dies); with a user of its own
    they are killed by user.
    """
    give_up = time.monotonic() + grace
    while not has_ended(pid) and time.monotonic() < give_up:
        time.sleep(0.002)
    exited = has_ended(pid)
    try:
        os.killpg(pid, 9)   # SIGKILL; a zombie leader still holds the group, so the id is ours
    except ProcessLookupError:
        pass
    if on.get("own_user") == "own":
        # Before the reaping below frees the pid, hence the uid.
        jail.kill_user(jail.OWN_USERS + pid)
    _, status = os.waitpid(pid, 0)
    return exited, status


def has_ended(pid):
    """Whether worker `pid` has ended, without reaping it (its pid stays reserved)."""
    return os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2].split(",") if len(sys.argv) > 2 else [])
    # The grader waits for the zygote to end, and the interpreter's teardown (NumPy's modules,
    # every object) would add tens of milliseconds to that wait for nothing.
    sys.stderr.flush()
    os._exit(0)
