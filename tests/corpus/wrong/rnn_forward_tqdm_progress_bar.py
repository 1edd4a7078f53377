"""rnn_forward shows a tqdm progress bar over the time steps, though tqdm is not an allowed import."""
# misconception: a module the assignment does not allow
from tqdm import tqdm


def rnn_forward(X, U, W, b):
    h = None
    states = []
    for t in tqdm(range(len(X)), desc="forward"):
        h = rnn_step(X[t], h, U, W, b)
        states.append(h)
    return np.stack(states)
