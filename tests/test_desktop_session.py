"""The desktop tier cannot silently vanish: a missing tool skips it on a developer's machine, and
fails it in CI (CI set) or with ODESK_REQUIRE_DESKTOP=1, which .ci/run exports."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.desktop_session import need_tool

ROOT = Path(__file__).resolve().parents[1]


def test_a_missing_tool_skips_on_a_developer_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("ODESK_REQUIRE_DESKTOP", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no-such-x-server is not installed"):
        need_tool("no-such-x-server", "xvfb")


@pytest.mark.parametrize("var", ["CI", "ODESK_REQUIRE_DESKTOP"])
def test_a_missing_tool_fails_where_the_tier_is_required(
    monkeypatch: pytest.MonkeyPatch, var: str
) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("ODESK_REQUIRE_DESKTOP", raising=False)
    monkeypatch.setenv(var, "1")
    with pytest.raises(pytest.fail.Exception, match="no-such-x-server is not installed"):
        need_tool("no-such-x-server", "xvfb")


def test_ci_requires_the_tier() -> None:
    assert "export ODESK_REQUIRE_DESKTOP=1" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
