"""The corpus measures the hidden suites: every wrong submission loses points, every correct one
scores full marks. Each corpus entry is its own test, so a failure names the entry.

benchmarks/kill_rate.py prints the same measurement as rates, with the survivors listed.
"""

import ast

import numpy as np
import pytest


from rnn_bptt import corpus
from rnn_bptt.corpus import CorpusError, compose, entries, write_composed
from rnn_bptt import feedback


WRONG = entries("wrong")
CORRECT = entries("correct")
REFERENCE_SOURCE = corpus.REFERENCE.read_text(encoding="utf-8")


def write(folder, name, text):
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------------------------
# The corpus itself
# --------------------------------------------------------------------------------------------


def test_corpus_has_enough_wrong_and_correct_submissions():
    assert len(WRONG) >= 45, f"only {len(WRONG)} wrong submissions in tests/corpus/wrong"
    assert len(CORRECT) >= 6, f"only {len(CORRECT)} correct submissions in tests/corpus/correct"


def test_wrong_submissions_cover_every_function():
    """A wrong entry is named after the function it gets wrong: <function>_<mistake>.py."""
    covered = {feedback.question_of(f"test_{path.stem}") for path in WRONG}
    assert covered == set(feedback.FUNCTIONS), (
        f"no wrong submission for: {sorted(set(feedback.FUNCTIONS) - covered)}")


@pytest.mark.parametrize("path", WRONG + CORRECT + entries("cheats"),
                         ids=lambda path: f"{path.parent.name}/{path.stem}")
def test_entry_has_a_one_sentence_docstring(path):
    docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    assert docstring.endswith(".") and "\n" not in docstring, (
        f"{path.name}: its module docstring must be one sentence naming the mistake or style")


@pytest.mark.parametrize("path", WRONG + CORRECT, ids=lambda path: f"{path.parent.name}/{path.stem}")
def test_entry_redefines_functions_of_rnn_py(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    defined = {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}
    assert defined & set(feedback.FUNCTIONS), f"{path.name} redefines no function of rnn.py"


@pytest.mark.parametrize("path", WRONG, ids=lambda path: path.stem)
def test_wrong_entry_is_labelled_with_its_misconception(path):
    assert corpus.misconception(path), (
        f"{path.name}: say the misconception it holds on a line '# misconception: <name>'")


def test_entry_names_are_unique_across_kinds():
    names = [path.name for kind in corpus.KINDS for path in entries(kind)]
    assert len(names) == len(set(names)), "two corpus entries share a name"


# --------------------------------------------------------------------------------------------
# compose, entries, write_composed
# --------------------------------------------------------------------------------------------


def test_compose_without_header_appends_to_the_reference(tmp_path):
    text = "def softmax(Z):\n    return Z\n"
    composed = compose(write(tmp_path, "entry.py", text))
    assert composed.startswith(REFERENCE_SOURCE.rstrip()) and composed.endswith(text)


def test_compose_reference_header_is_the_default(tmp_path):
    text = "# base: reference\ndef softmax(Z):\n    return Z\n"
    assert compose(write(tmp_path, "a.py", text)).startswith(REFERENCE_SOURCE.rstrip())


def test_compose_base_none_is_the_file_alone(tmp_path):
    text = "# base: none\n\ndef softmax(Z):\n    return Z\n"
    assert compose(write(tmp_path, "entry.py", text)) == text


def test_compose_base_stubs_appends_to_the_stubs(tmp_path, monkeypatch):
    stubs = write(tmp_path, "stubs.py", "def softmax(Z):\n    raise NotImplementedError\n")
    monkeypatch.setitem(corpus.BASES, "stubs", str(stubs))      # an absolute path stays as is
    text = "# base: stubs\ndef softmax(Z):\n    return Z\n"
    composed = compose(write(tmp_path, "entry.py", text))
    assert composed.startswith(stubs.read_text(encoding="utf-8").rstrip())
    assert composed.endswith(text)


def test_compose_missing_base_file_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setitem(corpus.BASES, "stubs", "assignment/no_such_file.py")
    path = write(tmp_path, "entry.py", "# base: stubs\ndef softmax(Z):\n    return Z\n")
    with pytest.raises(CorpusError, match=r"entry\.py: its base file assignment/no_such_file\.py "
                                          r"does not exist"):
        compose(path)


def test_compose_unknown_base_is_a_clear_error(tmp_path):
    path = write(tmp_path, "entry.py", "# base: solution\ndef softmax(Z):\n    return Z\n")
    with pytest.raises(CorpusError, match=r"entry\.py: unknown base 'solution'.*"
                                          r"use one of: reference, stubs, none"):
        compose(path)


def test_composed_definitions_override_the_base_and_the_base_calls_them(tmp_path):
    """An overridden rnn_step is the one the reference's rnn_forward calls."""
    path = write(tmp_path, "zero_step.py",
                 '"""rnn_step returns zeros."""\nimport numpy as np\n\n\n'
                 "def rnn_step(x_t, h_prev, U, W, b):\n    return np.zeros((len(x_t), len(b)))\n")
    student = corpus.load(path)
    Hs = student.rnn_forward(np.ones((3, 2, 4)), np.ones((4, 5)), np.ones((5, 5)), np.ones(5))
    assert Hs.shape == (3, 2, 5) and not Hs.any()


def test_entries_lists_each_kind_sorted_and_rejects_unknown_kinds():
    for kind in corpus.KINDS:
        listed = entries(kind)
        assert listed == sorted(listed) and all(path.suffix == ".py" for path in listed)
    with pytest.raises(CorpusError, match="unknown corpus kind 'typo'"):
        entries("typo")


def test_write_composed_writes_each_submission_under_its_name(tmp_path):
    chosen = [WRONG[0], CORRECT[0]]
    written = write_composed(chosen, tmp_path / "out")
    assert [path.name for path in written] == [path.name for path in chosen]
    assert [path.read_text(encoding="utf-8") for path in written] == [compose(p) for p in chosen]


def test_write_composed_refuses_two_entries_with_the_same_name(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    same = [write(tmp_path / folder, "entry.py", "# base: none\n") for folder in "ab"]
    with pytest.raises(CorpusError, match="same name.*entry.py"):
        write_composed(same, tmp_path / "out")


# --------------------------------------------------------------------------------------------
# The measurement: the hidden suites against the corpus
# --------------------------------------------------------------------------------------------


def failures(results):
    return "\n".join(f"  {result.name}: {result.message}" for result in results
                     if not result.passed)


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # overflows in the students' own numpy code
@pytest.mark.parametrize("path", WRONG, ids=lambda path: path.stem)
def test_wrong_submission_loses_points(path):
    results = corpus.grade_in_process(path)
    assert not all(result.passed for result in results), (
        f"{path.name} survives the hidden suites with full marks: "
        f"{ast.get_docstring(ast.parse(path.read_text(encoding='utf-8')))}")


@pytest.mark.parametrize("path", CORRECT, ids=lambda path: path.stem)
def test_correct_submission_scores_full_marks(path):
    results = corpus.grade_in_process(path)
    assert all(result.passed for result in results), (
        f"{path.name} is correct but fails:\n{failures(results)}")
