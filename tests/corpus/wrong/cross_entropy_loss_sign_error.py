"""cross_entropy_loss forgets the minus sign (returns the log-likelihood)."""
# misconception: cross-entropy without its minus
import numpy as np


def cross_entropy_loss(P, labels):
    picked = np.take_along_axis(P, labels[..., None], axis=-1)
    return float(np.sum(np.log(picked)))
