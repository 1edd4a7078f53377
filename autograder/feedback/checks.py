"""The checks the tests call: one value, a scalar, a dict of gradients, a list of layers, a rule.

Each fails with a student-readable Failure (see compare) or returns quietly.
"""

import numpy as np

from .compare import RTOL, check_returns, compare, error_size
from .questions import Evidence, Failure
from .student import changed_paths
from .tolerance import ATOL
from .wording import kind_of


def returned(got, expected, what, part="", **options):
    """`got` as a float64 array of the shape of `expected`, or its Failure, whose Evidence
    names `part` and keeps `expected` and the check's options for the diagnosis."""
    try:
        return check_returns(got, expected.shape, what)
    except Failure as failure:
        for evidence in failure.evidence:
            evidence.part, evidence.got, evidence.expected = part, got, expected
            vars(evidence).update(options)
        raise


def check_array(got, expected, what, *, time_axis=None, sizes=None, kind=None, rtol=RTOL):
    """Fail with a student-readable Failure unless `got` matches the array `expected`.

    - time_axis: the axis of time steps, if any: the message says which steps match.
    - sizes: e.g. {"N": 3, "T": 7, "K": 4}, and kind: what the values are (one of KINDS), for
      the diagnosis, which names a constant factor (a mean instead of a sum) by these sizes.
    """
    expected = np.asarray(expected, dtype=np.float64)
    options = {"time_axis": time_axis, "sizes": sizes, "kind": kind, "rtol": rtol}
    array = returned(got, expected, what, **options)
    mismatch = compare(array, expected, time_axis=time_axis, kind=kind, rtol=rtol)
    if mismatch:
        raise Failure(f"{what} is wrong: {mismatch.summary()}",
                      evidence=[Evidence("values", got=array, expected=expected, **options)])


def check_scalar(got, expected, what, *, sizes=None, rtol=RTOL, part=""):
    """Fail unless `got` is one number matching `expected` (a float, numpy scalar or 0-d array)."""
    expected = np.asarray(float(expected))
    value = returned(got, expected, what, part, sizes=sizes, rtol=rtol)
    if abs(value - expected) <= rtol * abs(expected) + ATOL:
        return
    raise Failure(f"{what} is wrong, with {error_size(float(value), float(expected))}.",
                  evidence=[Evidence("values", part, value, expected, sizes=sizes, rtol=rtol)])


def explain_parts(got, expected, name, *, rtol, **compare_options):
    """Check several arrays (dict or list `expected`), each briefly.

    Returns (problems, evidence): problems maps each wrong part to a one-line description, and
    evidence lists what each check saw. `name(part)` is how a message names a part ("dU",
    "layer 1"), and the evidence's `part` too.
    """
    problems, evidence = {}, []
    for part in (expected if isinstance(expected, dict) else range(len(expected))):
        want = np.asarray(expected[part], dtype=np.float64)
        options = {"rtol": rtol, **compare_options}
        try:
            array = returned(got[part], want, name(part), name(part), **options)
        except Failure as failure:
            problems[part] = str(failure)
            evidence += failure.evidence
            continue
        mismatch = compare(array, want, rtol=rtol, time_axis=compare_options.get("time_axis"),
                           kind=compare_options.get("kind"))
        if mismatch:
            problems[part] = f"{name(part)}: {mismatch.summary()}"
            evidence.append(Evidence("values", name(part), array, want, **options))
    return problems, evidence


def check_keys(got, keys, what):
    """Fail unless `got` is a dict holding every key of `keys`."""
    if not isinstance(got, dict):
        message = (f"{what} is {kind_of(got)}, expected a dict with keys "
                   f"{', '.join(map(repr, keys))}.")
        raise Failure(message, evidence=[Evidence("type", detail=message)])
    missing = [key for key in keys if key not in got]
    if missing:
        message = (f"{what} is missing the key(s) {', '.join(map(repr, missing))} "
                   f"(it has {', '.join(map(repr, got)) or 'no keys'}).")
        raise Failure(message, evidence=[Evidence("missing keys", detail=message)])


def check_gradient_shapes(got, shapes, what):
    """Fail unless `got` is a dict of finite gradients with the given shapes (values unchecked)."""
    check_keys(got, shapes, what)
    for key, shape in shapes.items():
        check_returns(got[key], shape, f"the gradient for {key}")


def check_gradients(got, expected, what, *, sizes=None, rtol=RTOL):
    """Fail unless `got` is a dict of gradients matching the dict `expected`, key by key.

    The message lists every wrong gradient in one line each.
    """
    check_keys(got, expected, what)
    problems, evidence = explain_parts(got, expected, lambda key: f"d{key}", sizes=sizes,
                                       rtol=rtol)
    if not problems:
        return
    right = [key for key in expected if key not in problems]
    message = (f"{what}: the gradient(s) for {', '.join(problems)} are wrong"
               + (f" (the ones for {', '.join(right)} are right)." if right else "."))
    message += "".join(f"\n- {text}" for text in problems.values())
    raise Failure(message, wrong=set(problems), evidence=evidence)


