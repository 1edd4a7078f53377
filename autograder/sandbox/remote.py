"""A submission in its worker, as the grader's tests see it: the grader's side of the sandbox.

    with Zygote() as zygote:                       # sandbox.client; one per batch
        with zygote.load(source, "rnn.py") as student:
            student.load_failure                   # a Failure, or None when the file loaded
            student.rnn_forward(X, U, W, b)        # runs in the worker, on copies of the args
            student.observe("bptt", X, Y, params, "regression")   # Observation(value, changed)
            student.output                         # what the submission printed (truncated)

The zygote (sandbox/zygote.py) forks one worker per submission, locked in by the layers this
machine has (sandbox.layers; `zygote.isolation` says which, plainly). The submission's source
goes straight to its worker, which parses and runs it: the grader never parses student code.
Arguments go in and plain data comes back through sandbox.codec: nothing is unpickled here, so
a return value cannot run code in the grader.

Time limits count the CPU time of the worker's runner (the process running the submission, and
the children it has reaped), with a wall-clock backstop of WALL_FACTOR times the limit
(sandbox.limits). A worker that hangs,
exits, crashes, runs out of memory or sends anything but a valid reply is stopped with every
process it started; the call fails with a Failure saying what happened, and the next call gets
a fresh worker that has reloaded the source. Past its total time limit a submission's calls all
fail at once. Nothing a worker sends raises anything but a Failure here.
"""

import contextlib
import os
import select
import signal
import threading
import time
from dataclasses import dataclass, field

from rnn_bptt.feedback.questions import FUNCTIONS, Failure
from rnn_bptt.feedback.student import (Observation, RaisedError, Student, changed_paths,
                                       describe_path, failure_for_error, missing_function_failure)
from rnn_bptt.sandbox.codec import FRAME, CodecError, decode, encode, frame_sizes
from rnn_bptt.sandbox.limits import (CALL_TIMEOUT, CELL_TIMEOUT, CONNECTION_EXIT, MEMORY_EXIT,
                                     SETUP_EXIT, TOTAL_TIMEOUT, WALL_FACTOR)
from rnn_bptt.sandbox.modules import importable
from rnn_bptt.sandbox.standins import StandIns, redacted, redacted_error

OUTPUT_LIMIT = 20_000    # bytes of a submission's printed output kept
MESSAGE_LIMIT = 2_000    # characters kept of a text that comes from the worker
DYING_GRACE = 0.5        # seconds a worker that closed its connection may take to end
# The worker stops a call itself at the call's time limit, and says in which function it was;
# the grader kills a worker whose call has not ended this much later (CPU or wall seconds).
HARD_TIMEOUT_GRACE = 1.0
# While a call runs, the grader looks at its CPU time this often (seconds).
CPU_CHECK_INTERVAL = 0.05


@dataclass
class Budget:
    """The time of one submission, shared by its worker and the workers of its reruns: CPU
    seconds, and a wall-clock backstop."""
    cpu_seconds: float
    wall_deadline: float
    spent: float = 0.0      # CPU seconds of its workers that have ended
    out_of_time: bool = False
    timed_out: set = field(default_factory=set)   # functions stopped at the call time limit

    @classmethod
    def for_total(cls, total_timeout):
        return cls(total_timeout, time.monotonic() + total_timeout * WALL_FACTOR)

    def used_up(self, running=0.0):
        """Whether the submission has used up its time, with `running` CPU seconds of a live
        worker; remembered once it has."""
        self.out_of_time |= (self.spent + running >= self.cpu_seconds
                             or time.monotonic() >= self.wall_deadline)
        return self.out_of_time


