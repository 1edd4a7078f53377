"""The import policy: numpy and the standard library, nothing else; matplotlib for plots.

A submission is loaded as the public tests load it (in this process) and as the grader does (in
a sandbox worker): both must import the same things and say the same thing. Otter's side is
tested with the autograder zip (test_otter_build.py) and by the parity tests on the corpus.
"""

import contextlib
import json
import sys

import numpy as np
import pytest

from rnn_bptt import cli
from rnn_bptt.feedback import Failure, InProcess, load_student, under_policy
from rnn_bptt.feedback.imports import NoPlots, Refused, refusal
from rnn_bptt.sandbox.client import Zygote
from rnn_bptt.solutions import REFERENCE as REFERENCE_FILE
from rnn_bptt.solutions import rnn as reference

REFERENCE = REFERENCE_FILE.read_text(encoding="utf-8")
Z = np.arange(6.0).reshape(2, 3)
X, U, W, b = np.ones((3, 2, 4)), np.ones((4, 5)), np.eye(5), np.zeros(5)

# Plotting at the top of a file, before the functions, as in a script exported from a notebook.
PLOTS_FIRST = ("import matplotlib.pyplot as plt\n"
               "figure, (left, right) = plt.subplots(1, 2, figsize=(8, 3))\n"
               "left.plot([1.0, 2.0])\n"
               "right.set(xlabel='t', title='hidden states')\n"
               "plt.show()\n") + REFERENCE


@pytest.fixture(scope="module")
def zygote():
    with Zygote() as zygote:
        yield zygote


@pytest.fixture(params=["in this process", "in a sandbox worker"])
def load(request, zygote):
    """load(source): a context giving the `student` of a submission loaded as the public tests
    (and the notebook's check cells) load it, or as the grader does."""
    if request.param == "in this process":
        return lambda source: contextlib.nullcontext(load_student(source, "rnn.py"))
    return lambda source: zygote.load(source, "rnn.py")


def test_numpy_and_the_standard_library_import_as_usual(load):
    # csv and argparse are not among the modules every sandbox worker starts with.
    source = REFERENCE + (
        "\nimport argparse, csv, math\nfrom collections import deque\nimport numpy.linalg as la\n"
        "def softmax(Z):\n"
        "    argparse.ArgumentParser()\n"
        "    assert list(csv.reader(['1,2'])) == [['1', '2']] and deque([1])\n"
        "    exp = np.exp(Z - Z.max(axis=-1, keepdims=True)) * math.exp(0) * la.det(np.eye(1))\n"
        "    return exp / exp.sum(axis=-1, keepdims=True)\n")
    with load(source) as student:
        assert student.load_error is None
        assert np.allclose(student.softmax(Z), reference.softmax(Z))


def test_importing_a_module_outside_the_policy_costs_nothing_by_itself(load):
    source = "import torch\nimport scipy.special as special\nfrom pandas import DataFrame\n"
    with load(source + REFERENCE) as student:
        assert student.load_error is None
        assert np.allclose(student.rnn_forward(X, U, W, b), reference.rnn_forward(X, U, W, b))


USES_A_REFUSED_MODULE = {
    "imported at the top": "import scipy.special\n\ndef softmax(Z):\n"
                           "    return scipy.special.softmax(Z, axis=-1)\n",
    "a name taken from it": "from scipy.special import softmax as scipy_softmax\n\n"
                            "def softmax(Z):\n    return scipy_softmax(Z, axis=-1)\n",
    "imported in the function": "def softmax(Z):\n    import scipy.special\n"
                                "    return scipy.special.softmax(Z, axis=-1)\n",
    "bound to the function's name": "from scipy.special import softmax\n",
}


