"""squared_error_loss takes the mean of the squared differences instead of the sum."""
# misconception: mean over T*N*K
import numpy as np


def squared_error_loss(Y_hat, Y):
    return 0.5 * float(np.mean((Y_hat - Y) ** 2))
