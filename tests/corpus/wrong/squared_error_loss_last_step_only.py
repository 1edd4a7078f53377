"""squared_error_loss counts only the last time step."""
# misconception: loss of the last step only
import numpy as np


def squared_error_loss(Y_hat, Y):
    return 0.5 * float(np.sum((Y_hat[-1] - Y[-1]) ** 2))
