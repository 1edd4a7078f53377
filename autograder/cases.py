"""The inputs of the hidden tests, from fixed seeds, and the reference's answers on them.

Each named case is one batch with its own sizes; together they cover N = 1 and N >= 2, T = 1,
T = 2, T >= 6 and T = 24, distinct sizes (T, N, D, H, K all different), an all-square case and
K = 1 with N != T. Weights are scaled so that |h| spans roughly 0.3 to 0.9 (tanh neither linear
nor saturated), W is never symmetric, and b and c are never zero, so that h W vs W h, a missing
bias or a wrong tanh derivative always changes the numbers. The long case keeps its memory (an
orthogonal W, small inputs): the gradient from 23 steps back still counts, so BPTT truncated
after any number of steps loses points.

Every function gets its own numbers for each case (same sizes, its own seed), so that no
question's graded inputs are ever the inputs of another question's tests: a stand-in (see
rnn_bptt.fairness) called by one question's code can never answer another question's test.

The expected values are computed here, at grading time, by solutions/rnn.py, and cached, so every
value is computed once per process however many submissions are graded.
"""

import zlib
from dataclasses import dataclass
from functools import cache

import numpy as np

from rnn_bptt.solutions import rnn as reference

PARAMETERS = ("U", "W", "b", "V", "c")


@dataclass(frozen=True)
class Case:
    name: str
    X: np.ndarray          # (T, N, D)
    params: dict           # "U", "W", "b", "V", "c"
    Y: np.ndarray          # (T, N, K) regression targets
    labels: np.ndarray     # (T, N) class labels
    layers: list           # stacked RNN layers, layer 0 being (U, W, b)

    def targets(self, task):
        return self.Y if task == "regression" else self.labels


# name -> (T, N, D, H, K, seed, extra stacked layer sizes, scale of V)
SHAPES = {
    "long": (24, 2, 3, 5, 3, 9, (4,), 1.0),               # T = 24, with memory (see LONG_MEMORY)
    "distinct": (7, 3, 2, 5, 4, 1, (3, 6), 1.0),          # T, N, D, H, K all different
    "square": (4, 4, 4, 4, 4, 2, (4,), 1.0),              # every size the same
    "one_step": (1, 3, 2, 4, 3, 3, (2,), 1.0),            # T = 1
    "two_steps": (2, 2, 3, 3, 2, 4, (3,), 1.0),           # T = 2
    "one_sequence": (6, 1, 3, 4, 3, 5, (), 1.0),          # N = 1, T >= 6
    "one_output": (5, 3, 2, 4, 1, 6, (5,), 1.0),          # K = 1, N != T
    "large_logits": (3, 4, 2, 3, 5, 7, (), 1e4),          # logits of order 1e4
}
NAMES = tuple(SHAPES)
LONG_MEMORY = ("long",)   # cases whose first layer has an orthogonal W and small inputs


def sizes(name):
    """The sizes of case `name`: {"T": 7, "N": 3, ...} (the same for every function)."""
    return dict(zip("TNDHK", SHAPES[name][:5]))


def describe(name):
    return ", ".join(f"{size}={value}" for size, value in sizes(name).items())


def frozen(array):
    """`array` as float64 (or int) and read-only, so that no test can change a cached input."""
    array = np.array(array)
    array.setflags(write=False)
    return array


def recurrent_layer(rng, fan_in, H, memory=False):
    """U, W, b for one layer, scaled so that |h| spans roughly 0.3 to 0.9.

    With `memory`, W is orthogonal (every singular value 1) and the inputs weigh less, so that
    tanh stays near its linear range and d h_t / d h_s shrinks slowly with t - s: a change 23
    steps back still moves the gradients far beyond the tolerance.
    """
    if memory:
        W, _ = np.linalg.qr(rng.normal(0, 1, (H, H)))
        return {"U": frozen(rng.normal(0, 0.3 / np.sqrt(fan_in), (fan_in, H))), "W": frozen(W),
                "b": frozen(rng.normal(0, 0.3, H))}
    return {"U": frozen(rng.normal(0, 0.9 / np.sqrt(fan_in), (fan_in, H))),
            "W": frozen(rng.normal(0, 0.6 / np.sqrt(H), (H, H))),
            "b": frozen(rng.normal(0, 0.3, H))}


@cache
def case(name, function_name):
    """The batch `name` for the tests of `function_name`: its sizes, and numbers of its own."""
    T, N, D, H, K, seed, stacked, output_scale = SHAPES[name]
    rng = np.random.default_rng([seed, zlib.crc32(function_name.encode())])
    X = frozen(rng.normal(0, 1, (T, N, D)))
    layer = recurrent_layer(rng, D, H, memory=name in LONG_MEMORY)
    params = {**layer,
              "V": frozen(rng.normal(0, output_scale, (H, K))),
              "c": frozen(rng.normal(0, 0.5 * output_scale, K))}
    layers, fan_in = [layer], H
    for size in stacked:
        layers.append(recurrent_layer(rng, fan_in, size))
        fan_in = size
    return Case(name, X, params, Y=frozen(rng.normal(0, 1, (T, N, K))),
                labels=frozen(rng.integers(0, K, (T, N))), layers=layers)


