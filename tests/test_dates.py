"""Dates: values never depend on the anchor; ``resolved`` fills the X from the report itself."""
import pytest

from pipeline.dates import normalize_date

HEADER = "标题\n\n发布时间:2024-11-23 08:26:56 来源: 新华网\n\n中新网 上海10月26日电(记者 张三)"


def dates_of(extract_text, text):
    return [(d["text"], d["value"], (d["resolved"] or {}).get("value")) for d in extract_text(text)["dates"]]


def test_dates_resolved_from_publication_and_dateline(extract_text):
    found = dates_of(extract_text, HEADER + "26日召开现场会,去年11月启动,2023年完成,17年来坚持。")
    assert found == [
        ("2024-11-23 08:26:56", "2024-11-23T08:26:56", None),
        ("10月26日", "XXXX-10-26", "2024-10-26"),
        ("26日", "XXXX-XX-26", "2024-10-26"),
        ("去年11月", "XXXX-11", "2023-11"),
        ("2023年", "2023", None),
        ("17年来", "P17Y", None),
    ]


def test_relative_century_resolved_from_publication(extract_text):
    found = dates_of(extract_text, HEADER + "上世纪90年代建厂，本世纪初扩建，上个世纪八十年代起步。")
    assert found[2:] == [("上世纪90年代", "XX9", "199"), ("本世纪", "XX", "20"), ("上个世纪八十年代", "XX8", "198")]


def test_dates_without_anchor_stay_unresolved(extract_text):
    assert dates_of(extract_text, "10月26日召开。") == [("10月26日", "XXXX-10-26", None)]


def test_dates_day_after_anchor_is_previous_month(extract_text):
    text = "标题\n发布时间:2024-11-03 10:00:00\n28日,会议召开。"
    assert dates_of(extract_text, text)[-1] == ("28日", "XXXX-XX-28", "2024-10-28")


@pytest.mark.parametrize("text, value", [
    ("去年11月", "XXXX-11"), ("十七载", "P17Y"), ("二〇二三年十月二十六日", "2023-10-26"),
    ("2023年第三季度", "2023-Q3"), ("晚上8点半", "T20:30"), ("近三年", "P3Y"), ("两个月", "P2M"),
    ("20世纪90年代", "199"), ("星期三", "XXXX-WXX-3"), ("星期日", None), ("13月5日", None), ("32日", None),
    ("近年来", None), ("每季度", None), ("第一批", None),
])
def test_dates_normalize(text, value):
    assert normalize_date(text) == value


def test_dates_modifiers(extract_text):
    found = {d["text"]: d["modifier"] for d in extract_text("2017年以来,将近3年,两个多月。")["dates"]}
    assert found == {"2017年以来": "since", "将近3年": "about", "两个多月": "over"}
