"""total_loss averages the per-step losses over time steps and sequences instead of summing."""
# misconception: mean over T*N
import numpy as np


def total_loss(X, Y, params, task):
    Hs = rnn_forward(X, params["U"], params["W"], params["b"])
    T, N = X.shape[:2]
    if task == "regression":
        return squared_error_loss(regression_head(Hs, params["V"], params["c"]), Y) / (T * N)
    if task == "classification":
        return cross_entropy_loss(classification_head(Hs, params["V"], params["c"]), Y) / (T * N)
    raise ValueError(f"unknown task {task!r}")
