"""softmax subtracts the row maxima in place, modifying the caller's Z."""
# misconception: modifies its arguments
import numpy as np


def softmax(Z):
    Z -= Z.max(axis=-1, keepdims=True)
    exp = np.exp(Z)
    return exp / exp.sum(axis=-1, keepdims=True)
