"""How close is right: the tolerances every comparison uses, and how much of an array a pattern
must cover before the diagnosis names it."""

import numpy as np

RTOL = 1e-6   # relative tolerance: far above float64 round-off, far below any wrong formula
ATOL = 1e-12  # absolute floor, for entries that are exactly 0
NEARLY_ALL = 0.9  # share of the entries concerned in which a pattern must hold


def tolerance(expected, rtol):
    """Allowed error per entry: relative to the entry, with a floor set by the array's scale."""
    scale = float(np.max(np.abs(expected))) if expected.size else 0.0
    return rtol * (np.abs(expected) + 1e-3 * scale) + ATOL


def close(got, expected, rtol=RTOL):
    return bool(np.all(np.abs(got - expected) <= tolerance(expected, rtol)))


def nearly_all(mask):
    """True when a pattern holds in (nearly) every entry of the boolean array `mask`."""
    return mask.size > 0 and float(np.mean(mask)) >= NEARLY_ALL


def per_step(mask, time_axis):
    """A boolean array as one row per time step: shape (T, entries of one step)."""
    return np.moveaxis(mask, time_axis, 0).reshape(mask.shape[time_axis], -1)
