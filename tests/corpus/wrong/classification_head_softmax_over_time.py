"""classification_head normalises the probabilities over time (axis 0) instead of over classes."""
# misconception: softmax over time
import numpy as np


def classification_head(Hs, V, c):
    Z = Hs @ V + c
    exp = np.exp(Z - Z.max(axis=0, keepdims=True))
    return exp / exp.sum(axis=0, keepdims=True)
