"""Running tests: each test function against a `student`, with its points, never raising."""

from dataclasses import dataclass, field

from .questions import FUNCTIONS, question_of
from .recording import Recorded


@dataclass
class TestResult:
    name: str
    question: str
    description: str
    max_points: float
    passed: bool
    message: str = ""
    shares: dict | None = None   # a test whose points are shared: each share -> earned
    stand_ins: list = field(default_factory=list)   # stand-ins that answered (rnn_bptt.fairness)
    # For the diagnosis, never reported as such: the calls the test made (recording.Call), and
    # what its checks saw when it failed (compare.Evidence); then the diagnosis of its question.
    calls: list = field(default_factory=list, repr=False)
    evidence: list = field(default_factory=list, repr=False)
    reached: set = field(default_factory=set, repr=False)   # other functions its calls reached
    diagnosis: object = None

    @property
    def points(self):
        if self.passed:
            return self.max_points
        if not self.shares:
            return 0.0
        return self.max_points * sum(self.shares.values()) / len(self.shares)


def run_test(test, student, name=None):
    """Run one test function against `student`; never raises.

    A test fails by raising a Failure (any AssertionError); one whose points are shared among
    several quantities returns its shares when it passes, and raises them with its Failure.
    """
    name = name or test.__name__
    description = (test.__doc__ or "").strip().splitlines()[0] if test.__doc__ else name
    result = TestResult(name, question_of(name), description, getattr(test, "points", 1.0),
                        passed=True)
    recorded = Recorded(student)
    result.calls = recorded.calls
    try:
        shares = test(recorded)
    except AssertionError as failure:
        result.passed, result.message = False, str(failure)
        result.shares = getattr(failure, "shares", None)
        result.evidence = getattr(failure, "evidence", [])
    except Exception as error:  # a test must never crash the run; report it as a failure
        result.passed = False
        result.message = f"the check could not finish: {type(error).__name__}: {error}"
    else:
        result.shares = shares if isinstance(shares, dict) else None
    return result


def collect_tests(module):
    """The test functions of a module, in the order they are written, as (name, function)."""
    return [(name, value) for name, value in vars(module).items()
            if name.startswith("test_") and callable(value)]


def run_tests(tests, student, question=None):
    """Run the tests of `question` (every test if None) against `student`: a list of TestResult."""
    check_question(question)
    return [run_test(test, student, name) for name, test in tests
            if question is None or question_of(name) == question]


def check_question(question):
    """Raise ValueError unless `question` is None or a function of rnn.py."""
    if question is not None and question not in FUNCTIONS:
        raise ValueError(f"there is no question {question!r}; the questions are: "
                         f"{', '.join(FUNCTIONS)}.")
