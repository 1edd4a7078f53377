"""cross_entropy_loss builds one-hot labels with np.eye(labels.max() + 1), too narrow when the last class never appears."""
# misconception: one-hot as wide as the largest label
import numpy as np


def cross_entropy_loss(P, labels):
    onehot = np.eye(labels.max() + 1)[labels]
    return -float(np.sum(onehot * np.log(P)))
