"""softmax normalises over the first axis instead of the last."""
# misconception: softmax over axis 0
import numpy as np


def softmax(Z):
    exp = np.exp(Z - Z.max(axis=0, keepdims=True))
    return exp / exp.sum(axis=0, keepdims=True)
