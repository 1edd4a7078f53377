"""Tampering cannot raise a score: each cheat in tests/corpus/cheats scores, through the sandbox,
exactly what the same file scores with its cheat region removed, writes no file outside its
worker's folder, and leaves the grader's processes alive.

A cheat file is a corpus entry (autograder/corpus.py) on the stubs, with a few functions
implemented honestly (so the score to match is not zero) and one cheat between the lines
`# BEGIN CHEAT` and `# END CHEAT`.
"""

import os
from pathlib import Path

import pytest

import rnn_bptt.hidden
from rnn_bptt import corpus, fairness
from rnn_bptt.sandbox.client import Zygote
from rnn_bptt.solutions import rnn as reference


REPO = Path(__file__).resolve().parents[1]
CHEATS = corpus.entries("cheats")
BEGIN, END = "# BEGIN CHEAT", "# END CHEAT"
AS_ROOT = os.geteuid() == 0
# Cheats that read the disk or signal the grader's processes: only the root sandbox (another
# user, an empty root) stops them; without root the isolation note says so plainly.
STOPPED_ONLY_AS_ROOT = {"search_disk", "import_grader", "kill_parent"}
# Where the fake-results cheat writes; none of these may appear or change.
FAKE_RESULT_FOLDERS = [Path.cwd(), Path("/tmp"), Path("/work"), REPO, Path("/"),
                       Path.home(), Path("/autograder")]
FAKE_RESULT_NAMES = ["results.json", "rnn-cheat-results.json"]


def without_cheat(source):
    """`source` with its one cheat region (the marker lines included) removed."""
    lines = source.splitlines(keepends=True)
    starts = [i for i, line in enumerate(lines) if line.strip() == BEGIN]
    ends = [i for i, line in enumerate(lines) if line.strip() == END]
    assert len(starts) == len(ends) == 1 and starts[0] < ends[0], "one cheat region per file"
    return "".join(lines[:starts[0]] + lines[ends[0] + 1:])


def file_traces():
    """The modification time (or None) of every place a fake result file could be written."""
    traces = {}
    for folder in FAKE_RESULT_FOLDERS:
        for name in FAKE_RESULT_NAMES:
            path = folder / name
            traces[str(path)] = path.stat().st_mtime_ns if path.exists() else None
    return traces


@pytest.fixture(scope="module")
def tests():
    return rnn_bptt.hidden.all_tests()


@pytest.fixture(scope="module")
def zygote():
    with Zygote() as zygote:
        yield zygote


def score(zygote, tests, source):
    """The points `source` earns on the hidden tests, in the sandbox, and what it printed."""
    with zygote.load(source, "rnn.py", call_timeout=2.0) as student:
        results = fairness.grade(tests, student, reference)
    return sum(result.points for result in results), student.output


def test_there_is_a_cheat_for_each_kind_of_tampering():
    assert {path.stem for path in CHEATS} >= {
        "patch_numpy", "patch_builtins", "patch_test_modules", "stack_frames", "gc_scan",
        "search_disk", "import_grader", "fake_results", "kill_parent", "fork_bomb",
        "malicious_values", "huge_return", "exit_in_calls", "standin_kept", "standin_inspect",
        "standin_pickle", "standin_print_answers", "standin_flood", "ipc_lookup",
        "fork_and_spin", "forged_reply"}


@pytest.mark.parametrize("path", CHEATS, ids=lambda path: path.stem)
def test_a_cheat_scores_exactly_what_its_file_scores_without_it(zygote, tests, path):
    if path.stem in STOPPED_ONLY_AS_ROOT and not AS_ROOT:
        pytest.skip("without root the worker can read the disk and signal the grader "
                    "(zygote.isolation says so)")
    source = corpus.compose(path)
    before = file_traces()
    cheat_score, output = score(zygote, tests, source)
    honest_score, _ = score(zygote, tests, without_cheat(source))
    assert honest_score > 0, f"{path.name}: its honest functions should earn some points"
    assert cheat_score == honest_score, f"{path.name}: the cheat changed the score"
    assert file_traces() == before, f"{path.name}: a file was written outside the worker"
    assert zygote._process.poll() is None, f"{path.name}: the zygote died"


def test_fake_summaries_stay_in_the_submissions_own_output(zygote, tests):
    fake = next(path for path in CHEATS if path.stem == "fake_results")
    _, output = score(zygote, tests, corpus.compose(fake))
    assert "Score: 30/30" in output   # captured as the student's output, nowhere else


def test_stand_in_answers_reach_no_report(zygote, tests):
    """Printed, or put in an exception, the answers of the stand-ins (error carried forward)
    never reach what the student reads, so they cannot be carried to a later submission."""
    cheat = next(path for path in CHEATS if path.stem == "standin_print_answers")
    with zygote.load(corpus.compose(cheat), "rnn.py", call_timeout=2.0) as student:
        results = fairness.grade(tests, student, reference)
        output = student.output
    assert any(result.stand_ins for result in results)    # the stand-ins did answer
    assert "STAND-IN ANSWER" not in output
    assert not any("STAND-IN ANSWER [" in result.message for result in results)
