"""`rnn-autograder`: grade submissions, run the public tests on one, see a demo, build bundles.

    rnn-autograder grade SUBMISSION... [--json PATH] [--csv PATH] [--feedback DIR]
                                       [--jobs N] [--timeout S] [--total-timeout S]
                                       [--max-file-size MB] [--hide-output] [--resume]
    rnn-autograder check [FILE]
    rnn-autograder demo
    rnn-autograder generate [--check]
    rnn-autograder build [OUT]

Start-up time counts (one submission graded as a whole process should take well under a
second), so the commands import what they need themselves: `grade` and `check` start the
sandbox's zygote first and import NumPy, the tests and the reference while it starts.
"""

import argparse
import os
import sys
import textwrap
import time
from pathlib import Path

from rnn_bptt import assignment, report, submissions
from rnn_bptt.safe_text import one_line, path_text
from rnn_bptt.sandbox import client as sandbox_client
from rnn_bptt.sandbox.client import CALL_TIMEOUT, TOTAL_TIMEOUT, Zygote



def positive(kind):
    """An argparse type: a number of `kind` greater than zero."""
    def parse(text):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
        if value <= 0:
            raise argparse.ArgumentTypeError(f"{text} must be greater than zero")
        return value
    return parse


def make_parser():
    parser = argparse.ArgumentParser(
        prog="rnn-autograder",
        description="Grade RNN assignment submissions with the hidden tests, in isolated "
                    "workers; or run the public tests on one rnn.py.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    grade = commands.add_parser(
        "grade", help="grade submissions with the hidden tests",
        description="Grade each submission (a .py file, a .ipynb notebook, or a folder of them) "
                    "with the hidden tests and print a table. Exits 0 when every submission "
                    "was graded, whatever the scores.")
    grade.add_argument("submissions", nargs="+", metavar="SUBMISSION",
                       help="a .py file, a .ipynb notebook, or a folder (its .py and .ipynb "
                            "files, one submission each)")
    grade.add_argument("--json", metavar="PATH",
                       help="write every result, test by test, to this JSON file")
    grade.add_argument("--csv", metavar="PATH",
                       help="write one row per submission to this CSV file")
    grade.add_argument("--feedback", metavar="DIR",
                       help="write one feedback report per submission into this folder")
    grade.add_argument("--jobs", type=positive(int), default=os.cpu_count() or 1, metavar="N",
                       help="submissions graded at the same time (default: the number of "
                            "cores, %(default)s here)")
    grade.add_argument("--timeout", type=positive(float), metavar="S",
                       default=CALL_TIMEOUT,
                       help="CPU seconds one call of a student's function may take (waiting "
                            "counts too, up to ten times as long); a function that takes longer "
                            "fails its other tests at once (default: %(default)s)")
    grade.add_argument("--total-timeout", type=positive(float), metavar="S",
                       default=TOTAL_TIMEOUT,
                       help="CPU seconds a whole submission may take, all its calls together "
                            "(waiting counts too, up to ten times as long); the tests not run by "
                            "then fail, and the results say so (default: %(default)s)")
    grade.add_argument("--max-file-size", type=positive(float), metavar="MB",
                       default=submissions.MAX_SOURCE_BYTES / 2**20,
                       help="the largest submission file read, in MB; a larger one scores zero "
                            "with a message (default: %(default)g)")
    grade.add_argument("--hide-output", action="store_true",
                       help="leave what each submission printed out of its feedback file (it "
                            "stays in the JSON); by default its first lines are shown")
    grade.add_argument("--resume", action="store_true",
                       help="keep the results already in the --json file and grade only the "
                            "submissions it does not have")

    check = commands.add_parser(
        "check", help="run the public tests on one rnn.py, as students run them",
        description="Run the public tests (the ones students get) on one rnn.py, in a sandbox "
                    "worker, and say, question by question, what works and what to fix: what "
                    "a student sees running `python -m pytest` in the folder of their bundle.")
    check.add_argument("file", nargs="?", metavar="FILE",
                       help="the rnn.py to check (default: rnn.py or assignment/rnn.py, "
                            "whichever exists here)")

    commands.add_parser(
        "demo", help="grade the sample submissions that come with the package",
        description="Grade the reference solution, the untouched stubs and a few realistic "
                    "wrong submissions, to see what the grader does.")

    generate = commands.add_parser(
        "generate", help="regenerate the student stubs and the notebook from the solution",
        description="Write assignment/rnn.py and the walkthrough notebook from solutions/rnn.py, "
                    "in a checkout of the repository.")
    generate.add_argument("--check", action="store_true",
                          help="write nothing; exit 1 if the generated files are out of date")

    build = commands.add_parser(
        "build", help="build the Otter-Grader autograder zip and the student bundle",
        description="Build the Otter-Grader autograder (Gradescope-ready zip) and the student "
                    "bundle from the same tests.")
    build.add_argument("out", nargs="?", default="dist", metavar="OUT",
                       help="output folder (default: %(default)s)")
    return parser


