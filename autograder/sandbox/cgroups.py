"""A cgroup of its own for each worker, where the grader may make them (root, cgroup v1).

In its own cgroups a submission, with every process it starts, gets the same share of the CPU
as a submission graded beside it however many processes it runs (`cpu`), is counted in CPU
time as a whole (`cpuacct`), and is bounded in processes (`pids`) and memory (`memory`).
The zygote makes a worker's groups before forking it; the worker joins them before anything
else; the zygote removes them once the worker has been stopped.

Only cgroup v1 controllers are used (these machines mount them). Under cgroup v2, the zygote's
own group holds processes, so it may not give its workers groups of their own, and containers
such as Gradescope's usually allow no cgroup at all: there the process limit and the CPU-time
budgets (sandbox.limits) do this job, less precisely.
"""

import os
import time
from pathlib import Path

ROOT = Path("/sys/fs/cgroup")
CONTROLLERS = ("cpu", "cpuacct", "pids", "memory")


def own_paths():
    """controller -> the folder of this process's cgroup, for each v1 controller mounted."""
    paths = {}
    try:
        lines = Path("/proc/self/cgroup").read_text().splitlines()
    except OSError:
        return paths
    for line in lines:
        _, controllers, path = line.split(":", 2)
        for controller in controllers.split(","):
            folder = ROOT / controller
            if controller in CONTROLLERS and (folder / "cgroup.procs").exists():
                paths[controller] = folder / path.lstrip("/")
    return paths


def usable():
    """The controllers under which this process can make groups (tried once)."""
    found = []
    for controller, parent in own_paths().items():
        probe = parent / f"rnn-probe-{os.getpid()}"
        try:
            probe.mkdir()
            probe.rmdir()
        except OSError:
            continue
        found.append(controller)
    return found


def make(controllers, name, memory_bytes, processes):
    """Make worker group `name` under each of `controllers`: {controller: folder}."""
    own = own_paths()
    made = {}
    for controller in controllers:
        folder = own[controller] / name
        try:
            folder.mkdir()
            if controller == "pids":
                (folder / "pids.max").write_text(str(processes))
            elif controller == "memory":
                (folder / "memory.limit_in_bytes").write_text(str(memory_bytes))
        except OSError:
            remove({controller: folder})
            continue
        made[controller] = str(folder)
    return made


def join(groups):
    """Move this process into `groups` (made by `make`); its children follow it."""
    for folder in groups.values():
        Path(folder, "cgroup.procs").write_text("0")


def remove(groups):
    """Remove worker groups whose processes have all ended (a dying one may take a moment)."""
    for folder in groups.values():
        for _ in range(100):
            try:
                os.rmdir(folder)
                break
            except FileNotFoundError:
                break
            except OSError:
                time.sleep(0.001)


def cpu_file(groups):
    """The file that counts the CPU time (nanoseconds) of every process of the group, or None."""
    folder = groups.get("cpuacct")
    return str(Path(folder, "cpuacct.usage")) if folder else None
