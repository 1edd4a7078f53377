"""The grading engine: the hidden suites run against submissions in isolated workers.

Each grader process holds one warm zygote (rnn_bptt.sandbox.client), loads each submission into a
worker forked from it, and runs every hidden test against it; the expected values are computed
once per batch (rnn_bptt.cases caches them) and reused for every submission.

The result of grading one submission is a record: a plain dict, exactly the entry of the
`--json` file (SPEC.md section 4), from which the table, the CSV and the feedback are written.
Every string in it that a submission could control is made safe first (rnn_bptt.safe_text), and
its "submission" is the path as text (safe_text.path_text).
"""

import os
import signal
import time

from rnn_bptt import fairness, feedback, hidden, roster, submissions
from rnn_bptt.safe_text import clean_tree, path_text
from rnn_bptt.sandbox.client import CALL_TIMEOUT, TOTAL_TIMEOUT, Zygote
from rnn_bptt.solutions import rnn as reference


UNREADABLE = "your file could not be loaded (the problem is at the top of this report)"


class Suite:
    """The hidden tests, collected once per batch, and the points each question is worth."""

    def __init__(self, tests):
        self.tests = list(tests)
        self.questions = {}  # question -> max points, in the order of feedback.FUNCTIONS
        for question in feedback.FUNCTIONS:
            points = [test.points for name, test in self.tests
                      if feedback.question_of(name) == question]
            if points:
                self.questions[question] = float(sum(points))
        self.max_score = sum(self.questions.values())

    @classmethod
    def hidden(cls):
        """The instructors' hidden suites (autograder/hidden)."""
        return cls(hidden.all_tests())

    def warm_up(self):
        """Run every test once on the reference solution, in this process.

        The tests compute their expected values (rnn_bptt.cases caches them for the process),
        so the batch computes each one once, and here, while the zygote is still starting,
        rather than while the first submission waits.
        """
        student = feedback.InProcess(reference)
        for name, test in self.tests:
            feedback.run_test(test, student, name)


def grade(path, suite, zygote, call_timeout=CALL_TIMEOUT, total_timeout=TOTAL_TIMEOUT,
          max_bytes=submissions.MAX_SOURCE_BYTES):
    """Grade the submission at `path`: its record (a JSON-ready dict). Never raises.

    `max_bytes`: the largest file read (a larger one scores zero with a message)."""
    started = time.perf_counter()
    output, warning, out_of_time = "", None, False
    try:
        submission = submissions.read(path, max_bytes)
        if submission.problem:
            results, problem = not_run(suite, UNREADABLE), submission.problem
        else:
            with zygote.load(submission.source, submission.filename,
                             call_timeout=call_timeout, total_timeout=total_timeout) as student:
                if student.load_failure is not None:
                    problem = str(student.load_failure)
                    results = not_run(suite, UNREADABLE)
                else:
                    problem, warning = None, student.load_error
                    results = fairness.grade(suite.tests, student, reference)
                    diagnose(results)
                out_of_time = student.out_of_time
            output = student.output  # complete once the worker has stopped
    except Exception as error:  # a fault of the grader, not of the student: say so, keep going
        record = make_record(path, suite, not_run(suite, "the grader failed"),
                             problem=f"The grader itself failed on this submission "
                                     f"({type(error).__name__}: {error}); tell your instructor.",
                             output=output, isolation=zygote.isolation, started=started,
                             sandbox=zygote.isolation_details)
        record["graded"] = False
        return record
    return make_record(path, suite, results, problem, output, zygote.isolation, started,
                       warning, out_of_time, zygote.isolation_details)


def grade_entry(entry, suite, zygote, call_timeout=CALL_TIMEOUT, total_timeout=TOTAL_TIMEOUT,
                max_bytes=submissions.MAX_SOURCE_BYTES):
    """Grade one student's submission (a roster.Entry, or a path): its record, with whose it is.

    Of several candidate files, the one graded defines the most functions of the assignment,
    the newest on a tie: each is loaded in a sandbox worker to count them (what a file defines
    is known only by running it), and the record's "chosen" says which and why. `max_bytes`:
    the largest file read (a larger one scores zero with a message)."""
    if isinstance(entry, str):
        entry = roster.loose_file(entry)
    try:
        chosen, why = choose(entry.files, zygote, call_timeout, total_timeout, max_bytes)
    except Exception as error:   # a fault of the grader: grade the newest, say so, go on
        chosen = entry.files[0]
        why = (f"graded the newest file, {os.path.basename(chosen)}: the grader could not "
               f"compare the {len(entry.files)} files ({type(error).__name__}: {error})")
    if chosen is None:
        record = make_record(entry.key, suite, not_run(suite, UNREADABLE),
                             f"{path_text(entry.key)} holds no .py or .ipynb file: nothing to "
                             f"grade.", "", zygote.isolation, time.perf_counter(),
                             sandbox=zygote.isolation_details)
    else:
        record = grade(chosen, suite, zygote, call_timeout, total_timeout, max_bytes)
    # Kept by its "submission", the entry's key as text (safe_text.path_text), like the names
    # and the reason the entry gives.
    record.update(clean_tree({"submission": path_text(entry.key),
                              "file": chosen and path_text(chosen), **entry.identity(),
                              **({"chosen": why} if why else {})}),
                  **({"content_hash": entry.content_hash} if entry.content_hash else {}))
    return record


