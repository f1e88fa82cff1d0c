"""The hazard log (docs/safety/hazard-log.md) stays tied to the code: every hazard has controls,
every control names tests that exist, and each risk follows from its severity and likelihood."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LOG = ROOT / "docs" / "safety" / "hazard-log.md"

SEVERITIES = ["Minor", "Significant", "Considerable", "Major", "Catastrophic"]
LIKELIHOODS = ["Very low", "Low", "Medium", "High", "Very high"]
# DCB0129 risk matrix: RISK[likelihood][severity]
RISK = {
    "Very high": [3, 4, 4, 5, 5],
    "High": [2, 3, 3, 4, 5],
    "Medium": [2, 2, 3, 3, 4],
    "Low": [1, 2, 2, 3, 4],
    "Very low": [1, 1, 2, 2, 3],
}
FIELDS = ("Cause", "Effect", "Severity", "Likelihood", "Risk", "Status")

HEADING = re.compile(r"^## (HAZ-\d{2,}) (\S.*)$")
FIELD = re.compile(r"^- (\w+): (.*)$")
CONTROL = re.compile(r"^  - (\S.*)$")
TEST = re.compile(r"^    - test: `([^`]+)`")


@dataclass
class Control:
    text: str
    tests: list[str] = field(default_factory=list)


@dataclass
class Hazard:
    id: str
    title: str
    fields: dict[str, str] = field(default_factory=dict)
    controls: list[Control] = field(default_factory=list)
    stray: list[str] = field(default_factory=list)


def parse(text: str) -> list[Hazard]:
    hazards: list[Hazard] = []
    in_controls = False
    for line in text.splitlines():
        if m := HEADING.match(line):
            hazards.append(Hazard(m.group(1), m.group(2)))
            in_controls = False
            continue
        if not hazards or not line.strip():
            continue
        haz = hazards[-1]
        if line.startswith("- Controls:"):
            in_controls = True
        elif m := FIELD.match(line):
            haz.fields[m.group(1)] = m.group(2).strip()
            in_controls = False
        elif in_controls and (m := TEST.match(line)):
            if haz.controls:
                haz.controls[-1].tests.append(m.group(1))
            else:
                haz.stray.append(line)
        elif in_controls and (m := CONTROL.match(line)):
            haz.controls.append(Control(m.group(1)))
        else:
            haz.stray.append(line)
    return hazards


# Marks that keep a test from proving anything in CI: skipped, expected to fail, or deselected by
# the default `-m "not soak"` (pyproject.toml addopts).
NOT_RUN_MARKS = frozenset({"skip", "xfail", "soak"})


def _marks(decorators: list[ast.expr]) -> set[str]:
    """Names of the pytest marks among decorators (or a ``pytestmark`` value)."""
    names: set[str] = set()
    for node in decorators:
        for sub in ast.walk(node):
            if (
                isinstance(sub, ast.Attribute)
                and isinstance(sub.value, ast.Attribute)
                and sub.value.attr == "mark"
            ):
                names.add(sub.attr)
    return names


@cache
def collected_tests(path: Path) -> dict[str, frozenset[str]]:
    """The test functions pytest would collect from a file (module level and in Test classes),
    each with the pytest marks on it, its class and its module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    module_marks: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "pytestmark" for t in node.targets
        ):
            module_marks |= _marks([node.value])
    functions = ast.FunctionDef | ast.AsyncFunctionDef
    names: dict[str, frozenset[str]] = {}
    for node in tree.body:
        if isinstance(node, functions) and node.name.startswith("test"):
            names[node.name] = frozenset(module_marks | _marks(node.decorator_list))
        elif isinstance(node, ast.ClassDef) and node.name.startswith("Test"):
            class_marks = module_marks | _marks(node.decorator_list)
            for sub in node.body:
                if isinstance(sub, functions) and sub.name.startswith("test"):
                    marks = class_marks | _marks(sub.decorator_list)
                    names[f"{node.name}::{sub.name}"] = frozenset(marks)
    return names


def missing_test(ref: str) -> str | None:
    """Why `ref` (path::name, a parametrised name by its base) names no test that runs in CI,
    or None."""
    path, sep, name = ref.partition("::")
    if not sep or not name:
        return f"{ref}: not path::test_name"
    file = ROOT / path
    if (
        not path.startswith("tests/")
        or ".." in Path(path).parts
        or not file.is_file()
        or not (file.name.startswith("test_") and file.suffix == ".py")
    ):
        return f"{ref}: no such test file"
    base, bracket, _ = name.partition("[")
    marks = collected_tests(file).get(base)
    if marks is None:
        return f"{ref}: no such test in {path}"
    if not_run := sorted(marks & NOT_RUN_MARKS):
        return f"{ref}: marked {', '.join(not_run)}, so it proves nothing in CI"
    if bracket and "parametrize" not in marks:
        return f"{ref}: {base} is not parametrised"
    return None