def main(argv=None):
    parser = make_parser()
    args = parser.parse_args(argv)
    command = {"grade": grade_command, "check": check_command, "demo": demo_command,
               "generate": generate_command, "build": build_command}[args.command]
    try:
        return command(args, parser)
    except BrokenPipeError:
        # The reader of our output went away (`... | head`): nothing is lost (the results
        # files are written), so end quietly, as other command-line tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


# --------------------------------------------------------------------------------------------
# grade
# --------------------------------------------------------------------------------------------


def grade_command(args, parser):
    if not sandbox_client.SUPPORTED:
        return unsupported("grade")
    if args.resume and not args.json:
        parser.error("--resume needs --json PATH: the results file to resume from")
    for option, target, folder in (("--json", args.json, False), ("--csv", args.csv, False),
                                   ("--feedback", args.feedback, True)):
        problem = target and report.check_writable(target, folder)
        if problem:
            print(f"rnn-autograder grade: {option}: {one_line(problem)}", file=sys.stderr)
            return 2
    paths = submissions.find(args.submissions)
    previous = {}
    if args.resume and Path(args.json).exists():
        try:
            previous = report.read_json(args.json)
        except ValueError as error:
            parser.error(str(error))
    done = {path: previous[path_text(path)] for path in paths
            if path_text(path) in previous and previous[path_text(path)].get("graded", True)}
    jobs = min(args.jobs, len(paths) - len(done))
    # Graded here (not by grader processes): the zygote starts now, so that it imports NumPy
    # while this process imports the tests and computes the expected values.
    zygote = Zygote() if jobs == 1 else None
    from rnn_bptt import grading

    return run_batch(paths, done, grading.Suite.hidden(), jobs, args.timeout,
                     args.total_timeout, zygote=zygote, json_path=args.json, csv_path=args.csv,
                     feedback_dir=args.feedback, max_bytes=int(args.max_file_size * 2**20),
                     echo_output=not args.hide_output)


# The JSON and CSV files are rewritten whole, so not after every one of a fast batch's
# submissions: at most this often (seconds), on Ctrl-C, and at the end. A batch killed outright
# loses at most the results of its last WRITE_INTERVAL seconds.
WRITE_INTERVAL = 0.5