@pytest.mark.parametrize("code", USES_A_REFUSED_MODULE.values(), ids=USES_A_REFUSED_MODULE)
def test_a_function_that_uses_a_module_outside_the_policy_fails_with_the_rule(load, code):
    with load(REFERENCE + "\n\n" + code) as student:
        with pytest.raises(Failure) as failed:
            student.softmax(Z)
        assert str(failed.value).startswith("softmax raised ImportError")
        assert refusal("scipy") in str(failed.value)
        # The other functions are not touched.
        assert np.allclose(student.rnn_forward(X, U, W, b), reference.rnn_forward(X, U, W, b))


def test_the_message_names_the_rule_and_the_module():
    message = refusal("tqdm")
    assert "your code uses tqdm" in message
    assert "numpy and the Python standard library, nothing else" in message


def test_plotting_code_costs_nothing_where_matplotlib_is_installed(load):
    with load(PLOTS_FIRST) as student:
        assert student.load_error is None
        assert np.allclose(student.softmax(Z), reference.softmax(Z))


def test_plotting_code_costs_nothing_where_matplotlib_is_not_installed(monkeypatch):
    # In this process only: the sandbox's side runs in a fresh environment without matplotlib
    # (test_package.py), where the grader finds none to import.
    for module in ("matplotlib", "matplotlib.pyplot"):
        monkeypatch.setitem(sys.modules, module, None)   # as if matplotlib were not installed
    student = load_student(PLOTS_FIRST, "rnn.py")
    assert student.load_error is None
    assert isinstance(student._namespace["plt"], NoPlots)
    assert np.allclose(student.softmax(Z), reference.softmax(Z))


def test_without_matplotlib_subplots_shapes_its_axes_as_matplotlib_does():
    plt = NoPlots()
    assert isinstance(plt.subplots()[1], NoPlots)
    assert plt.subplots(1, 3)[1].shape == (3,) and plt.subplots(3)[1].shape == (3,)
    assert plt.subplots(2, 3)[1].shape == (2, 3)
    assert plt.subplots(1, 1, squeeze=False)[1].shape == (1, 1)
    with plt.style.context("ggplot"):
        plt.figure(figsize=(3, 2)).gca().plot([1, 2])[0].set_color("red")


def test_otter_s_globals_get_the_stand_ins_the_grader_binds():
    """Otter runs the file itself, importing what its environment has (tqdm, here)."""
    namespace = {"__name__": "__main__"}
    exec(REFERENCE + "\nfrom tqdm import tqdm\nimport tqdm as progress\n\n"
         "def rnn_forward(X, U, W, b):\n"
         "    return np.stack([rnn_step(x, None, U, W, b) for x in tqdm(X)])\n", namespace)
    graded = under_policy(namespace)
    assert isinstance(graded["tqdm"], Refused) and graded["progress"] is namespace["progress"]
    student = InProcess(graded)
    with pytest.raises(Failure, match="rnn_forward raised ImportError") as failed:
        student.rnn_forward(X, U, W, b)
    assert refusal("tqdm") in str(failed.value)
    assert np.allclose(student.softmax(Z), reference.softmax(Z))


def test_otter_s_globals_stay_as_they_are_when_nothing_refused_is_used():
    namespace = {"__name__": "__main__"}
    exec(REFERENCE + "\nimport tqdm\n", namespace)
    assert under_policy(namespace) is namespace


def test_grade_and_check_say_the_same(tmp_path, capsys):
    path = tmp_path / "rnn.py"
    path.write_text(REFERENCE + "\n\n" + USES_A_REFUSED_MODULE["imported at the top"],
                    encoding="utf-8")
    assert cli.main(["grade", str(path), "--json", str(tmp_path / "results.json")]) == 0
    record = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))["submissions"][0]
    questions = record["questions"]
    assert questions["softmax"]["score"] == 0
    assert all(refusal("scipy") in test["message"] for test in questions["softmax"]["tests"])
    assert questions["rnn_forward"]["score"] == questions["rnn_forward"]["max_score"]
    capsys.readouterr()
    assert cli.main(["check", str(path)]) == 1
    assert refusal("scipy") in capsys.readouterr().out
