"""Counts: values, units, modifiers, objects, and what is not a count."""


def counts_of(extract_text, text):
    return [(c["text"], c["value"], c["unit"], c["modifier"]) for c in extract_text(text)["counts"]]


def test_counts_guide_examples(extract_text):
    text = "建成102个基地,近万个阵地,入驻超1000家,300余家企业,投入500余万元,重庆有 140 万新的社会阶层人士,占50.5%,百分之五十。"
    assert counts_of(extract_text, text) == [
        ("102个", 102, "个", None), ("近万个", 10000, "个", "about"), ("超1000家", 1000, "家", "over"),
        ("300余家", 300, "家", "over"), ("500余万元", 5000000, "元", "over"),
        ("140 万", 1400000, None, None), ("50.5%", 50.5, "%", None), ("百分之五十", 50, "%", None),
    ]


def test_counts_not_from_ordinals_years_congresses_idioms_articles(extract_text):
    text = ("党的十九大和二十大以来,第一批、第二届、首批基地于2023年建成,"
            "形成一盘棋,培育一大批人才,推进一体化,深入一线,选准一个好带头人,一浪又一浪。")
    assert counts_of(extract_text, text) == []


def test_counts_not_inside_durations(extract_text):
    assert counts_of(extract_text, "坚持了三个月,成立17年来。") == []


def test_counts_object_is_the_head_noun(extract_text):
    record = extract_text("全区共建成102个市级实践创新基地,全国49个城市参加。")
    assert [c["object"] for c in record["counts"]] == ["实践创新基地", "城市"]


def test_counts_number_after_letters_is_no_count(extract_text):
    assert counts_of(extract_text, "型号A320个体") == []
