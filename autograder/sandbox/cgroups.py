"""Cgroups of its own for each zygote, where the grader may make them (root, cgroup v1).

A zygote grades one submission at a time (a batch runs one zygote per grader process), and the
workers it forks are born in its cgroups. So each submission graded at the same time gets, with
every process it starts, the same share of the CPU however many processes it runs (`cpu`), and
the memory of all its processes together is bounded (`memory`). The zygote joins its groups once,
as it starts: moving a process into a cgroup waits for the kernel (an RCU grace period, about
10 ms on these machines), too long to pay for every worker. The grader removes the groups once
the zygote has ended (`remove`), and a zygote removes those that zygotes killed outright left
behind (`remove_stale`).

Only cgroup v1 controllers are used (these machines mount them). Under cgroup v2, the grader's
own group holds processes, so it may not give its zygotes groups of their own, and containers
such as Gradescope's usually allow no cgroup at all: there the process limit and the CPU-time
budgets (sandbox.limits) do this job, less precisely.
"""

import os
from pathlib import Path

ROOT = Path("/sys/fs/cgroup")
CONTROLLERS = ("cpu", "memory")
PREFIX = "rnn-zygote-"


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


def make(controllers, memory_bytes):
    """Make this zygote's groups under each of `controllers`: {controller: folder}."""
    own = own_paths()
    made = {}
    for controller in controllers:
        folder = own[controller] / f"{PREFIX}{os.getpid()}"
        try:
            folder.mkdir()
            if controller == "memory":
                (folder / "memory.limit_in_bytes").write_text(str(memory_bytes))
        except OSError:
            remove([folder])
            continue
        made[controller] = str(folder)
    return made


def join(groups):
    """Move this process into `groups` (made by `make`); the processes it forks are born there."""
    for folder in groups.values():
        Path(folder, "cgroup.procs").write_text("0")


def members(groups):
    """The pids of the processes in `groups` (all hold the same ones), or None without groups."""
    for folder in groups.values():
        try:
            return {int(pid) for pid in Path(folder, "cgroup.procs").read_text().split()}
        except (OSError, ValueError):
            return None
    return None


def remove(folders):
    """Remove the groups of `folders` whose processes have all ended."""
    for folder in folders:
        try:
            os.rmdir(folder)
        except OSError:
            pass


def remove_stale(controllers):
    """Remove the empty groups of zygotes that have ended without their grader removing them
    (a grader killed outright). A live zygote's group holds the zygote, so it is never empty."""
    for controller, parent in own_paths().items():
        if controller not in controllers:
            continue
        try:
            stale = [entry.path for entry in os.scandir(parent) if entry.name.startswith(PREFIX)
                     and not Path(f"/proc/{entry.name[len(PREFIX):]}").exists()]
        except OSError:
            continue
        remove(stale)
