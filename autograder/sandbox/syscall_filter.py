"""The worker's seccomp filter: the system calls a submission is refused, whatever else holds.

A submission needs to compute, allocate memory and print; it never needs a socket, shared IPC,
another program, another process's memory or a signal to anyone but itself. The filter refuses
those (EPERM, so Python raises PermissionError), which is what keeps workers apart where the
kernel gives no namespaces (Docker's default profile, Ubuntu's restricted user namespaces).
It is built with libseccomp (through pyseccomp), which knows every architecture's system call
numbers, including those reached through one multiplexed call (socketcall, ipc) on 32-bit x86.
"""

import errno
import os

REFUSED = [
    # Network, loopback included, and abstract unix sockets: no socket at all. The worker's own
    # connection to the grader was opened before the filter.
    "socket",
    # SysV IPC, POSIX message queues and kernel keys: all shared with the rest of the machine.
    "shmget", "shmat", "shmctl", "msgget", "msgsnd", "msgrcv", "msgctl", "semget", "semop",
    "semtimedop", "semctl", "mq_open", "mq_unlink", "mq_timedsend", "mq_timedreceive",
    "mq_notify", "mq_getsetattr", "add_key", "request_key", "keyctl",
    # Another program (there is none in the empty root; without it, the reference would be one),
    # another process's memory or descriptors, new namespaces, mounts, and io_uring, whose
    # operations the filter would not see.
    "execve", "execveat", "ptrace", "process_vm_readv", "process_vm_writev", "pidfd_open",
    "pidfd_getfd", "pidfd_send_signal", "unshare", "setns", "mount", "umount2", "pivot_root",
    "chroot", "bpf", "perf_event_open", "userfaultfd", "io_uring_setup", "io_uring_enter",
    "io_uring_register",
]
# Signals: only to itself (its own pid, as it sees it), so not to the grader nor to another
# submission, even where they run as the same user.
SIGNALS_BY_PID = ["kill", "tgkill", "rt_sigqueueinfo", "rt_tgsigqueueinfo"]
CLONE_THREAD = 0x00010000


def available():
    """Whether libseccomp can be loaded here (pyseccomp raises at import where it cannot)."""
    try:
        import pyseccomp  # noqa: F401
    except (ImportError, OSError, RuntimeError):
        return False
    return True


def install(new_processes):
    """Load the filter into this process, for good (no_new_privs must be set).

    `new_processes`: whether the submission may fork; where nothing else bounds its processes
    it may not (threads stay allowed, bounded by its memory).
    """
    import pyseccomp as seccomp

    refuse = seccomp.ERRNO(errno.EPERM)
    rules = seccomp.SyscallFilter(seccomp.ALLOW)
    for name in REFUSED:
        _refuse(rules, refuse, name)
    me = os.getpid()
    for name in SIGNALS_BY_PID:
        _refuse(rules, refuse, name, seccomp.Arg(0, seccomp.NE, me))
    _refuse(rules, refuse, "tkill", seccomp.Arg(0, seccomp.NE, me))
    if not new_processes:
        for name in ("fork", "vfork"):
            _refuse(rules, refuse, name)
        # clone's flags are its first argument on x86 and arm; clone3 passes them in memory,
        # which a filter cannot read, so it answers "not implemented" and the C library falls
        # back to clone.
        _refuse(rules, refuse, "clone", seccomp.Arg(0, seccomp.MASKED_EQ, CLONE_THREAD, 0))
        _refuse(rules, seccomp.ERRNO(errno.ENOSYS), "clone3")
    rules.load()


def _refuse(rules, action, name, *conditions):
    try:
        rules.add_rule(action, name, *conditions)
    except (OSError, ValueError, RuntimeError):   # a call this architecture does not have
        pass
