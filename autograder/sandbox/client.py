"""The sandbox as the grading engine sees it: the one module of rnn_bptt.sandbox it imports.

    zygote = Zygote()              # starts it in the background: the first thing a command does
    student = zygote.load(source, "rnn.py")    # a worker (sandbox.remote.SandboxedStudent)

The zygote (sandbox/zygote.py, run as a script) imports NumPy once and forks one worker per
submission. It takes as long to start as the grader takes to import NumPy, the tests and the
reference, so the grader starts it before those imports and both work at the same time: which
is why this module imports nothing but the standard library (and the sandbox's layers, limits
and cgroups, which import nothing else).
"""

import json
import os
import socket
import subprocess
import sys
import threading
from pathlib import Path
from typing import NamedTuple

# The limits the grading engine may set, re-exported: it imports this module alone.
from rnn_bptt.sandbox import cgroups, layers
from rnn_bptt.sandbox.limits import CALL_TIMEOUT, MEMORY_MB, TOTAL_TIMEOUT

__all__ = ["CALL_TIMEOUT", "MEMORY_MB", "TOTAL_TIMEOUT", "SUPPORTED", "UNSUPPORTED", "SandboxError",
           "Zygote"]

ZYGOTE = Path(__file__).with_name("zygote.py")
# The sandbox is built on Linux: fork, AF_UNIX packet sockets, /proc, prctl, chroot.
SUPPORTED = sys.platform.startswith("linux")
UNSUPPORTED = (f"the grader's sandbox needs Linux (it uses fork, /proc and prctl) and this "
               f"machine runs {sys.platform}")

ZYGOTE_START_TIMEOUT = 120.0
ZYGOTE_REPLY_TIMEOUT = 60.0
# One BLAS thread per worker: the batch runs one worker per core, and the threads would count
# against the process limit of the worker's user. Matplotlib, if a submission imports it, draws
# off-screen. Nothing of the grader's environment is passed on.
ZYGOTE_ENVIRONMENT = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
                      "MKL_NUM_THREADS": "1", "MPLBACKEND": "Agg", "LC_ALL": "C.UTF-8",
                      "PATH": "/usr/bin:/bin"}


class Spawned(NamedTuple):
    """A worker the zygote forked, as the grader holds it."""
    pid: int           # the worker (the zygote's child): what stop() kills
    runner: int        # the process running the submission: the worker, or None when it is
    runner_pipe: int   # the worker's child, whose pid this pipe's read end brings (else None)
    sock: socket.socket
    output: int        # the read end of its output pipe


class SandboxError(RuntimeError):
    """The sandbox itself failed (not the submission): the zygote could not start or answer."""


