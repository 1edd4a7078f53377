"""This package as something to install elsewhere: its wheel, and its dependencies pinned.

The Gradescope autograder (build/gradescope.py) installs the package from a wheel inside its zip,
with the dependencies at the versions installed here, where the package was tested:

- in a checkout (`pip install -e .`), the wheel is built from the checkout's files, as they are;
- installed from a wheel, it is that wheel, found where pip installed it from (PEP 610's
  direct_url.json) if the file is still there; otherwise the instructor names it (--wheel).
"""

import importlib.metadata
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlparse

from rnn_bptt import CHECKOUT, DISTRIBUTION
from rnn_bptt.build.otter import BuildError

# What a wheel must not be built from: a checkout's installs, builds and caches.
NOT_SOURCES = {".git", ".venv", "build", "dist"}                           # at the top
NOT_SOURCES_ANYWHERE = shutil.ignore_patterns("__pycache__", "*.egg-info", ".pytest_cache")


def copy_sources(checkout, destination):
    """Copy the checkout's source files (not its .git, virtual environment, builds or caches)
    to `destination`, which must not exist."""
    checkout = Path(checkout)

    def ignored(folder, names):
        top = NOT_SOURCES.intersection(names) if Path(folder) == checkout else set()
        return top | NOT_SOURCES_ANYWHERE(folder, names)

    shutil.copytree(checkout, destination, ignore=ignored)


def wheel_name_version(path):
    """(distribution, version) from a wheel's file name, PEP 427: name-version-...whl."""
    name, version = Path(path).name.split("-")[:2]
    return name, version


def check_wheel(path):
    """Raise BuildError unless `path` is a wheel of this package, at the installed version."""
    path = Path(path)
    if path.suffix != ".whl" or path.name.count("-") < 4:
        raise BuildError(f"{path} is not a wheel (a .whl file named like "
                         f"rnn_bptt_assignment-{installed_version()}-py3-none-any.whl)")
    name, version = wheel_name_version(path)
    if name.replace("_", "-").lower() != DISTRIBUTION:
        raise BuildError(f"{path.name} is a wheel of {name}, not of {DISTRIBUTION}")
    if version != installed_version():
        raise BuildError(f"{path.name} is version {version}, but version "
                         f"{installed_version()} is installed here: the Gradescope "
                         f"autograder must grade with the code installed here")


def installed_version():
    return importlib.metadata.version(DISTRIBUTION)


def wheel(work, given=None):
    """The wheel to ship: `given` (checked), or one built from the checkout into `work`, or
    the wheel the package was installed from. Raises BuildError saying what it needs."""
    if given is not None:
        check_wheel(given)
        return Path(given)
    if CHECKOUT is not None:
        return build_wheel(CHECKOUT, work)
    installed_from = installed_wheel()
    if installed_from is None:
        raise BuildError(
            f"the Gradescope autograder ships this package's wheel, and this installation "
            f"was not made from a wheel that is still on disk: pass --wheel PATH (the "
            f"rnn_bptt_assignment-{installed_version()}-py3-none-any.whl you installed), or "
            f"run build in a checkout of the repository")
    return installed_from


def build_wheel(checkout, work):
    """Build the wheel from a copy of the checkout (pip builds in the source folder, which must
    stay clean) with `pip wheel`, into `work`."""
    source = Path(work) / "source"
    copy_sources(checkout, source)
    finished = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet",
         "--disable-pip-version-check", "--wheel-dir", str(Path(work) / "wheel"), str(source)],
        capture_output=True, text=True)
    wheels = list((Path(work) / "wheel").glob("*.whl"))
    if finished.returncode != 0 or len(wheels) != 1:
        raise BuildError(f"building this package's wheel failed (pip wheel, exit status "
                         f"{finished.returncode}):\n{finished.stdout}{finished.stderr}")
    return wheels[0]


def installed_wheel():
    """The wheel file this package was installed from, if pip recorded it and it still exists
    at the installed version; else None."""
    try:
        text = importlib.metadata.distribution(DISTRIBUTION).read_text("direct_url.json")
        url = json.loads(text or "null")
    except (importlib.metadata.PackageNotFoundError, ValueError):
        return None
    if not isinstance(url, dict) or not str(url.get("url", "")).startswith("file://"):
        return None
    path = Path(unquote(urlparse(url["url"]).path))
    try:
        check_wheel(path)
    except BuildError:
        return None
    return path if path.is_file() else None


def pinned_dependencies(distribution=DISTRIBUTION):
    """requirements.txt lines, name==version, for every distribution the core of
    `distribution` needs here (its dependencies' dependencies too), at the installed versions,
    so that Gradescope's environment is the one the package was tested in."""
    from packaging.requirements import Requirement   # pip's and pytest's, always installed
    from packaging.utils import canonicalize_name

    pins = {}
    todo = [(distribution, frozenset())]
    while todo:
        name, extras = todo.pop()
        for text in importlib.metadata.distribution(name).requires or []:
            requirement = Requirement(text)
            if requirement.marker and not any(requirement.marker.evaluate({"extra": extra})
                                              for extra in extras | {""}):
                continue
            key = canonicalize_name(requirement.name)
            try:
                version = importlib.metadata.version(requirement.name)
            except importlib.metadata.PackageNotFoundError:
                raise BuildError(f"{requirement.name}, which {name} needs, is not installed "
                                 f"here, so its version cannot be pinned") from None
            seen = pins.get(key)
            wanted = frozenset(requirement.extras)
            if seen is None or not wanted <= seen[1]:
                pins[key] = (version, (seen[1] if seen else frozenset()) | wanted)
                todo.append((requirement.name, pins[key][1]))
    return [f"{name}=={version}" for name, (version, _) in sorted(pins.items())]
