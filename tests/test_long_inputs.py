"""Over-long and malformed numerals: no exception, no count or date longer than the numeral
bound (rules/numerals.yaml, limits.max_length), the facts around them found at exact offsets.
Facts only: no timing assertion (scripts/benchmark.py --adversarial prints the time per
character of such runs at 10k, 100k and 1M characters)."""
from __future__ import annotations

import io

import pytest

from pipeline import cli, numerals

RUN = 200_000
BEFORE = "全区共建成102个市级实践创新基地。\n"
AFTER = "\n2024年11月23日,记者获悉。"


def repeated(unit: str, length: int = RUN) -> str:
    return (unit * (length // len(unit) + 1))[:length]


@pytest.mark.parametrize("unit", ["1234567890", "一二三四五六七八九十百千万亿", "三万四千五百六十七个"],
                         ids=["digits", "chinese-numerals", "chinese-numerals-with-unit"])
def test_long_inputs_numeral_run_inside_an_article(unit, extract_text):
    run = repeated(unit)
    text = BEFORE + run + AFTER
    record = extract_text(text)
    bound = numerals.tables().max_length
    for kind in ("counts", "dates", "organizations", "slogans"):
        for item in record[kind]:
            assert text[item["start"]:item["end"]] == item["text"]
            assert item["end"] - item["start"] <= bound + 4, item
    counts = [(c["text"], c["start"], c["value"]) for c in record["counts"]]
    dates = [(d["text"], d["start"], d["value"]) for d in record["dates"]]
    assert counts[0] == ("102个", 5, 102)
    assert dates == [("2024年11月23日", len(BEFORE) + RUN + 1, "2024-11-23")]
    if unit.endswith("个"):  # a count every repetition, each one numeral bounded by the run's own units
        assert len(counts) == 1 + RUN // len(unit)
        assert all(value == 34567 for _, _, value in counts[1:])
    else:
        assert counts == [("102个", 5, 102)]


def test_long_inputs_dates_run_together(extract_text):
    unit = "2023年1月2日"
    record = extract_text(repeated(unit))
    assert [(d["start"], d["text"], d["value"]) for d in record["dates"]] == \
        [(index * len(unit), unit, "2023-01-02") for index in range(RUN // len(unit))]
    assert record["counts"] == []


def test_long_inputs_percent_words_repeated(extract_text):
    text = repeated("百分之")
    counts = extract_text(text)["counts"]
    assert counts and all(c["text"] == "百分之百" and c["value"] == 100 and text[c["start"]:c["end"]] == "百分之百"
                          for c in counts)


@pytest.mark.parametrize("text", ["1" * 5000, "一" * 320, "百分之" * 600, "九" * 41, "1" * 17])
def test_long_inputs_normalize_number_gives_no_value(text):
    assert numerals.parse_number(text) is None
    assert numerals.normalize_number(text) is None


def test_long_inputs_normalize_stdin_keeps_every_line(monkeypatch, capsys):
    lines = ["1" * 5000, "一" * 320, "百分之" * 600, "102", "两百点两"]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(lines) + "\n"))
    assert cli.main(["normalize", "number"]) == 0
    assert capsys.readouterr().out.splitlines() == ["", "", "", "102", "200.2"]
