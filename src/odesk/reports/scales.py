"""Rating scales as data: every ``resources/scales/*.json`` file is one scale (DESIGN §3).

A scale file is ``{id, name, version, level, items: [{id, label}], score: {min, max, labels}}``;
``labels`` maps a score (as a string) to its words, lists them from ``min`` upwards, or lists
``{score, label}`` objects. Adding a
file adds a scale; a file that does not read as a scale stops loading with a one-line error naming
the file and the field.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from odesk.core.paths import resources_dir

_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$")  # the record model's id rule


class ScaleError(ValueError):
    """A scale file that cannot be used; str() is one line naming the file and field."""


@dataclass(frozen=True)
class ScaleItem:
    id: str
    label: str


@dataclass(frozen=True)
class Scale:
    id: str
    name: str
    version: str
    level: str
    items: tuple[ScaleItem, ...]
    min: int
    max: int
    labels: dict[int, str] = field(default_factory=dict)

    def label_for(self, score: int) -> str:
        return self.labels.get(score, "")

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "version": self.version,
            "level": self.level,
            "items": [{"id": i.id, "label": i.label} for i in self.items],
            "score": {
                "min": self.min,
                "max": self.max,
                "labels": {str(k): v for k, v in sorted(self.labels.items())},
            },
        }


def default_scales_dir() -> Path:
    """resources/scales of the source tree, or of a frozen bundle."""
    return resources_dir() / "scales"


def parse_scale(data: Any, source: str = "scale") -> Scale:
    """A scale from its JSON value; raises ScaleError naming ``source`` and the field."""

    def fail(path: str, message: str) -> ScaleError:
        return ScaleError(f"{source}: {path}: {message}")

    if not isinstance(data, Mapping):
        raise fail("scale", "must be a JSON object")
    for key in ("id", "name"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise fail(key, "is required (text)")
    if not _ID_RE.match(data["id"]):
        raise fail("id", "is not a valid id (letters, digits, _ . : -)")
    version = data.get("version", "1")
    if not isinstance(version, str | int | float) or isinstance(version, bool):
        raise fail("version", "must be text or a number")
    level = data.get("level", "")
    if not isinstance(level, str):
        raise fail("level", "must be text")
    parsed_items = _parse_items(data.get("items"), fail)
    low, high, labels = _parse_score(data.get("score"), fail)
    return Scale(
        id=data["id"],
        name=data["name"],
        version=str(version),
        level=level,
        items=tuple(parsed_items),
        min=low,
        max=high,
        labels=labels,
    )


_Fail = Callable[[str, str], ScaleError]


def _parse_items(items: Any, fail: _Fail) -> list[ScaleItem]:
    if not isinstance(items, list) or not items:
        raise fail("items", "must be a non-empty list")
    parsed_items: list[ScaleItem] = []
    seen: set[str] = set()
    for i, item in enumerate(items):
        if not isinstance(item, Mapping):
            raise fail(f"items[{i}]", "must be an object with id and label")
        item_id, label = item.get("id"), item.get("label")
        if isinstance(item_id, int) and not isinstance(item_id, bool):
            item_id = str(item_id)
        if not isinstance(item_id, str) or not _ID_RE.match(item_id):
            raise fail(f"items[{i}].id", "is required (letters, digits, _ . : -)")
        if item_id in seen:
            raise fail(f"items[{i}].id", f"repeats {item_id!r}")
        if not isinstance(label, str) or not label.strip():
            raise fail(f"items[{i}].label", "is required (text)")
        seen.add(item_id)
        parsed_items.append(ScaleItem(item_id, label))
    return parsed_items


def _parse_score(score: Any, fail: _Fail) -> tuple[int, int, dict[int, str]]:
    """The score's min, max and the labels of its values."""
    if not isinstance(score, Mapping):
        raise fail("score", "must be an object with min and max")
    low, high = score.get("min"), score.get("max")
    for key, value in (("min", low), ("max", high)):
        if not isinstance(value, int) or isinstance(value, bool):
            raise fail(f"score.{key}", "must be a whole number")
    assert isinstance(low, int) and isinstance(high, int)
    if high <= low:
        raise fail("score.max", "must be greater than score.min")
    raw_labels = score.get("labels") or {}
    if isinstance(raw_labels, list):
        raw_labels = _labels_from_list(raw_labels, low)
    if not isinstance(raw_labels, Mapping):
        raise fail("score.labels", "must be an object of score to text, or a list")
    labels: dict[int, str] = {}
    for key, text in raw_labels.items():
        try:
            value = int(key)
        except (TypeError, ValueError):
            raise fail(f"score.labels.{key}", "is not a whole-number score") from None
        if not low <= value <= high:
            raise fail(f"score.labels.{key}", f"is outside {low}..{high}")
        if not isinstance(text, str):
            raise fail(f"score.labels.{key}", "must be text")
        labels[value] = text
    return low, high, labels


def _labels_from_list(entries: list, low: int) -> dict[str, Any]:
    """Either texts from min upwards, or objects naming their score."""
    as_dict: dict[str, Any] = {}
    for i, entry in enumerate(entries):
        if isinstance(entry, Mapping):
            score_of = entry.get("score", entry.get("value"))
            as_dict[str(score_of)] = entry.get("label", entry.get("text"))
        else:
            as_dict[str(low + i)] = entry
    return as_dict


def load_scale(path: Path) -> Scale:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ScaleError(f"{path.name}: cannot be read ({exc.__class__.__name__})") from None
    except json.JSONDecodeError as exc:
        raise ScaleError(f"{path.name}: not JSON (line {exc.lineno}: {exc.msg})") from None
    return parse_scale(data, path.name)


def load_scales(directory: Path | str | None = None) -> dict[str, Scale]:
    """Every ``*.json`` scale in ``directory`` (default resources/scales), by id, sorted by name.

    A missing directory gives no scales; a bad file or two files with one id raise ScaleError.
    """
    folder = Path(directory) if directory is not None else default_scales_dir()
    if not folder.is_dir():
        return {}
    scales: dict[str, Scale] = {}
    origin: dict[str, str] = {}
    for path in sorted(folder.glob("*.json")):
        scale = load_scale(path)
        if scale.id in scales:
            raise ScaleError(f"{path.name}: id: {scale.id!r} is also the id of {origin[scale.id]}")
        scales[scale.id] = scale
        origin[scale.id] = path.name
    return dict(sorted(scales.items(), key=lambda kv: kv[1].name.lower()))


def scales_from_policy(policy: Mapping | None, errors: list[str] | None = None) -> dict[str, Scale]:
    """Scales the server sent in its policy (full scale objects); ids alone are skipped.

    A bad scale raises ScaleError, or, given an ``errors`` list, is left out and described there.
    """
    out: dict[str, Scale] = {}
    for i, entry in enumerate((policy or {}).get("scales") or []):
        if isinstance(entry, Mapping):
            name = entry.get("id") if isinstance(entry.get("id"), str) else i
            try:
                scale = parse_scale(entry, f"scale {name} from the server")
            except ScaleError as exc:
                if errors is None:
                    raise
                errors.append(str(exc))
                continue
            out[scale.id] = scale
    return out
