"""Hints: the pattern of an error, named without giving the answer away.

A hint is a guess about the cause, so it is only given when its pattern holds over (nearly) all
the entries it speaks of: a few stray entries off (say, one value just outside the tolerance)
fit almost any pattern by accident and get no hint at all rather than a misleading one.
"""

import itertools
import math

import numpy as np

from .tolerance import close, nearly_all, per_step, tolerance

# What the values of an array mean: each meaning has its own hints (check_array's `kind`).
KINDS = ("hidden states", "outputs", "probabilities", "jacobian norms")


def size_products(sizes):
    """The sizes a loss sums over (T, N, K) and their products, by value: {12: ["T*N"], ...}.

    Sizes of 1 are left out (a factor 1 is no factor); equal products are listed together, so
    that the all-square case names every reading: {4: ["T", "N", "K"], 16: [...], 64: [...]}.
    """
    axes = [(name, sizes[name]) for name in ("T", "N", "K") if (sizes or {}).get(name, 1) > 1]
    products = {}
    for count in range(1, len(axes) + 1):
        for chosen in itertools.combinations(axes, count):
            products.setdefault(math.prod(value for _, value in chosen), []).append(
                "*".join(name for name, _ in chosen))
    return products


def whole(x, rtol):
    """`x` as a whole number of at least 2 when it is one (to within 10 rtol), else None."""
    n = round(x)
    return n if n >= 2 and abs(x - n) <= 10 * rtol * n else None


def scaling_hint(got, expected, wrong, sizes, rtol):
    """A hint when `got` is `expected` times one constant (-1, 2, 1/2, 1/N, 1/(T*N*K)...).

    The constant must explain the error in (nearly) every entry that is not negligibly small.
    """
    norm = float(np.sum(expected * expected))
    if norm == 0.0:
        return None
    factor = float(np.sum(got * expected)) / norm
    significant = np.abs(expected) > 1e-3 * float(np.max(np.abs(expected)))
    if not (close(got, factor * expected, rtol * 10) and nearly_all(wrong[significant])):
        return None
    every = "every value" if expected.ndim else "your value"
    if abs(factor + 1) <= 10 * rtol:
        return f"{every} has the right size but the opposite sign: a sign flipped somewhere?"
    if abs(factor) < 1e-9:
        return f"{every} is (nearly) zero."
    products = size_products(sizes)
    causes, ratio = [], None
    if factor > 0 and (down := whole(1 / factor, rtol)):
        ratio = "exactly half" if down == 2 else f"1/{down} of"
        if down in products:
            causes.append(f"a mean instead of a sum ({down} = {' or '.join(products[down])} here)?")
        if down == 2:
            causes.append("a missing factor 2, or an extra 1/2?")
    elif factor > 0 and (up := whole(factor, rtol)):
        ratio = "exactly twice" if up == 2 else f"{up} times"
        if up in products:
            causes.append(f"something added {up} times over ({up} = "
                          f"{' or '.join(products[up])} here), by a broadcast or a loop?")
        if up == 2:
            causes.append("a term counted twice?")
    if causes:
        return f"{every} is {ratio} what it should be: {' Or '.join(causes)}"
    if np.count_nonzero(significant) < 3:  # two numbers are often proportional by construction
        return None                         # (a 2-class softmax's gradient sums to 0): no clue
    return f"{every} is off by the same constant factor: a scaling mistake somewhere?"


def transpose_hint(got, expected, wrong, rtol):
    """A hint when a square matrix is the transpose of the right one (which is not symmetric)."""
    if got.ndim != 2 or got.shape[0] != got.shape[1] or len(got) < 2:
        return None
    off_diagonal = ~np.eye(len(got), dtype=bool)
    if close(got, expected.T, rtol) and nearly_all(wrong[off_diagonal]):
        return "your matrix is the transpose of the right one: check the order of a matrix product."
    return None


def sums_to_one(array, axis):
    return bool(np.allclose(array.sum(axis=axis), 1.0, rtol=0, atol=1e-9))


def probability_hint(got, wrong):
    """Hints for softmax outputs, from the axis their values sum to 1 over (if any)."""
    rows_wrong = wrong.reshape(-1, got.shape[-1]).any(axis=1)
    if not nearly_all(rows_wrong):
        return None
    if sums_to_one(got, -1):
        return ("every row sums to 1 but the values differ: is the softmax taken over the last "
                "axis, of the right logits (h V + c)?")
    for axis in range(got.ndim - 1):
        if got.shape[axis] > 1 and sums_to_one(got, axis):
            return (f"your values sum to 1 over axis {axis}, not over the last axis: "
                    f"a softmax over the wrong axis?")
    if nearly_all(np.abs(got.sum(axis=-1) - 1.0).ravel() > 1e-9):
        return "your probabilities do not sum to 1 over the last axis."
    return None


def hidden_state_hint(step_wrong):
    """Hints for hidden states h_0 ... h_{T-1}, from the time steps that are wrong."""
    if nearly_all(step_wrong[0]):
        return ("step 0 is already wrong: h_0 = tanh(x_0 U + b) has no recurrent term (h_prev is "
                "None at t = 0): check the nonlinearity, the bias and the start of the sequence.")
    if (len(step_wrong) >= 2 and not step_wrong[0].any()
            and nearly_all(step_wrong[1:])):
        return ("step 0 matches but later steps do not: check the recurrence, h_{t-1} W "
                "(row form, with the state of the step before).")
    return None


