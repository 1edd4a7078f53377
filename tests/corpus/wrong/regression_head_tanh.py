"""regression_head squashes its outputs with tanh."""
# misconception: tanh on the regression output
import numpy as np


def regression_head(Hs, V, c):
    return np.tanh(Hs @ V + c)
