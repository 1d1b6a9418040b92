"""Whole records: schema, exact offsets, determinism, on the seeds and on odd input."""
import json
from pathlib import Path

import jsonschema
import pytest

from pipeline import build, records

SEEDS = sorted(Path("corpus/seeds").glob("*.txt"))


@pytest.fixture(scope="module")
def seed_records():
    outcomes = list(build.extract_many([str(p) for p in SEEDS]))
    assert all(o.error is None for o in outcomes), [o.error for o in outcomes]
    return [o.record for o in outcomes]


def test_records_validate_against_schema(seed_records):
    for record in seed_records:
        jsonschema.validate(record, records.schema())


def test_records_offsets_are_exact(seed_records):
    for path, record in zip(SEEDS, seed_records):
        text = path.read_text(encoding="utf-8")
        for kind in ("counts", "dates", "organizations", "slogans"):
            for item in record[kind]:
                assert text[item["start"]:item["end"]] == item["text"]
                for part in item.get("components") or []:
                    assert text[part["start"]:part["end"]] == part["text"]


def test_records_are_deterministic(seed_records):
    again = [o.record for o in build.extract_many([str(p) for p in SEEDS], workers=2)]
    assert [records.dumps(r) for r in again] == [records.dumps(r) for r in seed_records]


def test_records_serialization_is_utf8_not_escaped(seed_records):
    text = records.dumps(seed_records[0])
    assert "实践创新基地" in text and "\\u" not in text
    assert json.loads(text) == seed_records[0]


def test_records_seed_000_facts(seed_records):
    record = seed_records[0]
    counts = [(c["text"], c["value"]) for c in record["counts"]]
    assert ("102个", 102) in counts and ("近万个", 10000) in counts
    assert {"10月26日": "XXXX-10-26", "十七载": "P17Y", "17年来": "P17Y"}.items() <= {
        d["text"]: d["value"] for d in record["dates"]}.items()


@pytest.mark.parametrize("text", ["", "1234567890,.;!?" * 50, "。。。\n\n\n", "\ufeff", "ａｂｃ１２３"])
def test_records_odd_text_gives_a_clean_record(text, extract_text):
    record = extract_text(text)
    jsonschema.validate(record, records.schema())


# A paragraph of two sentences with known facts at known offsets (in the paragraph).
PARAGRAPH = "全区建成102个实践创新基地,2023年10月26日召开现场会。中共上海市委统战部推出“四群八动”工作法,覆盖500余家企业。\n"
PARAGRAPH_FACTS = {
    "counts": [("102个", 4, 0, 102, None), ("500余家", 55, 1, 500, "over")],
    "dates": [("2023年10月26日", 15, 0, "2023-10-26", None)],
}


def test_records_long_article_is_the_paragraph_repeated(tmp_path):
    """200 KB: every repetition gives the paragraph's facts, at offsets shifted by its length,
    in sentences shifted by two; the names once, with a mention per repetition. (A 20 MB
    article is scripts/benchmark.py --large-article 20.)"""
    repetitions = 200_000 // len(PARAGRAPH)
    path = tmp_path / "long.txt"
    path.write_text(PARAGRAPH * repetitions, encoding="utf-8")
    [outcome] = build.extract_many([str(path)])
    assert outcome.error is None, outcome.error
    record = outcome.record
    for kind, facts in PARAGRAPH_FACTS.items():
        expected = [(text, k * len(PARAGRAPH) + start, k * len(PARAGRAPH) + start + len(text), k * 2 + sentence,
                     value, modifier)
                    for k in range(repetitions) for text, start, sentence, value, modifier in facts]
        found = [(i["text"], i["start"], i["end"], i["sentence"], i["value"], i["modifier"]) for i in record[kind]]
        assert len(found) == repetitions * len(facts)
        assert found == expected
    assert [(o["text"], o["start"], o["mentions"]) for o in record["organizations"]] == [("中共上海市委统战部", 32, repetitions)]
    assert [(s["text"], s["start"], s["mentions"]) for s in record["slogans"]] == [("四群八动", 44, repetitions)]