@cache
def extreme_logits():
    """Logits of order 1e4 whose row maxima differ by 1e3 to 2e4, plus a row of equal logits."""
    rng = np.random.default_rng(8)
    offsets = np.array([-1e4, -3e3, 0.0, 1e3, 5e3, 1e4])[:, None]
    Z = offsets + rng.normal(0, 30, (6, 5))
    Z[2] = 7.0                                          # a tie: every probability is 1/5
    return frozen(Z.reshape(2, 3, 5))


# --------------------------------------------------------------------------------------------
# The arguments each function is called with, and the reference's answer
# --------------------------------------------------------------------------------------------


@cache
def inputs(function_name, case_name, variant=None):
    """The arguments of `function_name` for a case (a tuple), built from reference values.

    Each function gets reference inputs, so one wrong function costs only its own points: the
    heads get the reference hidden states, the losses the reference predictions. `variant` is
    the time step t for rnn_step, the task for total_loss and bptt.
    """
    if function_name == "softmax" and case_name == "extreme":
        return (extreme_logits(),)
    c = case(case_name, function_name)
    U, W, b, V, bias = (c.params[key] for key in PARAMETERS)
    if function_name == "rnn_step":
        t = variant
        return (c.X[t], None if t == 0 else hidden_states(c)[t - 1], U, W, b)
    if function_name in ("rnn_forward", "state_jacobian_norms"):
        return (c.X, U, W, b)
    if function_name in ("regression_head", "classification_head"):
        return (hidden_states(c), V, bias)
    if function_name == "softmax":
        return (frozen(reference.regression_head(hidden_states(c), V, bias)),)
    if function_name == "squared_error_loss":
        return (frozen(reference.regression_head(hidden_states(c), V, bias)), c.Y)
    if function_name == "cross_entropy_loss":
        return (frozen(reference.classification_head(hidden_states(c), V, bias)), c.labels)
    if function_name in ("total_loss", "bptt"):
        return (c.X, c.targets(variant), c.params, variant)
    if function_name == "stacked_rnn_forward":
        return (c.X, c.layers)
    if function_name == "many_to_one_loss_and_grads":
        return (c.X, c.labels[-1], c.params)
    raise ValueError(f"no inputs for {function_name!r}")


@cache
def expected(function_name, case_name, variant=None):
    """The reference's answer for inputs(function_name, case_name, variant), computed once."""
    return freeze(getattr(reference, function_name)(*inputs(function_name, case_name, variant)))


def freeze(value):
    """Make every array inside a returned value read-only (cached values are shared)."""
    if isinstance(value, np.ndarray):
        return frozen(value)
    if isinstance(value, dict):
        return {key: freeze(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(freeze(item) for item in value)
    return value


def hidden_states(c):
    """The reference's hidden states for the case `c` (a Case)."""
    return frozen(reference.rnn_forward(c.X, c.params["U"], c.params["W"], c.params["b"]))


# --------------------------------------------------------------------------------------------
# Finite differences of the reference loss
# --------------------------------------------------------------------------------------------

STEP = 1e-5  # central differences: truncation error ~ STEP^2, round-off ~ 1e-16 / STEP


def reference_loss(function_name, case_name, variant=None):
    """The reference loss as a function of the parameters, for bptt or many_to_one."""
    c = case(case_name, function_name)
    if function_name == "bptt":
        return lambda params: reference.total_loss(c.X, c.targets(variant), params, variant)
    if function_name == "many_to_one_loss_and_grads":
        # Its loss alone, -sum_n log softmax(h_{T-1} V + c)[n, label_n], built from the reference's
        # parts: the function itself would also compute every gradient, 128 times over.
        def loss(params):
            last = reference.rnn_forward(c.X, params["U"], params["W"], params["b"])[-1:]
            probabilities = reference.classification_head(last, params["V"], params["c"])
            return reference.cross_entropy_loss(probabilities, c.labels[-1:])
        return loss
    raise ValueError(f"no loss for {function_name!r}")


@cache
def finite_difference_gradients(function_name, case_name, variant=None):
    """Central finite differences of the REFERENCE loss, one entry of one parameter at a time."""
    loss = reference_loss(function_name, case_name, variant)
    params = {key: np.array(value)
              for key, value in case(case_name, function_name).params.items()}
    gradients = {}
    for key in PARAMETERS:
        gradient = np.zeros_like(params[key])
        for index in np.ndindex(gradient.shape):
            original = params[key][index]
            params[key][index] = original + STEP
            above = loss(params)
            params[key][index] = original - STEP
            below = loss(params)
            params[key][index] = original
            gradient[index] = (above - below) / (2 * STEP)
        gradients[key] = frozen(gradient)
    return gradients
