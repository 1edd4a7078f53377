"""The generated student files: stubs that keep the interface and give nothing away."""

import ast
import importlib.util
import sys

import pytest
from rnn_bptt import feedback

from rnn_bptt.build import generate
from rnn_bptt.build.stubs import MarkerError, make_stubs

SOLUTION_SOURCE = generate.SOLUTION.read_text(encoding="utf-8")
STUB_SOURCE = generate.STUBS.read_text(encoding="utf-8")


def functions(source):
    """{name: FunctionDef} of the module-level functions of `source`."""
    return {node.name: node for node in ast.parse(source).body
            if isinstance(node, ast.FunctionDef)}


def solution_lines(source):
    """The stripped, non-empty lines between the solution markers."""
    lines, inside = [], False
    for line in source.splitlines():
        if line.strip() in ("# BEGIN SOLUTION", "# END SOLUTION"):
            inside = line.strip() == "# BEGIN SOLUTION"
        elif inside and line.strip():
            lines.append(line.strip())
    return lines


def test_committed_stubs_are_generated_from_the_solution():
    assert STUB_SOURCE == make_stubs(SOLUTION_SOURCE), (
        "assignment/rnn.py is stale: run `python -m rnn_bptt.build.generate`")


def test_committed_notebook_is_current():
    stale = [path for path in generate.generate(check=True) if path == generate.NOTEBOOK]
    assert not stale, "assignment/rnn_assignment.ipynb is stale: run " \
                      "`python -m rnn_bptt.build.generate`"


def test_no_solution_line_survives_in_the_stubs():
    stub_lines = {line.strip() for line in STUB_SOURCE.splitlines()}
    answers = solution_lines(SOLUTION_SOURCE)
    assert len(answers) > 50  # the markers were found: there is something to hide
    leaked = [line for line in answers if line in stub_lines]
    assert not leaked, f"solution lines left in the stubs: {leaked}"


def test_stubs_keep_every_spec_function_with_its_signature_and_docstring():
    solution, stubs = functions(SOLUTION_SOURCE), functions(STUB_SOURCE)
    assert list(stubs) == list(solution)
    assert set(stubs) == set(feedback.FUNCTIONS)
    for name, stub in stubs.items():
        assert tuple(argument.arg for argument in stub.args.args) == feedback.FUNCTIONS[name]
        assert ast.dump(stub.args) == ast.dump(solution[name].args), name
        assert ast.get_docstring(stub) == ast.get_docstring(solution[name]), name
    module_docstring = ast.get_docstring(ast.parse(SOLUTION_SOURCE))
    assert ast.get_docstring(ast.parse(STUB_SOURCE)) == module_docstring


@pytest.fixture(scope="module")
def stub_module(tmp_path_factory):
    path = tmp_path_factory.mktemp("stubs") / "rnn.py"
    path.write_text(STUB_SOURCE, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("rnn_stubs", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", list(feedback.FUNCTIONS))
def test_each_stub_raises_not_implemented_naming_its_function(stub_module, name):
    arguments = [None] * len(feedback.FUNCTIONS[name])  # a stub fails before reading them
    with pytest.raises(NotImplementedError, match=rf"^{name} is not implemented yet$"):
        getattr(stub_module, name)(*arguments)


def test_a_region_becomes_a_comment_and_a_raise_at_its_indentation():
    source = ('def f(x):\n    """Doc."""\n    # BEGIN SOLUTION\n    y = x + 1\n'
              '    return y\n    # END SOLUTION\n')
    assert make_stubs(source) == ('def f(x):\n    """Doc."""\n    # Your code here\n'
                                  '    raise NotImplementedError("f is not implemented yet")\n')


def test_a_region_in_a_nested_block_names_its_function():
    source = ("def outer():\n    def inner():\n        # BEGIN SOLUTION\n        return 1\n"
              "        # END SOLUTION\n    return inner\n")
    assert 'raise NotImplementedError("inner is not implemented yet")' in make_stubs(source)


UNBALANCED = {
    "begin never closed": ("def f():\n    # BEGIN SOLUTION\n    return 1\n",
                           r"line 2: '# BEGIN SOLUTION' is never closed"),
    "end without begin": ("def f():\n    return 1\n    # END SOLUTION\n",
                          r"line 3: '# END SOLUTION' without a '# BEGIN SOLUTION'"),
    "nested begin": ("def f():\n    # BEGIN SOLUTION\n    # BEGIN SOLUTION\n    return 1\n"
                     "    # END SOLUTION\n",
                     r"line 3: '# BEGIN SOLUTION' inside the region opened at line 2"),
    "end indented differently": ("def f():\n    # BEGIN SOLUTION\n    return 1\n# END SOLUTION\n",
                                 r"line 4: '# END SOLUTION' is not indented like"),
    "region outside a function": ("# BEGIN SOLUTION\nx = 1\n# END SOLUTION\n",
                                  r"line 1: '# BEGIN SOLUTION' outside any function"),
}


@pytest.mark.parametrize("source, message", UNBALANCED.values(), ids=UNBALANCED.keys())
def test_unbalanced_markers_raise_a_clear_error(source, message):
    with pytest.raises(MarkerError, match=message):
        make_stubs(source)


def test_check_lists_stale_files_and_writes_nothing(tmp_path, monkeypatch, capsys):
    stale_stubs = tmp_path / "rnn.py"
    stale_stubs.write_text("# an old version\n", encoding="utf-8")
    monkeypatch.setattr(generate, "STUBS", stale_stubs)
    monkeypatch.setattr(generate, "NOTEBOOK", tmp_path / "missing.ipynb")
    monkeypatch.setattr(generate, "CHECKOUT", tmp_path)

    assert generate.main(["--check"]) == 1
    assert capsys.readouterr().out.split("\n") == ["stale: rnn.py", "stale: missing.ipynb", ""]
    assert stale_stubs.read_text(encoding="utf-8") == "# an old version\n"
    assert not (tmp_path / "missing.ipynb").exists()

    assert generate.main([]) == 0
    assert generate.main(["--check"]) == 0
    assert stale_stubs.read_text(encoding="utf-8") == STUB_SOURCE


def test_generate_outside_a_checkout_says_it_needs_one(monkeypatch, capsys):
    monkeypatch.setattr(generate, "CHECKOUT", None)   # as when installed from a wheel
    assert generate.main(["--check"]) == 1
    assert "checkout of the repository" in capsys.readouterr().err


def test_generate_without_jupytext_names_the_extra_to_install(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "jupytext", None)   # as if it were not installed
    monkeypatch.delitem(sys.modules, "rnn_bptt.build.notebook", raising=False)
    assert generate.main(["--check"]) == 1
    assert "pip install 'rnn-bptt-assignment[dev]'" in capsys.readouterr().err
