"""bench/store_bench.py runs end to end and prints its figures in the agreed form (no timing is
asserted: ratios depend on the machine)."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from .conftest import REPO


def test_store_bench_prints_every_figure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = importlib.util.spec_from_file_location("store_bench", REPO / "bench" / "store_bench.py")
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    assert bench.main(["--n", "40", "--rounds", "1", "--dir", str(tmp_path / "work")]) == 0
    out = capsys.readouterr().out
    for figure in (
        "P1 note writes",
        "P2 cold open and list 40 networks",
        "P3 full-text",
        "P10 unlock",
    ):
        assert re.search(rf"^{figure}[^:]*: \d+\.\d\dx ", out, re.M), (figure, out)
