"""`rnn-autograder`: grade submissions, run the public tests on one, see a demo, build bundles.

    rnn-autograder grade SUBMISSION... [--json PATH] [--csv PATH] [--feedback DIR]
                                       [--jobs N] [--timeout S] [--total-timeout S]
                                       [--max-file-size MB] [--hide-output] [--resume]
                                       [--report PATH]
                                       [--gradebook PATH] [--assignment NAME]
    rnn-autograder report RESULTS.json [--html PATH] [--gradebook PATH] [--feedback DIR]
    rnn-autograder check [FILE]
    rnn-autograder demo
    rnn-autograder generate [--check]
    rnn-autograder build [OUT] [--wheel PATH] [--visibility WHEN]
    rnn-autograder gradescope [--root ROOT] [--visibility WHEN]   (run_autograder runs this)

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

from rnn_bptt import (assignment, fingerprint, gradebook, install_command, report, roster,
                      submissions)
from rnn_bptt.gradescope import DEFAULT_ROOT, ROOT_VARIABLE, VISIBILITIES
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
                       help="a .py file, a .ipynb notebook, or a folder: each .py and .ipynb "
                            "file in it is a submission, each folder in it one student's (an "
                            "export of Canvas, Moodle or Gradescope is recognised)")
    grade.add_argument("--json", metavar="PATH",
                       help="write every result, test by test, to this JSON file")
    grade.add_argument("--csv", metavar="PATH",
                       help="write one row per submission to this CSV file")
    grade.add_argument("--feedback", metavar="DIR",
                       help="write one feedback report per submission into this folder")
    grade.add_argument("--jobs", type=positive(int), default=os.cpu_count() or 1, metavar="N",
                       help="submissions graded at the same time (default: the number of "
                            "cores, %(default)s here)")
    add_time_limits(grade)
    grade.add_argument("--max-file-size", type=positive(float), metavar="MB",
                       default=submissions.MAX_SOURCE_BYTES / 2**20,
                       help="the largest submission file read, in MB; a larger one scores zero "
                            "with a message (default: %(default)g)")
    grade.add_argument("--hide-output", action="store_true",
                       help="leave what each submission printed out of its feedback file (it "
                            "stays in the JSON); by default its first lines are shown")
    grade.add_argument("--resume", action="store_true",
                       help="keep the results already in the --json file and grade only the "
                            "submissions it does not have, or whose files or grader changed")
    add_class_options(grade)

    class_report = commands.add_parser(
        "report", help="write the class report (HTML) and the gradebook (CSV) of a results file",
        description="Read the --json file of `grade` and write a self-contained HTML page on the "
                    "class (score distributions, the tests and misconceptions most failed, "
                    "the submissions that hung, crashed or could not load, every submission "
                    "with its feedback) and a gradebook CSV to import into Canvas.")
    class_report.add_argument("results", metavar="RESULTS.json",
                              help="the --json file written by `rnn-autograder grade`")
    add_class_options(class_report, html_option="--html")
    class_report.add_argument("--feedback", metavar="DIR",
                              help="the --feedback folder of the grading, to link each "
                                   "submission's feedback file from the report")

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
        "build", help="build the student bundle and the Gradescope and Otter-Grader autograders",
        description="Build, from the same tests, the student bundle, a Gradescope autograder "
                    "that runs this grader and its sandbox (OUT/gradescope/autograder.zip) and "
                    "an Otter-Grader autograder (OUT/autograder/autograder.zip).")
    build.add_argument("out", nargs="?", default="dist", metavar="OUT",
                       help="output folder (default: %(default)s)")
    build.add_argument("--wheel", metavar="PATH",
                       help="this package's wheel, for the Gradescope autograder to install "
                            "(default: built from the checkout, or the wheel this package was "
                            "installed from if it is still there)")
    build.add_argument("--visibility", choices=VISIBILITIES, default="after_published",
                       help="when students see the Gradescope autograder's tests, score and "
                            "feedback (default: %(default)s); a file that cannot be graded is "
                            "said at once whatever this is")

    gradescope = commands.add_parser(
        "gradescope", help="grade the submission of a Gradescope container (run_autograder)",
        description="Grade the submission in Gradescope's folders (ROOT/submission/, "
                    "ROOT/submission_metadata.json) in the sandbox, as `grade` does, and write "
                    "ROOT/results/results.json in Gradescope's format. The Gradescope "
                    "autograder's run_autograder runs this.")
    gradescope.add_argument("--root", metavar="ROOT",
                            help=f"Gradescope's root folder (default: ${ROOT_VARIABLE}, else "
                                 f"{DEFAULT_ROOT})")
    gradescope.add_argument("--visibility", choices=VISIBILITIES, default="after_published",
                            help="when students see the tests, the score and the feedback "
                                 "(default: %(default)s)")
    add_time_limits(gradescope)
    return parser


def add_time_limits(command):
    command.add_argument("--timeout", type=positive(float), metavar="S",
                         default=CALL_TIMEOUT,
                         help="CPU seconds one call of a student's function may take (waiting "
                              "counts too, up to ten times as long); a function that takes "
                              "longer fails its other tests at once (default: %(default)s)")
    command.add_argument("--total-timeout", type=positive(float), metavar="S",
                         default=TOTAL_TIMEOUT,
                         help="CPU seconds a whole submission may take, all its calls together "
                              "(waiting counts too, up to ten times as long); the tests not run "
                              "by then fail, and the results say so (default: %(default)s)")


def add_class_options(command, html_option="--report"):
    """The options that write the class's files, shared by `grade` and `report`."""
    command.add_argument(html_option, metavar="PATH", dest="report",
                         help="write the class report, one self-contained HTML page, to PATH "
                              "(needs the [report] extra)")
    command.add_argument("--gradebook", metavar="PATH",
                         help="write a gradebook CSV in Canvas's import format (one row per "
                              "student, the total score) to PATH")
    command.add_argument("--assignment", metavar="NAME", default=None,
                         help="the gradebook's assignment column, as Canvas names it: "
                              "\"Assignment name (assignment id)\" (default: "
                              f"\"{gradebook.ASSIGNMENT}\")")


