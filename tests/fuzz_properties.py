"""Properties every input must keep, and Hypothesis strategies that build inputs from a
Chinese-news alphabet; run by tests/test_fuzz.py (a few hundred inputs, in the suite) and by
scripts/fuzz.py (100,000 inputs, by hand).

Each ``check_*`` function takes one input and raises AssertionError (or whatever the
pipeline raises) when a property does not hold:
  * no exception (the reader may refuse bytes with its ReadError, nothing else);
  * offsets exact: every item's ``text == article[start:end]``;
  * numeric values finite, and the record serializes as strict JSON (no NaN, no Infinity);
  * ``normalize number`` round-trips on the values it prints: the printed value, read again
    as a number string, gives the same value (counts' values too).
"""
from __future__ import annotations

import json
import math

from hypothesis import strategies as st

import pipeline
from pipeline import dates, numerals, records
from pipeline.reader import Article, ReadError, extract_metadata, read_article

DIGITS = "0123456789０１２３４５６７８９"
CHINESE_NUMERALS = "零〇○一二两兩三四五六七八九十百千万萬亿億兆廿卅卌壹贰叁肆伍陆柒捌玖拾佰仟点點负"
DATE_CHARS = "年月日号時时分秒点半周季度旬初底末"
UNITS = "个個家人元名位次场支件所条岁%％‰批届期"
APPROX = "余多近约超逾破不到足左右上下以来內内间"
PUNCTUATION = "，。、；：！？“”‘’「」（）()《》【】—-–~～+＋.．,:：/ \"'"
WHITESPACE = " \u3000\u00a0\n\r\t"
ASCII = "AXaxz_=<>#&"
# Pieces the rules look for, so that generated texts hit them often.
WORDS = ["百分之", "千分之", "分之", "以来", "至今", "上午", "下午", "晚上", "去年", "今年", "第", "首",
         "一是", "二是", "三是", "即", "包括", "“三师”", "四群八动", "1+X", "两新组织", "个月", "小时",
         "周年", "世纪", "年代", "季度", "上半年", "中共", "市委", "统战部", "区新联会", "联谊会", "有限公司",
         "2023年", "10月26日", "2024-11-23 08:26:56", "下午3点30分", "102个", "500余万元", "140 万",
         "50.5%", "十七载", "一万万", "四万万", "亿亿", "十十", "2月30日", "25时", "\x00"]
CHARACTERS = DIGITS + CHINESE_NUMERALS + DATE_CHARS + UNITS + APPROX + PUNCTUATION + WHITESPACE + ASCII

piece = st.one_of(
    st.sampled_from(WORDS),
    st.text(alphabet=CHARACTERS, min_size=1, max_size=6),
    st.text(alphabet=DIGITS + CHINESE_NUMERALS, min_size=1, max_size=50),  # numerals, long ones too
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),             # any CJK ideograph
    st.characters(codec="utf-8"),                                          # anything at all
)
news_text = st.lists(piece, max_size=30).map("".join)
numeral_text = st.one_of(
    st.text(alphabet=DIGITS + CHINESE_NUMERALS + ",，.．分之 ", min_size=1, max_size=60),
    st.lists(st.sampled_from(["百分之", "千分之", "三分之", "万", "亿", "十", "零", "负", "点", "两"]), max_size=8)
    .flatmap(lambda words: st.text(alphabet=DIGITS + CHINESE_NUMERALS, max_size=8).map(lambda tail: "".join(words) + tail)),
    news_text,
)
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "gb18030", "big5")
article_bytes = st.one_of(
    st.binary(max_size=300),
    st.tuples(news_text, st.sampled_from(ENCODINGS)).map(lambda pair: pair[0].encode(pair[1], errors="ignore")),
)


def check_number(text: str) -> None:
    value = numerals.parse_number(text)
    if value is None:
        return
    assert isinstance(value, (int, float)) and math.isfinite(value), value
    assert_round_trip(value)


def assert_round_trip(value: int | float) -> None:
    printed = numerals.format_number(value)
    again = numerals.parse_number(printed)
    assert again == value, f"{value!r} prints as {printed!r}, which reads back as {again!r}"
    assert numerals.normalize_number(printed) == printed


def check_date(text: str) -> None:
    value = dates.normalize_date(text)
    assert value is None or isinstance(value, str) and value, value


def check_reader(data: bytes) -> None:
    try:
        article = read_article("fuzz.txt", data)
    except ReadError:
        return
    assert isinstance(article.text, str)
    json.dumps(article.metadata, ensure_ascii=False, allow_nan=False)


def extract(text: str) -> dict:
    """The record of ``text`` as one article (the metadata read from it, as the reader does)."""
    article = Article(id="fuzz", path="fuzz.txt", text=text, encoding="utf-8", sha256="0" * 64,
                      metadata=extract_metadata(text))
    return records.to_record(pipeline.process(article))


def check_extract(text: str, kinds: tuple[str, ...] = tuple(records.KIND_FIELDS)) -> None:
    record = extract(text)
    records.dumps(record)
    json.loads(json.dumps(record, ensure_ascii=False, allow_nan=False))
    for kind in kinds:
        for item in record[kind]:
            assert 0 <= item["start"] < item["end"] <= len(text), item
            assert text[item["start"]:item["end"]] == item["text"], item
            value = item.get("value")
            if kind == "counts":
                assert isinstance(value, (int, float)) and math.isfinite(value), item
                assert_round_trip(value)
            if kind == "dates":
                assert isinstance(value, str) and value, item


CHECKS = {
    "reader": (article_bytes, check_reader),
    "numerals": (numeral_text, check_number),
    "dates-normalizer": (numeral_text, check_date),
    "extract": (news_text, check_extract),
}
