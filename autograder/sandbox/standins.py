"""Stand-ins, answered in the grader: the worker's calls of the functions it is graded without.

When a question is graded with error carried forward (rnn_bptt.fairness), its worker replaces the
functions that fail their own tests by stand-ins. A call of one reaches the grader as a message
{"stand_in": name, "value": [args, kwargs]} in the middle of a call, and StandIns.answer replies
with the reference's answer on those arguments. The reference runs here, where no sandbox limit
applies, so the stand-ins of one worker are limited in calls, argument size and CPU time.

What a stand-in can tell a submission, and why it is nothing to score with:
- the reference's answer, on arguments the submission holds, for a function that fails its own
  tests, while another question's tests run: what a correct function of its own would compute;
- never while that function's own tests run (the grader refuses, even if the submission kept the
  stand-in), and every function's hidden inputs are its own (rnn_bptt.cases), so no test of one
  question is ever the call of a stand-in made in another's;
- a rerun question gets a fresh worker that has seen only that question's inputs, and nothing
  the submission says in it reaches its report: printed output is dropped, and strings, unknown
  dict keys, type names and exception messages are withheld from its values and messages
  (`redacted`), so answers cannot be carried out of the sandbox to a later submission.
"""

import builtins
import hashlib
import time

import numpy as np

from rnn_bptt.sandbox.codec import Unsupported, unsupported

MAX_CALLS = 1000         # stand-in calls one worker may make
MAX_ELEMENTS = 100_000   # numbers in the arguments of one call (the tests' own are far fewer)
CPU_SECONDS = 5.0        # grader CPU time the stand-ins of one worker may use

# Names a value may keep when redacted: the gradient dicts' keys (which the checks name).
KNOWN_KEYS = frozenset({"U", "W", "b", "V", "c"})

# The reference's answers by call: stand-ins are mostly called on the tests' own inputs, the same
# for every submission of a batch, so each such answer is computed once per grader process. The
# cache holds at most MAX_ANSWER_NUMBERS numbers (8 bytes each), so submissions that call
# stand-ins on many large arguments cannot fill the grader's memory.
ANSWERS = {}
MAX_ANSWER_NUMBERS = 4 * 2**20
_cached_numbers = 0


class StandIns:
    """The stand-ins one worker may call: the reference's functions `names`, within limits.

    `answered` collects the names of those that answered.
    """

    def __init__(self, names, reference):
        self.names = frozenset(names)
        self.reference = reference
        self.calls = 0
        self.cpu_seconds = 0.0
        self.answered = set()

    def answer(self, request, function_name):
        """The reply to a stand-in request made while `function_name`'s tests run: {"value":
        the reference's answer} or {"refused": why, for the student}."""
        name, value = request.get("stand_in"), request.get("value")
        if name not in self.names or name == function_name:
            return {"refused": f"no stand-in for {str(name)[:40]} answers here: {function_name} "
                               f"is graded on its own code."}
        if not (isinstance(value, list) and len(value) == 2 and isinstance(value[0], list)
                and isinstance(value[1], dict)):
            return {"refused": f"the stand-in for {name} got a malformed call."}
        if elements(value) > MAX_ELEMENTS:
            return {"refused": f"the stand-in for {name} answers arguments of at most "
                               f"{MAX_ELEMENTS} numbers."}
        self.calls += 1
        if self.calls > MAX_CALLS:
            return {"refused": f"the stand-ins answer at most {MAX_CALLS} calls."}
        if self.cpu_seconds > CPU_SECONDS:
            return {"refused": f"the stand-ins used up their {CPU_SECONDS:g} s of time."}
        key = (name, fingerprint(value))
        if key not in ANSWERS:
            started = time.process_time()
            try:
                with np.errstate(all="ignore"):
                    answer = getattr(self.reference, name)(*value[0], **value[1])
            except Exception as error:  # arguments the reference cannot take: say so
                return {"refused": f"the stand-in for {name} could not answer these arguments "
                                   f"({type(error).__name__})."}
            finally:
                self.cpu_seconds += time.process_time() - started
            remember(key, answer)
        self.answered.add(name)
        return {"value": ANSWERS[key]}


def remember(key, answer):
    """Keep `answer` in ANSWERS, emptying it first when it would hold too many numbers."""
    global _cached_numbers
    if _cached_numbers + elements(answer) > MAX_ANSWER_NUMBERS:
        ANSWERS.clear()
        _cached_numbers = 0
    ANSWERS[key] = answer
    _cached_numbers += elements(answer)


def fingerprint(value):
    """A digest of a decoded value: its structure, types, shapes and bytes."""
    digest = hashlib.blake2b(digest_size=16)

    def feed(item):
        digest.update(type(item).__name__.encode())
        if isinstance(item, np.ndarray):
            digest.update(f"{item.dtype.str}{item.shape}".encode())
            digest.update(np.ascontiguousarray(item).tobytes() if item.dtype.kind != "O"
                          else repr(item.tolist()).encode())
        elif isinstance(item, (list, tuple)):
            digest.update(str(len(item)).encode())
            for part in item:
                feed(part)
        elif isinstance(item, dict):
            digest.update(str(len(item)).encode())
            for key, part in item.items():
                feed(key)
                feed(part)
        else:
            digest.update(repr(item).encode())
    feed(value)
    return digest.digest()


def elements(value):
    """How many numbers a decoded value holds (arrays by their size, anything else as one)."""
    if isinstance(value, np.ndarray):
        return value.size
    if isinstance(value, (list, tuple)):
        return sum(map(elements, value))
    if isinstance(value, dict):
        return sum(map(elements, value.values()))
    return 1


def redacted(value):
    """`value` (decoded from a worker) with nothing left that the submission could write into
    it: strings become markers, dict keys other than KNOWN_KEYS become "key 1", "key 2"...,
    and the type names of values the codec does not carry are forgotten."""
    if isinstance(value, str):
        return unsupported("str")
    if isinstance(value, Unsupported):
        return unsupported("object")
    if isinstance(value, (list, tuple)):
        return type(value)(redacted(item) for item in value)
    if isinstance(value, dict):
        return {(key if key in KNOWN_KEYS else f"key {number}"): redacted(item)
                for number, (key, item) in enumerate(value.items(), start=1)}
    if isinstance(value, np.ndarray) and value.dtype.kind in "OSU":
        return unsupported("ndarray")
    return value


def redacted_error(type_name):
    """An exception's type name, kept only when it is one of Python's own."""
    known = isinstance(getattr(builtins, type_name, None), type) and issubclass(
        getattr(builtins, type_name), BaseException)
    return type_name if known else "an exception of its own class"
