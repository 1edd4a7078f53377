"""regression_head multiplies by V^T, which only runs at all when V is square."""
# misconception: V transposed
import numpy as np


def regression_head(Hs, V, c):
    return np.einsum("kh,tnh->tnk", V, Hs) + c
