"""How well the feedback names the mistake: each wrong corpus submission against its label.

    python benchmarks/feedback_quality.py [--verbose]

Every submission of tests/corpus/wrong holds one mistake, labelled in its file with the
misconception it really holds (`# misconception: <name>`, see rnn_bptt.corpus). Each is graded in
this process as the grader grades (error carried forward, then the diagnosis), and its feedback
file is written as `rnn-autograder grade --feedback` writes it. Reported:

- named: the owning question's diagnosis leads with the labelled misconception (the names its
  "Start here" line gives: the misconceptions named, or else its first pattern or finding);
- misleading: it leads with a misconception or a pattern that is not the label (a cause the
  submission does not have); an observation (a wrong shape, an exception) is not counted so;
- hints on right code: diagnoses of questions other than the owning one (must be 0);
- the report's length in lines, median and largest.
"""

import argparse
import contextlib
import io
import statistics
import warnings

from rnn_bptt import corpus, feedback, grading, report
from rnn_bptt.hidden import all_tests


def judge(path, suite):
    """(label, leading names, misleading, diagnoses on other questions, report lines)."""
    with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        results = corpus.grade_in_process(path)
    own = feedback.question_of(f"test_{path.stem}")
    diagnoses = {result.question: result.diagnosis for result in results if result.diagnosis}
    diagnosis = diagnoses.get(own)
    leading = diagnosis.leading_names() if diagnosis else []
    label = corpus.misconception(path)
    claims = diagnosis and (diagnosis.misconceptions or diagnosis.patterns)
    record = grading.make_record(path.name, suite, results, None, "", "in this process", 0.0)
    length = report.feedback(record).count("\n") + 1
    return label, leading, bool(claims) and label not in leading, set(diagnoses) - {own}, length


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--verbose", action="store_true", help="one line per submission")
    args = parser.parse_args()
    suite = grading.Suite(all_tests())
    wrong = corpus.entries("wrong")
    named, misleading, elsewhere, lengths, unnamed = 0, [], [], [], []
    for path in wrong:
        label, leading, misled, others, length = judge(path, suite)
        named += label in leading
        lengths.append(length)
        if misled:
            misleading.append((path.stem, label, leading))
        if others:
            elsewhere.append((path.stem, sorted(others)))
        if label not in leading:
            unnamed.append((path.stem, label, leading))
        if args.verbose:
            print(f"{path.stem}: {'named' if label in leading else 'NOT named'} ({label}); "
                  f"leads with {leading}; {length} lines")
    count = len(wrong)
    print(f"named: {named}/{count} wrong submissions' diagnoses lead with their labelled "
          f"misconception ({named / count:.0%})")
    print(f"misleading: {len(misleading)} (a cause the submission does not have)")
    print(f"hints on right code: {len(elsewhere)} submissions with a diagnosis on a question "
          f"whose own function is right")
    print(f"report length: median {statistics.median(lengths):g} lines, largest {max(lengths)}")
    for stem, label, leading in unnamed:
        print(f"  not named: {stem} (labelled {label!r}) leads with {leading or 'nothing'}")
    for stem, others in elsewhere:
        print(f"  diagnosis on right code: {stem}: {', '.join(others)}")
    return 1 if misleading or elsewhere else 0


if __name__ == "__main__":
    raise SystemExit(main())