class SharedPoints:
    """The points of one test shared equally among the quantities it checks, on all its cases.

        shares = SharedPoints(["loss", "U", "W", "b", "V", "c"])
        shares.check(["loss"], check_scalar, loss, expected_loss, what)   # once per case...
        shares.check(PARAMETERS, check_gradients, grads, expected_grads, what)
        return shares.settle()    # raises the Failure, with the shares, unless all are right

    Each quantity that is not zero on some case of the test has a share, earned when that
    quantity is right on every case; a quantity that is zero on every case has none (answers of
    zeros earn nothing), but if it is not zero where it must be, no share is earned. Which
    quantities have shares depends only on the test's cases, so it is the same for everyone.
    """

    def __init__(self, names):
        self.names = list(names)
        self.nonzero, self.wrong, self.problems, self.evidence = set(), set(), [], []

    def check(self, names, check, got, expected, *args, **options):
        """Run check(got, expected, *args, **options) for the quantities `names` (one, or the
        keys of a dict of gradients); a Failure marks the ones it finds wrong (all, if it does
        not say)."""
        values = expected if isinstance(expected, dict) else {names[0]: expected}
        self.nonzero.update(name for name in names if np.any(np.asarray(values[name]) != 0))
        try:
            check(got, expected, *args, **options)
        except Failure as failure:
            for evidence in failure.evidence:
                evidence.part = evidence.part or (names[0] if len(names) == 1 else "")
            self.fail(failure, failure.wrong or names)

    def fail(self, failure, names=None):
        """Count `names` (every quantity when None) as wrong, for the reason `failure`."""
        self.wrong.update(self.names if names is None else names)
        self.problems.append(str(failure))
        self.evidence += failure.evidence

    def settle(self):
        """The shares ({name: True} for each quantity with a share), or the Failure."""
        shares = {name: name not in self.wrong for name in self.names if name in self.nonzero}
        if not self.wrong:
            return shares
        if self.wrong - self.nonzero:   # a quantity that must be zero is not
            shares = dict.fromkeys(shares, False)
        raise Failure("\n".join(self.problems), shares=shares, evidence=self.evidence)


def check_layer_count(got, count, what):
    """Fail unless `got` is a list (or tuple) of `count` items, one per layer."""
    if not isinstance(got, (list, tuple)) or len(got) != count:
        message = (f"{what} is {kind_of(got)}, expected a list of {count} arrays "
                   f"(one per layer, bottom layer first).")
        raise Failure(message, evidence=[Evidence("shape", detail=message)])


def check_layers(got, expected, what, *, rtol=RTOL):
    """Fail unless `got` is a list of arrays matching the list `expected`, one per layer."""
    check_layer_count(got, len(expected), what)
    problems, evidence = explain_parts(got, expected, lambda layer: f"layer {layer}",
                                       time_axis=0, kind="hidden states", rtol=rtol)
    if not problems:
        return
    message = (f"{what}: the states of layer(s) {', '.join(map(str, problems))} are wrong"
               f" (of {len(expected)} layers).")
    message += "".join(f"\n- {text}" for text in problems.values())
    raise Failure(message, evidence=evidence)


def check_pair(got, what, names):
    """`got` as a pair (first, second), or a Failure if it is not a tuple/list of two values."""
    if not isinstance(got, (list, tuple)) or len(got) != 2:
        message = f"{what} is {kind_of(got)}, expected a tuple of two values ({names})."
        raise Failure(message, evidence=[Evidence("type", detail=message)])
    return got


def check_rule_answer(function_name, got, rule, check_answer):
    """Fail unless `got`, what `function_name` returned, is right: `check_answer(got)` raises
    the Failure saying what is wrong otherwise.

    A test of a rule every function keeps (`rule`: "leaves its arguments unchanged"...) counts
    only together with a right answer: a function that returns None, or zeros, keeps every rule,
    and earns nothing for it.
    """
    try:
        check_answer(got)
    except Failure as failure:
        raise Failure(f"{failure}\nThis test checks that {function_name} {rule}; it counts only "
                      f"once {function_name}'s answer is right (the other tests say what is "
                      f"wrong).", evidence=failure.evidence) from None


def check_unchanged(function_name, observation, check_answer):
    """Fail unless the observed call gave the right answer (see check_rule_answer) and modified
    no argument."""
    check_rule_answer(function_name, observation.value, "leaves its arguments unchanged",
                      check_answer)
    if observation.changed:
        raise Failure(f"{function_name} modified its argument(s) {', '.join(observation.changed)} "
                      f"in place; it must leave its inputs unchanged. Work on a copy (e.g. "
                      f"X = X.copy()) or avoid in-place updates such as += on an argument.",
                      evidence=[Evidence("changed", detail=", ".join(observation.changed))])


def check_same_twice(function_name, first, second, check_answer):
    """Fail unless two calls with the same arguments gave the same, right answer (see
    check_rule_answer)."""
    check_rule_answer(function_name, first, "gives the same answer twice", check_answer)
    if changed_paths([first], [second]):
        raise Failure(f"{function_name} returned a different answer when called a second time "
                      f"with the same arguments: does it keep state between calls (a global "
                      f"variable, a default argument that changes, randomness)?",
                      evidence=[Evidence("not deterministic")])
