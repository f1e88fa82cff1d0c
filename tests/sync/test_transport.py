"""Transport promises: plain HTTP only on loopback, retries that honour Retry-After, plain errors."""

from __future__ import annotations

import httpx
import pytest
import trustme

from odesk.sync.errors import ApiError, DeviceRevoked, SyncError
from odesk.sync.transport import Api, RetryPolicy, check_server_url, make_client, read_ca_file


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8470",
        "http://localhost:1/",
        "http://[::1]:9",
        "https://trust.example.nhs.uk",
    ],
)
def test_accepted_server_addresses(url: str) -> None:
    assert check_server_url(url) == url.rstrip("/")


@pytest.mark.parametrize(
    "url", ["http://trust.example.nhs.uk", "http://10.0.0.5:8470", "ftp://x", "no scheme", ""]
)
def test_refused_server_addresses(url: str) -> None:
    with pytest.raises(SyncError) as caught:
        check_server_url(url)
    assert "\n" not in str(caught.value)


class Recorder:
    def __init__(self, answers: list) -> None:
        self.answers = answers
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


def _api(answers: list, attempts: int = 5) -> tuple[Api, Recorder, list[float]]:
    recorder = Recorder(answers)
    slept: list[float] = []
    client = httpx.Client(base_url="http://127.0.0.1:1", transport=httpx.MockTransport(recorder))
    retry = RetryPolicy(attempts=attempts, base_delay=0.01, sleep=slept.append, rand=lambda: 0.5)
    return Api(client, token="tok", retry=retry), recorder, slept


def test_retries_transient_failures_then_succeeds() -> None:
    api, recorder, slept = _api(
        [
            httpx.ConnectError("refused"),
            httpx.ReadTimeout("slow"),
            httpx.Response(503, json={"error": "unavailable", "message": "busy"}),
            httpx.Response(200, content=b'{"cut'),
            httpx.Response(200, json={"ok": True}),
        ]
    )
    assert api.call("GET", "/v1/me") == {"ok": True}
    assert len(recorder.requests) == 5
    assert all(r.headers["Authorization"] == "Bearer tok" for r in recorder.requests)
    assert slept == sorted(slept) and len(slept) == 4  # exponential back-off


def test_honours_retry_after_on_429() -> None:
    api, _, slept = _api(
        [
            httpx.Response(429, headers={"Retry-After": "7"}, json={"error": "rate_limited"}),
            httpx.Response(200, json={}),
        ]
    )
    api.call("POST", "/v1/sync/push", json_body={"changes": []})
    assert slept == [7.0]


def test_gives_up_with_one_line() -> None:
    api, recorder, _ = _api([httpx.ConnectError("refused")] * 3, attempts=3)
    with pytest.raises(SyncError) as caught:
        api.call("GET", "/v1/health", auth=False)
    assert "after 3 attempts" in str(caught.value) and "\n" not in str(caught.value)
    assert "Authorization" not in recorder.requests[0].headers


def test_client_errors_are_not_retried() -> None:
    api, recorder, _ = _api(
        [httpx.Response(403, json={"error": "forbidden", "message": "not your team"})]
    )
    with pytest.raises(ApiError) as caught:
        api.call("GET", "/v1/me")
    assert caught.value.status == 403 and "not your team" in str(caught.value)
    assert len(recorder.requests) == 1


def test_revoked_device_is_told_apart() -> None:
    api, _, _ = _api([httpx.Response(401, json={"error": "device_revoked", "message": "revoked"})])
    with pytest.raises(DeviceRevoked):
        api.call("GET", "/v1/me")


def test_untrusted_certificate_fails_at_once(tmp_path) -> None:
    """A server whose certificate the CA bundle does not vouch for is refused, not retried."""
    import ssl
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    server_ca, other_ca = trustme.CA(), trustme.CA()
    cert = server_ca.issue_cert("127.0.0.1")

    class Hello(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            body = b'{"status":"ok"}'
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            return None

    httpd = HTTPServer(("127.0.0.1", 0), Hello)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    cert.configure_cert(context)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"https://127.0.0.1:{httpd.server_address[1]}"
        good = tmp_path / "good.pem"
        server_ca.cert_pem.write_to_path(str(good))
        bad = tmp_path / "bad.pem"
        other_ca.cert_pem.write_to_path(str(bad))
        with make_client(url, ca_pem=read_ca_file(str(good))) as client:
            assert Api(client).call("GET", "/v1/health", auth=False) == {"status": "ok"}
        with make_client(url, ca_pem=read_ca_file(str(bad))) as client:
            with pytest.raises(SyncError) as caught:
                Api(client, retry=RetryPolicy(attempts=5, sleep=lambda s: None)).call(
                    "GET", "/v1/health", auth=False
                )
            assert "certificate" in str(caught.value)
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_unreadable_ca_file_is_a_plain_error(tmp_path) -> None:
    junk = tmp_path / "junk.pem"
    junk.write_text("not a certificate")
    with pytest.raises(SyncError):
        read_ca_file(str(junk))
    with pytest.raises(SyncError):
        read_ca_file(str(tmp_path / "missing.pem"))
