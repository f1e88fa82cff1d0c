"""Enrolment and sync over HTTPS: the trust's CA bundle given at enrolment is kept inside the
store and used for every later round; without it an unknown CA is refused in one plain line."""

from __future__ import annotations

import pytest
import trustme

from odesk.server import admin
from odesk.sync import SyncError, enroll
from tests.servers import run_server
from tests.sync.conftest import Trust, database
from tests.sync.devices import Device, fast_retry, network


def test_https_with_the_trusts_ca_file(request: pytest.FixtureRequest, tmp_path) -> None:
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1")
    cert_file, key_file, ca_file = tmp_path / "cert.pem", tmp_path / "key.pem", tmp_path / "ca.pem"
    cert.cert_chain_pems[0].write_to_path(str(cert_file))
    cert.private_key_pem.write_to_path(str(key_file))
    ca.cert_pem.write_to_path(str(ca_file))
    with (
        database("sqlite", request, tmp_path) as db_url,
        run_server(
            db_url, tls_cert=cert_file, tls_key=key_file, ca_file=ca_file, rate_limit=None
        ) as url,
    ):
        assert url.startswith("https://")
        trust = Trust(db_url, url, tmp_path / "devices").setup()
        stranger = Device(tmp_path, "no-ca")
        laptop = Device(tmp_path, "with-ca")
        try:
            code = admin.make_code(db_url, trust.users["ana"])
            with pytest.raises(SyncError) as caught:
                enroll(stranger.store, url, code, retry=fast_retry(3))
            assert "certificate" in str(caught.value) and "\n" not in str(caught.value)
            assert not stranger.store.meta_get("token")

            enroll(laptop.store, url, code, ca_file=str(ca_file), retry=fast_retry(3))
            ca_file.unlink()  # the bundle now lives inside the encrypted store
            laptop.store.save(network(trust.team_a))
            report = laptop.sync()
            assert report.pushed == 1 and laptop.store.pending_count() == 0
        finally:
            stranger.close()
            laptop.close()
