"""The questions of the assignment: the functions of rnn.py, and how a test fails.

Every other module of the feedback library builds on these: a test belongs to the function it
names (`test_<function>_...`), carries its points (`@points`), and fails with a Failure whose
message is written for the student.
"""

from dataclasses import dataclass

from .tolerance import RTOL

FUNCTIONS = {
    "rnn_step": ("x_t", "h_prev", "U", "W", "b"),
    "rnn_forward": ("X", "U", "W", "b"),
    "regression_head": ("Hs", "V", "c"),
    "softmax": ("Z",),
    "classification_head": ("Hs", "V", "c"),
    "squared_error_loss": ("Y_hat", "Y"),
    "cross_entropy_loss": ("P", "labels"),
    "total_loss": ("X", "Y", "params", "task"),
    "bptt": ("X", "Y", "params", "task"),
    "stacked_rnn_forward": ("X", "layers"),
    "many_to_one_loss_and_grads": ("X", "labels", "params"),
    "state_jacobian_norms": ("X", "U", "W", "b"),
}


class Failure(AssertionError):
    """A test failed; the message is written for the student.

    - `wrong`: for a check of several parts (the gradients...), the names of the wrong ones;
    - `shares`: for a test whose points are shared among the quantities it checks (see
      checks.SharedPoints), each share's name -> whether it is earned;
    - `evidence`: what the checks saw (compare.Evidence: the answer and the expected value of
      each wrong comparison, a modified argument...), from which the diagnosis reads the
      pattern of the mistake; never printed.
    """

    def __init__(self, message, *, wrong=None, shares=None, evidence=()):
        super().__init__(message)
        self.wrong = wrong
        self.shares = shares
        self.evidence = list(evidence)


@dataclass
class Evidence:
    """What a check saw when it failed, for the diagnosis (never printed as such).

    `problem` is "values" (a wrong value: `got` and `expected` are float64 arrays of one shape),
    "type", "shape", "missing keys" or "non-finite" (`detail` is the message), "raised"
    (`detail` is "TypeName: message"), "not implemented", "changed" (`detail` names the modified
    arguments) or "not deterministic". `part` names the part of a larger answer ("dU",
    "layer 1", "loss"; "" for the whole answer); the options are those of the check.
    """
    problem: str
    part: str = ""
    got: object = None
    expected: object = None
    detail: str = ""
    sizes: dict | None = None
    kind: str | None = None
    time_axis: int | None = None
    rtol: float = RTOL


def points(value):
    """Mark a test function as worth `value` points."""
    def mark(test):
        test.points = value
        return test
    return mark


def question_of(test_name):
    """The function a test belongs to: the longest function name that follows `test_`."""
    matches = [name for name in FUNCTIONS if test_name.startswith(f"test_{name}")]
    if not matches:
        raise ValueError(f"test {test_name!r} does not name a function of rnn.py")
    return max(matches, key=len)
