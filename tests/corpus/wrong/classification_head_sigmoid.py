"""classification_head applies an element-wise sigmoid instead of a softmax."""
# misconception: sigmoid instead of softmax
import numpy as np


def classification_head(Hs, V, c):
    return 1 / (1 + np.exp(-(Hs @ V + c)))