def main(argv=None):
    parser = make_parser()
    args = parser.parse_args(argv)
    command = {"grade": grade_command, "report": report_command, "check": check_command,
               "demo": demo_command, "generate": generate_command, "build": build_command,
               "gradescope": gradescope_command}[args.command]
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
    missing = [path for path in args.submissions if not os.path.lexists(path)]
    if missing:   # a typo on the command line is no student's zero
        print(f"rnn-autograder grade: {missing[0]}: no such file or folder"
              f"{f' (nor {len(missing) - 1} more of the paths given)' if len(missing) > 1 else ''}",
              file=sys.stderr)
        return 2
    if args.report and missing_report_extra():   # said before grading, not after
        print(f"rnn-autograder grade: --report needs {missing_report_extra()}: "
              f"{install_command('report')}", file=sys.stderr)
        return 2
    # Found before the output paths are checked, which makes their folders: a --feedback
    # folder made inside the submissions' folder is not a student's.
    entries, skipped = roster.find(args.submissions)
    for option, target, folder in (("--json", args.json, False), ("--csv", args.csv, False),
                                   ("--feedback", args.feedback, True)):
        problem = target and report.check_writable(target, folder)
        if problem:
            print(f"rnn-autograder grade: {option}: {one_line(problem)}", file=sys.stderr)
            return 2
    for entry in entries:
        entry.content_hash = fingerprint.content_hash(entry.files)
    previous = {}
    if args.resume and Path(args.json).exists():
        try:
            previous = report.read_json(args.json)
        except ValueError as error:
            parser.error(str(error))
    # Graded here (not by grader processes): the zygote starts now, so that it imports NumPy
    # while this process imports the tests and computes the expected values.
    zygote = Zygote() if min(args.jobs, len(entries)) == 1 else None
    from rnn_bptt import grading

    grader = fingerprint.grader(args.timeout, args.total_timeout, args.max_file_size)
    done, regrade = {}, {}
    for entry in entries:
        key = path_text(entry.key)   # records are kept by their "submission", as text
        if key in previous:
            why = fingerprint.why_regrade(previous[key], entry.content_hash, grader)
            if why:
                regrade[key] = why
            else:
                done[key] = previous[key]
    if regrade:
        print(f"Grading again {len(regrade)} submission{'s' * (len(regrade) != 1)} of "
              f"{args.json} whose result no longer holds:")
        for key, why in regrade.items():
            print(f"  {key}: {why}")
        print()
    jobs = min(args.jobs, len(entries) - len(done))
    if zygote is not None and jobs != 1:
        zygote.close()
        zygote = None
    return run_batch(entries, done, grading.Suite.hidden(), jobs, args.timeout,
                     args.total_timeout, zygote=zygote,
                     json_path=args.json, csv_path=args.csv, feedback_dir=args.feedback,
                     echo_output=not args.hide_output, skipped=skipped, grader=grader,
                     html_path=args.report, gradebook_path=args.gradebook,
                     assignment_name=args.assignment, max_bytes=int(args.max_file_size * 2**20))


