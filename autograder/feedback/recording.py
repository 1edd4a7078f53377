"""What a test asked a student's functions and what they answered, for the diagnosis.

A test calls `student.rnn_step(...)`; run_test hands it a Recorded student instead, which passes
every call on and keeps a Call: the function, the arguments, and the value returned (or the
Failure raised). The diagnosis compares those values with what each misconception computes on the
same arguments, part by part (`parts`: "dU" of a dict of gradients, "layer 1" of a list...).

Answers are looked up by a digest of the arguments (`arguments_digest`, exact bytes); public
checks, which must not hold any answer, compare values through a digest rounded to six
significant figures (`value_digest`), which tells equal from different and nothing else.
"""

import hashlib
from dataclasses import dataclass, field

import numpy as np

from .questions import Failure
from .student import Student


@dataclass
class Call:
    """One call a test made: `value` is what it returned, or `raised` the Failure it raised."""
    function: str
    args: tuple
    value: object = None
    raised: Failure | None = None
    changed: list = field(default_factory=list)   # the arguments it modified, when watched


class Recorded(Student):
    """`student`, keeping a Call for every call made through it (in `calls`)."""

    def __init__(self, student):
        self.student = student
        self.calls = []

    def observe(self, function_name, *args):
        call = Call(function_name, args)
        self.calls.append(call)
        try:
            observation = self.student.observe(function_name, *args)
        except Failure as failure:
            call.raised = failure
            raise
        call.value, call.changed = observation.value, observation.changed
        return observation

    def call(self, function_name, *args):
        call = Call(function_name, args)
        self.calls.append(call)
        try:
            call.value = self.student.call(function_name, *args)
        except Failure as failure:
            call.raised = failure
            raise
        return call.value


def parts(value):
    """An answer as {part name: leaf}, named as the checks name them: "dU" for a dict's key "U",
    "loss" and "dU"... for a (loss, gradients) pair, "layer 1" for the items of a list of
    arrays of different shapes; anything else is one part, ""."""
    if isinstance(value, dict):
        return {f"d{key}": item for key, item in value.items()}
    if isinstance(value, (list, tuple)) and len(value) == 2 and isinstance(value[1], dict):
        return {"loss": value[0], **parts(value[1])}
    if isinstance(value, (list, tuple)) and not stackable(value):
        return {f"layer {index}": item for index, item in enumerate(value)}
    return {"": value}


def stackable(items):
    try:
        np.asarray(items, dtype=np.float64)
    except (TypeError, ValueError):
        return False
    return True


def arguments_digest(args):
    """A digest of a call's arguments: structure, shapes and exact values (integers as int64
    and floats as float64, so that every platform spells the same arguments the same way)."""
    digest = hashlib.blake2b(digest_size=12)

    def feed(item):
        if isinstance(item, dict):
            digest.update(b"{")
            for key in sorted(item, key=str):
                digest.update(str(key).encode() + b":")
                feed(item[key])
            digest.update(b"}")
        elif isinstance(item, (list, tuple)):
            digest.update(b"[")
            for each in item:
                feed(each)
            digest.update(b"]")
        elif item is None or isinstance(item, str):
            digest.update(repr(item).encode())
        else:
            array = np.asarray(item)
            kind = np.int64 if array.dtype.kind in "iub" else np.float64
            digest.update(f"{array.dtype.kind in 'iub'}{array.shape}".encode())
            digest.update(np.ascontiguousarray(array, dtype=kind).tobytes())
    feed(args)
    return digest.hexdigest()


SIGNIFICANT = 6   # figures kept by value_digest: far coarser than round-off, far finer than a mistake


def value_digest(value):
    """A digest of one part of an answer, rounded: two values that agree to about six significant
    figures (entries below 1e-9 of the largest counting as 0) almost always share it, and it gives
    away nothing of the value. None when the value holds no numbers."""
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        return None
    finite = array[np.isfinite(array)]
    scale = float(np.max(np.abs(finite))) if finite.size else 0.0
    rounded = np.where(np.abs(array) <= 1e-9 * scale, 0.0, array)
    text = ",".join(np.format_float_scientific(x, precision=SIGNIFICANT - 1) if np.isfinite(x)
                    else str(x) for x in rounded.ravel())
    return hashlib.blake2b(f"{array.shape}|{text}".encode(), digest_size=12).hexdigest()
