"""``sentence``: the index of the sentence a fact starts in, pinned for known items."""
from pathlib import Path

import pytest

from pipeline import build

SEED = Path("corpus/seeds/000_2ba991e02224f61e.txt")


@pytest.fixture(scope="module")
def seed_record():
    [outcome] = build.extract_many([str(SEED)])
    assert outcome.error is None, outcome.error
    return outcome.record


@pytest.mark.parametrize("kind, text, start, sentence", [
    ("counts", "102个", 512, 13),
    ("counts", "近万个", 598, 14),
    ("counts", "102个", 626, 15),
    ("counts", "20个", 1347, 32),
    ("dates", "2024-11-23 08:26:56", 30, 2),
    ("organizations", "黄浦区委统战部", 1160, 27),
    ("slogans", "1+X", 790, 18),
    ("slogans", "五聚", 2433, 51),
])
def test_sentence_index_of_known_seed_facts(seed_record, kind, text, start, sentence):
    [item] = [i for i in seed_record[kind] if i["start"] == start]
    assert (item["text"], item["sentence"]) == (text, sentence)


def test_sentence_indices_of_a_short_text(extract_text):
    record = extract_text("第一句有3个基地。第二句!第三句有2023年和5家企业。\n\n新段落4个。")
    found = [(i["text"], i["sentence"]) for kind in ("counts", "dates") for i in record[kind]]
    assert sorted(found) == [("2023年", 2), ("3个", 0), ("4个", 3), ("5家", 2)]


def test_sentence_indices_never_decrease_with_offsets(seed_record):
    items = sorted((i["start"], i["sentence"]) for kind in ("counts", "dates") for i in seed_record[kind])
    assert [s for _, s in items] == sorted(s for _, s in items)
