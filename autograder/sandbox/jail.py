"""The system calls that lock a worker in, and end what it left behind.

Which of them a worker uses is decided once per zygote by sandbox.layers; this module only
knows how: namespaces of its own (unshare, and a user namespace's id maps when not root), an
empty root (chroot), a user of its own (uid OWN_USERS + the worker's pid, unique among live
processes, with no name and no file), no capabilities, resource limits and process flags.
"""

import ctypes
import math
import os
import pwd
import resource

from rnn_bptt.sandbox.limits import PROCESS_LIMIT

OWN_USERS = 1_500_000_000
NOBODY = 65534

CLONE_NEWNS, CLONE_NEWIPC, CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET = (
    0x00020000, 0x08000000, 0x10000000, 0x20000000, 0x40000000)
PR_SET_PDEATHSIG, PR_SET_DUMPABLE, PR_CAPBSET_DROP, PR_SET_NO_NEW_PRIVS = 1, 4, 24, 38
PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL = 47, 4
CAPABILITY_VERSION_3 = 0x20080522

_libc = ctypes.CDLL(None, use_errno=True)


def unshare_namespaces(as_root, pid_namespace=True, network=True):
    """Give this process new mount and IPC namespaces, a new network namespace with `network`,
    and, with `pid_namespace`, its children a new PID namespace; not as root, inside a new user
    namespace of which it is root (its uid and gid, and nothing else, mapped to 0). Raises
    OSError where the kernel refuses."""
    uid, gid = os.getuid(), os.getgid()
    flags = (CLONE_NEWNS | CLONE_NEWIPC | (CLONE_NEWNET if network else 0)
             | (CLONE_NEWPID if pid_namespace else 0))
    if _libc.unshare(flags | (0 if as_root else CLONE_NEWUSER)) != 0:
        raise OSError(ctypes.get_errno(), "unshare failed")
    if not as_root:
        for name, text in (("setgroups", "deny"), ("uid_map", f"0 {uid} 1"),
                           ("gid_map", f"0 {gid} 1")):
            with open(f"/proc/self/{name}", "w") as file:
                file.write(text)


def unshare_network():
    """Give this process (as root) a new network namespace, with no interface but a loopback
    that is down, which the processes it forks are born in."""
    if _libc.unshare(CLONE_NEWNET) != 0:
        raise OSError(ctypes.get_errno(), "unshare failed")


def enter_root(folder):
    """Make the empty `folder` this process's root."""
    os.chroot(folder)
    os.chdir("/")


def become(uid):
    """Become user and group `uid`, with no other group, for good (which ends root's powers)."""
    os.setgroups([])
    os.setresgid(uid, uid, uid)
    os.setresuid(uid, uid, uid)


def drop_bounding_capabilities():
    """Make every capability impossible to gain again (while this process may still do so)."""
    for capability in range(64):   # every capability there is (the others fail harmlessly)
        prctl(PR_CAPBSET_DROP, capability)


def drop_capabilities():
    """Keep no capability, for good (root inside a user namespace has them all, and a grader
    may have been given some)."""
    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL)
    header = (ctypes.c_uint32 * 2)(CAPABILITY_VERSION_3, 0)
    data = (ctypes.c_uint32 * 6)()
    if _libc.capset(header, data) != 0:
        raise OSError(ctypes.get_errno(), "capset failed")


def limit(memory_bytes, cpu_seconds, processes):
    """Limit this process's memory, CPU time and files, and, when `processes` is set, the number
    of processes of its user (its own user, or its user namespace's)."""
    cpu = max(1, math.ceil(cpu_seconds))
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if processes:
        resource.setrlimit(resource.RLIMIT_NPROC, (PROCESS_LIMIT, PROCESS_LIMIT))


def first_for_oom_killer():
    """Be the first process the kernel ends when memory runs out (anyone may ask)."""
    try:
        with open("/proc/self/oom_score_adj", "w") as file:
            file.write("1000")
    except OSError:   # a kernel without it: the per-process memory limit still holds
        pass


def limit_core_dumps():
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def die_with_parent(parent):
    """Be killed when the parent ends (and end now if it already has): `parent` is its pid, or
    0 for a parent outside this process's PID namespace."""
    prctl(PR_SET_PDEATHSIG, 9)
    if os.getppid() != parent:
        os._exit(1)


def lock_flags():
    """No core dumps nor tracing by processes of the same user; no privileges ever again."""
    prctl(PR_SET_DUMPABLE, 0)
    prctl(PR_SET_NO_NEW_PRIVS, 1)


def prctl(option, value, extra=0):
    return _libc.prctl(option, ctypes.c_ulong(value), ctypes.c_ulong(extra), 0, 0)


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
