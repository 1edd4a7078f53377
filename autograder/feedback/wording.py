"""Small pieces of the messages' wording: how a value, an index or a list of names reads."""

import numpy as np


def kind_of(value):
    """A short description of a value's type, for a student: "None", "a list of length 3"..."""
    if value is None:
        return "None"
    if isinstance(value, str):
        return f"a string ({value[:40]!r})"
    if isinstance(value, (list, tuple)):
        return f"a {type(value).__name__} of length {len(value)}"
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    return f"a {type(value).__name__}"


def expected_kind(shape):
    return "a single number (a float)" if shape == () else f"an array of shape {shape}"


def index_text(index):
    return "[" + ", ".join(str(i) for i in index) + "]" if index else "(the single value)"


def steps_text(steps):
    """1, 2, 3, 5 -> "1-3, 5"."""
    runs, start = [], None
    for i, step in enumerate(steps):
        if start is None:
            start = step
        if i + 1 == len(steps) or steps[i + 1] != step + 1:
            runs.append(f"{start}" if start == step else f"{start}-{step}")
            start = None
    return ", ".join(runs)


def and_list(names):
    """["dU", "dW", "db"] -> "dU, dW and db"."""
    names = list(names)
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
