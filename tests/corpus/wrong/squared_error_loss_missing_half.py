"""squared_error_loss forgets the factor 1/2."""
# misconception: squared error without its 1/2
import numpy as np


def squared_error_loss(Y_hat, Y):
    return float(np.sum((Y_hat - Y) ** 2))
