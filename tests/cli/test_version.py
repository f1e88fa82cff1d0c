"""The version odesk reports is the version it is installed as."""

from importlib.metadata import version

import odesk


def test_version_matches_the_installed_package() -> None:
    assert odesk.__version__ == version("odesk")
