"""Rating scales are data: a JSON file adds a scale; a bad file gives a one-line error."""

from __future__ import annotations

import json

import pytest

from odesk.reports import ScaleError, load_scales, scales_from_policy
from odesk.reports.scales import default_scales_dir

SCALE = {
    "id": "test-warmth-3",
    "name": "Warmth (test scale)",
    "version": "0.1",
    "level": "meeting",
    "items": [{"id": "w1", "label": "Warmth"}, {"id": "w2", "label": "Listening"}],
    "score": {"min": 0, "max": 3, "labels": {"0": "not at all", "3": "fully"}},
}


def write(folder, name, data):
    (folder / name).write_text(data if isinstance(data, str) else json.dumps(data))


def test_adding_a_file_adds_a_scale(tmp_path):
    write(tmp_path, "warmth.json", SCALE)
    write(
        tmp_path,
        "other.json",
        {
            **SCALE,
            "id": "b",
            "name": "Another",
            "score": {"min": 1, "max": 5, "labels": ["one", "two"]},
        },
    )
    scales = load_scales(tmp_path)
    assert list(scales) == ["b", "test-warmth-3"]  # sorted by name
    warmth = scales["test-warmth-3"]
    assert [i.id for i in warmth.items] == ["w1", "w2"]
    assert (warmth.min, warmth.max, warmth.label_for(3)) == (0, 3, "fully")
    assert scales["b"].labels == {1: "one", 2: "two"}
    assert warmth.to_dict()["score"]["labels"] == {"0": "not at all", "3": "fully"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "warmth.json: not JSON (line 1"),
        ({**SCALE, "items": []}, "warmth.json: items: must be a non-empty list"),
        ({**SCALE, "items": [{"id": "w1"}]}, "warmth.json: items[0].label: is required"),
        ({**SCALE, "items": [{"id": "w 1", "label": "x"}]}, "warmth.json: items[0].id"),
        ({**SCALE, "items": [{"id": "a", "label": "x"}] * 2}, "items[1].id: repeats 'a'"),
        ({**SCALE, "score": {"min": 3, "max": 3}}, "score.max: must be greater than score.min"),
        ({**SCALE, "score": {"min": 0, "max": 2, "labels": {"7": "x"}}}, "score.labels.7"),
        ({k: v for k, v in SCALE.items() if k != "name"}, "warmth.json: name: is required"),
        ([1, 2], "warmth.json: scale: must be a JSON object"),
    ],
)
def test_a_bad_file_gives_a_one_line_error(tmp_path, content, message):
    write(tmp_path, "warmth.json", content)
    with pytest.raises(ScaleError) as caught:
        load_scales(tmp_path)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_two_files_with_one_id_are_refused(tmp_path):
    write(tmp_path, "a.json", SCALE)
    write(tmp_path, "b.json", SCALE)
    with pytest.raises(ScaleError, match="b.json: id: 'test-warmth-3' is also the id of a.json"):
        load_scales(tmp_path)


def test_labels_as_score_objects(tmp_path):
    score = {
        "min": 0,
        "max": 2,
        "labels": [{"score": 0, "label": "no"}, {"value": 2, "label": "yes"}],
    }
    write(tmp_path, "s.json", {**SCALE, "score": score})
    assert load_scales(tmp_path)["test-warmth-3"].labels == {0: "no", 2: "yes"}


def test_missing_folder_gives_no_scales(tmp_path):
    assert load_scales(tmp_path / "absent") == {}


def test_the_shipped_scales_all_load():
    assert default_scales_dir().name == "scales"
    for scale in load_scales().values():
        assert scale.items and scale.max > scale.min


def test_scales_sent_in_the_server_policy():
    scales = scales_from_policy({"scales": [SCALE, "just-an-id"]})
    assert list(scales) == ["test-warmth-3"]
    assert scales_from_policy(None) == {}
