"""Every example in every rule file runs as a test (Duckling's corpus tests, Recognizers-Text's specs).

- ``examples`` of a rule: the whole text yields exactly one item of the file's stage, covering
  all of it, produced by that rule (``item.rule == stage/name``), with every field the guide
  defines for the kind (``GUIDE_FIELDS``) equal to the example's: a field the example leaves
  out is expected null (numerals: the value of the whole text).
- ``in_context``: the complete list of the stage's items in the sentence (extras fail), with
  the fields given (fields left out are not compared). The organizations stage's items are the
  record's organizations and the employers it files under persons (``stage_items``): a body
  named only in a title is still the stage's name.
- ``negatives`` (of the file or of one rule): no item of the stage at all.
- every rule of an extractor stage produces at least one item of its examples or in_context.
"""
from __future__ import annotations

import pytest
import yaml

from pipeline import lexicon, numerals, records

EXTRACTOR_STAGES = ("counts", "dates", "organizations", "slogans", "persons", "places")
# The fields of each kind that the extraction guide defines (an example's missing key: null;
# slogans' components: []). `resolved` needs a publication date, which an example has not.
GUIDE_FIELDS = {
    "counts": ("value", "unit", "modifier", "object"),
    "dates": ("value", "modifier", "resolved"),
    "organizations": ("name",),
    "slogans": ("components",),
    "persons": ("title",),
    "places": (),
}


def load(path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def cases():
    for path in lexicon.rule_files():
        data = load(path)
        name = path.relative_to(lexicon.RULES_DIR).as_posix()
        stage = data.get("stage")
        for rule in data.get("rules", []):
            for example in rule.get("examples", []):
                yield pytest.param(stage, "example", {**example, "rule": f"{stage}/{rule['name']}"},
                                   id=f"{name}::{rule['name']}::{example['text']}")
            for case in rule.get("in_context", []):
                yield pytest.param(stage, "in_context", case, id=f"{name}::{rule['name']}::{case['text'][:20]}")
            for negative in rule.get("negatives", []):
                yield pytest.param(stage, "negative", {"text": negative}, id=f"{name}::{rule['name']}::negative::{negative}")
        for example in data.get("examples", []) if stage == "numerals" else []:
            yield pytest.param(stage, "example", example, id=f"{name}::{example['text']}")
        for negative in data.get("negatives", []):
            yield pytest.param(stage, "negative", {"text": negative}, id=f"{name}::negative::{negative}")
        for case in data.get("in_context", []):   # the file's own: what its settings do to any rule's items
            yield pytest.param(stage, "in_context", case, id=f"{name}::in_context::{case['text'][:20]}")


def stage_items(record: dict, stage: str) -> list[dict]:
    """The record's items of a stage; of organizations, those the record files with a person
    as the employers its title names too, once per text at the first mention."""
    if stage != "organizations":
        return record[stage]
    employers = [employer for person in record["persons"] for employer in person["employers"]]
    return records.first_mentions(sorted(record[stage] + employers, key=lambda item: item["start"]))


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


def complete(stage: str, example: dict) -> dict:
    """The example with every guide field of its kind: null (components: []) where left out."""
    defaults = {name: [] if name == "components" else None for name in GUIDE_FIELDS[stage]}
    return {**defaults, **example}


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
    items = stage_items(extract_text(case["text"]), stage)
    if shape == "negative":
        assert items == []
    elif shape == "example":
        assert len(items) == 1, f"expected one {stage} item, got {[i['text'] for i in items]}"
        assert items[0]["text"] == case["text"]
        assert items[0]["rule"] == case["rule"], f"produced by {items[0]['rule']}, filed under {case['rule']}"
        compare({k: v for k, v in complete(stage, case).items() if k not in ("text", "rule")}, items[0])
    else:
        expected = case["expect"]
        assert [i["text"] for i in items] == [e["text"] for e in expected]
        for want, item in zip(expected, items):
            compare(want, item)


def producing_rules():
    for path in lexicon.rule_files():
        data = load(path)
        stage = data.get("stage")
        if stage not in EXTRACTOR_STAGES:
            continue
        for rule in data.get("rules", []):
            texts = [e["text"] for e in rule.get("examples", [])] + [c["text"] for c in rule.get("in_context", [])]
            if texts or not rule.get("negatives"):  # a rule with only negatives hides text (exclusions)
                yield pytest.param(stage, rule["name"], texts,
                                   id=f"{path.relative_to(lexicon.RULES_DIR).as_posix()}::{rule['name']}")


@pytest.mark.parametrize("stage, name, texts", list(producing_rules()))
def test_rule_produces_one_of_its_examples(stage, name, texts, extract_text):
    produced = {item["rule"] for text in texts for item in stage_items(extract_text(text), stage)}
    assert f"{stage}/{name}" in produced, f"no example or in_context of {stage}/{name} comes from it: {sorted(produced)}"
