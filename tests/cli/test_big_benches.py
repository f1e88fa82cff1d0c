"""bench/big_device_bench.py and bench/rush_bench.py run end to end at a tiny size and print
their figures in the agreed form (no timing is asserted: ratios depend on the machine)."""

from __future__ import annotations

import importlib.util
import re
from types import ModuleType
from typing import Any

import pytest

from .conftest import REPO


def load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, REPO / "bench" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    return bench


def test_big_device_bench_prints_its_figures(capsys: pytest.CaptureFixture[str]) -> None:
    bench = load("big_device_bench")
    args = ["--records", "150", "--networks", "3", "--bare-runs", "1", "--weak-kdf"]
    args += ["--laptops", "practitioner"]
    assert bench.main(args) == 0
    out = capsys.readouterr().out
    first = re.search(
        r"^P12 big device first list: \d+\.\dx bare window \(.*pull of (\d+) ", out, re.M
    )
    assert first, out
    assert int(first.group(1)) > 100, out  # every seeded record reached the new store
    assert re.search(r"^P13 big device memory: \d+\.\d\dx .*\(\+-?\d+ MB ", out, re.M), out


def test_rush_bench_prints_its_figures(
    postgresql_proc: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    bench = load("rush_bench")
    db = f"postgresql://{postgresql_proc.user}@{postgresql_proc.host}:{postgresql_proc.port}"
    args = ["--db", db, "--devices", "4", "--records", "100", "--page", "40"]
    args += ["--push-devices", "3", "--push-batches", "2", "--push-batch", "5"]
    args += ["--quiet-rounds", "1", "--push-rounds", "1"]
    assert bench.main(args) == 0
    out = capsys.readouterr().out
    assert re.search(r"^rush: 4 devices, .* 4 complete, 0 failed", out, re.M), out
    assert re.search(r"^CPU during the rush .* server workers ", out, re.M), out
    assert re.search(r"^P14 rush pull p99/median: \d+\.\d\dx ", out, re.M), out
    assert re.search(r"^P15 push during rush: \d+\.\d\dx raw INSERT rate ", out, re.M), out
