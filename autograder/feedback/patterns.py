"""The patterns of a wrong answer, read from the answer and the expected value alone.

`patterns(evidence)` lists what one wrong comparison shows: an exact ratio to the right answer
(-1, 2, 1/T, 1/ln 10...) or a power of it (squared, square root), the right answer rearranged (time reversed, shifted by one step, one
sequence's values for every sequence, transposed), values confined to (-1, 1), (0, 1) or to
non-negatives, probabilities summing to 1 over the wrong axis, values clipped at one bound, one
error vector in every row, errors of float32 size. Each Pattern has a name and the sentence a
student reads; the diagnosis names a pattern only when it holds on every wrong comparison of a
question's part, so that a coincidence on one input names nothing.

A pattern is only read where it explains (nearly) every entry it speaks of, and never gives the
expected value away: it says how the answer relates to the right one, not what the right one is.
"""

import math
from dataclasses import dataclass

import numpy as np

from .tolerance import close, nearly_all, tolerance


@dataclass(frozen=True)
class Pattern:
    name: str
    text: str     # for the student: what the answer shows, and what usually causes it


def product_names(sizes):
    """The sizes a loss or a gradient sums over (T, N, K) and their products: {12: ["T*N"]...}.
    A product equal to 1 is no factor; a size of 1 still names its products (a mean over T*N
    with N = 1 is a mean over T), so that the same reading holds on inputs of every size."""
    axes = [(name, sizes[name]) for name in ("T", "N", "K") if name in (sizes or {})]
    products = {}
    for mask in range(1, 2 ** len(axes)):
        chosen = [axes[i] for i in range(len(axes)) if mask >> i & 1]
        product = math.prod(value for _, value in chosen)
        if product > 1:
            products.setdefault(product, []).append("*".join(name for name, _ in chosen))
    return products


# A factor every value is multiplied by, and what it usually means: (name, factor, sentence).
FIXED_FACTORS = [
    ("opposite sign", -1.0, "every value has the right size but the opposite sign: a sign "
                            "flipped somewhere (y - yhat for yhat - y, a minus dropped or added)?"),
    ("zero", 0.0, "every value is zero: nothing was added up, or everything cancelled out."),
    ("twice", 2.0, "every value is exactly twice the right one: a factor 2 too many (the 1/2 of "
                   "the squared error left out, or a term counted twice)?"),
    ("half", 0.5, "every value is exactly half the right one: a factor 1/2 too many, or a "
                  "factor 2 missing?"),
    ("log base 10", 1 / math.log(10), "every value is 1/ln 10 of the right one: log10 where "
                                      "the natural log (np.log) belongs."),
    ("log base 2", 1 / math.log(2), "every value is 1/ln 2 of the right one: log2 where the "
                                    "natural log (np.log) belongs."),
]
# Factors made of the sizes: a mean where the assignment sums ("mean over T*N"), or a sum taken
# that many times over. Named by the product of sizes, so that only one reading survives on
# inputs of different sizes (a mean over T and one over N agree only while T = N).
MEAN = "every value is 1/{count} of the right one ({count} = {names} here): a mean over {names} " \
       "where the assignment sums (the total loss, and so its gradients, sum over every time " \
       "step and every sequence)?"
REPEATED = "every value is {count} times the right one ({count} = {names} here): something " \
           "added up {names} times over, by a broadcast or a loop?"


def ratio_patterns(got, expected, sizes, rtol):
    """The factor patterns that explain `got` as a constant times `expected`."""
    norm = float(np.sum(expected * expected))
    if norm == 0.0:
        return []
    factor = float(np.sum(got * expected)) / norm
    if not close(got, factor * expected, 10 * rtol):
        return []
    found = [Pattern(name, text) for name, value, text in FIXED_FACTORS
             if abs(factor - value) <= 10 * rtol * max(1.0, abs(value))]
    for count, names in product_names(sizes).items():
        for value, wording, kind in ((1 / count, MEAN, "mean"), (count, REPEATED, "repeated")):
            if abs(factor - value) <= 10 * rtol * value:
                found += [Pattern(f"{kind} over {name}",
                                  wording.format(count=count, names=name))
                          for name in names]
    return found


# An elementwise power of the right values, and what it usually means: (name, power, sentence).
POWERS = [
    ("squared", lambda right: right ** 2, "every value is the square of the right one: a square "
     "(** 2) too many, a squared norm where the norm belongs?"),
    ("square root", lambda right: np.sign(right) * np.sqrt(np.abs(right)), "every value is the "
     "square root of the right one: a norm where its square belongs, or a square root too many?"),
]


def power_patterns(got, expected, rtol):
    """The right values raised to a power (squared, or their square root), when they are not
    all 0 or 1, whose powers are themselves."""
    if np.all(np.isin(np.abs(expected), (0.0, 1.0))) or close(got, expected, rtol):
        return []
    return [Pattern(name, text) for name, power, text in POWERS
            if close(got, power(expected), 10 * rtol)]


