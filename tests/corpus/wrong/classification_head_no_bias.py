"""classification_head forgets the output bias c."""
# misconception: no output bias
import numpy as np


def classification_head(Hs, V, c):
    return softmax(Hs @ V)
