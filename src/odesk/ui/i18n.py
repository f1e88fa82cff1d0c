"""Translation: named contexts for module code, and the translator the app loads at start.

`pyside6-lupdate` files a string by how it is looked up: `self.tr("…")` under the class's name,
`QCoreApplication.translate("Ctx", "…")` under "Ctx", and `Name.tr("…")` under "Name". A bare
`tr("…")` helper would be filed under the empty context while the app asked for a named one, so
a finished translation would never show. Module code therefore writes

    Wizard = Context("Wizard")
    Wizard.tr("Choose a passphrase")

where the variable's name and the context are the same word, so both sides agree.
Plurals: `Ctx.tr("%n conflict(s)", "", n)`; the translation holds one form per plural rule.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from odesk.core.paths import resources_dir

# Where the compiled catalogues are (`make translations` writes them beside the .ts sources).
TRANSLATIONS_DIR = resources_dir() / "i18n"
# A locale name (en_GB, en_XA for the pseudo-locale…) overriding the system's, for tests and
# for translators checking their work.
LOCALE_ENV = "ODESK_LOCALE"
# The pseudo-locale: every string accented and bracketed, so untranslated text stands out.
PSEUDO_LOCALE = "en_XA"
# The language the source strings are written in.
SOURCE_LOCALE = "en_GB"


class Context:
    """A translation context for code outside a class: `Ctx.tr(text)` like `self.tr(text)`."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def tr(self, text: object, disambiguation: str | None = None, n: int = -1) -> str:
        # object: QT_TRANSLATE_NOOP, which marks strings kept for later, is typed as one
        return QCoreApplication.translate(self.name, str(text), disambiguation, n)


def install_translator(
    app: QCoreApplication, locale_name: str | None = None, directory: Path | None = None
) -> QTranslator | None:
    """Load odesk's catalogue for the user's locale and install it; the translator, or None.

    The locale is `locale_name`, else $ODESK_LOCALE, else the system's; it also becomes the
    default QLocale, so dates and numbers follow it. With no catalogue for that locale the
    British English one is loaded (the source strings' language: it writes their plural forms).
    """
    name = locale_name or os.environ.get(LOCALE_ENV, "").strip()
    # An explicit name is taken as it is: en_XA has no entry in Qt's locale database.
    locale = QLocale(name) if name else QLocale.system()
    QLocale.setDefault(locale)
    folder = str(directory or TRANSLATIONS_DIR)
    translator = QTranslator(app)
    loaded = (
        translator.load(f"odesk_{name}", folder)
        if name
        else translator.load(locale, "odesk", "_", folder)
    ) or translator.load(f"odesk_{SOURCE_LOCALE}", folder)
    if not loaded:
        return None
    app.installTranslator(translator)
    install_qt_translator(app, translator, folder)
    return translator


def install_qt_translator(app: QCoreApplication, ours: QTranslator, folder: str) -> None:
    """Qt's own strings (standard buttons, the wizard's Back and Next) in the language odesk's
    catalogue is in, never in another: a dialog half in the laptop's language and half in
    English helps nobody. Looked for beside odesk's catalogues, then in Qt's own folder."""
    language = ours.language()
    if not language or language.startswith("en"):
        return  # Qt's strings are English already
    qt = QTranslator(ours)  # goes with odesk's translator
    for where in (folder, QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        if qt.load(QLocale(language), "qtbase", "_", where):
            app.installTranslator(qt)
            return
