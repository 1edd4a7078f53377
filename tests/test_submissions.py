"""Reading submissions: Python files, notebooks, and files that cannot be read (finding them in
folders: test_roster.py)."""

import json

import nbformat

from rnn_bptt import submissions


def write_notebook(path, cells):
    notebook = nbformat.v4.new_notebook()
    notebook.cells = cells
    nbformat.write(notebook, path)
    return path


def test_a_python_file_is_read_as_is(tmp_path):
    path = tmp_path / "rnn.py"
    path.write_text("import numpy as np\n")
    submission = submissions.read(str(path))
    assert (submission.source, submission.problem, submission.filename) == (
        "import numpy as np\n", None, "rnn.py")


def test_files_that_cannot_be_read_get_a_problem_not_an_exception(tmp_path):
    (tmp_path / "rnn.txt").write_text("def rnn_step(): pass")
    (tmp_path / "binary.py").write_bytes(b"\xff\xfe\x00garbage")

    missing = submissions.read(str(tmp_path / "nope.py"))
    not_python = submissions.read(str(tmp_path / "rnn.txt"))
    binary = submissions.read(str(tmp_path / "binary.py"))

    assert "does not exist" in missing.problem
    assert "not a Python file" in not_python.problem
    assert "not readable text" in binary.problem
    assert missing.source is not_python.source is binary.source is None


def test_a_notebook_gives_its_code_cells_without_ipython_lines(tmp_path):
    path = write_notebook(tmp_path / "rnn.ipynb", [
        nbformat.v4.new_markdown_cell("# My RNN"),
        nbformat.v4.new_code_cell("%matplotlib inline\n!pip install numpy\nimport numpy as np"),
        nbformat.v4.new_code_cell("%%bash\necho this is not Python"),
        nbformat.v4.new_code_cell("def f(x):\n    if x:\n        %time x\n    return x + 1"),
        nbformat.v4.new_code_cell("%%time\ndef g(x):\n    return 2 * x"),
    ])

    submission = submissions.read(str(path))

    assert submission.problem is None
    names = [name for name, _ in submission.source]
    assert names == ["rnn.ipynb, cell 2", "rnn.ipynb, cell 4", "rnn.ipynb, cell 5"]   # as counted
    source = "".join(text for _, text in submission.source)
    assert "import numpy as np" in source and "def f(x):" in source
    assert "%" not in source and "!pip" not in source and "echo" not in source
    namespace = {}
    for name, text in submission.source:
        exec(compile(text, name, "exec"), namespace)  # what is left is valid Python
    assert namespace["f"](1) == 2 and namespace["g"](1) == 2   # a %%time cell's body runs
    assert submission.source[1][1].splitlines()[2] == "        pass"   # lines do not move


def test_a_notebook_whose_cells_break_the_format_is_explained(tmp_path):
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")])
    notebook.cells[0].source = 5   # nbformat.reads lets this through
    (tmp_path / "odd.ipynb").write_text(json.dumps(notebook))

    odd = submissions.read(str(tmp_path / "odd.ipynb"))

    assert odd.source is None and "odd.ipynb is not a valid notebook" in odd.problem


def test_a_notebook_that_is_not_json_or_not_a_notebook_is_explained(tmp_path):
    (tmp_path / "broken.ipynb").write_text('{"cells": [')
    (tmp_path / "list.ipynb").write_text("[1, 2]")
    (tmp_path / "bad_cells.ipynb").write_text('{"cells": 3, "metadata": {}}')

    broken = submissions.read(str(tmp_path / "broken.ipynb"))
    listed = submissions.read(str(tmp_path / "list.ipynb"))
    bad_cells = submissions.read(str(tmp_path / "bad_cells.ipynb"))

    assert "not valid JSON (line 1" in broken.problem
    assert "not a notebook" in listed.problem
    assert "not a valid notebook" in bad_cells.problem