# The JSON and CSV files are rewritten whole, so not after every one of a fast batch's
# submissions: at most this often (seconds), on Ctrl-C, and at the end. A batch killed outright
# loses at most the results of its last WRITE_INTERVAL seconds.
WRITE_INTERVAL = 0.5


def run_batch(entries, done, suite, jobs, call_timeout, total_timeout=TOTAL_TIMEOUT,
              zygote=None, json_path=None, csv_path=None, feedback_dir=None, show=str,
              echo_output=True, skipped=(), grader=None, html_path=None, gradebook_path=None,
              assignment_name=None, max_bytes=submissions.MAX_SOURCE_BYTES):
    """Grade the `entries` (roster.Entry, or paths) not in `done` (previous records by their
    submission), writing the results out as submissions finish; print the table (submission
    names passed through `show`) and a summary. `zygote`, if given, is a Zygote already started
    for grading in this process (run_batch closes it). `echo_output`: whether the feedback files
    show what each submission printed. `skipped`: the files found that are not submissions
    ({"path", "reason"}), written under the JSON's "skipped". `grader`: what graded the new
    records (fingerprint.grader), kept in each. `html_path`, `gradebook_path`: the class report
    and the gradebook CSV, written at the end. `max_bytes`: the largest file read.

    Returns the exit status: 0 when every submission was graded, 1 when the grader failed on
    one or a results file could not be written, 130 when interrupted.
    """
    entries = [roster.loose_file(entry) if isinstance(entry, str) else entry
               for entry in entries]
    # Records are kept by their "submission": the entry's key as text (safe_text.path_text).
    keys = [path_text(entry.key) for entry in entries]
    records = dict(done)
    json_file = report.JsonFile(json_path) if json_path else None
    failed_writes = []
    if hasattr(sys.stdout, "reconfigure"):   # a terminal that cannot show a name: escape it
        sys.stdout.reconfigure(errors="backslashreplace")

    def write_out():
        ordered = [records[key] for key in keys if key in records]
        if json_file:
            json_file.write(ordered, skipped)
        if csv_path:
            report.write_csv(csv_path, ordered, suite.questions)

    todo = [entry for entry, key in zip(entries, keys) if key not in records]
    started = time.perf_counter()
    last_written = float("-inf")  # the first result is written at once
    isolation = None
    progress = progress_bar(len(todo))

    def on_graded(record):
        nonlocal last_written, isolation
        if grader:
            record["grader"] = grader
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
        graded = sum(key in records for key in keys)
        saved = f"; their results are in {json_path}, rerun with --resume" if json_path else ""
        print(f"\nInterrupted: {graded} of {len(keys)} submissions graded{saved}.",
              file=sys.stderr)
        return 130
    progress.close()

    ordered = [dict(records[key], submission=show(key)) for key in keys]
    print(report.table(ordered, suite.questions))
    print()
    elapsed = time.perf_counter() - started
    print(report.summary(len(keys), len(todo), len(done), skipped, elapsed, json_path))
    if isolation:
        print(textwrap.fill(f"Isolation: {isolation}", 100))
    written = [records[key] for key in keys]
    if html_path or gradebook_path:
        status = write_class_files(written, skipped, suite.questions, html_path, gradebook_path,
                                   feedback_dir, assignment_name)
        if status:
            return status
    for label, target in (("JSON", json_path), ("CSV", csv_path), ("Feedback", feedback_dir),
                          ("Class report", html_path), ("Gradebook", gradebook_path)):
        if target:
            print(f"{label}: {target}")
    for failure in failed_writes:
        print(f"rnn-autograder grade: could not write {one_line(failure)}", file=sys.stderr)
    return 0 if all(record.get("graded", True) for record in ordered) and not failed_writes else 1


