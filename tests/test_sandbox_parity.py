"""The sandboxed grader and an in-process run of the same hidden tests agree, test by test, on
submissions that return unusual values or use unusual parts of numpy.

Values cross from the worker through a codec, and the worker runs in an empty root with only the
modules the zygote imported: neither may change what a test decides, error carried forward
included (stand-ins answer from the grader in the sandbox, by plain calls in-process). (Otter, which runs the tests
in-process, is compared with the grader on the whole corpus in tests/test_otter_parity.py.)
"""

import warnings

import pytest

import rnn_bptt.hidden as hidden
from rnn_bptt import fairness, grading
from rnn_bptt.solutions import REFERENCE as REFERENCE_FILE
from rnn_bptt.solutions import rnn as reference


REFERENCE = REFERENCE_FILE.read_text(encoding="utf-8")

# name -> code appended to the reference (a later definition overrides the reference's)
UNUSUAL = {
    "masked_array": "import numpy as np\n_forward = rnn_forward\n"
                    "def rnn_forward(X, U, W, b):\n"
                    "    return np.ma.masked_array(_forward(X, U, W, b))\n",
    "matrix": "import numpy as np\n_softmax = softmax\n"
              "def softmax(Z):\n    P = _softmax(Z)\n    return np.asmatrix(P) if P.ndim == 2 else P\n",
    "float16": "import numpy as np\n_forward = rnn_forward\n"
               "def rnn_forward(X, U, W, b):\n    return _forward(X, U, W, b).astype(np.float16)\n",
    "complex": "_forward = rnn_forward\n"
               "def rnn_forward(X, U, W, b):\n    return _forward(X, U, W, b) + 0j\n",
    "namedtuple_pair": "from collections import namedtuple\nPair = namedtuple('Pair', 'loss grads')\n"
                       "_many = many_to_one_loss_and_grads\n"
                       "def many_to_one_loss_and_grads(X, labels, params):\n"
                       "    return Pair(*_many(X, labels, params))\n",
    "tuple_of_layers": "_stacked = stacked_rnn_forward\n"
                       "def stacked_rnn_forward(X, layers):\n"
                       "    return tuple(_stacked(X, layers))\n",
    "loss_in_a_list": "_total = total_loss\ndef total_loss(X, Y, params, task):\n"
                      "    return [_total(X, Y, params, task)]\n",
    "loss_as_int": "_total = total_loss\ndef total_loss(X, Y, params, task):\n"
                   "    return int(_total(X, Y, params, task))\n",
    "huge_int": "def total_loss(X, Y, params, task):\n    return 10 ** 5000\n",
    "deeply_nested": "def total_loss(X, Y, params, task):\n    value = []\n"
                     "    for _ in range(10_000):\n        value = [value]\n    return value\n",
    "returns_a_function": "def softmax(Z):\n    return softmax\n",
    "extra_gradient_key": "_bptt = bptt\ndef bptt(X, Y, params, task):\n"
                          "    grads = dict(_bptt(X, Y, params, task))\n"
                          "    grads['h0'] = 0.0\n    return grads\n",
    "numpy_testing": "import numpy as np\n_softmax = softmax\ndef softmax(Z):\n"
                     "    P = _softmax(Z)\n    np.testing.assert_allclose(P.sum(axis=-1), 1.0)\n"
                     "    return P\n",
}


@pytest.fixture(scope="module")
def grader_results(tmp_path_factory):
    folder = tmp_path_factory.mktemp("unusual")
    paths = {}
    for name, code in UNUSUAL.items():
        paths[name] = folder / f"{name}.py"
        paths[name].write_text(REFERENCE + "\n\n" + code, encoding="utf-8")
    records = []
    grading.grade_all([str(path) for path in paths.values()], grading.Suite.hidden(),
                      records.append, jobs=2)
    by_path = {record["submission"]: record for record in records}
    return {name: by_path[str(path)] for name, path in paths.items()}, paths


@pytest.mark.parametrize("name", sorted(UNUSUAL))
def test_the_sandbox_decides_every_test_as_an_in_process_run_does(grader_results, name):
    records, paths = grader_results
    record = records[name]
    sandboxed = {test["name"]: test["passed"] for result in record["questions"].values()
                 for test in result["tests"]}
    student = hidden.load_submission(paths[name])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")   # the unusual values' own complaints (ComplexWarning...)
        in_process = {result.name: result.passed
                      for result in fairness.grade(hidden.all_tests(), student, reference)}
    differ = sorted(test for test in in_process if in_process[test] != sandboxed[test])
    assert not differ, f"{name}: sandbox and in-process disagree on {differ}"
    assert (record["score"] == record["max_score"]) == (name in RIGHT_ANSWERS)


# The unusual submissions whose answers are right all the same (a tuple is a fine sequence of
# layers, a named tuple a fine pair; an extra gradient is ignored).
RIGHT_ANSWERS = {"namedtuple_pair", "tuple_of_layers", "extra_gradient_key", "numpy_testing"}
