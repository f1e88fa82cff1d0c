"""Container health check: GET /v1/health on this container's own port; exit 0 when it answers ok.

Uses the standard library only. Over TLS it skips certificate checks: the certificate names the
server's public host, not 127.0.0.1, and this probe never leaves the container.
"""

import json
import os
import ssl
import sys
import urllib.request


def main() -> int:
    port = os.environ.get("ODESK_PORT", "8470")
    tls = bool(os.environ.get("ODESK_TLS_CERT"))
    url = f"{'https' if tls else 'http'}://127.0.0.1:{port}/v1/health"
    context = ssl._create_unverified_context() if tls else None
    try:
        with urllib.request.urlopen(url, timeout=4, context=context) as response:
            body = json.load(response)
    except (OSError, ValueError) as exc:
        print(f"odesk-server health: {url}: {exc}", file=sys.stderr)
        return 1
    if body.get("status") != "ok":
        print(f"odesk-server health: {url} answered {body!r}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