def write_class_files(records, skipped, questions, html_path, gradebook_path, feedback_dir,
                      assignment_name):
    """Write the class report (HTML) and the gradebook (CSV): 0, or 1 after saying why not."""
    if gradebook_path:
        gradebook.write_canvas(gradebook_path, records, assignment_name or gradebook.ASSIGNMENT)
    if html_path:
        if missing_report_extra():
            print(f"rnn-autograder: the class report needs {missing_report_extra()}: "
                  f"{install_command('report')}", file=sys.stderr)
            return 1
        from rnn_bptt import class_report

        class_report.write(html_path, records, skipped, questions, feedback_dir)
    return 0


def missing_report_extra():
    """The libraries of the [report] extra that are not installed ("jinja2, matplotlib"), or
    "" (found without importing them: a batch's start-up need not pay for them)."""
    import importlib.util

    return ", ".join(name for name in ("jinja2", "matplotlib")
                     if importlib.util.find_spec(name) is None)


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


def report_command(args, parser):
    """The class report and the gradebook of an existing results file."""
    if not (args.report or args.gradebook):
        parser.error("say what to write: --html PATH, --gradebook PATH, or both")
    if not os.path.lexists(args.results):
        print(f"rnn-autograder report: {args.results}: no such file", file=sys.stderr)
        return 2
    try:
        records, skipped = report.read_results(args.results)
    except ValueError as error:
        print(f"rnn-autograder report: {error}", file=sys.stderr)
        return 2
    questions = report.questions_of(records)
    status = write_class_files(records, skipped, questions, args.report, args.gradebook,
                               args.feedback, args.assignment)
    for label, target in (("Class report", args.report), ("Gradebook", args.gradebook)):
        if target and not status:
            print(f"{label}: {target}")
    return status


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
    if args.wheel and not Path(args.wheel).is_file():
        print(f"rnn-autograder build: --wheel {args.wheel}: no such file", file=sys.stderr)
        return 2
    try:
        build(out, wheel=args.wheel and Path(args.wheel), visibility=args.visibility)
    except BuildError as error:
        print(f"rnn-autograder build: {error}", file=sys.stderr)
        return 1
    print(f"Built the student bundle ({out / 'student'}), the Gradescope autograder "
          f"({out / 'gradescope' / 'autograder.zip'}) and the Otter-Grader autograder "
          f"({out / 'autograder' / 'autograder.zip'}).")
    return 0


# --------------------------------------------------------------------------------------------
# gradescope
# --------------------------------------------------------------------------------------------


def gradescope_command(args, parser):
    """What run_autograder runs in Gradescope's container: grade its one submission like
    `grade` does, and write results.json. Exit 0 when results.json is written, whatever the
    score; 1 when the grader itself failed, leaving no results.json, so that Gradescope marks an
    autograder error (which the instructor can rerun) rather than a score of zero."""
    if not sandbox_client.SUPPORTED:
        return unsupported("gradescope")
    from rnn_bptt import gradescope

    started = time.perf_counter()
    root = gradescope.root(args.root)
    submission_folder = root / "submission"
    if not submission_folder.is_dir():
        print(f"rnn-autograder gradescope: {submission_folder} is not a folder: this is not "
              f"Gradescope's layout (set --root or ${ROOT_VARIABLE})", file=sys.stderr)
        return 2
    zygote = Zygote()   # it imports NumPy while this process imports the tests
    from rnn_bptt import grading

    path, candidates = gradescope.find_submission(submission_folder)
    # The grader's own JSON (every test's message, what the code printed), beside results.json.
    json_path = root / "results" / "grade.json"
    status = run_batch([str(path)], {}, grading.Suite.hidden(), 1, args.timeout,
                       args.total_timeout, zygote=zygote, json_path=json_path,
                       show=lambda name: name.removeprefix(f"{submission_folder}/"))
    [record] = report.read_json(json_path).values()
    if not record.get("graded", True):
        print(f"The grader failed; no results.json written, so Gradescope reports an "
              f"autograder error: {record['problem']}", file=sys.stderr)
        return 1
    shown = [path.relative_to(submission_folder) for path in candidates]
    results = gradescope.results(
        record, args.visibility, gradescope.read_metadata(root / "submission_metadata.json"),
        time.perf_counter() - started, graded_file=shown[0] if shown else None,
        candidates=shown)
    gradescope.write(root / "results" / "results.json", results)
    print(f"Results: {root / 'results' / 'results.json'}")
    return status


if __name__ == "__main__":
    sys.exit(main())
