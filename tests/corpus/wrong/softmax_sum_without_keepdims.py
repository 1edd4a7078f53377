"""softmax divides by a row sum taken without keepdims, so it broadcasts against the wrong axis."""
# misconception: sum without keepdims
import numpy as np


def softmax(Z):
    exp = np.exp(Z - Z.max(axis=-1, keepdims=True))
    return exp / exp.sum(axis=-1)
