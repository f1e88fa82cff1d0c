"""The packaging recipes agree with the project: one version, one entry point, a valid desktop
entry, a complete icon set, and a server image that runs `odesk-server` as a non-root user.

The bundle build itself is not run here (too slow): `make package && bash packaging/smoke_test.sh
dist/odesk` does that.
"""

from __future__ import annotations

import configparser
import fnmatch
import importlib.metadata
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
sys.path.insert(0, str(PACKAGING))

from qt_modules import qt_modules_used  # noqa: E402
from version import project_version, windows_file_version  # noqa: E402

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_version_has_one_source() -> None:
    version = PYPROJECT["project"]["version"]
    assert project_version() == version
    # The bundle copies this metadata; a stale editable install would ship the wrong version.
    assert importlib.metadata.version("odesk") == version
    out = subprocess.run(
        [sys.executable, str(PACKAGING / "version.py")], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == version


def test_no_recipe_hard_codes_the_version() -> None:
    version = PYPROJECT["project"]["version"]
    for path in (
        PACKAGING / "odesk.spec",
        PACKAGING / "windows" / "odesk.iss",
        PACKAGING / "server" / "Dockerfile",
        PACKAGING / "macos" / "build_macos.sh",
    ):
        assert version not in path.read_text(encoding="utf-8"), path
    spec = (PACKAGING / "odesk.spec").read_text(encoding="utf-8")
    assert "project_version(ROOT)" in spec
    assert 'copy_metadata("odesk")' in spec
    iss = (PACKAGING / "windows" / "odesk.iss").read_text(encoding="utf-8")
    assert "AppVersion={#AppVersion}" in iss
    assert "#error" in iss  # refuses to build without /DAppVersion
    assert "/DAppVersion=" in (PACKAGING / "build_windows.py").read_text(encoding="utf-8")


def test_windows_file_version_is_four_numbers() -> None:
    assert windows_file_version("0.1.0") == (0, 1, 0, 0)
    assert windows_file_version("1.2.3rc1") == (1, 2, 3, 0)
    assert windows_file_version("2026.11.25.7.9") == (2026, 11, 25, 7)


def test_launcher_runs_the_same_entry_point_as_the_installed_command() -> None:
    module, func = PYPROJECT["project"]["scripts"]["odesk"].split(":")
    launcher = (PACKAGING / "odesk_launcher.py").read_text(encoding="utf-8")
    assert f"from {module} import {func}" in launcher
    assert f"sys.exit({func}())" in launcher
    spec = (PACKAGING / "odesk.spec").read_text(encoding="utf-8")
    assert "odesk_launcher.py" in spec
    compile(spec, "odesk.spec", "exec")  # a syntax error would only show on the build machine


def test_launcher_smoke_hook_ends_the_app_once_its_main_window_shows() -> None:
    # The same launcher the bundle freezes, run from source on the demo (offscreen, see conftest).
    result = subprocess.run(
        [sys.executable, str(PACKAGING / "odesk_launcher.py"), "demo"],
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "ODESK_SMOKE_EXIT_AFTER_SHOW": "1", "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr
    assert "odesk smoke: main window shown: odesk" in result.stderr
    assert "Traceback" not in result.stderr


# Imports every odesk module and prints the PySide6 Qt modules that ended up loaded.
LOADED_QT = """
import importlib, json, pkgutil, sys
import odesk
for info in pkgutil.walk_packages(odesk.__path__, "odesk."):
    if not info.name.endswith("__main__"):  # those run the command
        importlib.import_module(info.name)
print(json.dumps(sorted(m.split(".")[1] for m in sys.modules if m.startswith("PySide6.Qt"))))
"""


def test_the_bundle_keeps_every_qt_module_odesk_loads() -> None:
    # What the spec would bundle (read from the source) must cover what odesk really loads.
    scanned = qt_modules_used(ROOT / "src" / "odesk")
    result = subprocess.run(
        [sys.executable, "-c", LOADED_QT],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr
    loaded = set(json.loads(result.stdout.strip().splitlines()[-1]))
    assert "QtWidgets" in loaded
    assert loaded <= scanned, f"loaded at run time but not bundled: {sorted(loaded - scanned)}"
    # ... and the heavy modules stay out.
    assert not {"QtWebEngineCore", "QtQml", "QtQuick", "Qt3DCore", "QtMultimedia"} & scanned


def test_qt_scan_reads_every_import_form(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("from PySide6.QtCharts import QChart\nimport PySide6.QtSvg\n")
    (tmp_path / "b.py").write_text("from PySide6 import (\n    QtNetwork,\n    QtDBus,\n)\nx = 1\n")
    assert qt_modules_used(tmp_path) == {
        "QtCore",
        "QtGui",
        "QtWidgets",
        "QtCharts",
        "QtSvg",
        "QtNetwork",
        "QtDBus",
    }


def test_spec_keeps_heavy_qt_modules_out() -> None:
    spec = (PACKAGING / "odesk.spec").read_text(encoding="utf-8")
    # Unused Qt modules are excluded by computing "available minus used" from src/odesk's imports.
    assert "qt_modules_available() - set(QT_USED)" in spec
    # And the desktop bundle never ships development tools or PostgreSQL drivers.
    for name in ('"pytest"', '"hypothesis"', '"PyInstaller"', '"psycopg"', '"psycopg_binary"'):
        assert name in spec


def test_desktop_entry_is_valid_and_names_the_bundle() -> None:
    desktop = PACKAGING / "linux" / "odesk.desktop"
    validator = shutil.which("desktop-file-validate")
    if validator:
        result = subprocess.run([validator, str(desktop)], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "error" not in result.stdout.lower()
    entry = configparser.ConfigParser(interpolation=None, strict=True)
    entry.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    entry.read(desktop, encoding="utf-8")
    section = entry["Desktop Entry"]
    assert section["Type"] == "Application"
    assert section["Exec"].split()[0] == "odesk"  # the executable the spec builds
    assert section["Terminal"] == "false"
    icon = section["Icon"]
    hicolor = PACKAGING / "linux" / "icons" / "hicolor"
    assert (hicolor / "scalable" / "apps" / f"{icon}.svg").is_file()
    assert (hicolor / "48x48" / "apps" / f"{icon}.png").is_file()


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_icon_set_is_complete_and_rendered_at_its_sizes() -> None:
    hicolor = PACKAGING / "linux" / "icons" / "hicolor"
    for size in (16, 22, 24, 32, 48, 64, 128, 256, 512):
        assert _png_size(hicolor / f"{size}x{size}" / "apps" / "odesk.png") == (size, size)
    source = ROOT / "resources" / "icons" / "odesk-app.svg"
    assert (hicolor / "scalable" / "apps" / "odesk.svg").read_bytes() == source.read_bytes()

    ico = (PACKAGING / "windows" / "odesk.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind) == (0, 1) and count >= 5
    sizes = {ico[6 + 16 * i] or 256 for i in range(count)}
    assert {16, 32, 48, 256} <= sizes

    icns = (PACKAGING / "macos" / "odesk.icns").read_bytes()
    assert icns[:4] == b"icns"
    assert struct.unpack(">I", icns[4:8])[0] == len(icns)


def _dockerfile() -> str:
    return (PACKAGING / "server" / "Dockerfile").read_text(encoding="utf-8")


def _instructions(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with line continuations joined and comments dropped."""
    logical = re.sub(r"\\\n\s*", " ", text)
    out = []
    for line in logical.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            out.append((word.upper(), rest.strip()))
    return out


def test_server_image_runs_odesk_server_as_a_non_root_user() -> None:
    steps = _instructions(_dockerfile())
    final_stage = steps[max(i for i, (word, _) in enumerate(steps) if word == "FROM") :]
    words = dict(final_stage)
    assert words["ENTRYPOINT"] == '["odesk-server-entrypoint", "odesk-server"]'
    # A numeric user (Kubernetes' runAsNonRoot can check it), the one the image creates.
    uid, _, gid = words["USER"].partition(":")
    assert uid.isdigit() and gid.isdigit() and int(uid) > 0
    assert f"--uid {uid}" in words["RUN"] and f"--gid {gid}" in words["RUN"]
    assert "/var/lib/odesk-server" in words["VOLUME"]
    assert "8470" in words["EXPOSE"]
    assert "odesk-server-healthcheck" in words["HEALTHCHECK"]
    # The entrypoint script ends by exec'ing the program it was given: odesk-server.
    entrypoint = (PACKAGING / "server" / "entrypoint.sh").read_text(encoding="utf-8")
    assert entrypoint.rstrip().splitlines()[-1] == 'exec "$prog" "$sub" "$@"'


def test_server_image_installs_the_locked_dependencies_without_qt() -> None:
    text = _dockerfile()
    syncs = [args for word, args in _instructions(text) if word == "RUN" and "uv sync" in args]
    assert syncs and all("--locked" in s and "--no-dev" in s for s in syncs)
    assert not any("--all-extras" in s or "--extra" in s or "--group" in s for s in syncs)
    # What --no-dev leaves: the project's own dependencies, which hold neither Qt nor SQLCipher
    # (they are the desktop extra, pulled in only by the dev group).
    project = PYPROJECT["project"]
    base = " ".join(project["dependencies"]).lower()
    assert "pyside6" not in base and "sqlcipher" not in base
    desktop = " ".join(project["optional-dependencies"]["desktop"]).lower()
    assert "pyside6-essentials" in desktop and "sqlcipher3" in desktop
    assert "odesk[desktop]" in PYPROJECT["dependency-groups"]["dev"]


def test_server_image_python_is_one_the_project_supports() -> None:
    from packaging.specifiers import SpecifierSet

    found = re.search(
        r"^ARG PYTHON_IMAGE=python:(\d+\.\d+)\.\d+-slim-\w+@sha256:[0-9a-f]{64}$",
        _dockerfile(),
        re.M,
    )
    assert found, "the base image is python:X.Y.Z-slim-<debian>@sha256:<digest>"
    assert found.group(1) in SpecifierSet(PYPROJECT["project"]["requires-python"])
    assert found.group(1) == f"{sys.version_info.major}.{sys.version_info.minor}"  # what CI runs


def test_server_image_is_built_only_from_digest_pinned_images() -> None:
    steps = _instructions(_dockerfile())
    args = dict(a.split("=", 1) for w, a in steps if w == "ARG" and "=" in a)
    froms = [a.split()[0] for w, a in steps if w == "FROM"]
    assert froms
    for image in froms:
        image = args.get(image.strip("${}"), image) if image.startswith("${") else image
        assert re.search(r"@sha256:[0-9a-f]{64}$", image), image
    uv_pin = re.search(r'^name = "uv"\nversion = "([^"]+)"', (ROOT / "uv.lock").read_text(), re.M)
    assert uv_pin and args["UV_VERSION"] == uv_pin.group(1)  # the uv the lock file pins


def test_every_file_the_image_copies_exists_and_passes_the_ignore_file() -> None:
    ignore = [
        line.strip()
        for line in (PACKAGING / "server" / "Dockerfile.dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]

    def included(rel: str) -> bool:
        keep = True
        for pattern in ignore:
            negate = pattern.startswith("!")
            pat = pattern.lstrip("!").rstrip("/")
            if fnmatch.fnmatch(rel, pat) or rel.startswith(pat + "/"):
                keep = negate
        return keep

    copies = [args for word, args in _instructions(_dockerfile()) if word == "COPY"]
    sources = []
    for args in copies:
        parts = [p for p in args.split() if not p.startswith("--")]
        if any(a.startswith("--from=") for a in args.split()):
            continue
        sources.extend(parts[:-1])
    assert sources
    for src in sources:
        src = src.rstrip("/").removeprefix("./")
        assert (ROOT / src).exists(), src
        assert included(src), f"{src} is excluded from the build context"


def test_compose_example_builds_this_dockerfile_and_keeps_postgres_private() -> None:
    compose = (PACKAGING / "server" / "compose.yaml").read_text(encoding="utf-8")
    assert "dockerfile: packaging/server/Dockerfile" in compose
    assert "context: ../.." in compose
    assert (PACKAGING / "server" / "../../packaging/server/Dockerfile").resolve().is_file()
    assert "ODESK_DB_URL: postgresql://" in compose
    assert "5432:5432" not in compose  # PostgreSQL is not published
    db_url = re.search(r"ODESK_DB_URL: (\S+)", compose)
    assert db_url and ":" not in db_url.group(1).split("@")[0].removeprefix("postgresql://")


@pytest.mark.parametrize(
    "script",
    [
        "smoke_test.sh",
        "linux/install.sh",
        "linux/uninstall.sh",
        "server/entrypoint.sh",
        "macos/build_macos.sh",
    ],
)
def test_shell_scripts_parse(script: str) -> None:
    shell = "bash" if script.endswith(("smoke_test.sh", "build_macos.sh")) else "sh"
    result = subprocess.run([shell, "-n", str(PACKAGING / script)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
