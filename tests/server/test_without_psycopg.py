"""The SQLite server runs without psycopg: the desktop bundle's embedded demo server has no
PostgreSQL driver, so nothing on the SQLite path may import it."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

CHILD = textwrap.dedent(
    """
    import sys
    sys.modules["psycopg"] = None  # any import of psycopg now fails
    from odesk.server import admin
    from odesk.server.engines import engine_for
    from odesk.server.directory import access_for, get_user
    from odesk.server.push import Device, push_changes
    from tests.server.helpers import Device as Laptop

    url = "sqlite:///" + sys.argv[1]
    admin.add_team(url, "Team A", team_id="team-a")
    admin.add_user(url, "Ana Fictional", ["practitioner"], ["team-a"], user_id="ana")
    engine = engine_for(url)
    with engine.connect() as conn:
        access = access_for(conn, get_user(conn, "ana"))
    laptop = Laptop.__new__(Laptop)
    laptop.user_id, laptop.device_id = "ana", "dev-1"
    change = {"change_id": "c-1", "device_seq": 1, "record": laptop.network("team-a")}
    answer = push_changes(engine, access, Device("dev-1", "ana"), [change])
    print(answer["results"][0]["status"])
    """
)


def test_sqlite_server_pushes_without_psycopg(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(tmp_path / "server.db")],
        capture_output=True,
        text=True,
        cwd=root,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "applied"
