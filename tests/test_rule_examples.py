"""Every example in every rule file runs as a test (Duckling's corpus tests, Recognizers-Text's specs).

- ``examples`` of a rule: the whole text yields exactly one item of the file's stage, covering
  all of it, with the fields given (numerals: the value of the whole text).
- ``in_context``: the complete list of the stage's items in the sentence (extras fail).
- ``negatives`` (of the file or of one rule): no item of the stage at all.
"""
from __future__ import annotations

import pytest
import yaml

from pipeline import lexicon, numerals

EXTRACTOR_STAGES = ("counts", "dates", "organizations", "slogans")


def load(path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def cases():
    for path in lexicon.rule_files():
        data = load(path)
        name = path.relative_to(lexicon.RULES_DIR).as_posix()
        stage = data.get("stage")
        for rule in data.get("rules", []):
            for example in rule.get("examples", []):
                yield pytest.param(stage, "example", example, id=f"{name}::{rule['name']}::{example['text']}")
            for case in rule.get("in_context", []):
                yield pytest.param(stage, "in_context", case, id=f"{name}::{rule['name']}::{case['text'][:20]}")
            for negative in rule.get("negatives", []):
                yield pytest.param(stage, "negative", {"text": negative}, id=f"{name}::{rule['name']}::negative::{negative}")
        for example in data.get("examples", []) if stage == "numerals" else []:
            yield pytest.param(stage, "example", example, id=f"{name}::{example['text']}")
        for negative in data.get("negatives", []):
            yield pytest.param(stage, "negative", {"text": negative}, id=f"{name}::negative::{negative}")


def compare(expected: dict, item: dict) -> None:
    for key, value in expected.items():
        if key in ("text", "start", "end") or key not in item and value is None:
            assert item.get(key) == value, f"{key}: {item.get(key)!r} != {value!r}"
        elif key == "components":
            assert [c["text"] for c in item[key]] == value
        elif isinstance(value, float):
            assert item[key] == pytest.approx(value, abs=1e-6)
        else:
            assert item.get(key) == value, f"{key}: {item.get(key)!r} != {value!r} in {item}"


@pytest.mark.parametrize("stage, shape, case", list(cases()))
def test_rule_file_example(stage, shape, case, extract_text):
    if stage == "numerals":
        value = numerals.parse_number(case["text"])
        if shape == "negative":
            assert value is None
        else:
            assert value == pytest.approx(case["value"], abs=1e-6)
        return
    if stage not in EXTRACTOR_STAGES:
        pytest.fail(f"unknown stage {stage!r}")
    items = extract_text(case["text"])[stage]
    if shape == "negative":
        assert items == []
    elif shape == "example":
        assert len(items) == 1, f"expected one {stage} item, got {[i['text'] for i in items]}"
        assert items[0]["text"] == case["text"]
        compare({k: v for k, v in case.items() if k != "text"}, items[0])
    else:
        expected = case["expect"]
        assert [i["text"] for i in items] == [e["text"] for e in expected]
        for want, item in zip(expected, items):
            compare(want, item)
