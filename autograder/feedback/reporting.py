"""How a report reads: where to start, then one block per failing question.

The grader's feedback files (rnn_bptt.report) and the students' `check` both print failures this
way, from plain data (a test as a dict: name, max_score, passed, message, score if known; a
diagnosis as diagnosis.Diagnosis.record() gives it), so a report read back from a JSON file
reads like a fresh one:

    Start here: rnn_step: ReLU instead of tanh

    rnn_step: 0 / 5
      ReLU instead of tanh: the new state must go through tanh; ...
      Failed 6 of 6 tests (5 points): first step, recurrence row form, ...
      First failure:
        rnn_step on the batch T=7, N=3, ... is wrong: 15 of 15 entries are off...

Each diagnosis is said once per question, and a note said by every failing test of a question
(the stand-ins it was graded with) once too; the full message of every test stays in the JSON.
"""

import textwrap

WIDTH = 100
FIRST_FAILURE_LINES = 6   # of the first failure's message: a shared test's lists every input


def start_here(diagnoses):
    """The opening lines: one per failing question, upstream first (`diagnoses` maps each
    failing question, in the order of FUNCTIONS, to its diagnosis record)."""
    return [shorten(f"Start here: {question}: {diagnosis['headline']}")
            for question, diagnosis in diagnoses.items()]


def shorten(line):
    return line if len(line) <= WIDTH else line[:WIDTH - 3] + "..."


def short_name(test_name, question):
    """test_rnn_step_by_hand -> "by hand"."""
    return test_name.removeprefix(f"test_{question}").strip("_").replace("_", " ") or test_name


def question_block(heading, question, tests, diagnosis):
    """The lines about one failing question, under `heading`: its diagnosis, its failing tests
    in one group, and the first failure's message (how far off, and where)."""
    failed = [test for test in tests if not test["passed"]]
    lines = [heading]
    for line in diagnosis["lines"]:
        lines += textwrap.wrap(line, WIDTH, initial_indent="  ", subsequent_indent="    ")
    lost = sum(test["max_score"] - test.get("score", 0.0) for test in failed)
    names = ", ".join(short_name(test["name"], question) for test in failed)
    lines += textwrap.wrap(f"Failed {len(failed)} of {len(tests)} tests ({lost:g} "
                           f"point{'s' * (lost != 1)}): {names}.", WIDTH,
                           initial_indent="  ", subsequent_indent="    ")
    notes, first = shared_notes(failed)
    lines += [f"  {note}" for note in notes]
    first = first.splitlines()
    lines.append("  First failure:")
    lines += [f"    {line}" for line in first[:FIRST_FAILURE_LINES]]
    if len(first) > FIRST_FAILURE_LINES:
        lines.append(f"    ... ({len(first) - FIRST_FAILURE_LINES} more lines: the same kind of "
                     f"failure on other inputs)")
    return lines


def shared_notes(failed):
    """The opening lines every failing test's message shares (said once), and the first
    failure's message without them."""
    messages = [test["message"].strip().splitlines() for test in failed]
    shared = 0
    while all(len(lines) > shared + 1 and lines[shared] == messages[0][shared]
              for lines in messages) and len(messages) > 1:
        shared += 1
    return messages[0][:shared], "\n".join(messages[0][shared:])
