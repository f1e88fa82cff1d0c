"""First-run wizard: passphrase rules, the store created off the UI thread, recovery key, offline."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QWizard

from odesk.store import Store
from odesk.ui.wizard import SetupWizard
from odesk.vault import TEST_PARAMS
from tests.ui.conftest import PASSPHRASE


def test_wizard_creates_store_offers_recovery_key_and_works_offline(
    qtbot: Any, tmp_path: Path
) -> None:
    data_dir = tmp_path / "store"
    wiz = SetupWizard(data_dir, kdf_params=TEST_PARAMS, allow_weak_kdf=True)
    qtbot.addWidget(wiz)
    wiz.show()
    page = wiz.passphrase_page
    next_button = wiz.button(QWizard.WizardButton.NextButton)

    page.first.setText("password1")
    page.second.setText("password1")
    assert not next_button.isEnabled()  # too weak
    assert "Too easy" in page.verdict.text()
    page.first.setText(PASSPHRASE)
    page.second.setText(PASSPHRASE + "x")
    assert not next_button.isEnabled()  # the two differ
    page.second.setText(PASSPHRASE)
    assert next_button.isEnabled()
    assert not Store.exists(data_dir)

    wiz.next()
    qtbot.waitUntil(lambda: wiz.store is not None, timeout=20_000)
    assert Store.exists(data_dir)
    rec = wiz.recovery_page
    rec.make.click()
    key = rec.key_view.text()
    assert key
    assert rec.save_to(str(tmp_path / "recovery.txt"))
    assert key in (tmp_path / "recovery.txt").read_text()
    # Written whole and synced by odesk.core.files, readable by its owner only, no temp left.
    assert (tmp_path / "recovery.txt").stat().st_mode & 0o777 == 0o600
    assert not list(tmp_path.glob(".recovery.txt*"))

    wiz.next()
    assert wiz.connect_page.offline.isChecked()
    store = wiz.store
    wiz.accept()
    assert wiz.result() == 1
    store.close()
    # the passphrase chosen opens it; the recovery key does too
    Store.open(data_dir, PASSPHRASE, allow_weak_kdf=True).close()
    Store.open_with_recovery(
        data_dir, key, "another long passphrase here", kdf_params=TEST_PARAMS, allow_weak_kdf=True
    ).close()


def test_wizard_connect_shows_a_clear_error_for_a_bad_address(qtbot: Any, tmp_path: Path) -> None:
    wiz = SetupWizard(tmp_path / "s", kdf_params=TEST_PARAMS, allow_weak_kdf=True)
    qtbot.addWidget(wiz)
    wiz.show()
    wiz.passphrase_page.first.setText(PASSPHRASE)
    wiz.passphrase_page.second.setText(PASSPHRASE)
    wiz.next()
    qtbot.waitUntil(lambda: wiz.store is not None, timeout=20_000)
    wiz.next()
    page = wiz.connect_page
    page.online.setChecked(True)
    page.url.setText("http://192.0.2.1:8470")  # not loopback: plain http refused
    page.code.setText("ABC")
    wiz.next()
    qtbot.waitUntil(lambda: bool(page.error.text()), timeout=10_000)
    assert "\n" not in page.error.text().strip()
    assert wiz.currentPage() is page
    wiz.store.close()


def test_wizard_enrols_with_a_real_server(qtbot: Any, tmp_path: Path) -> None:
    from odesk.server import admin
    from odesk.server.engines import forget_engine
    from tests.servers import run_server

    (tmp_path / "server").mkdir()
    db = f"sqlite:///{tmp_path / 'server' / 'server.db'}"
    team = admin.add_team(db, "Fictional POD")
    user = admin.add_user(db, "Pat Fictional", ["practitioner"], [team])
    try:
        with run_server(db, rate_limit=None) as url:
            wiz = SetupWizard(tmp_path / "s", kdf_params=TEST_PARAMS, allow_weak_kdf=True)
            qtbot.addWidget(wiz)
            wiz.show()
            wiz.passphrase_page.first.setText(PASSPHRASE)
            wiz.passphrase_page.second.setText(PASSPHRASE)
            wiz.next()
            qtbot.waitUntil(lambda: wiz.store is not None, timeout=20_000)
            wiz.next()
            page = wiz.connect_page
            page.online.setChecked(True)
            page.url.setText(url)
            page.code.setText("WRONG-CODE")
            wiz.button(QWizard.WizardButton.FinishButton).click()
            qtbot.waitUntil(lambda: bool(page.error.text()), timeout=20_000)
            assert wiz.isVisible() and not page.enrolled
            page.code.setText(admin.make_code(db, user))
            with qtbot.waitSignal(wiz.accepted, timeout=20_000):
                wiz.button(QWizard.WizardButton.FinishButton).click()
            store = wiz.store
            assert store.meta_get("user")["id"] == user
            assert store.user_id == user
            store.close()
    finally:
        forget_engine(db)


def test_going_back_and_choosing_another_passphrase_rekeys_the_store(
    qtbot: Any, tmp_path: Path
) -> None:
    from odesk.store import StoreError

    data_dir = tmp_path / "store"
    wiz = SetupWizard(data_dir, kdf_params=TEST_PARAMS, allow_weak_kdf=True)
    qtbot.addWidget(wiz)
    wiz.show()
    page, rec = wiz.passphrase_page, wiz.recovery_page
    page.first.setText(PASSPHRASE)
    page.second.setText(PASSPHRASE)
    wiz.button(QWizard.WizardButton.NextButton).click()
    qtbot.waitUntil(rec.isComplete, timeout=20_000)
    rec.make.click()
    key = rec.key_view.text()

    back = wiz.button(QWizard.WizardButton.BackButton)
    assert back.isEnabled()
    back.click()
    assert wiz.currentPage() is page
    final = "a quite different passphrase of many words"
    page.first.setText(final)
    page.second.setText(final)
    wiz.button(QWizard.WizardButton.NextButton).click()
    assert not rec.isComplete()  # not until the store is keyed with the new one
    qtbot.waitUntil(rec.isComplete, timeout=20_000)
    assert "ready" in rec.state.text()

    # and once more, going back and keeping the same passphrase changes nothing
    back.click()
    wiz.button(QWizard.WizardButton.NextButton).click()
    assert rec.isComplete()

    wiz.button(QWizard.WizardButton.NextButton).click()
    store = wiz.store
    wiz.accept()
    store.close()
    with pytest.raises(StoreError):
        Store.open(data_dir, PASSPHRASE, allow_weak_kdf=True)  # the abandoned one
    Store.open(data_dir, final, allow_weak_kdf=True).close()
    Store.open_with_recovery(  # the recovery key made before still opens it
        data_dir, key, "yet another long passphrase", kdf_params=TEST_PARAMS, allow_weak_kdf=True
    ).close()
