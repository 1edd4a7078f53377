"""How fairly the grader charges mistakes: the share of lost points that fall on questions whose
own function is right.

    python benchmarks/fairness.py

Grades, in this process and error carried forward as the grader does, every wrong submission of
tests/corpus/wrong (one realistic mistake each, in the function its name starts with) and every
mechanical mutant of the reference (autograder/mutants.py; the mutated function is the one whose
lines changed). Every point lost on another question is charged to a question whose own code is
right: the figure must be 0%. Such losses are listed.
"""

import contextlib
import io
import warnings

from rnn_bptt import corpus, feedback, mutants


def lost(results, own):
    """(points lost on question `own`, points lost on other questions, the other questions)."""
    own_lost = other_lost = 0.0
    others = set()
    for result in results:
        missing = result.max_points - result.points
        if result.question == own:
            own_lost += missing
        elif missing > 0:
            other_lost += missing
            others.add(result.question)
    return own_lost, other_lost, others


def corpus_samples():
    for path in corpus.entries("wrong"):
        with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            results = corpus.grade_in_process(path)
        yield path.stem, feedback.question_of(f"test_{path.stem}"), results


def mutant_samples():
    for line, mutation, owner, results in mutants.graded():
        yield f"line {line}, {mutation}", owner, results


def main():
    status = 0
    for label, samples in (("tests/corpus/wrong", corpus_samples()),
                           ("mutants of the reference", mutant_samples())):
        total_own = total_other = 0.0
        offenders = []
        for name, own, results in samples:
            own_lost, other_lost, others = lost(results, own)
            total_own += own_lost
            total_other += other_lost
            if other_lost:
                offenders.append((name, own, other_lost, others))
        share = total_other / max(total_own + total_other, 1e-12)
        print(f"{label}: {total_other:g} of {total_own + total_other:g} lost points fall on "
              f"questions whose own function is right ({share:.1%})")
        for name, own, other_lost, others in offenders:
            print(f"  {name} (a mistake in {own}) costs {other_lost:g} points in "
                  f"{', '.join(sorted(others))}")
        status |= bool(offenders)
    return status


if __name__ == "__main__":
    raise SystemExit(main())
