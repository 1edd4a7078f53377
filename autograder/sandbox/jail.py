"""Locking a worker in: an empty root, a user of its own, resource limits; and ending its user.

As root, each worker runs as a user of its own: uid OWN_USERS + its pid (pids are unique among
live processes), so that no worker can signal another, whether another student's worker in the
same batch or one of another batch on this machine. These uids have no name and own no file.
Where they cannot be used (a user namespace that maps few uids), workers share user nobody; not
as root, they stay the grader's user in an empty temporary folder (the client says so: WEAK).
"""

import ctypes
import math
import os
import pwd
import resource

from rnn_bptt.sandbox.limits import PROCESS_LIMIT

OWN_USERS = 1_500_000_000
NOBODY = 65534

PR_SET_PDEATHSIG, PR_SET_DUMPABLE, PR_SET_NO_NEW_PRIVS = 1, 4, 38


def worker_users(folder):
    """Which users the workers become here: "own" (one each), "nobody", or None (a probe, run
    once by the zygote as root, in a child that tries each in turn)."""
    for users in ("own", "nobody"):
        pid = os.fork()
        if pid == 0:
            try:
                enter_root(folder, users)
                os._exit(0)
            except BaseException:
                os._exit(1)
        _, status = os.waitpid(pid, 0)
        if status == 0:
            return users
    return None


def enter_root(folder, users):
    """Chroot into `folder` and become the worker's unprivileged user, for good."""
    uid = OWN_USERS + os.getpid() if users == "own" else NOBODY
    os.chroot(folder)
    os.chdir("/")
    os.setgroups([])
    os.setresgid(uid, uid, uid)
    os.setresuid(uid, uid, uid)


def confine(folder, users, memory_bytes, cpu_seconds):
    """Make this process a sandboxed worker, for good: `folder` becomes its root (or, without
    `users`, its working folder), and its memory, CPU time, files and processes are limited.

    Raises OSError when it cannot drop its privileges.
    """
    if users:
        enter_root(folder, users)
        resource.setrlimit(resource.RLIMIT_NPROC, (PROCESS_LIMIT, PROCESS_LIMIT))
    else:
        os.chdir(folder)
    cpu = max(1, math.ceil(cpu_seconds))
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    prctl(PR_SET_PDEATHSIG, 9)    # SIGKILL: the worker dies with the zygote
    prctl(PR_SET_DUMPABLE, 0)     # no other process of the same user may trace it
    prctl(PR_SET_NO_NEW_PRIVS, 1)


def prctl(option, value):
    ctypes.CDLL(None, use_errno=True).prctl(option, value, 0, 0, 0)


def kill_user(uid):
    """Kill every process of user `uid`, from a child that becomes that user."""
    pid = os.fork()
    if pid == 0:
        try:
            os.setresuid(uid, uid, uid)
            os.kill(-1, 9)   # every process this user may signal, but not itself
        finally:
            os._exit(0)
    os.waitpid(pid, 0)


def user_name():
    """The name of the user this process runs as (for the grader's isolation sentence)."""
    try:
        return pwd.getpwuid(os.getuid()).pw_name
    except KeyError:
        return f"uid {os.getuid()}"