class CpuClock:
    """The CPU time (seconds) the process running a submission (its runner) has used, its own
    and its reaped children's, read from /proc at most every CPU_CHECK_INTERVAL seconds (most
    calls take far less: reading it around each would cost the grader more than the call).

    The runner is the worker itself (`runner`, its pid), or, with a PID namespace, a child of
    the worker whose pid arrives on `pipe` (written by the worker before any student code
    runs): until it has, the clock reads 0.
    """

    def __init__(self, runner, pipe):
        self.runner = runner
        self.pipe = pipe
        self.last = 0.0
        self.read_at = float("-inf")

    def seconds(self, fresh=False):
        """The CPU seconds used, as last read; read again if `fresh` or the reading is old."""
        now = time.monotonic()
        if not fresh and now - self.read_at < CPU_CHECK_INTERVAL:
            return self.last
        if self.runner is None and not self._read_runner():
            return self.last
        self.read_at = now
        try:
            with open(f"/proc/{self.runner}/stat", "rb") as file:
                text = file.read()
            # utime, stime, cutime, cstime, after the process name
            fields = text.rsplit(b")", 1)[1].split()
            self.last = sum(map(int, fields[11:15])) / os.sysconf("SC_CLK_TCK")
        except (OSError, ValueError, IndexError):   # it has ended: the last reading stands
            pass
        return self.last

    def _read_runner(self):
        try:
            text = os.read(self.pipe, 32)
        except BlockingIOError:   # not written yet
            return False
        except OSError:
            text = b""
        if text.isdigit():
            self.runner = int(text)
        return self.runner is not None

    def close(self):
        if self.pipe is not None:
            os.close(self.pipe)
            self.pipe = None


class TimeUp(Exception):
    """A limit was reached while waiting for the worker: `kind` is "cpu" or "wall" (the call's
    own limits) or "total" (the submission's)."""

    def __init__(self, kind):
        super().__init__(kind)
        self.kind = kind


# --------------------------------------------------------------------------------------------
# A submission in its worker
# --------------------------------------------------------------------------------------------


class WorkerLost(Exception):
    """The worker stopped during a call; the message says what happened, for a student."""


