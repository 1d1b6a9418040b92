"""Every enumeration of a report, as candidates for a slogan's parts."""
from pipeline import enumerations


def texts(text, kind):
    return [[text[s:e] for s, e in found.items] for found in enumerations.enumerations(text) if found.kind == kind]


def test_lists_split_at_the_last_conjunction_and_keep_short_quotes_whole():
    text = "联动律师、注册会计师和税务师,开展“法律体检、财税诊断”、“政策宣讲”。"
    assert texts(text, "list") == [["联动律师", "注册会计师", "税务师"], ["开展“法律体检、财税诊断", "政策宣讲"]]


def test_a_lists_last_item_may_run_on_with_the_rest_of_its_clause():
    text = "由红花岗区总工会、交通运输局、福田奥铃遵义祿恒4S店联合承办的“凝新聚力”活动在遵义市举行,吸引了众多货车司机参加。"
    assert texts(text, "list") == [["由红花岗区总工会", "交通运输局", "福田奥铃遵义祿恒4S店联合承办的“凝新聚力”活动在遵义市举行"]]


def test_a_long_quotation_is_speech_whose_lists_count():
    text = "“我们努力实现小事不出网格、大事不出社区、难事不出街道,把矛盾化解在基层。”书记说。"
    assert ["我们努力实现小事不出网格", "大事不出社区", "难事不出街道"] in texts(text, "list")


def test_quoted_items_joined_by_and():
    text = "围绕“统战聚力”“人士给力”和“发展出力”的要求。"
    assert texts(text, "quoted") == [["统战聚力", "人士给力", "发展出力"]]


def test_ordinal_runs_start_anew_at_one():
    text = "一是建清单,二是建机制。另外,一是抓学习,二是抓实践,三是抓总结。"
    assert texts(text, "ordinal") == [["建清单", "建机制"], ["抓学习", "抓实践", "抓总结"]]


def test_paragraph_openings_that_begin_alike():
    text = "标题\n坚持思想引领,筑牢基础\n正文说的是很长很长很长很长很长很长的一件事,没有别的。\n坚持阵地联建,共享资源\n"
    assert texts(text, "openings") == [["坚持思想引领", "坚持阵地联建"]]
    assert [text[s:e] for s, e in enumerations.paragraph_openings(text)] == ["标题", "坚持思想引领", "坚持阵地联建"]


def test_a_list_inside_one_quotation_is_an_enumeration():
    text = "主要以“政治引领好、队伍建设好、服务发展好”为评选内容。"
    found = [[text[s:e] for s, e in e.items] for e in enumerations.enumerations(text) if e.kind == "quoted"]
    assert found == [["政治引领好", "队伍建设好", "服务发展好"]]


def test_ordinals_may_carry_a_measure_word():
    text = "第一步，摸清底数；第二步，建立台账；第三步，精准对接。"
    found = [[text[s:e] for s, e in e.items] for e in enumerations.enumerations(text) if e.kind == "ordinal"]
    assert found == [["摸清底数", "建立台账", "精准对接"]]
