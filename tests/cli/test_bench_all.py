"""`make bench` (bench/run_all.py) runs every bench, keeps going past a failing one, and prints
every `P<n> ...: <ratio>x` line again at the end, sorted by number, naming the figures no bench
printed. Checked on stand-in benches: the real ones take minutes."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from .conftest import REPO


def load_run_all():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("run_all", REPO / "bench" / "run_all.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_figure_is_printed_again_and_a_failure_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    run_all = load_run_all()
    (tmp_path / "a_bench.py").write_text(
        "print('context line')\nprint('P10 unlock: 0.99x (store 600 ms)')\n"
        "print('P2 cold open and list 5 networks: 1.20x (x)')\n",
        encoding="utf-8",
    )
    (tmp_path / "b_bench.py").write_text("raise SystemExit(2)\n", encoding="utf-8")
    (tmp_path / "server_cost.py").write_text(
        "print('P8 CPU a change, one push at a time: 2.50x a raw row')\n", encoding="utf-8"
    )
    (tmp_path / "helper.py").write_text("raise SystemExit('not a bench')\n", encoding="utf-8")
    monkeypatch.setattr(run_all, "HERE", tmp_path)

    assert run_all.main([]) == 1  # b_bench failed, and the others still ran
    out = capsys.readouterr().out
    summary = out[out.index("figures of ") :].splitlines()
    assert [line.split(":")[0].strip() for line in summary[1:4]] == [
        "P2 cold open and list 5 networks",
        "P8 CPU a change, one push at a time",
        "P10 unlock",
    ]
    assert "context line" in out and "context line" not in "\n".join(summary)
    assert "not a bench" not in out
    missing = next(line for line in summary if "not printed by any bench" in line)
    assert "P1," in missing and "P16" in missing and "P2," not in missing
    assert summary[-1].strip() == "failed: b_bench.py"