class SandboxedStudent(Student):
    """The `student` of the tests for a submission loaded in a worker process (see the brief).

    - `load_failure`: a Failure saying why the file could not be loaded, or None;
    - `load_error`: what running the file raised when it stopped early but still defined some
      functions (they are graded), or None; as feedback.student.InProcess's;
    - `output`: what the submission printed, truncated to OUTPUT_LIMIT bytes;
    - `observe(name, *args)`, `student.<name>(*args)`: as feedback.student.InProcess.
    """

    def __init__(self, zygote, source, filename, call_timeout=CALL_TIMEOUT,
                 total_timeout=TOTAL_TIMEOUT, memory_mb=None, cell_timeout=CELL_TIMEOUT,
                 budget=None, stand_ins=None):
        self._zygote = zygote
        self._source = source
        self._filename = filename
        self._call_timeout = call_timeout
        self._cell_timeout = cell_timeout
        self._total_timeout = total_timeout
        self._memory_mb = memory_mb or zygote.memory_mb
        self._budget = budget or Budget.for_total(total_timeout)
        # A worker with stand-ins (error carried forward) keeps nothing the submission says:
        # see sandbox.standins.
        self._stand_ins = stand_ins
        self._lock = threading.Lock()
        self._worker = None          # the live worker (a client.Spawned), if any
        self._clock = None           # its CpuClock
        self._functions = set()      # the functions the file defines
        self._unreached = set()      # those it writes but did not reach (see load_error)
        self._output = bytearray()
        self._output_cut = False
        self.load_failure = None
        self.load_error = None
        with self._lock:
            self.load_failure = self._start_worker()

    @property
    def out_of_time(self):
        """Whether the submission used up its total time limit."""
        return self._budget.out_of_time

    @property
    def defined_functions(self):
        """The functions of the assignment that loading the file defined (none if it failed)."""
        return frozenset(self._functions)

    @property
    def answered(self):
        return self._stand_ins.answered if self._stand_ins else set()

    @answered.setter
    def answered(self, names):
        if self._stand_ins:
            self._stand_ins.answered = names

    @contextlib.contextmanager
    def standing_in(self, names, reference):
        """A fresh worker of the same submission, with stand-ins for `names` (see
        feedback.student.Student.standing_in), within this submission's time budget."""
        helped = SandboxedStudent(self._zygote, self._source, self._filename,
                                  self._call_timeout, self._total_timeout, self._memory_mb,
                                  self._cell_timeout, self._budget, StandIns(names, reference))
        try:
            yield helped
        finally:
            helped.close()

    # ---- what the tests use ----

    def observe(self, function_name, *args):
        return self._run(function_name, args, watch=True)

    def call(self, function_name, *args):
        return self._run(function_name, args, watch=False).value

    def _run(self, function_name, args, watch):
        """Call the function in the worker: an Observation (its `changed` is empty unless
        `watch`: only then does the worker send back the arguments as the call left them)."""
        if function_name not in FUNCTIONS:
            raise ValueError(f"{function_name!r} is not a function of rnn.py")
        with self._lock:
            if self.load_failure is not None:
                raise Failure(str(self.load_failure))
            if self._worker is None:
                problem = self._start_worker()
                if problem is not None:
                    raise problem
            if function_name not in self._functions:
                raise self._missing(function_name)
            if self._budget.used_up(self._clock.seconds()):
                raise Failure(self._out_of_time_message(function_name))
            if function_name in self._budget.timed_out:
                raise Failure(f"{function_name} was not run again: a call of it did not finish "
                              f"within {self._call_timeout:g} s in an earlier test, so its other "
                              f"tests fail at once, to save your time.")
            others = set(FUNCTIONS) - {function_name}
            stand_ins = sorted(self._stand_ins.names & others) if self._stand_ins else []
            request = {"function": function_name, "value": list(args), "watch": watch,
                       "record": self._called is not None, "stand_ins": stand_ins,
                       "timed_out": sorted(self._budget.timed_out & others),
                       "time_limit": self._call_timeout,
                       "wall_time_limit": self._call_timeout * WALL_FACTOR}
            try:
                reply = self._exchange(request, self._call_timeout, function_name)
            except WorkerLost as lost:
                raise Failure(f"{function_name} failed: {lost}") from None
            try:
                if self._called is not None and isinstance(reply.get("called"), list):
                    self._called.update(assignment_functions(reply["called"]) & others)
                return self._observation(function_name, args, reply, watch)
            except Failure:
                raise
            except Exception:   # a reply no honest worker sends: its worker is not trusted again
                self._stop_worker()
                raise Failure(f"{function_name} failed: {PROTOCOL_BROKEN}") from None

    @property
    def output(self):
        text = self._output.decode("utf-8", errors="replace")
        if self._output_cut:
            text += f"\n... (output cut: only the first {OUTPUT_LIMIT // 1000} kB are kept)"
        return text

    def close(self):
        with self._lock:
            self._stop_worker()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    # ---- the worker's life ----

    def _start_worker(self, modules=None):
        """Fork a worker and load the source into it: None, or the Failure that stopped it.

        A worker that finds the source imports modules the zygote has not imported yet
        (sandbox.modules.on_demand) asks for them: a new worker is forked once the zygote has
        imported those of them the import policy allows (the worker's list is not trusted).
        """
        cant_load = f"Your file {self._filename} could not be loaded"
        if self._budget.used_up():
            return Failure(f"{cant_load}: {self._out_of_time_message()}")
        cpu_seconds = self._total_timeout + 1
        self._worker = self._zygote.spawn(self._memory_mb, cpu_seconds, modules or ())
        self._clock = CpuClock(self._worker.runner, self._worker.runner_pipe)
        try:
            # The worker stops a cell that runs too long and goes on with the next; loading as a
            # whole is bounded by the submission's total time only.
            reply = self._exchange({"source": self._source, "filename": self._filename,
                                    "cell_time_limit": self._cell_timeout,
                                    "cell_wall_limit": self._cell_timeout * WALL_FACTOR,
                                    "modules_imported": modules is not None})
        except WorkerLost as lost:
            return Failure(f"{cant_load}: {lost}")
        needs = reply.get("needs_modules")
        if needs and modules is None and isinstance(needs, list):
            self._stop_worker()
            return self._start_worker(importable(needs))
        if isinstance(reply.get("load_failure"), str):
            self._stop_worker()
            return Failure(reply["load_failure"][:MESSAGE_LIMIT])
        functions, load_error = reply.get("functions"), reply.get("load_error")
        unreached = reply.get("unreached", [])
        if (not isinstance(functions, list) or not isinstance(unreached, list)
                or not isinstance(load_error, (str, type(None)))):
            self._stop_worker()
            return Failure(f"{cant_load}: {PROTOCOL_BROKEN}")
        self._functions = assignment_functions(functions)
        self.load_error = load_error and load_error[:MESSAGE_LIMIT]
        # The functions whose def the error kept from running, as the worker read the source.
        self._unreached = (assignment_functions(unreached) - self._functions
                           if load_error else set())
        return None

    def _stop_worker(self, grace=0.0):
        """Kill the worker (if any), count its CPU time and keep what it printed: (exited
        first, wait status)."""
        if self._worker is None:
            return False, None
        worker, self._worker = self._worker, None
        self._budget.spent += self._clock.seconds(fresh=True)
        self._clock.close()
        worker.sock.close()
        ended = self._zygote.stop(worker.pid, grace)
        self._read_output(worker.output)
        os.close(worker.output)
        return ended

    def _exchange(self, message, cpu_limit=None, function_name=None):
        """Send `message` to the worker and return its reply, within the time limits (the
        call's `cpu_limit`, if any, and the submission's); while a call of `function_name` runs,
        answer its stand-ins' requests (the time they take in the grader does not count
        against it).

        Raises WorkerLost (after stopping the worker) when it times out, dies or sends anything
        but a valid reply.
        """
        started_cpu = self._clock.seconds()
        wall_deadline = (time.monotonic() + cpu_limit * WALL_FACTOR + HARD_TIMEOUT_GRACE
                         if cpu_limit else float("inf"))

        def time_up():
            """The limit reached, if any (checked while waiting for the worker)."""
            running = self._clock.seconds()
            if self._budget.used_up(running):
                return "total"
            if cpu_limit and running - started_cpu > cpu_limit + HARD_TIMEOUT_GRACE:
                return "cpu"
            if time.monotonic() > wall_deadline:
                return "wall"
            return None

        worker = self._worker
        try:
            self._send(worker, encode(message), time_up)
            while True:
                reply = self._receive_message(worker, time_up)
                if "stand_in" not in reply:
                    break
                if function_name is None or self._stand_ins is None:
                    raise CodecError("a stand-in request outside a call with stand-ins")
                answering = time.monotonic()
                answer = encode(self._stand_ins.answer(reply, function_name))
                spent = time.monotonic() - answering
                wall_deadline += spent
                self._budget.wall_deadline += spent
                self._send(worker, answer, time_up)
        except TimeUp as up:
            self._stop_worker()
            if up.kind == "total":
                raise WorkerLost(self._out_of_time_message()) from None
            if function_name is not None:
                self._budget.timed_out.add(function_name)
            raise WorkerLost(self._too_slow(cpu_limit, up.kind)) from None
        except EOFError:
            exited, status = self._stop_worker(grace=DYING_GRACE)
            what = death(exited, status, self._memory_mb)
            raise WorkerLost(f"the process running your code {what}.") from None
        except Exception:   # a malformed frame, or anything else a worker could send
            self._stop_worker()
            raise WorkerLost(PROTOCOL_BROKEN) from None
        self._read_output(worker.output)
        return reply

    @staticmethod
    def _too_slow(limit, clock):
        if clock == "cpu":
            return (f"the call did not finish within {limit:g} s and was stopped (an infinite "
                    f"loop, or a computation far slower than it should be?).")
        return (f"the call did not finish within {limit:g} s and was stopped: it was still "
                f"running {limit * WALL_FACTOR:g} s later (waiting for something that never "
                f"comes, such as input() or a long time.sleep?).")

    def _receive_message(self, worker, time_up):
        prefix = self._receive(worker, FRAME.size, time_up)
        header_size, payload_size = frame_sizes(prefix)
        body = self._receive(worker, header_size + payload_size, time_up)
        view = memoryview(body)
        return decode(view[:header_size], view[header_size:])

    def _wait(self, worker, event, time_up):
        """Wait until the worker's socket is ready for `event`, reading its output pipe
        meanwhile; raise TimeUp when `time_up()` names a limit reached."""
        poller = select.poll()
        poller.register(worker.sock, event)
        poller.register(worker.output, select.POLLIN)
        while True:
            reached = time_up()
            if reached:
                raise TimeUp(reached)
            for fd, happened in poller.poll(CPU_CHECK_INTERVAL * 1000):
                if fd == worker.output:
                    if not self._read_output(worker.output):
                        poller.unregister(worker.output)   # every writer has closed the pipe
                elif happened:
                    return

    def _send(self, worker, frame, time_up):
        view = memoryview(frame)
        while view:
            try:
                sent = worker.sock.send(view)
            except BlockingIOError:
                self._wait(worker, select.POLLOUT, time_up)
                continue
            except (BrokenPipeError, ConnectionResetError):
                raise EOFError from None
            view = view[sent:]

    def _receive(self, worker, size, time_up):
        data = bytearray(size)
        view = memoryview(data)
        received = 0
        while received < size:
            try:
                count = worker.sock.recv_into(view[received:])
            except BlockingIOError:
                self._wait(worker, select.POLLIN, time_up)
                continue
            except ConnectionResetError:
                count = 0
            if count == 0:
                raise EOFError
            received += count
        return data

    def _read_output(self, output):
        """Read what is waiting in the output pipe; False once the pipe is closed for good."""
        while True:
            try:
                chunk = os.read(output, 65536)
            except BlockingIOError:
                return True
            if not chunk:
                return False
            if self._stand_ins:   # a rerun with stand-ins: nothing printed reaches the report
                continue
            room = OUTPUT_LIMIT - len(self._output)
            self._output += chunk[:max(room, 0)]
            self._output_cut |= len(chunk) > room

    # ---- replies ----

    def _observation(self, function_name, args, reply, watch):
        # With stand-ins, nothing the submission wrote may reach the report (sandbox.standins).
        keep = redacted if self._stand_ins else (lambda value: value)
        if not watch and isinstance(reply.get("value"), list) and len(reply["value"]) == 1:
            return Observation(keep(reply["value"][0]), [])
        if (watch and isinstance(reply.get("value"), list) and len(reply["value"]) == 2
                and type(reply["value"][1]) is list and len(reply["value"][1]) == len(args)):
            value, after = reply["value"]
            # The worker sends back its copies of the arguments as the call left them; the
            # comparison runs here, where the submission cannot patch it.
            changed = changed_paths(list(args), after)
            return Observation(keep(value), [describe_path(function_name, path)
                                             for path in changed])
        elif reply.get("missing") is True:
            raise self._missing(function_name)
        elif isinstance(reply.get("timeout"), (str, type(None))) and "timeout" in reply:
            raise self._timed_out(function_name, reply["timeout"], reply.get("clock"))
        elif isinstance(reply.get("error"), list) and len(reply["error"]) == 5:
            type_name, message, line, source_line, file = reply["error"]
            if (all(isinstance(text, str) for text in (type_name, message, source_line, file))
                    and (line is None or type(line) is int)):
                if self._stand_ins:
                    type_name, message = redacted_error(type_name), ""
                if type_name == "MemoryError":
                    # Whatever filled the memory may still hold it: the next call starts afresh.
                    self._stop_worker()
                    message = (f"{message} (it ran out of memory: a worker may use about "
                               f"{self._memory_mb} MB)").lstrip()
                raised = RaisedError(type_name[:100], message[:MESSAGE_LIMIT], line,
                                     source_line[:MESSAGE_LIMIT], file[:200])
                raise failure_for_error(function_name, raised)
        elif isinstance(reply.get("exit"), str):
            code = "..." if self._stand_ins else reply["exit"][:100]
            raise Failure(f"{function_name} called sys.exit({code}) (or exit(), quit()): a "
                          f"function must return its result, not stop the program.")
        elif isinstance(reply.get("too_large"), str):
            raise Failure(f"{function_name} returned a value too large to send back "
                          f"({reply['too_large'][:200]}).")
        elif isinstance(reply.get("unsendable"), str):
            why = "" if self._stand_ins else f" ({reply['unsendable'][:200]})"
            raise Failure(f"{function_name} returned a value that could not be sent back{why}.")
        self._stop_worker()   # a reply of no known form: the worker is not to be trusted again
        raise Failure(f"{function_name} failed: {PROTOCOL_BROKEN}")

    def _timed_out(self, function_name, running, clock):
        """The Failure for a call the worker stopped at its time limit (`clock`: "cpu" or
        "wall") while `running` (the function of the assignment it was in, as the worker saw
        it) ran."""
        running = running if running in FUNCTIONS else function_name
        self._budget.timed_out.add(running)
        limit = f"did not finish within {self._call_timeout:g} s and was stopped"
        if running == function_name:
            waited = self._call_timeout * WALL_FACTOR
            why = ("(an infinite loop, or a computation far slower than it should be?)"
                   if clock != "wall" else
                   f"(it was still waiting {waited:g} s later: for input(), or a long sleep?)")
            return Failure(f"{function_name} {limit} {why}. Its other tests fail at once, to "
                           f"save your time.")
        return Failure(f"{function_name} {limit} while it was running {running}, which it "
                       f"calls (an infinite loop in {running}?).")

    def _missing(self, function_name):
        """The Failure for a function the file does not define, as InProcess's."""
        return missing_function_failure(
            function_name, self.load_error if function_name in self._unreached else None)

    def _out_of_time_message(self, function_name=None):
        skipped = f", so {function_name} was not run" if function_name else ""
        return (f"your submission used up its total time limit of {self._total_timeout:g} s "
                f"(all its calls together){skipped}.")


