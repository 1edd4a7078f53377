"""Otter-Grader files generated from the project's own tests: one source of truth for every check.

Two kinds of thin Otter test files (exception-based format, one file per question):

- for the autograder zip, one hidden test case per hidden test, which runs that very test through
  the support package shipped in the zip (`rnn_support.check`);
- for the student bundle, one test case per public test, which calls the public test function
  from test_rnn_public.py, so `otter check` and `grader.check` run the public tests.

No check is written here: a thin test case only names the test it runs, with the same points.
"""

import ast
import importlib.metadata
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path
from string import Template

from rnn_bptt import install_command

TEMPLATES = Path(__file__).resolve().parent / "templates"
SUPPORT_PACKAGE = "rnn_support"      # the folder shipped in the zip's files
PYTHON_VERSION = "3.11"              # the Python the project is tested on; Gradescope's conda env


class BuildError(RuntimeError):
    """The build cannot go on; the message says why and what to do."""


def template(name):
    return Template((TEMPLATES / name).read_text(encoding="utf-8"))


def test_file_source(question, cases, imports, source):
    """The source of one Otter test file.

    `cases` lists (function name, case name, points or None, hidden, description, call) where
    `call` is the one line of the test case's body; `imports` is the file's import block,
    `source` names where the tests come from (for the file's docstring).
    """
    case = template("otter_case.py.tmpl")
    body = "".join(case.substitute(function=function, name_repr=repr(name),
                                   points=repr(points), hidden=repr(hidden),
                                   description=description, call=call)
                   for function, name, points, hidden, description, call in cases)
    return template("otter_question.py.tmpl").substitute(
        question=question, question_repr=repr(question), imports=imports, source=source,
        cases=body)


def first_line(text, default):
    """The first line of a docstring, safe to put inside a triple-quoted string."""
    line = (text or "").strip().splitlines()[0] if (text or "").strip() else default
    return line.replace("\\", "\\\\").replace('"""', "'''")


def write_hidden_test_files(folder, tests, question_of, questions, shares):
    """Write one Otter test file per question (in `questions` order) for the hidden `tests`.

    `tests` is [(name, function)] as rnn_bptt.hidden.all_tests() gives them; each function
    carries `.points`. `shares` maps the name of each test whose points are shared among
    quantities (feedback.SharedPoints) to those quantities: such a test becomes one Otter test
    case per share, worth its share of the points, since an Otter case passes or fails whole.
    Files are numbered so Otter lists the questions in the assignment's order. Returns the
    written paths.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for number, question in enumerate(questions, start=1):
        cases = []
        for name, test in tests:
            if question_of(name) != question:
                continue
            description = first_line(test.__doc__, name)
            parts = shares.get(name)
            if not parts:
                cases.append((name, name, float(test.points), True, description,
                              f"check({name!r}, env)"))
                continue
            cases += [(f"{name}_{part}", f"{name}[{part}]", float(test.points) / len(parts),
                       True, description, f"check({name!r}, env, share={part!r})")
                      for part in parts]
        if not cases:
            continue
        path = folder / f"{number:02d}_{question}.py"
        path.write_text(test_file_source(question, cases, f"from {SUPPORT_PACKAGE} import check",
                                         f"the hidden suite autograder/hidden/test_{question}.py"),
                        encoding="utf-8")
        written.append(path)
    return written


def public_tests(path):
    """The public tests of test_rnn_public.py as (name, docstring), in source order.

    Read from the file's syntax tree rather than imported: the build must not run the tests'
    module-level code, and the names and docstrings are all it needs.
    """
    tree = ast.parse(Path(path).read_text(encoding="utf-8"))
    return [(node.name, ast.get_docstring(node)) for node in tree.body
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")]


def write_public_test_files(folder, public_path, question_of, questions):
    """Write one Otter test file per question for the public tests of `public_path`.

    Each test case calls the public test function itself on the notebook's (or script's) global
    names, under the import policy, so `otter check` and `grader.check` run the public tests,
    not a copy of them.
    Returns the written paths.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    module = Path(public_path).stem
    tests = public_tests(public_path)
    written = []
    for question in questions:
        cases = [(name, name, None, False, first_line(doc, name),
                  f"public.{name}(InProcess(under_policy(env)))")
                 for name, doc in tests if question_of(name) == question]
        if not cases:
            continue
        path = folder / f"{question}.py"   # `otter check -q QUESTION` looks for QUESTION.py
        imports = f"import {module} as public\nfrom rnn_feedback import InProcess, under_policy"
        path.write_text(test_file_source(question, cases, imports,
                                         f"the public tests in {module}.py"), encoding="utf-8")
        written.append(path)
    return written


def third_party_imports(package):
    """The top-level modules that the Python files under `package` import and that neither the
    standard library nor the package itself (its top-level files and folders) provides."""
    local = {path.stem for path in Path(package).iterdir()}
    found = set()
    for path in Path(package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    return sorted(found - local - set(sys.stdlib_module_names))


def pinned_requirements(modules):
    """requirements.txt lines pinning the installed distribution of each module: name==version."""
    owners = importlib.metadata.packages_distributions()
    lines = set()
    for module in modules:
        if module not in owners:
            raise BuildError(f"Otter's environment needs {module!r}, which is not installed "
                             f"here, so its version cannot be pinned: {install_command('otter')}")
        for distribution in owners[module]:
            lines.add(f"{distribution}=={importlib.metadata.version(distribution)}")
    return sorted(lines)


def otter_generate(workdir, tests_dir, support_folder, requirements, config, output):
    """Run `otter generate` in `workdir` (it reads the support files relative to it).

    Returns the path of the written zip. Raises BuildError with Otter's output if it fails.
    """
    otter = shutil.which("otter", path=sysconfig.get_path("scripts")) or "otter"
    command = [otter, "generate", "-t", str(tests_dir), "-o", str(output),
               "-r", str(requirements), "-c", str(config), "--no-environment",
               "--python-version", PYTHON_VERSION, str(support_folder)]
    finished = subprocess.run(command, cwd=workdir, capture_output=True, text=True)
    if finished.returncode != 0:
        raise BuildError(f"otter generate failed (exit status {finished.returncode}):\n"
                         f"{finished.stdout}{finished.stderr}")
    return Path(workdir, output)

