"""total_loss calls the output heads with a zero output bias instead of params["c"]."""
# misconception: output bias left out of the loss
import numpy as np


def total_loss(X, Y, params, task):
    Hs = rnn_forward(X, params["U"], params["W"], params["b"])
    c = np.zeros(params["V"].shape[1])
    if task == "regression":
        return squared_error_loss(regression_head(Hs, params["V"], c), Y)
    if task == "classification":
        return cross_entropy_loss(classification_head(Hs, params["V"], c), Y)
    raise ValueError(f"unknown task {task!r}")
