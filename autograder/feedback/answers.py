"""What a computation answered, and whether a student's call agrees with it.

An answer is Computed (the value itself, or the exception raised, in the grader) or Digested
(the digests of its parts, in a student's public checks: recording.value_digest); either says
whether a recorded call (recording.Call) gave the same answer, within the checks' tolerance.
"""

import re
from dataclasses import dataclass

import numpy as np

from .recording import parts, value_digest
from .tolerance import RTOL, tolerance


def same_value(got, want, rtol=RTOL):
    """Whether the answer `got` agrees with `want` part by part, within the checks' tolerance
    (non-finite entries must be non-finite in the same places)."""
    got_parts, want_parts = parts(got), parts(want)
    if got_parts.keys() != want_parts.keys():
        return False
    for key, expected in want_parts.items():
        try:
            a = np.asarray(got_parts[key], dtype=np.float64)
            b = np.asarray(expected, dtype=np.float64)
        except (TypeError, ValueError):
            return False
        if a.shape != b.shape:
            return False
        finite = np.isfinite(b)
        if not np.array_equal(np.isfinite(a), finite) or not np.array_equal(
                np.where(finite, 0, a), np.where(finite, 0, b), equal_nan=True):
            return False
        if np.any(np.abs(a[finite] - b[finite]) > tolerance(b[finite], rtol)):
            return False
    return True


SHAPES = re.compile(r"\((\d+(?:, ?\d+)*),?\)")


def same_exception(raised, expected):
    """Whether two exceptions ("TypeName: message") can be the same mistake: the same type, and
    the same shapes where both messages name shapes (numpy words one broadcast differently for
    x += y and x = x + y, and a product of mismatched sizes differently for @ and einsum)."""
    (type_a, _, text_a), (type_b, _, text_b) = raised.partition(": "), expected.partition(": ")
    shapes_a, shapes_b = set(SHAPES.findall(text_a)), set(SHAPES.findall(text_b))
    return type_a == type_b and (shapes_a == shapes_b or not (shapes_a and shapes_b))


@dataclass
class Computed:
    """An answer computed here: the value returned, or the exception raised ("Type: message")."""
    value: object = None
    raised: str | None = None

    def matches(self, call):
        if call.raised is not None:
            return self.raised is not None and same_exception(raised_text(call), self.raised)
        return self.raised is None and same_value(call.value, self.value)


@dataclass
class Digested:
    """An answer known only by the digests of its parts (recording.value_digest), or by the type
    of the exception raised."""
    digests: dict | None = None
    raised: str | None = None

    def matches(self, call):
        if call.raised is not None:
            return (self.raised is not None
                    and raised_text(call).partition(": ")[0] == self.raised)
        return self.digests == digests_of(call.value)


def digests_of(value):
    return {part: value_digest(leaf) for part, leaf in parts(value).items()}


def raised_text(call):
    """ "TypeName: message" of the exception a call raised ("" when it failed otherwise)."""
    return next((evidence.detail for evidence in call.raised.evidence
                 if evidence.problem == "raised"), "")
