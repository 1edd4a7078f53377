"""regression_head squeezes its output, dropping the axes of size 1 (N = 1, K = 1 or T = 1)."""
# misconception: axis of size 1 dropped
import numpy as np


def regression_head(Hs, V, c):
    return np.squeeze(Hs @ V + c)