def jacobian_norm_hint(step_wrong):
    """Hints for the norms of d h_{T-1} / d h_t, row t, from the rows that are wrong."""
    if nearly_all(step_wrong[-1]):
        return ("the last row is wrong: entry [T-1, n] is the Frobenius norm of the identity "
                "d h_{T-1} / d h_{T-1}, sqrt(H), for each sequence n. Check which row holds which "
                "step (row t is d h_{T-1} / d h_t) and that you take the Frobenius norm of each "
                "sequence's own H x H Jacobian.")
    if len(step_wrong) >= 2 and not step_wrong[-1].any() and nearly_all(step_wrong[-2]):
        return ("the last row is right but row T-2, the norm of the one-step Jacobian "
                "d h_{T-1} / d h_{T-2}, is already wrong: check that Jacobian (in the row form "
                "h_t = tanh(h_{t-1} W + ...), which h goes into the tanh derivative, and is it W "
                "or W^T?) and the hidden states it is computed from.")
    if (len(step_wrong) >= 3 and not step_wrong[-2:].any()
            and nearly_all(step_wrong[:-2])):
        return ("the rows for one step back match but earlier rows do not: d h_{T-1} / d h_t is "
                "the product of the one-step Jacobians from step T-1 down to step t+1: check the "
                "order in which you multiply them, and the hidden states of the earlier steps.")
    return None


def same_error_in_every_row_hint(got, expected, wrong, rtol):
    """A hint for outputs whose error is one same vector in every row (a bias mistake)."""
    rows = (got - expected).reshape(-1, got.shape[-1])
    allowed = float(np.max(tolerance(expected, rtol)))
    if (len(rows) >= 2 and np.allclose(rows, rows[0], rtol=0, atol=allowed)
            and nearly_all(wrong.reshape(-1, got.shape[-1]).any(axis=1))):
        return ("the error is the same in every row: a bias added twice, missing, or with "
                "the wrong sign?")
    return None


def pattern_hint(got, expected, wrong, rtol, time_axis=None, sizes=None, kind=None):
    """The first hint whose pattern explains the error, or None. Detects structure, never answers.

    `wrong` marks the entries that are off; `kind` (one of KINDS, or None) says what the values
    mean, so that a hint speaks of the question asked: no backpropagation in a forward pass.
    """
    hint = (scaling_hint(got, expected, wrong, sizes, rtol)
            or transpose_hint(got, expected, wrong, rtol))
    if hint:
        return hint
    if kind == "probabilities":
        return probability_hint(got, wrong)
    if kind == "hidden states" and time_axis is not None:
        return hidden_state_hint(per_step(wrong, time_axis))
    if kind == "jacobian norms" and time_axis is not None:
        return jacobian_norm_hint(per_step(wrong, time_axis))
    if kind == "outputs":
        return same_error_in_every_row_hint(got, expected, wrong, rtol)
    return None


def gradient_hints(wrong, right):
    """Hints from which gradients are wrong, where the right ones rule part of the backward out.

    `wrong` holds the gradients wrong in (nearly) every entry, `right` those wholly right: a
    gradient with a few entries just off says nothing about where the mistake is.
    dU, dW and db are all built from the same da_t (the gradient at the pre-activation), dV and
    dc from the same output gradient dz_t. When one of a family is right, its shared gradient is
    right, so a wrong sibling is wrong in its own last step: how it sums over steps and sequences.
    """
    hints = []
    if {"U", "b"} <= wrong and {"V", "c"} <= right:
        hints.append("the output-layer gradients (V, c) are right, so the error is in the backward "
                     "pass through the hidden states: check the gradient carried back into h_t "
                     "from step t+1 (through W) and the tanh derivative 1 - h_t^2.")
    if "W" in wrong and {"U", "b"} <= right:
        hints.append("dW is wrong while dU and db, built from the same da_t, are right: dW sums "
                     "h_{t-1}^T da_t over the steps t >= 1 (h_0 has no recurrent term): check "
                     "which hidden state multiplies da_t.")
    if "U" in wrong and "b" in right:
        hints.append("dU is wrong while db, built from the same da_t, is right: dU sums "
                     "x_t^T da_t over every step: check the input and the transpose.")
    if "b" in wrong and "U" in right:
        hints.append("db is wrong while dU, built from the same da_t, is right: db must add da_t "
                     "up over every time step and every sequence of the batch (axes 0 and 1).")
    if "V" in wrong and "c" in right:
        hints.append("dV is wrong while dc, built from the same output gradient, is right: dV sums "
                     "h_t^T dz_t over every step: check the hidden state and the transpose.")
    if "c" in wrong and "V" in right:
        hints.append("dc is wrong while dV, built from the same output gradient, is right: dc must "
                     "add the output gradient up over every time step and every sequence of the "
                     "batch (axes 0 and 1).")
    return hints
