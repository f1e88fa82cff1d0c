"""packaging/smoke_test.sh passes a bundle that behaves and fails one that does not.

The real bundle takes minutes to build, so these tests hand the smoke test small stand-in bundles
(shell scripts named `odesk`) that behave like the app, or break in one way each.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SMOKE = ROOT / "packaging" / "smoke_test.sh"
VERSION_LINE = next(
    line
    for line in (ROOT / "pyproject.toml").read_text().splitlines()
    if line.startswith("version")
)
VERSION = VERSION_LINE.split('"')[1]

# A stand-in for the bundled executable. It runs with an empty PATH, as the real one does, so it
# uses shell built-ins and absolute paths only. "@BREAK@" is replaced to make one step misbehave.
FAKE_ODESK = r"""#!/bin/sh
dir=""
prev=""
for a in "$@"; do
    [ "$prev" = "--data-dir" ] && dir=$a
    prev=$a
done
@EARLY@
case "$1" in
--version) echo "odesk @VERSION@" ;;
init)
    /bin/mkdir -p "$dir"
    printf '{"kdf": "argon2id"}' > "$dir/vault.json"
    printf '@DBHEADER@' > "$dir/odesk.db"
    ;;
import | check)
    if [ "$ODESK_PASSPHRASE" != "smoke test passphrase, fictional" ]; then
        echo "odesk: error: wrong passphrase" >&2
        exit 1
    fi
    ;;
--data-dir)
    [ "$ODESK_SMOKE_EXIT_AFTER_SHOW" = 1 ] || exit 3
    ;;
esac
@BREAK@
exit 0
"""


def make_bundle(
    tmp_path: Path, brk: str = "", dbheader: str = "encrypted-bytes", early: str = ""
) -> Path:
    dist = tmp_path / "dist" / "odesk"
    demo = dist / "_internal" / "resources" / "demo"
    demo.mkdir(parents=True)
    (demo / "demo-records.json").write_text(
        '{"format": "odesk-records", "version": 1, "records": [\n'
        '  {"kind": "network", "person": {"name": "Rowan Testbrook (fictional)"}}\n]}\n'
    )
    i18n = dist / "_internal" / "resources" / "i18n"
    i18n.mkdir()
    for locale in ("en_GB", "en_XA"):
        (i18n / f"odesk_{locale}.qm").write_bytes(b"catalogue")
    exe = dist / "odesk"
    exe.write_text(
        FAKE_ODESK.replace("@VERSION@", VERSION)
        .replace("@BREAK@", brk)
        .replace("@EARLY@", early)
        .replace("@DBHEADER@", dbheader)
    )
    exe.chmod(0o755)
    return dist


def smoke(dist: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(SMOKE), str(dist)], capture_output=True, text=True, timeout=120
    )


def test_a_well_behaved_bundle_passes(tmp_path: Path) -> None:
    result = smoke(make_bundle(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "all steps passed" in result.stdout
    assert "FAIL" not in result.stdout


@pytest.mark.parametrize(
    ("brk", "dbheader", "complaint"),
    [
        (
            '[ "$1" = import ] && { echo "Traceback (most recent call last):" >&2; exit 1; }',
            "encrypted-bytes",
            "odesk import",
        ),
        (
            '[ "$1" = --version ] && echo "ModuleNotFoundError: No module named x" >&2',
            "x",
            "--version",
        ),
        ("", "SQLite format 3", "plaintext SQLite"),
        ('[ "$1" = --data-dir ] && exit 1', "encrypted-bytes", "GUI exited with status 1"),
        ('[ "$1" = init ] && printf x > "$dir/odesk.log"', "encrypted-bytes", "unexpected files"),
    ],
)
def test_a_misbehaving_bundle_fails_and_says_which_step(
    tmp_path: Path, brk: str, dbheader: str, complaint: str
) -> None:
    result = smoke(make_bundle(tmp_path, brk, dbheader))
    assert result.returncode == 1, result.stdout
    assert "FAILED" in result.stdout
    assert complaint in result.stdout


def test_a_wrong_passphrase_must_be_one_line(tmp_path: Path) -> None:
    early = '[ "$ODESK_PASSPHRASE" = "not the passphrase" ] && echo "details..." >&2'
    result = smoke(make_bundle(tmp_path, early=early))
    assert result.returncode == 1
    assert "more than one line" in result.stdout


def test_a_gui_without_the_exit_hook_passes_only_while_alive(tmp_path: Path) -> None:
    # The app ignores ODESK_SMOKE_EXIT_AFTER_SHOW and keeps running: alive is enough, but said so.
    early = '[ "$1" = --data-dir ] && exec /bin/sleep 60'
    result = subprocess.run(
        ["bash", str(SMOKE), str(make_bundle(tmp_path, early=early))],
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "SMOKE_GUI_SECONDS": "1"},
    )
    assert result.returncode == 0, result.stdout
    assert "window not confirmed" in result.stdout


def test_record_text_left_outside_the_store_fails(tmp_path: Path) -> None:
    # A bundle that writes what it imported into a plain file in HOME breaks promise 2.
    brk = '[ "$1" = import ] && { /bin/mkdir -p "$HOME/.cache"; echo "Rowan Testbrook (fictional)" > "$HOME/.cache/log"; }'
    result = smoke(make_bundle(tmp_path, brk))
    assert result.returncode == 1, result.stdout
    assert "record text ('Rowan Testbrook (fictional)') found in" in result.stdout
    assert ".cache/log" in result.stdout


def test_a_bundle_without_its_resources_fails(tmp_path: Path) -> None:
    dist = make_bundle(tmp_path)
    (dist / "_internal" / "resources" / "demo" / "demo-records.json").unlink()
    result = smoke(dist)
    assert result.returncode == 1
    assert "demo-records.json is not in the bundle" in result.stdout


def test_a_bundle_without_its_translations_fails(tmp_path: Path) -> None:
    dist = make_bundle(tmp_path)
    (dist / "_internal" / "resources" / "i18n" / "odesk_en_GB.qm").unlink()
    result = smoke(dist)
    assert result.returncode == 1
    assert "odesk_en_GB.qm is not in the bundle" in result.stdout


def test_wrong_usage_exits_2(tmp_path: Path) -> None:
    result = subprocess.run(["bash", str(SMOKE), str(tmp_path)], capture_output=True, text=True)
    assert result.returncode == 2
    assert "usage:" in result.stderr


def test_the_bundle_sees_no_python_environment(tmp_path: Path) -> None:
    # The stand-in fails unless PATH is the smoke test's empty folder and no PYTHON* is set.
    brk = (
        'case "$PATH" in */bin) ;; *) echo "PATH leaked: $PATH" >&2; exit 1 ;; esac\n'
        '[ -z "$PYTHONPATH$PYTHONHOME$VIRTUAL_ENV" ] || { echo "python env leaked" >&2; exit 1; }\n'
        'for d in $(echo "$PATH" | /usr/bin/tr : " "); do [ -z "$(/bin/ls -A "$d")" ] || exit 1; done'
    )
    env_result = subprocess.run(
        ["bash", str(SMOKE), str(make_bundle(tmp_path, brk))],
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": "/nowhere", "VIRTUAL_ENV": "/nowhere/.venv"},
    )
    assert env_result.returncode == 0, env_result.stdout + env_result.stderr
