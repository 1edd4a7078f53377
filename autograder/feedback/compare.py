"""Comparing a returned value with the expected one: its type, shape, finiteness and values.

Every check raises a Failure whose message says, in this order: wrong type, wrong shape,
non-finite values, wrong values (how many, where, and how far off as a power of ten only: see
error_size). It never prints an expected value, nor an error precise enough to give one: hidden
tests use these checks too, and their answers stay hidden. What the pattern of the error means
(a mean instead of a sum, a transposed matrix...) is not said here, test by test, but once per
question by the diagnosis (see diagnosis), from the Evidence every Failure carries.
"""

import math
from dataclasses import dataclass

import numpy as np

from .questions import Evidence, Failure
from .tolerance import RTOL, per_step, tolerance
from .wording import expected_kind, index_text, kind_of, steps_text

# What the values of an array mean (check_array's `kind`): the diagnosis reads some patterns
# only for some kinds (a sum to 1 for probabilities, the last row for Jacobian norms...).
KINDS = ("hidden states", "outputs", "probabilities", "jacobian norms")


def as_array(got, what, shape):
    """`got` as a float64 array, or a Failure if it does not hold float64 numbers.

    Anything NumPy reads as float64 numbers is accepted (a list of Python floats, a Python float,
    a numpy float64 scalar, a 0-d array); the shape is checked by the caller. Integers and floats
    of another precision (float32) are wrong types: SPEC.md asks for float64 everywhere, and the
    dtype survives the grader's sandbox, so every way of running the tests agrees.
    """
    if got is None:
        raise failure("type", f"{what} is None, expected {expected_kind(shape)}: "
                              f"did you forget a `return`?")
    if isinstance(got, (str, bytes, dict)):
        raise failure("type", f"{what} is {kind_of(got)}, expected {expected_kind(shape)}.")
    try:
        array = np.asarray(got)
    except Exception:  # ragged lists and odd objects: NumPy cannot read them as numbers
        array = None
    if array is None or array.dtype.kind not in "iuf":
        advice = (" (its items do not all have the same shape)"
                  if isinstance(got, (list, tuple)) else "")
        raise failure("type", f"{what} is {kind_of(got)}{advice}, "
                              f"expected {expected_kind(shape)}.")
    if array.dtype.kind in "iu":
        raise failure("type", f"{what} has the wrong type: it returns integers ({array.dtype}) where "
                      f"floats are expected; compute in float64 (the default for NumPy arrays). "
                      f"An array made from integers, such as np.zeros_like(labels), stays "
                      f"integer and truncates what you store in it.")
    if array.dtype.itemsize != 8:  # float64 in either byte order
        raise failure("type", f"{what} has the wrong type: it returns {array.dtype} values; compute in "
                      f"float64 (the default for NumPy arrays), without dtype={array.dtype} or "
                      f".astype({array.dtype}).")
    return array.astype(np.float64)


def failure(problem, message):
    """A Failure for a wrong type, shape or non-finite values, with its Evidence."""
    return Failure(message, evidence=[Evidence(problem, detail=message)])


def check_shape(array, shape, what, got):
    if array.shape == tuple(shape):
        return
    if shape == ():
        raise failure("shape", f"{what} should be a single number (a float), but it has shape "
                      f"{array.shape}: sum everything into one number.")
    message = f"{what} has the wrong shape: expected {tuple(shape)}, got {array.shape}"
    if isinstance(got, (list, tuple)):
        message += f" (you returned {kind_of(got)})"
    if array.shape == tuple(shape)[::-1]:
        message += ". It looks transposed."
    elif array.size == int(np.prod(shape)):
        message += (". The number of entries is right but they are arranged differently: "
                    "check the order of the axes.")
    elif len(shape) == 3 and array.shape == tuple(shape)[1:]:
        message += ". That is the shape of a single time step: return every step, stacked."
    raise failure("shape", message + ("" if message.endswith(".") else "."))


def check_finite(array, what):
    bad = ~np.isfinite(array)
    if bad.any():
        first = tuple(int(i) for i in np.argwhere(bad)[0])
        raise failure("non-finite", f"{what} contains {int(bad.sum())} non-finite value(s) (inf or nan) "
                      f"out of {array.size}, the first at index {index_text(first)}. These usually "
                      f"come from exp of a large number (overflow), log of 0, or 0/0.")


LARGEST_REPORTED_POWER = 6  # relative errors beyond 1e6 (an expected 0...) are all "above 1e6"


def error_size(got, expected):
    """How far `got` is from `expected`, as a relative error rounded to the nearest power of ten.

    "a relative error of order 1e-2": every message says how far off through this, and never more
    precisely. The student knows their own value, so an exact error (absolute or relative) would
    give the expected value away; a power of ten pins the relative error down only to a factor of
    about 3 either way. `got` must differ from `expected`.
    """
    power = math.log10(abs(got - expected)) - math.log10(max(abs(expected), 1e-300))
    if power > LARGEST_REPORTED_POWER + 0.5:   # an infinite power included
        return f"a relative error above 1e{LARGEST_REPORTED_POWER}"
    power = round(power)
    return f"a relative error of order {'1' if power == 0 else f'1e{power}'}"


@dataclass
class Mismatch:
    """How an array of the right shape differs from the expected one (no expected value)."""
    count: int            # entries off
    size: int
    error: str            # how far off the worst entry (worst for its tolerance) is: error_size
    index: tuple
    where: str            # which time steps and sequences match, for sequences ("" otherwise)

    def summary(self):
        return (f"{self.count} of {self.size} entries are off. The worst, at index "
                f"{index_text(self.index)}, has {self.error}.{self.where}")


def compare(array, expected, *, time_axis=None, kind=None, rtol=RTOL):
    """A Mismatch saying how `array` differs from `expected` (same shape), or None if it agrees."""
    if kind not in (None, *KINDS):
        raise ValueError(f"unknown kind {kind!r}; use one of {KINDS}")
    error = np.abs(array - expected)
    allowed = tolerance(expected, rtol)
    wrong = error > allowed
    if not wrong.any():
        return None
    worst = np.unravel_index(int(np.argmax(error / allowed)), expected.shape)
    where = ""
    if time_axis is not None:
        step_wrong = per_step(wrong, time_axis).any(axis=1)
        where = (f" Time steps that match: {steps_text(matching(step_wrong)) or 'none'}; "
                 f"time steps that do not: {steps_text(matching(~step_wrong))}.")
        if wrong.ndim >= 2 and time_axis == 0 and wrong.shape[1] > 1:
            sequence_wrong = per_step(wrong, 1).any(axis=1)
            if not sequence_wrong.all():   # only worth saying when some sequences are right
                where += (f" Sequences (axis 1) that do not match: "
                          f"{steps_text(matching(~sequence_wrong))}.")
    return Mismatch(int(wrong.sum()), wrong.size,
                    error_size(float(array[worst]), float(expected[worst])),
                    tuple(int(i) for i in worst), where)


def matching(wrong):
    """The positions where `wrong` is False."""
    return [position for position, bad in enumerate(wrong) if not bad]


def check_returns(got, shape, what):
    """`got` as a float64 array, failing unless it holds finite numbers of the given shape."""
    array = as_array(got, what, shape)
    check_shape(array, shape, what, got)
    check_finite(array, what)
    return array
