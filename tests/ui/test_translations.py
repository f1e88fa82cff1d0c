"""The translation catalogues: every string the app shows is in odesk_en_GB.ts under the context
the app looks it up by, translated (plural forms written), and the catalogue for the user's
locale is the one loaded."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QLocale

from odesk.ui.i18n import Context, install_translator
from tests.ui.conftest import built_translations

ROOT = Path(__file__).resolve().parents[2]
EN_GB = ROOT / "resources" / "i18n" / "odesk_en_GB.ts"


def messages(ts_file: Path) -> dict[tuple[str, str], ET.Element]:
    found = {}
    for context in ET.parse(ts_file).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            found[(name, message.findtext("source") or "")] = message
    return found


def test_catalogue_holds_exactly_the_strings_lupdate_finds(tmp_path: Path) -> None:
    """Re-extracting the sources gives the committed catalogue's strings: a new string that was
    not added (`python packaging/translations.py update`) fails here, and so does a string
    extracted under no context (one the app would look up under a name and never find)."""
    fresh = tmp_path / "odesk_en_GB.ts"
    sources = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "src" / "odesk").rglob("*.py"))
    lupdate = Path(sys.executable).parent / "pyside6-lupdate"
    subprocess.run(
        [str(lupdate), "-locations", "none", *sources, "-ts", str(fresh)],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    extracted, committed = messages(fresh), messages(EN_GB)
    assert not [key for key in extracted if not key[0]], "strings extracted under no context"
    missing = sorted(set(extracted) - set(committed))
    assert not missing, f"not in odesk_en_GB.ts (run packaging/translations.py update): {missing}"
    unused = sorted(set(committed) - set(extracted))
    assert not unused, f"no longer in the sources: {unused}"
    for key, message in extracted.items():
        assert (message.get("numerus") == "yes") == (committed[key].get("numerus") == "yes"), key


def test_british_english_catalogue_is_complete() -> None:
    catalogue = messages(EN_GB)
    assert len(catalogue) > 500
    for key, message in catalogue.items():
        translation = message.find("translation")
        assert translation is not None, key
        assert translation.get("type") not in ("unfinished", "vanished", "obsolete"), key
        forms = translation.findall("numerusform")
        if message.get("numerus") == "yes":
            assert len(forms) == 2 and all(f.text and "%n" in f.text for f in forms), key
        else:
            assert translation.text, key


def test_plurals_follow_the_number(qapp: Any) -> None:
    ctx = Context("Main")
    assert ctx.tr("%n conflict(s)", "", 1) == "1 conflict"
    assert ctx.tr("%n conflict(s)", "", 0) == "0 conflicts"
    assert ctx.tr("%n change(s) waiting", "", 1) == "1 change waiting"
    assert ctx.tr("%n change(s) waiting", "", 12) == "12 changes waiting"


@pytest.fixture
def restore_translator(qapp: Any) -> Any:
    yield
    # Put back what the suite runs with (tests/ui/conftest.py): British English.
    QLocale.setDefault(QLocale("en_GB"))


def test_locale_chooses_the_catalogue(
    qapp: Any, monkeypatch: pytest.MonkeyPatch, restore_translator: Any
) -> None:
    folder = built_translations()
    monkeypatch.setenv("ODESK_LOCALE", "en_XA")
    pseudo = install_translator(qapp, directory=folder)
    try:
        assert pseudo is not None
        text = QCoreApplication.translate("Main", "&Quit")
        assert text != "&Quit" and text.startswith("⟦") and "&" in text
        assert QCoreApplication.translate("Main", "%n conflict(s)", None, 3).startswith("⟦3 ")
    finally:
        qapp.removeTranslator(pseudo)
    # A locale with no catalogue of its own gets the British English one (plural forms).
    monkeypatch.setenv("ODESK_LOCALE", "de_DE")
    fallback = install_translator(qapp, directory=folder)
    try:
        assert fallback is not None and fallback.filePath().endswith("odesk_en_GB.qm")
        assert QLocale().name() == "de_DE"
    finally:
        qapp.removeTranslator(fallback)


def test_no_translated_string_is_hidden_inside_an_f_string() -> None:
    """pyside6-lupdate does not read inside f-strings: a `Ctx.tr("…")` there is never extracted,
    so it would stay English in every language."""
    import ast

    hidden = []
    for path in sorted((ROOT / "src" / "odesk").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.JoinedStr):
                continue
            for inner in ast.walk(node):
                if (
                    isinstance(inner, ast.Call)
                    and isinstance(inner.func, ast.Attribute)
                    and inner.func.attr in ("tr", "translate")
                ):
                    hidden.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert hidden == []


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"LANG": "en_GB.UTF-8", "LC_ALL": "en_GB.UTF-8"}, "1 conflict|en_GB"),
        ({"LANG": "de_DE.UTF-8", "LC_ALL": "de_DE.UTF-8"}, "1 conflict|de_DE"),
        ({"ODESK_LOCALE": "en_XA"}, "⟦1 çóñƒĺíçţ⟧|en_US"),
    ],
)
def test_the_app_loads_the_catalogue_of_the_system_locale_at_start(
    env: dict[str, str], expected: str
) -> None:
    """make_app (what `odesk` and `odesk demo` start with) installs the catalogue for the
    system's locale, British English where there is none, or the one ODESK_LOCALE names."""
    built_translations()
    import os

    code = (
        "from PySide6.QtCore import QCoreApplication, QLocale\n"
        "from odesk.ui.app import make_app\n"
        "make_app()\n"
        "print(QCoreApplication.translate('Main', '%n conflict(s)', None, 1)"
        " + '|' + QLocale().name())\n"
    )
    clean = {k: v for k, v in os.environ.items() if k not in ("LANG", "LC_ALL", "ODESK_LOCALE")}
    out = subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, "QT_QPA_PLATFORM": "offscreen", **env},
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    assert out.stdout.strip().splitlines()[-1] == expected


def test_qt_own_strings_follow_odesk_language_and_only_it(
    qapp: Any, tmp_path: Path, restore_translator: Any
) -> None:
    """With a German catalogue, Qt's standard buttons are German too (Qt's own catalogue); with
    none (British English shown), they stay English rather than half German."""
    from PySide6.QtCore import QTranslator
    from PySide6.QtWidgets import QDialogButtonBox

    def cancel_text() -> str:
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        text = box.button(QDialogButtonBox.StandardButton.Cancel).text()
        box.deleteLater()
        return text

    german = tmp_path / "odesk_de.ts"
    german.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n<TS version="2.1" language="de">'
        "<context><name>Main</name><message><source>&amp;Quit</source>"
        "<translation>&amp;Beenden</translation></message></context></TS>\n",
        encoding="utf-8",
    )
    lrelease = Path(sys.executable).parent / "pyside6-lrelease"
    subprocess.run([str(lrelease), str(german)], check=True, capture_output=True)
    english = cancel_text()
    ours = install_translator(qapp, "de_DE", tmp_path)
    try:
        assert ours is not None and ours.language() == "de"
        assert QCoreApplication.translate("Main", "&Quit") == "&Beenden"
        assert cancel_text() not in ("", english)  # "Abbrechen", from Qt's catalogue
    finally:
        qapp.removeTranslator(ours)
        for qt in ours.findChildren(QTranslator):
            qapp.removeTranslator(qt)
    assert cancel_text() == english
    fallback = install_translator(qapp, "de_DE", built_translations())
    try:
        assert fallback is not None and fallback.language() == "en_GB"
        assert cancel_text() == english and not fallback.findChildren(QTranslator)
    finally:
        qapp.removeTranslator(fallback)