def arrangement_patterns(got, expected, rtol):
    """The right values in the wrong places: (name, sentence) of each arrangement that holds."""
    found = []

    def holds(name, rearranged_got, rearranged_expected, text):
        if (rearranged_got.size and not close(expected, got, rtol)
                and close(rearranged_got, rearranged_expected, rtol)):
            found.append(Pattern(name, text))

    if expected.ndim >= 2 and len(expected) >= 2:     # (T, ...): time first
        holds("time reversed", got, expected[::-1], "your values are the right ones in "
              "reverse time order: step t holds what belongs at step T-1-t.")
        holds("one step late", got[1:], expected[:-1], "each step holds the right value of the "
              "step before it: the time steps are shifted by one (an index t-1 for t, or a "
              "state stored before it is updated?).")
        holds("one step early", got[:-1], expected[1:], "each step holds the right value of the "
              "step after it: the time steps are shifted by one (an index t+1 for t?).")
        holds("last step everywhere", got, np.broadcast_to(expected[-1], got.shape),
              "every step holds the right value of the last step.")
    if expected.ndim >= 3 and expected.shape[1] >= 2:  # (T, N, ...): one row per sequence
        holds("first sequence everywhere", got, np.broadcast_to(expected[:, :1], got.shape),
              "every sequence gets the right values of sequence 0: something indexed with 0 "
              "(or a [:1]) where each sequence needs its own?")
    if expected.ndim >= 2 and expected.shape[-1] == expected.shape[-2] >= 2:
        holds("transposed", got, np.swapaxes(expected, -1, -2), "your matrix is the transpose "
              "of the right one: check the order of a matrix product (x W versus W x).")
    if expected.ndim >= 2 and expected.shape[0] == expected.shape[1] >= 2:
        holds("axes swapped", got, np.swapaxes(expected, 0, 1), "your values are the right ones "
              "with the first two axes swapped (time and batch?).")
    return found


def range_patterns(got, expected, wrong):
    """Values confined to a range the right ones leave, or clipped at one bound."""
    found = []
    if np.all(np.abs(got) < 1) and np.any(np.abs(expected) > 1):
        if np.all(got > 0):
            found.append(Pattern("inside (0, 1)", "every value is inside (0, 1) where some right "
                                 "values are not: a sigmoid or a softmax where none belongs?"))
        else:
            found.append(Pattern("inside (-1, 1)", "every value is inside (-1, 1) where some "
                                 "right values are not: a tanh (or another squashing function) "
                                 "where none belongs?"))
    negative = expected < 0
    if negative.any() and np.all(got >= 0) and nearly_all(got[negative & wrong] == 0):
        found.append(Pattern("negatives made zero", "every value that should be negative is 0 "
                             "and the others are kept: a ReLU (np.maximum(..., 0)) where the "
                             "formula has no such cut?"))
    bound = np.abs(got[wrong])
    if bound.size >= 2 and np.ptp(bound) == 0 and np.all(np.abs(expected[wrong]) > bound[0]):
        found.append(Pattern("clipped", "every wrong value sits exactly at the same bound "
                             "(+ or -) where the right value is larger: the values are clipped "
                             "(gradient clipping changes the gradient, it is no longer the "
                             "gradient of the loss)."))
    return found


def probability_patterns(got, wrong):
    """Probabilities: the axis they sum to 1 over, if it is not the last."""
    rows_wrong = wrong.reshape(-1, got.shape[-1]).any(axis=1)
    if not nearly_all(rows_wrong):
        return []
    if sums_to_one(got, -1):
        return [Pattern("wrong probabilities", "every row sums to 1 but the values differ: a "
                        "softmax over the right axis of the wrong numbers?")]
    for axis in range(got.ndim - 1):
        if got.shape[axis] > 1 and sums_to_one(got, axis):
            return [Pattern("normalised over the wrong axis", f"your values sum to 1 over axis "
                            f"{axis}, not over the last axis (the classes): a softmax over the "
                            f"wrong axis?")]
    return [Pattern("not normalised", "your values do not sum to 1 over the classes (the last "
                    "axis): is the division by the sum missing, or taken over everything?")]


def sums_to_one(array, axis):
    return bool(np.allclose(array.sum(axis=axis), 1.0, rtol=0, atol=1e-9))


def row_error_patterns(got, expected, wrong, rtol):
    """Outputs whose error is one same vector in every row (a bias mistake)."""
    rows = (got - expected).reshape(-1, got.shape[-1])
    allowed = float(np.max(tolerance(expected, rtol)))
    if (len(rows) >= 2 and np.allclose(rows, rows[0], rtol=0, atol=allowed)
            and nearly_all(wrong.reshape(-1, got.shape[-1]).any(axis=1))):
        return [Pattern("same error in every row", "the error is the same vector in every row: "
                        "a bias missing, added twice or with the wrong sign?")]
    return []


def precision_patterns(got, expected):
    """Errors the size of float32 round-off, spread over nearly every entry."""
    scale = float(np.max(np.abs(expected)))
    relative = np.abs(got - expected) / np.maximum(np.abs(expected), 1e-3 * scale)
    if scale > 0 and np.max(relative) < 1e-4 and nearly_all(relative > 1e-9):
        return [Pattern("float32 precision", "every error is of the size of float32 round-off "
                        "(relative errors around 1e-7): part of the computation runs in float32 "
                        "(an array made with dtype=np.float32, or an input cast to it)?")]
    return []


def patterns(evidence):
    """The patterns one wrong comparison (an Evidence with problem "values") shows."""
    got, expected, rtol = evidence.got, evidence.expected, evidence.rtol
    wrong = np.abs(got - expected) > tolerance(expected, rtol)
    found = (ratio_patterns(got, expected, evidence.sizes, rtol)
             or power_patterns(got, expected, rtol))
    if found or got.ndim == 0:
        return found
    found = arrangement_patterns(got, expected, rtol) + range_patterns(got, expected, wrong)
    if evidence.kind == "probabilities":
        found += probability_patterns(got, wrong)
    if evidence.kind == "outputs":
        found += row_error_patterns(got, expected, wrong, rtol)
    return found + precision_patterns(got, expected)
