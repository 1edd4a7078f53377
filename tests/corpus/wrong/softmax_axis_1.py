"""softmax normalises over axis 1, which is the last axis only for 2-D inputs."""
# misconception: softmax over axis 1
import numpy as np


def softmax(Z):
    exp = np.exp(Z - Z.max(axis=1, keepdims=True))
    return exp / exp.sum(axis=1, keepdims=True)
