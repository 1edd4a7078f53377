"""Landlock (Linux 5.13 and later): a process takes away its own access to every file, and (by
the kernel's Landlock version) its TCP connections, abstract unix sockets and signals to
processes outside its domain. Unprivileged, so it works where chroot and namespaces do not.

No maintained Python binding exists (PyPI has only development releases), and the interface
is three system calls and one structure, so it is called through ctypes here.
"""

import ctypes
import os
import platform

# System call numbers are the same on every architecture that has Landlock (added in 5.13,
# after the numbers were unified).
CREATE_RULESET, RESTRICT_SELF = 444, 446
CREATE_RULESET_VERSION = 1

# Every file access right of each Landlock version: with none granted, no file can be opened,
# run, created or removed.
FILE_RIGHTS_BY_VERSION = {1: (1 << 13) - 1, 2: (1 << 14) - 1, 3: (1 << 15) - 1,
                          5: (1 << 16) - 1}
TCP_BIND_AND_CONNECT = 0b11                     # version 4
SCOPE_ABSTRACT_UNIX_SOCKET, SCOPE_SIGNAL = 1, 2   # version 6


class RulesetAttr(ctypes.Structure):
    _fields_ = [("handled_access_fs", ctypes.c_uint64), ("handled_access_net", ctypes.c_uint64),
                ("scoped", ctypes.c_uint64)]


_libc = ctypes.CDLL(None, use_errno=True)


def version():
    """The kernel's Landlock version (0 where it has none, or it is disabled)."""
    if platform.system() != "Linux":
        return 0
    found = _libc.syscall(CREATE_RULESET, None, ctypes.c_size_t(0),
                          ctypes.c_uint32(CREATE_RULESET_VERSION))
    return max(found, 0)


def restrict_self(abi):
    """Take away this process's access to every file (and, from version 4 on, to TCP; from 6
    on, to abstract unix sockets and signals outside it), for good. Needs no_new_privs set.

    Raises OSError when the kernel refuses.
    """
    rights = max(rights for since, rights in FILE_RIGHTS_BY_VERSION.items() if since <= abi)
    attr = RulesetAttr(rights, TCP_BIND_AND_CONNECT if abi >= 4 else 0,
                       SCOPE_ABSTRACT_UNIX_SOCKET | SCOPE_SIGNAL if abi >= 6 else 0)
    size = {1: 8, 2: 8, 3: 8, 4: 16, 5: 16}.get(abi, ctypes.sizeof(RulesetAttr))
    ruleset = _libc.syscall(CREATE_RULESET, ctypes.byref(attr), ctypes.c_size_t(size),
                            ctypes.c_uint32(0))
    if ruleset < 0:
        raise OSError(ctypes.get_errno(), "landlock_create_ruleset failed")
    try:
        if _libc.syscall(RESTRICT_SELF, ctypes.c_int(ruleset), ctypes.c_uint32(0)) != 0:
            raise OSError(ctypes.get_errno(), "landlock_restrict_self failed")
    finally:
        os.close(ruleset)
