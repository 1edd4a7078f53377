"""many_to_one_loss_and_grads charges the label's loss at every time step, not only the last."""
# misconception: a loss at every step
import numpy as np


def many_to_one_loss_and_grads(X, labels, params):
    every_step = np.broadcast_to(labels, X.shape[:2])
    return total_loss(X, every_step, params, "classification"), bptt(X, every_step, params, "classification")
