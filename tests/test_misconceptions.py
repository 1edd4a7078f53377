"""The catalogue of misconceptions: each entry applies to the reference and changes an answer.

An entry that no longer applies (the reference was rewritten) fails here by name, and so does one
that computes what the reference computes on every hidden input (it could name nothing).
"""

import warnings

import pytest

from rnn_bptt import cases
from rnn_bptt.feedback import FUNCTIONS
from rnn_bptt.feedback.answers import same_value
from rnn_bptt.misconceptions import CATALOGUE
from rnn_bptt.variants import RuleError, Variants, variant_source

ENTRIES = [(entry, function) for entry in CATALOGUE for function in entry.functions]


def test_names_are_unique_and_functions_exist():
    names = [entry.name for entry in CATALOGUE]
    assert len(names) == len(set(names))
    assert {function for _, function in ENTRIES} <= set(FUNCTIONS)
    assert all(entry.explanation.endswith(".") for entry in CATALOGUE)


def hidden_inputs(function):
    variants = {"rnn_step": (0, 3), "bptt": ("regression", "classification"),
                "total_loss": ("regression", "classification")}.get(function, (None,))
    for case_name in cases.NAMES:
        for variant in variants:
            if function != "rnn_step" or variant < cases.sizes(case_name)["T"]:
                yield cases.inputs(function, case_name, variant)


@pytest.mark.parametrize("entry, function", ENTRIES,
                         ids=[f"{function}: {entry.name}" for entry, function in ENTRIES])
def test_each_entry_changes_some_answer_of_its_function(entry, function):
    variants = Variants([entry])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        changed = [args for args in hidden_inputs(function)
                   if (lambda wrong, right: wrong.raised or not same_value(wrong.value,
                                                                           right.value))(
                       variants.answer(entry.name, function, args),
                       variants.answer(None, function, args))]
    assert changed, f"{entry.name} computes what the reference computes in {function}"


def test_a_change_that_is_not_in_the_reference_is_refused():
    with pytest.raises(RuleError, match="is in the reference's rnn_step"):
        variant_source("rnn_step", [("np.sinh(pre_activation)", "pre_activation")])


def test_a_change_replaces_every_occurrence_and_statements_too():
    source = variant_source("softmax", [("-1", "0")])
    assert source.count("axis=0") == 2 and "axis=-1" not in source
    source = variant_source("bptt", [("if t > 0:\n    grads['W'] += Hs[t - 1].T @ dA",
                                      "grads['W'] += Hs[t - 1].T @ dA")])
    assert "if t > 0" not in source
    source = variant_source("stacked_rnn_forward",
                            [("states.append(layer_input)", "states.append(layer_input)\nx = 1")])
    assert "states.append(layer_input)\n        x = 1" in source