HAZARDS = parse(LOG.read_text(encoding="utf-8"))


def test_the_log_holds_at_least_twenty_hazards_with_unique_ids() -> None:
    ids = [h.id for h in HAZARDS]
    assert len(ids) >= 20
    assert len(ids) == len(set(ids)), "a hazard id is used twice"


@pytest.mark.parametrize("hazard", HAZARDS, ids=[h.id for h in HAZARDS])
def test_every_hazard_is_complete_and_its_tests_exist(hazard: Hazard) -> None:
    problems = [f"no {name}" for name in FIELDS if not hazard.fields.get(name)]
    problems += [f"line not in the log's shape: {line!r}" for line in hazard.stray]
    if not hazard.controls:
        problems.append("no control")
    for control in hazard.controls:
        if not control.tests:
            problems.append(f"control names no test: {control.text}")
        problems += [why for ref in control.tests if (why := missing_test(ref))]
    severity, likelihood = hazard.fields.get("Severity"), hazard.fields.get("Likelihood")
    if severity not in SEVERITIES:
        problems.append(f"severity {severity!r} is not one of {SEVERITIES}")
    elif likelihood not in LIKELIHOODS:
        problems.append(f"likelihood {likelihood!r} is not one of {LIKELIHOODS}")
    else:
        expected = RISK[likelihood][SEVERITIES.index(severity)]
        if hazard.fields.get("Risk") != str(expected):
            problems.append(f"risk should be {expected} for {severity} × {likelihood}")
    assert not problems, f"{hazard.id} {hazard.title}: " + "; ".join(problems)


def test_the_checker_catches_a_missing_test_a_bare_control_and_a_wrong_risk(tmp_path: Path) -> None:
    bad = parse(
        "## HAZ-01 Something\n- Cause: c\n- Effect: e\n- Severity: Major\n- Likelihood: Low\n"
        "- Risk: 3\n- Status: open\n- Controls:\n  - a control with no test\n  - another\n"
        "    - test: `tests/test_hazard_log.py::test_that_was_removed`\n"
        "    - test: `tests/test_hazard_log.py::test_every_hazard_is_complete_and_its_tests_exist[HAZ-01]`\n"
    )
    assert len(bad) == 1 and [c.text for c in bad[0].controls] == [
        "a control with no test",
        "another",
    ]
    assert bad[0].controls[0].tests == []
    refs = bad[0].controls[1].tests
    assert missing_test(refs[0]) == f"{refs[0]}: no such test in tests/test_hazard_log.py"
    assert missing_test(refs[1]) is None  # a parametrised test by its base name
    assert missing_test("tests/nowhere.py::test_x") == "tests/nowhere.py::test_x: no such test file"
    assert RISK["Low"][SEVERITIES.index("Major")] == 3


def test_the_checker_is_not_fooled_by_tests_that_never_run_or_ids_that_do_not_exist(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A name in a helper module pytest never collects, a skipped, xfailed or soak-only test
    (deselected by default), or a parametrised id on a test that is not parametrised proves
    nothing in CI."""
    tests = tmp_path / "tests"
    tests.mkdir()
    (tests / "helpers.py").write_text("def test_in_a_helper():\n    pass\n")
    (tests / "test_real.py").write_text(
        "import pytest\n\n"
        "def test_plain():\n    pass\n\n"
        "@pytest.mark.skip(reason='later')\ndef test_skipped():\n    pass\n\n"
        "@pytest.mark.xfail\ndef test_failing():\n    pass\n\n"
        "@pytest.mark.soak\ndef test_soak_only():\n    pass\n\n"
        "@pytest.mark.parametrize('x', [1])\ndef test_param(x):\n    pass\n"
    )
    (tests / "test_marked.py").write_text(
        "import pytest\n\npytestmark = pytest.mark.skip(reason='all of it')\n\n"
        "def test_anything():\n    pass\n"
    )
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    collected_tests.cache_clear()
    try:
        assert missing_test("tests/test_real.py::test_plain") is None
        assert missing_test("tests/test_real.py::test_param[1]") is None
        for ref in (
            "tests/helpers.py::test_in_a_helper",
            "tests/test_real.py::test_skipped",
            "tests/test_real.py::test_failing",
            "tests/test_real.py::test_soak_only",
            "tests/test_real.py::test_plain[HAZ-01]",
            "tests/test_marked.py::test_anything",
            "tests/../tests/test_real.py::test_plain",
        ):
            assert missing_test(ref) is not None, ref
    finally:
        collected_tests.cache_clear()