class Zygote:
    """The warm process that forks workers; one per batch, safe to share between threads.

    `isolation` is a sentence saying what the workers' sandbox achieves on this machine, and
    `isolation_details` the same as data (sandbox.layers.report). `off`: layers to force off
    (by default, those named in the environment variable RNN_SANDBOX_OFF).
    """

    def __init__(self, memory_mb=MEMORY_MB, off=None):
        self.memory_mb = memory_mb
        self.off = layers.forced_off(os.environ) if off is None else list(off)
        self._lock = threading.Lock()    # one request to the zygote at a time
        self._closed = False
        self._start()

    def _start(self):
        here, there = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self._process = subprocess.Popen(
            [sys.executable, "-I", "-S", str(ZYGOTE), str(there.fileno()), ",".join(self.off),
             str(int(self.memory_mb))],
            pass_fds=[there.fileno()], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            env=ZYGOTE_ENVIRONMENT, cwd="/", start_new_session=True)
        there.close()
        self._control = here
        self._control.settimeout(ZYGOTE_START_TIMEOUT)
        self._facts = None   # what the zygote reports once it is ready

    def _ready(self):
        """Wait for the zygote to finish importing (it starts in the background)."""
        if self._facts is None:
            try:
                reply = self._control.recv(65536)
            except OSError:
                reply = b""
            if not reply:
                raise SandboxError("the sandbox's zygote process did not start (its error, if "
                                   "any, is printed above)")
            self._facts = decode_reply(reply)
            self._control.settimeout(ZYGOTE_REPLY_TIMEOUT)
        return self._facts

    @property
    def isolation(self):
        return self._report()[0]

    @property
    def isolation_details(self):
        return self._report()[1]

    def _report(self):
        """(sentence, details) of sandbox.layers.report, made once: every record holds them."""
        with self._lock:
            facts = self._ready()
            if "report" not in facts:
                facts["report"] = layers.report(facts["layers"], facts["missing"],
                                                facts["user"], self.memory_mb)
            return facts["report"]

    def _request(self, request, fds=()):
        """Send one request to the zygote: its reply (a dict) and the descriptors that came
        with it (a list)."""
        with self._lock:
            if self._closed:
                raise SandboxError("the sandbox has been shut down")
            self._ready()
            try:
                socket.send_fds(self._control, [encode_request(request)], list(fds))
                reply, received, _, _ = socket.recv_fds(self._control, 65536, 1)
            except OSError as error:
                raise SandboxError(f"the sandbox's zygote process stopped answering "
                                   f"({error})") from None
            if not reply:
                raise SandboxError("the sandbox's zygote process has stopped")
            return decode_reply(reply), received

    def spawn(self, memory_mb, cpu_seconds, modules=()):
        """A fresh worker: a Spawned (its pid, the pid of the process running the submission or
        the pipe that brings it, its socket, the read end of its output pipe).

        `modules`: the modules the zygote imports first, if it has not yet, because the
        submission imports them (sandbox.modules.on_demand).
        """
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        output_read, output_write = os.pipe()
        try:
            reply, received = self._request(
                {"op": "fork", "memory_mb": int(memory_mb), "cpu_seconds": float(cpu_seconds),
                 "modules": list(modules)}, fds=(theirs.fileno(), output_write))
        except BaseException:
            ours.close()
            os.close(output_read)
            raise
        finally:
            theirs.close()
            os.close(output_write)
        if "pid" not in reply:
            ours.close()
            os.close(output_read)
            raise SandboxError(f"the sandbox could not start a worker ({reply.get('error')})")
        ours.setblocking(False)
        os.set_blocking(output_read, False)
        runner_pipe = received[0] if received else None
        if runner_pipe is not None:
            os.set_blocking(runner_pipe, False)
        return Spawned(reply["pid"], reply["runner"], runner_pipe, ours, output_read)

    def stop(self, pid, grace=0.0):
        """Kill worker `pid` with its process group and reap it: (exited first, wait status).

        `grace`: seconds the worker may take to end on its own first. `exited first` is True
        when it ended on its own; the status is None when the zygote no longer knows it.
        """
        try:
            reply, _ = self._request({"op": "stop", "pid": pid, "grace": grace})
        except SandboxError:
            return False, None
        return bool(reply.get("exited")), reply.get("status")

    def load(self, source, filename, **limits):
        """Load a submission's `source` into a fresh worker: a SandboxedStudent.

        `filename` names the file in the student's messages and tracebacks; `limits` are
        SandboxedStudent's call_timeout, total_timeout and memory_mb.
        """
        from rnn_bptt.sandbox.remote import SandboxedStudent  # imports NumPy: not needed to start

        return SandboxedStudent(self, source, filename, **limits)

    def close(self):
        """Stop the zygote and every worker it still has."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            self._control.close()   # the zygote kills its workers and exits on end of file
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        if self._facts:   # its cgroups, empty now that it and its workers have ended
            cgroups.remove(self._facts["cgroups"])

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()


def encode_request(request):
    return json.dumps(request).encode()


def decode_reply(packet):
    """A reply of the zygote (a JSON object in one packet)."""
    reply = json.loads(packet)
    if not isinstance(reply, dict):
        raise SandboxError("the sandbox's zygote sent an invalid reply")
    return reply
