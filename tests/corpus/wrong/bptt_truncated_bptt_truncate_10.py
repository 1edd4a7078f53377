"""bptt stops backpropagating 10 steps back (bptt_truncate = 10, as a well-known tutorial does)."""
# misconception: truncated backpropagation
import numpy as np


def bptt(X, Y, params, task, bptt_truncate=10):
    U, W, b, V, c = (params[key] for key in ("U", "W", "b", "V", "c"))
    Hs = rnn_forward(X, U, W, b)
    logits = Hs @ V + c
    if task == "regression":
        delta_o = logits - Y
    else:
        delta_o = softmax(logits) - np.eye(V.shape[1])[Y]
    dU, dW, db = np.zeros_like(U), np.zeros_like(W), np.zeros_like(b)
    dV = np.einsum("tnh,tnk->hk", Hs, delta_o)
    dc = delta_o.sum(axis=(0, 1))
    for t in np.arange(len(X))[::-1]:
        delta_t = (delta_o[t] @ V.T) * (1 - Hs[t] ** 2)
        for bptt_step in np.arange(max(0, t - bptt_truncate), t + 1)[::-1]:
            dU += X[bptt_step].T @ delta_t
            db += delta_t.sum(axis=0)
            if bptt_step > 0:
                dW += Hs[bptt_step - 1].T @ delta_t
                delta_t = (delta_t @ W.T) * (1 - Hs[bptt_step - 1] ** 2)
    return {"U": dU, "W": dW, "b": db, "V": dV, "c": dc}
