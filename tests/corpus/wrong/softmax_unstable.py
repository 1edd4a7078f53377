"""softmax exponentiates the raw logits without subtracting the maximum (overflows)."""
# misconception: softmax without the maximum subtracted
import numpy as np


def softmax(Z):
    exp = np.exp(Z)
    return exp / exp.sum(axis=-1, keepdims=True)
