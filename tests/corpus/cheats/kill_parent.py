# base: stubs
"""Kills its parent (the zygote) and the grader it can find, at import and during calls."""


def softmax(Z):
    """Honest: the score this file earns without its cheat."""
    shifted = Z - Z.max(axis=-1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=-1, keepdims=True)


# BEGIN CHEAT
import os  # noqa: E402
import signal  # noqa: E402


def _kill_everyone_above():
    for pid in (os.getppid(), 1):
        for number in (signal.SIGKILL, signal.SIGTERM, signal.SIGSTOP):
            try:
                os.kill(pid, number)
            except OSError:
                pass
    try:   # the grader itself: the parent of the parent, through /proc if it is there
        with open(f"/proc/{os.getppid()}/stat") as stat:
            os.kill(int(stat.read().split()[3]), signal.SIGKILL)
    except (OSError, ValueError, IndexError):
        pass


_kill_everyone_above()


def rnn_forward(X, U, W, b):
    _kill_everyone_above()
    raise NotImplementedError
# END CHEAT
