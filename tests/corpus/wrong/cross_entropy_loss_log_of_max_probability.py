"""cross_entropy_loss takes the log of the most likely class's probability instead of the label's."""
# misconception: the largest probability instead of the label's
import numpy as np


def cross_entropy_loss(P, labels):
    return -float(np.sum(np.log(P.max(axis=-1))))
