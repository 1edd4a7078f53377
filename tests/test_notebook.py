"""The walkthrough notebook runs from top to bottom with the reference solution as rnn.py."""

import json
import shutil

import nbformat
import pytest
from nbclient import NotebookClient

from kernels import use_ipc_kernels
from rnn_bptt.build import generate

PRINT_LOSSES = "import json\nprint(json.dumps({'regression': regression_losses, " \
               "'classification': classification_losses}))"


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """The notebook executed in a copy of the student folder whose rnn.py is the reference."""
    folder = tmp_path_factory.mktemp("student") / "assignment"
    # Not __init__.py: it makes assignment/ package data of rnn_bptt; students do not get it.
    shutil.copytree(generate.NOTEBOOK.parent, folder, ignore=shutil.ignore_patterns(
        "__pycache__", ".ipynb_checkpoints", "__init__.py"))
    shutil.copy(generate.SOLUTION, folder / "rnn.py")
    notebook = nbformat.read(folder / generate.NOTEBOOK.name, as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell(PRINT_LOSSES))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MPLBACKEND", "Agg")    # the kernel inherits it: no display needed
        use_ipc_kernels(patch)   # no TCP port to race for with another process (kernels.py)
        NotebookClient(notebook, kernel_name="python3", timeout=120,
                       resources={"metadata": {"path": str(folder)}}).execute()
    return notebook


def printed(cell):
    return "".join(output.get("text", "") for output in cell.outputs
                   if output.output_type == "stream" and output.name == "stdout")


@pytest.mark.slow
def test_every_check_cell_reports_the_reference_as_passing(executed):
    checks = [cell for cell in executed.cells
              if cell.cell_type == "code" and cell.source.startswith("check(")]
    assert len(checks) == 13   # one per function of SPEC section 2, and one for them all
    for cell in checks:
        report = printed(cell)
        assert "Well done!" in report and "Failed" not in report, f"{cell.source}:\n{report}"


@pytest.mark.slow
def test_both_training_losses_fall(executed):
    losses = json.loads(printed(executed.cells[-1]))
    regression, classification = losses["regression"], losses["classification"]
    # From an untrained network to one that follows the sine wave up to its noise, and from a
    # coin toss (log 2 per sequence) to confident right answers: both fall by far more than 10x.
    assert regression[-1] < 0.1 * regression[0], regression[::50]
    assert classification[-1] < 0.1 * classification[0], classification[::50]
