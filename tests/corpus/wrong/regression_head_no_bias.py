"""regression_head forgets the output bias c."""
import numpy as np


def regression_head(Hs, V, c):
    return Hs @ V