def choose(files, zygote, call_timeout, total_timeout, max_bytes=submissions.MAX_SOURCE_BYTES):
    """The file of `files` (newest first) to grade, and why (None when there was no choice)."""
    if len(files) < 2:
        return (files[0] if files else None), None
    counts = {}
    for path in files:
        submission = submissions.read(path, max_bytes)
        counts[path] = 0
        if submission.problem is None:
            with zygote.load(submission.source, submission.filename, call_timeout=call_timeout,
                             total_timeout=total_timeout) as student:
                counts[path] = len(student.defined_functions)
    chosen = max(files, key=counts.get)   # the first, so the newest, of the largest count
    tie = sum(count == counts[chosen] for count in counts.values()) > 1
    others = "; ".join(f"{os.path.basename(path)} {counts[path]}"
                       for path in files if path != chosen)
    why = (f"graded {os.path.basename(chosen)}: of the {len(files)} files, it defines the most "
           f"functions of the assignment ({counts[chosen]} of {len(feedback.FUNCTIONS)}"
           f"{', the newest of those that define as many' if tie else ''}; {others})")
    return chosen, why


def diagnose(results):
    """Diagnose the failing questions of `results` with the catalogue's misconceptions (imported
    only then: a submission with full marks, the common single command, needs none of it)."""
    if all(result.passed for result in results):
        return
    from rnn_bptt.variants import VARIANTS

    feedback.diagnose(results, VARIANTS)


def not_run(suite, reason):
    """Every test of `suite`, failed without running the student's code because of `reason`."""
    student = feedback.Unloadable(f"Not run: {reason}.")
    return [feedback.run_test(test, student, name) for name, test in suite.tests]


def make_record(path, suite, results, problem, output, isolation, started, warning=None,
                out_of_time=False, sandbox=None):
    """The JSON record of one graded submission, every string in it safe to write anywhere.
    `isolation`, `sandbox`: what the sandbox achieved, as a sentence and as data (the
    zygote's isolation and isolation_details)."""
    questions = {question: {"score": 0.0, "max_score": max_score, "tests": []}
                 for question, max_score in suite.questions.items()}
    for result in results:
        question = questions[result.question]
        if result.diagnosis is not None and "diagnosis" not in question:
            question["diagnosis"] = result.diagnosis.record()   # one per question
        question["score"] += result.points
        question["tests"].append({
            "name": result.name, "description": result.description,
            "score": float(result.points), "max_score": float(result.max_points),
            "passed": result.passed, "message": result.message,
            **({"shares": result.shares} if result.shares else {}),
            **({"stand_ins": result.stand_ins} if result.stand_ins else {})})
    return clean_tree({
        "submission": path_text(path),
        "score": sum(question["score"] for question in questions.values()),
        "max_score": suite.max_score,
        "questions": questions,
        "graded": True,
        "problem": problem,   # why no test could run, or None
        "warning": warning,   # what running the file raised, when it still defined functions
        "time_limit_reached": out_of_time,   # it used up its total time (later tests failed)
        "output": output,
        "isolation": isolation,   # a sentence: what the sandbox achieved here
        "sandbox": sandbox,       # the same as data (sandbox.layers.report)
        "seconds": round(time.perf_counter() - started, 3),
    })


def grade_all(entries, suite, on_graded, jobs=None, call_timeout=CALL_TIMEOUT,
              total_timeout=TOTAL_TIMEOUT, zygote=None, max_bytes=submissions.MAX_SOURCE_BYTES):
    """Grade every submission of `entries` (roster.Entry, or paths), `jobs` at a time, calling
    `on_graded(record)` in this process as each one finishes (in the order they finish).

    One submission at a time is graded right here, by `zygote` if given (a Zygote already
    started; grade_all closes it) or else a new one. Several are graded by `jobs` grader
    processes, each with its own zygote, forked from this one once it has collected the tests
    and computed every expected value, so they inherit both and the batch computes each value
    once. Processes rather than threads: the checks of the tests take as much CPU as the
    students' code, and threads of one process would run them one at a time (measured: two
    grader processes grade about 1.6 times as many submissions per second as two threads).
    """
    jobs = min(jobs or os.cpu_count() or 1, len(entries))
    if jobs == 1:
        with zygote or Zygote() as zygote:
            suite.warm_up()  # while the zygote starts in the background
            for entry in entries:
                on_graded(grade_entry(entry, suite, zygote, call_timeout, total_timeout,
                                      max_bytes))
        return
    if zygote is not None:
        zygote.close()  # nothing to grade, or grader processes that start their own
    if not entries:
        return
    import multiprocessing  # lazy: a single submission (the common command) needs neither
    from concurrent.futures import ProcessPoolExecutor, as_completed

    suite.warm_up()
    pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"),
                               initializer=start_grader, initargs=(suite,))
    try:
        futures = [pool.submit(grade_here, entry, call_timeout, total_timeout, max_bytes)
                   for entry in entries]
        for future in as_completed(futures):
            on_graded(future.result())
    except BaseException:
        # Ctrl-C, or a failure of this process: stop the graders now rather than let them
        # finish their submissions; each one's zygote then stops its workers on its own.
        for grader in multiprocessing.active_children():
            grader.terminate()
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()


# The state of a grader process (set by start_grader): the suite and the process's zygote.
GRADER = {}


def start_grader(suite):
    """Start a grader process and its zygote. Ctrl-C is left to the parent, which stops the
    graders itself."""
    import multiprocessing.util

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    zygote = Zygote()
    multiprocessing.util.Finalize(zygote, zygote.close, exitpriority=10)  # at the grader's exit
    GRADER.update(suite=suite, zygote=zygote)


def grade_here(entry, call_timeout, total_timeout, max_bytes):
    """grade_entry() in a grader process."""
    return grade_entry(entry, GRADER["suite"], GRADER["zygote"], call_timeout, total_timeout,
                       max_bytes)