def run_batch(paths, done, suite, jobs, call_timeout, total_timeout=TOTAL_TIMEOUT, zygote=None,
              json_path=None, csv_path=None, feedback_dir=None, show=str,
              max_bytes=submissions.MAX_SOURCE_BYTES, echo_output=True):
    """Grade the `paths` not in `done` (previous records by path), writing the results out as
    submissions finish; print the table (submission names passed through `show`). `zygote`, if
    given, is a Zygote already started for grading in this process (run_batch closes it).
    `echo_output`: whether the feedback files show what each submission printed.

    Returns the exit status: 0 when every submission was graded, 1 when the grader failed on
    one or a results file could not be written, 130 when interrupted.
    """
    # Records are kept by their "submission": the path as text (safe_text.path_text).
    keys = {path: path_text(path) for path in paths}
    records = {keys[path]: record for path, record in done.items()}
    json_file = report.JsonFile(json_path) if json_path else None
    failed_writes = []
    if hasattr(sys.stdout, "reconfigure"):   # a terminal that cannot show a name: escape it
        sys.stdout.reconfigure(errors="backslashreplace")

    def write_out():
        ordered = [records[keys[path]] for path in paths if keys[path] in records]
        if json_file:
            json_file.write(ordered)
        if csv_path:
            report.write_csv(csv_path, ordered, suite.questions)

    todo = [path for path in paths if keys[path] not in records]
    started = time.perf_counter()
    last_written = float("-inf")  # the first result is written at once
    isolation = None
    progress = progress_bar(len(todo))

    def on_graded(record):
        nonlocal last_written, isolation
        records[record["submission"]] = record
        isolation = record["isolation"]
        if feedback_dir:
            try:
                report.write_feedback(feedback_dir, record, echo_output)
            except OSError as error:   # say so at the end; the batch goes on
                failed_writes.append(f"the feedback of {record['submission']}: {error}")
        if time.perf_counter() - last_written >= WRITE_INTERVAL:
            write_out()
            last_written = time.perf_counter()
        progress.update()

    from rnn_bptt import grading

    try:
        grading.grade_all(todo, suite, on_graded, jobs=jobs, call_timeout=call_timeout,
                          total_timeout=total_timeout, zygote=zygote, max_bytes=max_bytes)
        write_out()
    except KeyboardInterrupt:
        write_out()
        progress.close()
        graded = sum(keys[path] in records for path in paths)
        saved = f"; their results are in {json_path}, rerun with --resume" if json_path else ""
        print(f"\nInterrupted: {graded} of {len(paths)} submissions graded{saved}.",
              file=sys.stderr)
        return 130
    progress.close()

    ordered = [dict(records[keys[path]], submission=path_text(show(path))) for path in paths]
    print(report.table(ordered, suite.questions))
    print()
    elapsed = time.perf_counter() - started
    summary = f"Graded {len(todo)} submission{'s' * (len(todo) != 1)} in {elapsed:.1f} s"
    if done:
        summary += f"; {len(done)} more kept from {json_path}"
    print(summary + ".")
    if isolation:
        print(textwrap.fill(f"Isolation: {isolation}", 100))
    for label, target in (("JSON", json_path), ("CSV", csv_path), ("Feedback", feedback_dir)):
        if target:
            print(f"{label}: {target}")
    for failure in failed_writes:
        print(f"rnn-autograder grade: could not write {one_line(failure)}", file=sys.stderr)
    return 0 if all(record.get("graded", True) for record in ordered) and not failed_writes else 1


def progress_bar(total):
    """A tqdm bar on a terminal for a batch; otherwise an object that ignores updates."""
    if total > 1 and sys.stderr.isatty():
        from tqdm import tqdm
        return tqdm(total=total, unit="submission", file=sys.stderr, leave=False)
    return Silent()


class Silent:
    """No progress bar: for one submission, or when the output is not a terminal."""

    def update(self, count=1):
        pass

    def close(self):
        pass


# --------------------------------------------------------------------------------------------
# demo
# --------------------------------------------------------------------------------------------

# Realistic mistakes from tests/corpus/wrong, one per kind of error a student makes.
DEMO_MISTAKES = [
    "rnn_step_w_transposed",
    "softmax_unstable",
    "cross_entropy_loss_mean",
    "bptt_tanh_derivative_one_minus_h",
]


def demo_command(args, parser):
    if not sandbox_client.SUPPORTED:
        return unsupported("demo")
    import ast
    import tempfile

    from rnn_bptt import corpus, grading, solutions

    samples = [  # (path, its name in the table, where it comes from, what it is)
        (solutions.REFERENCE, "solutions/rnn.py", "", "the reference solution: full marks"),
        (assignment.FOLDER / "rnn.py", "assignment/rnn.py", "",
         "the untouched stubs a student starts from: zero"),
    ]
    wrong = {path.stem: path for path in corpus.entries("wrong")}
    missing = [name for name in DEMO_MISTAKES if name not in wrong]
    if missing:
        print(f"The demo's sample mistakes are missing from tests/corpus/wrong/: "
              f"{', '.join(missing)}.", file=sys.stderr)
        return 1
    if not samples[1][0].exists():
        print("The student stubs assignment/rnn.py are missing: run `rnn-autograder generate`.",
              file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="rnn-demo-") as folder:
        composed = corpus.write_composed([wrong[name] for name in DEMO_MISTAKES], folder)
        for name, path in zip(DEMO_MISTAKES, composed):
            mistake = ast.get_docstring(ast.parse(wrong[name].read_text(encoding="utf-8")))
            samples.append((path, path.name, " (from tests/corpus/wrong/)",
                            f"the reference with one realistic mistake: {mistake}"))
        names = {str(path): name for path, name, _, _ in samples}
        print("Grading sample submissions with the hidden tests, each in an isolated worker.\n")
        status = run_batch(list(names), {}, grading.Suite.hidden(), os.cpu_count() or 1,
                           CALL_TIMEOUT, show=names.get)
    print("\nThe samples:")
    for _, name, where, what in samples:
        print(textwrap.fill(f"{name}{where}: {what}", 100, initial_indent="  ",
                            subsequent_indent="      "))
    print("\nA row is a submission, a column a function of rnn.py (the legend is under the "
          "table).\nA mistake costs points in its own function only: a function that calls "
          "a wrong one\n(bptt calls rnn_forward...) is graded with a correct stand-in in its "
          "place (error carried forward).")
    print("\nNext: `rnn-autograder grade FILE_OR_FOLDER --json results.json --feedback "
          "feedback/` grades\nreal submissions; `rnn-autograder check FILE` runs the public tests "
          "on one, as students\nrun them in their folder (`python -m pytest`).")
    return status


