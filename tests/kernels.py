"""Jupyter kernels on unix sockets, for the tests that start kernels (nbclient's, and Otter's).

Why: over TCP, jupyter_client picks a kernel's five ports before the kernel exists. It binds
port 0, reads the port the system chose and closes the socket again (LocalPortCache.
find_available_port in jupyter_client/connect.py, called by LocalProvisioner.pre_launch); the
kernel binds those ports only once it has started, a second or more later. LocalPortCache keeps
one process from handing out a port twice, but nothing keeps another process (the other
`otter run` worker, the log server Otter starts for each run, another test run on the machine)
from being given the same port in between: that kernel then dies with "ZMQError: Address already
in use" and Otter fails with "Kernel didn't respond in 60 seconds".

Over IPC a kernel's channels are unix sockets named after its own connection file: no port is
chosen, so there is nothing to race for, and the kernels still start as many at a time as before.
"""

import os
import tempfile

import zmq
from nbclient import NotebookClient

_create_kernel_manager = NotebookClient.create_kernel_manager


def _create_ipc_kernel_manager(self):
    km = _create_kernel_manager(self)
    km.transport = "ipc"
    # The sockets are named after the connection file (ConnectionFileMixin._ip_default), and a
    # kernel manager started without one would name them kernel-ipc-1... in the current folder,
    # shared by every kernel started there. So make the file first, as jupyter_client would
    # later (write_connection_file): a name no other file has, and so sockets no other kernel
    # has. jupyter_client removes the file and the sockets when the kernel shuts down.
    handle, km.connection_file = tempfile.mkstemp(prefix="kernel-", suffix=".json")
    os.close(handle)
    return km


def use_ipc_kernels(monkeypatch=None):
    """Start every kernel nbclient starts in this process (so Otter's, through nbconvert's
    ExecutePreprocessor, too) on IPC: for good, or until `monkeypatch` is undone. Where ZeroMQ
    has no IPC (Windows), kernels stay on TCP.

    Otter builds the configuration of its kernels itself, so there is no option to pass: the
    kernel manager nbclient creates is changed instead. Call it in each worker process that
    runs Otter (as a pool's initializer), since the workers need not be forks of this one.
    """
    if not zmq.has("ipc"):
        return
    if monkeypatch is None:
        NotebookClient.create_kernel_manager = _create_ipc_kernel_manager
    else:
        monkeypatch.setattr(NotebookClient, "create_kernel_manager", _create_ipc_kernel_manager)
