"""The walkthrough notebook, built from a reviewable py:percent source.

notebook_source.py holds the notebook as plain text: `# %%` starts a code cell, `# %% [markdown]`
a markdown cell (jupytext's "percent" format; magics such as `%autoreload` are written commented,
`# %autoreload 2`). The built notebook has no outputs and stable cell ids, so building twice gives
the same file and the committed notebook can be checked for staleness.
"""

from pathlib import Path

import jupytext
import nbformat

SOURCE = Path(__file__).with_name("notebook_source.py")

KERNELSPEC = {"name": "python3", "display_name": "Python 3", "language": "python"}


def build_notebook(source: str) -> nbformat.NotebookNode:
    """The notebook whose cells are written in `source` (py:percent format)."""
    notebook = jupytext.reads(source, fmt="py:percent")
    # Only what Jupyter needs: jupytext's own metadata would tie the file to jupytext settings.
    notebook.metadata = nbformat.from_dict({"kernelspec": KERNELSPEC,
                                            "language_info": {"name": "python"}})
    for number, cell in enumerate(notebook.cells):
        # jupytext draws random cell ids; stable ones make building twice give the same file
        cell.id = f"cell-{number:02d}"
        cell.metadata = nbformat.from_dict({})
    nbformat.validate(notebook)
    return notebook


def notebook_text(source: str) -> str:
    """The .ipynb file contents (JSON, ending with a newline) for the py:percent `source`."""
    return nbformat.writes(build_notebook(source)) + "\n"
