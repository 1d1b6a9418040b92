"""``resolved`` across a year boundary: a day still to come in January is last December's,
and a dateline later than the publication date is last year's."""
import pytest

JANUARY = "标题\n\n发布时间:2025-01-05 08:00:00 来源: 新华网\n\n28日,会议召开。2日,去年11月。"
DATELINE_AFTER = ("标题\n\n发布时间:2025-01-03 08:00:00 来源: 新华网\n\n中新网 上海12月30日电(记者 张三)"
                  "26日召开,10月26日启动,去年11月开始。")


def resolved(extract_text, text):
    return {d["text"]: (d["resolved"] or {}).get("value") for d in extract_text(text)["dates"]}


def test_resolved_day_after_a_january_anchor_is_last_december(extract_text):
    found = resolved(extract_text, JANUARY)
    assert found["28日"] == "2024-12-28"
    assert found["2日"] == "2025-01-02"      # a day already past: this January
    assert found["去年11月"] == "2024-11"


def test_resolved_dateline_after_publication_is_last_year(extract_text):
    found = resolved(extract_text, DATELINE_AFTER)
    assert found["12月30日"] == "2024-12-30"  # the dateline itself, dated from the report
    assert found["26日"] == "2024-12-26"      # the dateline's month, of last year
    assert found["10月26日"] == "2024-10-26"
    assert found["去年11月"] == "2023-11"     # 去年 counts from the dateline's year


def test_resolved_anchor_names_both_sources(extract_text):
    [item] = [d for d in extract_text(DATELINE_AFTER)["dates"] if d["text"] == "26日"]
    assert item["resolved"]["anchor"] == "published 2025-01-03 08:00:00; dateline 中新网 上海12月30日电"


@pytest.mark.parametrize("published, dateline, expected", [
    ("2025-01-03", "12月30日", {"year": 2024, "month": 12, "day": 30}),
    ("2025-01-03", "1月2日", {"year": 2025, "month": 1, "day": 2}),
    ("2025-01-03", "1月3日", {"year": 2025, "month": 1, "day": 3}),
    ("2024-11-23", "10月26日", {"year": 2024, "month": 10, "day": 26}),
])
def test_resolved_anchor_year(published, dateline, expected, nlp):
    from pipeline import dates

    doc = nlp.make_doc("x")
    doc._.metadata = {"published": f"{published} 08:00:00", "dateline": f"中新网 上海{dateline}电"}
    anchor = dates.anchor(doc)
    assert {key: anchor[key] for key in ("year", "month", "day")} == expected
