"""The right answer of a loss or a gradient with one time step or one sequence left out, or kept
alone, so that the diagnosis can say which of them a wrong answer leaves out.

The total loss sums over every step t and every sequence n, and so do its gradients, so the
reference's answer is the sum of these shares. A sequence's share is the reference on that
sequence alone (the sequences of a batch do not interact); a step's share is, for the losses of
given predictions, the reference on that step alone, and for the functions that run the RNN
(whose step t depends on the steps before it), the reference on the first t + 1 steps minus the
reference on the first t.
"""

import numpy as np

# function -> (the axis of time of each argument, the axis of the sequences, whether step t
# depends on the steps before it); None: an argument that is not split.
SPLITS = {
    "squared_error_loss": ((0, 0), (1, 1), False),
    "cross_entropy_loss": ((0, 0), (1, 1), False),
    "total_loss": ((0, 0, None, None), (1, 1, None, None), True),
    "bptt": ((0, 0, None, None), (1, 1, None, None), True),
    "many_to_one_loss_and_grads": (None, (1, 0, None), False),   # one loss, at the last step
}


def sliced(args, axes, start, stop):
    """`args`, each cut to [start:stop] along its axis in `axes`."""
    return tuple(arg if axis is None else np.take(arg, range(start, stop), axis=axis)
                 for arg, axis in zip(args, axes))


def difference(a, b):
    """a - b, for numbers and for the dicts and (loss, dict) pairs the functions return."""
    if isinstance(a, dict):
        return {key: difference(a[key], b[key]) for key in a}
    if isinstance(a, tuple):
        return tuple(difference(x, y) for x, y in zip(a, b))
    return a - b


def partial_answers(function, args, answer):
    """The right answer of `function` on `args` with one step or one sequence left out or kept
    alone, by the name the diagnosis gives that mistake ("last step only"...); `answer(args)`
    computes the right answer. {} for the functions that do not sum over steps and sequences."""
    if function not in SPLITS:
        return {}
    time_axes, sequence_axes, causal = SPLITS[function]
    total, found = answer(args), {}
    shares = [answer(sliced(args, sequence_axes, n, n + 1)) for n in range(np.shape(args[0])[1])]
    found.update(partials(total, shares, "sequence"))
    steps = len(args[0])
    if time_axes is not None:
        if causal:
            prefixes = [answer(sliced(args, time_axes, 0, t + 1)) for t in range(steps)]
            shares = [prefixes[0]] + [difference(later, earlier)
                                      for earlier, later in zip(prefixes, prefixes[1:])]
        else:
            shares = [answer(sliced(args, time_axes, t, t + 1)) for t in range(steps)]
        found.update(partials(total, shares, "step"))
    return found


def partials(total, shares, what):
    return {f"first {what} only": shares[0], f"last {what} only": shares[-1],
            f"without the first {what}": difference(total, shares[0]),
            f"without the last {what}": difference(total, shares[-1])}