def assignment_functions(names):
    """The names of functions of the assignment among `names`, a list a worker sent (anything
    may be in it)."""
    return {name for name in names if isinstance(name, str) and name in FUNCTIONS}


PROTOCOL_BROKEN = ("the process running your code sent the grader a reply it could not read "
                   "(does your code write to a file descriptor it did not open?).")


def death(exited, status, memory_mb):
    """How a worker ended, for a student: "exited with status 3", "was killed by signal ..."."""
    if status is None:
        return "stopped unexpectedly"
    if os.WIFEXITED(status):
        code = os.WEXITSTATUS(status)
        if code == CONNECTION_EXIT:
            return "closed its connection to the grader"
        if code == MEMORY_EXIT:
            return f"ran out of memory (a worker may use about {memory_mb} MB)"
        if code == SETUP_EXIT:
            return "could not set up its sandbox (a fault of the grader: tell your instructor)"
        return f"exited with status {code} (a call to os._exit or exit in your code?)"
    number = os.WTERMSIG(status)
    if number == signal.SIGXCPU:
        return "used up its CPU time limit and was stopped"
    if number == signal.SIGKILL and not exited:
        return "closed its connection to the grader and was stopped"
    name = signal.Signals(number).name if number in signal.Signals._value2member_map_ else number
    if number == signal.SIGKILL:
        return "was killed by signal SIGKILL (did it run out of memory?)"
    if number in (signal.SIGSEGV, signal.SIGBUS, signal.SIGABRT, signal.SIGILL, signal.SIGFPE):
        return f"crashed: it was killed by signal {name} (a crash in compiled code)"
    return f"was killed by signal {name}"
