"""softmax subtracts one global maximum, so rows whose maxima are far below it underflow to 0/0."""
# misconception: one maximum for every row
import numpy as np


def softmax(Z):
    exp = np.exp(Z - np.max(Z))
    return exp / exp.sum(axis=-1, keepdims=True)
