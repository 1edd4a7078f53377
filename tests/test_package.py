"""The package as an instructor installs it, outside the repository.

The repository's files are built into an sdist and a wheel (`python -m build`: the wheel is
built from the sdist, so the sdist must hold everything the wheel needs); the wheel is installed
with its core dependencies alone in a fresh virtual environment, and every command runs from a
folder that is not the repository.
"""

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from rnn_bptt.build.distribution import copy_sources

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]


def succeed(command):
    """Run `command`; fail the test with its output if it fails."""
    finished = subprocess.run(command, capture_output=True, text=True)
    assert finished.returncode == 0, f"{' '.join(command)} failed:\n{finished.stdout}" \
                                     f"{finished.stderr}"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    source = tmp_path_factory.mktemp("source") / "repository"
    copy_sources(REPO, source)   # not this checkout's installs, builds and caches
    dist = tmp_path_factory.mktemp("dist")
    succeed([sys.executable, "-m", "build", "--outdir", str(dist), str(source)])
    assert len(list(dist.glob("*.tar.gz"))) == 1, "the sdist"
    [wheel] = dist.glob("*.whl")
    return wheel


@pytest.fixture(scope="module")
def scripts(wheel, tmp_path_factory):
    """The bin/ folder of a fresh virtual environment where the wheel is installed, core only."""
    venv = tmp_path_factory.mktemp("venv")
    succeed([sys.executable, "-m", "venv", str(venv)])
    succeed([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet",
             "--disable-pip-version-check", str(wheel)])
    return venv / "bin"


@pytest.fixture
def elsewhere(tmp_path):
    """A folder that is not the repository, holding a copy of the reference and of the stubs."""
    shutil.copyfile(REPO / "solutions" / "rnn.py", tmp_path / "reference.py")
    shutil.copyfile(REPO / "assignment" / "rnn.py", tmp_path / "rnn.py")
    return tmp_path


def run(scripts, folder, *arguments):
    """The installed `rnn-autograder ARGUMENTS`, run in `folder`."""
    return subprocess.run([str(scripts / "rnn-autograder"), *arguments], cwd=folder,
                          capture_output=True, text=True)


def test_the_wheel_holds_one_top_level_package_with_its_data(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert {name.split("/")[0] for name in names
            if ".dist-info/" not in name} == {"rnn_bptt"}
    assert {"rnn_bptt/assignment/rnn.py", "rnn_bptt/assignment/rnn_assignment.ipynb",
            "rnn_bptt/assignment/test_rnn_public.py", "rnn_bptt/assignment/conftest.py",
            "rnn_bptt/solutions/rnn.py", "rnn_bptt/build/templates/student_README.md",
            "rnn_bptt/corpus_files/wrong/softmax_unstable.py"} <= set(names)


def test_the_core_install_brings_no_extra(scripts):
    installed = subprocess.run([str(scripts / "python"), "-m", "pip", "list", "--format=json",
                                "--disable-pip-version-check"],
                               check=True, capture_output=True, text=True).stdout
    names = {package["name"].lower() for package in json.loads(installed)}
    assert {"numpy", "pytest", "nbformat", "tqdm"} <= names
    assert not names & {"otter-grader", "matplotlib", "jupytext", "jupyterlab", "pandas"}


def test_grade_works_outside_the_repository(scripts, elsewhere):
    finished = run(scripts, elsewhere, "grade", "reference.py", "rnn.py", "--json", "r.json")
    assert finished.returncode == 0, finished.stderr
    scores = {record["submission"]: record["score"] for record in
              json.loads((elsewhere / "r.json").read_text(encoding="utf-8"))["submissions"]}
    assert scores == {"reference.py": 100.0, "rnn.py": 0.0}


def test_check_works_outside_the_repository(scripts, elsewhere):
    stubs = run(scripts, elsewhere, "check")
    assert stubs.returncode == 1 and "0 of 20 checks passed" in stubs.stdout, stubs.stderr
    reference = run(scripts, elsewhere, "check", "reference.py")
    assert reference.returncode == 0 and "Well done!" in reference.stdout, reference.stderr


def test_demo_works_outside_the_repository(scripts, elsewhere):
    finished = run(scripts, elsewhere, "demo")
    assert finished.returncode == 0, finished.stderr
    rows = {line.split()[0]: line.split()[-1] for line in finished.stdout.splitlines()
            if line.endswith("/100")}
    assert rows["solutions/rnn.py"] == "100/100" and rows["assignment/rnn.py"] == "0/100"
    assert len(rows) == 6


def test_plotting_costs_nothing_where_matplotlib_is_not_installed(scripts, elsewhere):
    """The core install has no matplotlib: a file that plots before its functions still scores
    full marks, and a function that needs a module outside the import policy fails alone."""
    reference = (REPO / "solutions" / "rnn.py").read_text(encoding="utf-8")
    plots = ("import matplotlib.pyplot as plt\n"
             "figure, (left, right) = plt.subplots(1, 2)\n"
             "left.plot([1.0, 2.0])\n"
             "plt.show()\n")
    (elsewhere / "plots.py").write_text(plots + reference, encoding="utf-8")
    (elsewhere / "uses_scipy.py").write_text(
        reference + "\nimport scipy.special\n\ndef softmax(Z):\n"
                    "    return scipy.special.softmax(Z, axis=-1)\n", encoding="utf-8")
    finished = run(scripts, elsewhere, "grade", "plots.py", "uses_scipy.py", "--json", "r.json")
    assert finished.returncode == 0, finished.stderr
    records = {record["submission"]: record for record in
               json.loads((elsewhere / "r.json").read_text(encoding="utf-8"))["submissions"]}
    assert records["plots.py"]["score"] == 100.0 and records["plots.py"]["warning"] is None
    softmax = records["uses_scipy.py"]["questions"]["softmax"]
    assert softmax["score"] == 0
    assert "your code uses scipy, which this assignment does not allow" in \
        softmax["tests"][0]["message"]


def test_build_names_the_extra_it_needs(scripts, elsewhere):
    finished = run(scripts, elsewhere, "build", "out")
    assert finished.returncode == 1
    assert "pip install 'rnn-bptt-assignment[otter]'" in finished.stderr
    assert not (elsewhere / "out").exists()


def test_generate_says_it_needs_a_checkout(scripts, elsewhere):
    finished = run(scripts, elsewhere, "generate", "--check")
    assert finished.returncode == 1 and "checkout of the repository" in finished.stderr


def test_installed_from_the_wheel_it_finds_the_wheel_to_ship(scripts, wheel, elsewhere):
    """`build` ships the wheel the package was installed from, while it is still on disk."""
    finished = subprocess.run(
        [str(scripts / "python"), "-c",
         "from rnn_bptt.build import distribution; print(distribution.wheel('.'))"],
        cwd=elsewhere, capture_output=True, text=True)
    assert finished.returncode == 0, finished.stderr
    assert Path(finished.stdout.strip()) == wheel
