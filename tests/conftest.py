"""Fixtures shared by this project's tests."""

import pytest

from rnn_bptt.build.distribution import installed_version


@pytest.fixture(scope="session")
def placeholder_wheel(tmp_path_factory):
    """A file named like this package's wheel, for builds whose tests never install the
    Gradescope autograder (tests/test_gradescope.py builds and installs a real one): building
    the wheel would cost each of them a quarter of a minute."""
    path = (tmp_path_factory.mktemp("wheel")
            / f"rnn_bptt_assignment-{installed_version()}-py3-none-any.whl")
    path.write_bytes(b"")
    return path
