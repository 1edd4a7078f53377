"""The Gradescope autograder: a zip that installs this package and runs its sandboxed grader.

    autograder.zip
        setup.sh            run once by Gradescope: a virtual environment of the Python this
                            build ran on, the wheel, the dependencies pinned
        run_autograder      run for each submission: `rnn-autograder gradescope`, which grades
                            it in the sandbox and writes results/results.json
        requirements.txt    the dependencies, at the versions installed here
        rnn_bptt_assignment-<version>-py3-none-any.whl

Gradescope's layout and results format: https://gradescope-autograders.readthedocs.io/en/latest/
specs/ (rnn_bptt.gradescope writes the results).
"""

import sys
import zipfile
from pathlib import Path

from rnn_bptt.build import distribution
from rnn_bptt.build.otter import template

SCRIPT_MODE = 0o755   # setup.sh and run_autograder are run as programs


def write_zip(path, wheel, visibility):
    """Write the Gradescope autograder zip at `path`, shipping `wheel`; its tests are shown
    to students at `visibility` (one of rnn_bptt.gradescope.VISIBILITIES)."""
    wheel = Path(wheel)
    python_version = f"{sys.version_info.major}.{sys.version_info.minor}"
    files = {
        "setup.sh": (template("gradescope_setup.sh.tmpl").substitute(
            python_version=python_version, wheel=wheel.name), SCRIPT_MODE),
        "run_autograder": (template("gradescope_run_autograder.tmpl").substitute(
            visibility=visibility), SCRIPT_MODE),
        "requirements.txt": ("\n".join(distribution.pinned_dependencies()) + "\n", 0o644),
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, (text, mode) in files.items():
            entry = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            entry.external_attr = (0o100000 | mode) << 16   # a regular file with its mode
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, text)
        archive.write(wheel, wheel.name)
