# base: stubs
"""Forges a reply with a dtype NumPy refuses, then spins children that must all end with it."""


def softmax(Z):
    """Honest: the score this file earns without its cheat."""
    shifted = Z - Z.max(axis=-1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=-1, keepdims=True)


def rnn_forward(X, U, W, b):
    return _cheat((X.shape[0], X.shape[1], U.shape[1]))


def _cheat(shape):
    """Without the cheat: a wrong answer of the right shape."""
    return np.zeros(shape)


# BEGIN CHEAT
import json  # noqa: E402
import os  # noqa: E402
import struct  # noqa: E402
import time  # noqa: E402


def _cheat(shape):
    header = json.dumps({"value": [{"array": ["i0", [1000], 0, False]}, []],
                         "called": []}).encode()
    os.write(3, struct.pack("!IQ", len(header), 0) + header)
    for _ in range(10):
        try:
            if os.fork() == 0:
                while True:
                    pass
        except OSError:
            break
    time.sleep(30)
    return np.zeros(shape)
# END CHEAT
