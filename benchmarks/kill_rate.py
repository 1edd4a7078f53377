"""How well the hidden suites separate the corpus: kill rate and false-failure rate.

    python benchmarks/kill_rate.py [--verbose]

Grades every corpus entry (tests/corpus/wrong and tests/corpus/correct) in this process with
the hidden suites. The kill rate is the share of wrong submissions that lose points; the
false-failure rate is the share of correct ones that do. Survivors and false failures are
listed with the tests involved; --verbose also lists which tests catch each wrong submission.

A wrong entry is named after the function it gets wrong (<function>_<mistake>.py), and the hidden
suites should charge a bug to that function's own question: entries that lose points only in
other questions are listed as misattributed.
"""

import argparse
import contextlib
import io
import warnings

from rnn_bptt import corpus
from rnn_bptt import feedback


def grade_quietly(path):
    """The hidden tests' results on one corpus entry, its prints and numpy warnings swallowed."""
    with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return corpus.grade_in_process(path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--verbose", action="store_true",
                        help="list the failing tests of every wrong submission")
    args = parser.parse_args()

    survivors, misattributed, killed = [], [], 0
    wrong = corpus.entries("wrong")
    for path in wrong:
        failed = [result for result in grade_quietly(path) if not result.passed]
        killed += bool(failed)
        own_question = feedback.question_of(f"test_{path.stem}")
        if not failed:
            survivors.append(path.stem)
        elif all(result.question != own_question for result in failed):
            misattributed.append((path.stem, own_question, failed))
        if failed and args.verbose:
            print(f"{path.stem}: caught by {len(failed)} tests: "
                  f"{', '.join(result.name for result in failed)}")

    false_failures = {}
    correct = corpus.entries("correct")
    for path in correct:
        failed = [result for result in grade_quietly(path) if not result.passed]
        if failed:
            false_failures[path.stem] = failed

    print(f"kill rate: {killed}/{len(wrong)} wrong submissions lose points "
          f"({killed / max(len(wrong), 1):.0%})")
    print(f"false-failure rate: {len(false_failures)}/{len(correct)} correct submissions lose "
          f"points ({len(false_failures) / max(len(correct), 1):.0%})")
    print(f"charged to their own question: {killed - len(misattributed)}/{len(wrong)}")
    for name in survivors:
        print(f"  survivor (full marks although wrong): {name}")
    for name, question, failed in misattributed:
        print(f"  misattributed: {name} keeps full marks on {question}; it loses points only in "
              f"{', '.join(sorted({result.question for result in failed}))}")
    for name, failed in false_failures.items():
        print(f"  false failure: {name}")
        for result in failed:
            print(f"    {result.name}: {result.message}")
    return 1 if survivors or false_failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
