"""regression_head forgets the output bias c."""
# misconception: no output bias
import numpy as np


def regression_head(Hs, V, c):
    return Hs @ V