# --------------------------------------------------------------------------------------------
# check, generate, build
# --------------------------------------------------------------------------------------------


# The public tests take a fraction of a second on working code; a student whose loop never ends
# gets the report after this many seconds rather than after the grader's longer limit.
CHECK_TOTAL_TIMEOUT = 15.0


def check_command(args, parser):
    """The public tests on one rnn.py, run in a sandbox worker like the grader's: what a student
    sees from `python -m pytest` in the folder of their bundle (students need not install this
    package; an instructor sees here what they see).

    In the sandbox rather than in this process, because the code may be unfinished: an endless
    loop then ends with a time-limit message instead of a frozen terminal, and a stray
    sys.exit() is reported instead of silently ending the check. What the code prints is
    captured and shown after the report. Where the sandbox cannot run (not on Linux), the tests
    run in this process, as in the notebook, and say so.
    """
    path = args.file or next((candidate for candidate in ("rnn.py", "assignment/rnn.py")
                              if Path(candidate).is_file()), None)
    if path is None:
        print("There is no rnn.py here (nor assignment/rnn.py): run this command in the folder "
              "of your rnn.py, or name it: rnn-autograder check path/to/rnn.py", file=sys.stderr)
        return 1
    submission = submissions.read(path)
    if submission.problem:
        print(submission.problem, file=sys.stderr)
        return 1
    print(f"Checking {path} with the public tests...\n")
    if sandbox_client.SUPPORTED:
        with Zygote() as zygote:
            # NumPy and the public tests, imported while the zygote starts
            from rnn_bptt import feedback

            with zygote.load(submission.source, path,
                             total_timeout=CHECK_TOTAL_TIMEOUT) as student:
                problem = student.load_failure
                results = None if problem else feedback.run_diagnosed(
                    feedback.public_tests(assignment.FOLDER), student)
            output = student.output.rstrip()  # complete once the worker has stopped
    else:
        from rnn_bptt import feedback

        print(f"Note: {sandbox_client.UNSUPPORTED}, so your code runs in this process: if it "
              f"never ends, stop it with Ctrl-C.\n")
        student = feedback.load_student(submission.source, path)
        problem = getattr(student, "reason", None)   # an Unloadable's
        results = None if problem else feedback.run_diagnosed(
            feedback.public_tests(assignment.FOLDER), student)
        output = ""   # printed as it ran
    if problem:
        print(problem)
        return 1
    if student.load_error:
        print(f"{student.load_error}\n\nThe functions defined before that are checked below.\n")
    print(feedback.format_results(results))
    if output:
        print("\nWhat your code printed:")
        print("\n".join(f"    | {line}" for line in output.splitlines()))
    return 0 if all(result.passed for result in results) else 1


def unsupported(command):
    """Exit status 1 and why, for a command that needs the sandbox on a machine without it."""
    print(f"rnn-autograder {command}: {sandbox_client.UNSUPPORTED}. Grade on a Linux machine, in "
          f"WSL or in a container (Gradescope's, say); `rnn-autograder check` (the public "
          f"tests) works anywhere.",
          file=sys.stderr)
    return 1


def generate_command(args, parser):
    from rnn_bptt.build.generate import main as generate
    return generate(["--check"] if args.check else [])


def build_command(args, parser):
    from rnn_bptt.build.bundle import BuildError, build

    out = Path(args.out)
    try:
        build(out)
    except BuildError as error:
        print(f"rnn-autograder build: {error}", file=sys.stderr)
        return 1
    print(f"Built the student bundle ({out / 'student'}) and the Otter-Grader autograder "
          f"({out / 'autograder' / 'autograder.zip'}).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
