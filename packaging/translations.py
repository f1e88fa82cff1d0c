"""odesk's translation catalogues: extract the strings, and compile the .qm files the app loads.

    .venv/bin/python packaging/translations.py update   # after changing user-visible strings
    .venv/bin/python packaging/translations.py build    # `make translations` (test/demo/package)

`update` runs pyside6-lupdate over src/odesk into every resources/i18n/odesk_<locale>.ts (kept
translations stay, new strings come in unfinished, strings no longer used are dropped) and fills
in British English, the language of the source strings, for every new singular string of
odesk_en_GB.ts, and both English forms of plural strings written "%n conflict(s)"; any other
plural string is left unfinished for a person to write its forms (the tests fail until then).

`build` runs pyside6-lrelease on each .ts into resources/i18n/odesk_<locale>.qm (copying Qt's own
qtbase_<language>.qm beside each further language's), and generates the pseudo-locale en_XA from
odesk_en_GB.ts: every string accented and bracketed ("⟦Śàvé⟧"), with placeholders, markup and
Alt-letters kept, so a screen showing plain English has a string that never reached the
translator. The .qm files are build output, not committed.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "src" / "odesk"
I18N = ROOT / "resources" / "i18n"
SOURCE_LOCALE = "en_GB"
PSEUDO_LOCALE = "en_XA"
BIN = Path(sys.executable).parent

PSEUDO_OPEN, PSEUDO_CLOSE = "⟦", "⟧"
_ACCENTS = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "àƀçđéƒĝĥíĵķĺɱñóþǫŕšţúṽŵẋýžÀƁÇĐÉƑĜĤÍĴĶĹṀÑÓÞǪŔŠŢÚṼŴẊÝŽ",
)
# Kept as they are: {name} fields, %1 and %n, <markup>, &entities; and the letter after an
# Alt-letter ampersand, so keyboard shortcuts still work.
_KEEP = re.compile(r"\{[^{}]*\}|%(?:n|L?\d)|<[^<>]*>|&(?:[a-zA-Z]+|#\d+);|&&|&.", re.S)


def tool(name: str) -> str:
    found = BIN / name
    return str(found) if found.exists() else name


def python_sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in SOURCES.rglob("*.py"))


def lupdate(ts_file: Path) -> None:
    """Extract every string of src/odesk into ts_file (created or merged), without locations:
    line numbers would change the catalogue with every unrelated edit."""
    subprocess.run(
        [tool("pyside6-lupdate"), "-locations", "none", "-no-obsolete", *python_sources(),
         "-ts", str(ts_file)],
        cwd=ROOT, check=True, capture_output=True, text=True,
    )  # fmt: skip


def pseudo(text: str) -> str:
    """The pseudo-locale's form of a string: accented, bracketed, placeholders kept."""
    out, last = [], 0
    for m in _KEEP.finditer(text):
        out.append(text[last : m.start()].translate(_ACCENTS))
        out.append(m.group(0))
        last = m.end()
    out.append(text[last:].translate(_ACCENTS))
    return PSEUDO_OPEN + "".join(out) + PSEUDO_CLOSE


def _numerus(message: ET.Element) -> bool:
    return message.get("numerus") == "yes"


def fill_source_language(ts_file: Path) -> int:
    """Give every unfinished singular string of the source language its own text; the number
    of plural strings still unfinished (a person writes their forms)."""
    tree = ET.parse(ts_file)
    left = 0
    for message in tree.getroot().iter("message"):
        translation = message.find("translation")
        if translation is None or translation.get("type") != "unfinished":
            continue
        source = message.findtext("source") or ""
        if _numerus(message):
            forms = translation.findall("numerusform")
            if "(s)" not in source or len(forms) != 2:
                left += 1
                continue
            # English's two forms from the "(s)" convention: "%n note(s)" -> "%n note", "%n notes"
            forms[0].text, forms[1].text = source.replace("(s)", ""), source.replace("(s)", "s")
        else:
            translation.text = source
        del translation.attrib["type"]
    write_ts(tree, ts_file)
    return left


def write_ts(tree: ET.ElementTree, ts_file: Path) -> None:
    ET.indent(tree, space="    ")
    body = ET.tostring(tree.getroot(), encoding="unicode")
    ts_file.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8"
    )


def pseudo_ts(source_ts: Path, target: Path) -> None:
    """The pseudo-locale catalogue, from the complete source-language catalogue."""
    tree = ET.parse(source_ts)
    root = tree.getroot()
    root.set("language", PSEUDO_LOCALE)
    for message in root.iter("message"):
        translation = message.find("translation")
        if translation is None:
            continue
        translation.attrib.pop("type", None)
        forms = translation.findall("numerusform")
        if forms:
            for form in forms:
                form.text = pseudo(form.text or message.findtext("source") or "")
        else:
            translation.text = pseudo(translation.text or message.findtext("source") or "")
    write_ts(tree, target)


def lrelease(ts_file: Path, qm_file: Path) -> None:
    subprocess.run(
        [tool("pyside6-lrelease"), "-silent", str(ts_file), "-qm", str(qm_file)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip


def update() -> int:
    catalogues = sorted(I18N.glob("odesk_*.ts")) or [I18N / f"odesk_{SOURCE_LOCALE}.ts"]
    for ts_file in catalogues:
        lupdate(ts_file)
        print(f"updated {ts_file.relative_to(ROOT)}")
    left = fill_source_language(I18N / f"odesk_{SOURCE_LOCALE}.ts")
    if left:
        print(f"{left} plural string(s) in odesk_{SOURCE_LOCALE}.ts need their forms written")
    return 0


def copy_qt_catalogue(ts_file: Path, out_dir: Path) -> list[Path]:
    """Qt's own catalogue (standard buttons and the like) for a shipped language, copied beside
    odesk's so the bundle, which leaves Qt's translations out, carries the ones it needs."""
    language = ET.parse(ts_file).getroot().get("language") or ""
    if not language or language.startswith("en"):
        return []
    from PySide6.QtCore import QLibraryInfo

    qt_dir = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    for name in (language, language.split("_")[0]):
        found = qt_dir / f"qtbase_{name}.qm"
        if found.exists():
            target = out_dir / found.name
            shutil.copy2(found, target)
            return [target]
    return []


def build(out_dir: Path = I18N) -> list[Path]:
    """Compile every catalogue and the pseudo-locale into out_dir; the .qm files written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for ts_file in sorted(I18N.glob("odesk_*.ts")):
        qm = out_dir / ts_file.with_suffix(".qm").name
        lrelease(ts_file, qm)
        written.append(qm)
        written.extend(copy_qt_catalogue(ts_file, out_dir))
    with tempfile.TemporaryDirectory() as tmp:
        ts_pseudo = Path(tmp) / f"odesk_{PSEUDO_LOCALE}.ts"
        pseudo_ts(I18N / f"odesk_{SOURCE_LOCALE}.ts", ts_pseudo)
        qm = out_dir / f"odesk_{PSEUDO_LOCALE}.qm"
        lrelease(ts_pseudo, qm)
        written.append(qm)
    return written


def main(argv: list[str]) -> int:
    if argv == ["update"]:
        return update()
    if argv == ["build"]:
        for qm in build():
            print(f"built {qm.relative_to(ROOT)}")
        return 0
    print(__doc__.strip().splitlines()[2:4][0], file=sys.stderr)
    print("usage: translations.py update|build", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
