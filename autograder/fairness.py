"""Error carried forward: each question judged on its own function's code.

A mistake in rnn_step also breaks rnn_forward, total_loss and bptt when they call it. Exams are
marked with "error carried forward", and so is this assignment:

1. Every test runs on the submission as it is, recording which other functions of the
   assignment its calls reach (Student.recording).
2. The questions are then settled callees first. A question fails "on its own" when one of its
   tests still fails after step 3. Its rule tests count too: an rnn_step that computes the right
   state but writes it into the h_prev it was given breaks its caller's loop as surely as a
   wrong formula.
3. A failed test whose calls reached functions that fail on their own runs again, with correct
   stand-ins (the reference's functions) in place of those functions only
   (Student.standing_in): a submission whose correct functions share state (a cache filled by
   its rnn_forward, read by its bptt) keeps it. The better of the two runs counts, and its
   message says which stand-ins answered.

A stand-in for a function never answers while that function's own tests run. In the grader's
sandbox each rerun question gets a fresh worker, and the stand-ins' answers are computed in the
grader, within limits (see sandbox.standins); in Otter, which runs the tests in the student's
process anyway, they are plain calls of the reference.
"""

from rnn_bptt.feedback import FUNCTIONS, question_of, run_test


def grade(tests, student, reference):
    """Run every test of `tests` ([(name, function)]) on `student`, error carried forward.

    Returns the TestResults in the order of `tests`. `reference` is the module whose functions
    stand in for the student's failing ones.
    """
    results, reached = {}, {}
    for name, test in tests:
        with student.recording() as called:
            results[name] = run_test(test, student, name)
        reached[name] = set(called)
    failing = set()
    for question in callees_first(tests, reached):
        group = [(name, test) for name, test in tests if question_of(name) == question]
        rerun = [(name, test) for name, test in group
                 if not results[name].passed and reached[name] & failing]
        if rerun:
            with student.standing_in(sorted(failing), reference) as helped:
                for name, test in rerun:
                    helped.answered = set()
                    again = run_test(test, helped, name)
                    if again.points > results[name].points or again.passed:
                        results[name] = with_stand_ins(again, sorted(helped.answered))
        if any(not results[name].passed for name, _ in group):
            failing.add(question)
    return [results[name] for name, _ in tests]


def callees_first(tests, reached):
    """The questions of `tests`, each after the questions its tests' calls reached (a cycle is
    broken in the order of FUNCTIONS)."""
    calls = {question: set() for question in FUNCTIONS}
    for name, _ in tests:
        calls[question_of(name)] |= reached[name] - {question_of(name)}
    present = {question_of(name) for name, _ in tests}
    ordered, visiting = [], set()

    def visit(question):
        if question in ordered or question in visiting:
            return
        visiting.add(question)
        for callee in sorted(calls[question], key=list(FUNCTIONS).index):
            visit(callee)
        ordered.append(question)

    for question in FUNCTIONS:
        visit(question)
    return [question for question in ordered if question in present]


def with_stand_ins(result, names):
    """`result`, its message opening with the stand-ins that answered in it."""
    result.stand_ins = names
    if names:
        which = ", ".join(f"`{name}`" for name in names)
        fails = "fails its" if len(names) == 1 else "fail their"
        note = f"Graded with a correct {which} in place of yours, which {fails} own tests."
        result.message = f"{note}\n{result.message}" if result.message else note
    return result
