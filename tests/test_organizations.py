"""The organizations stage (pipeline/organizations.py, rules/organizations/): names as the
maximal name written, short forms as actors, what is not an organization, names built from
the report's own context, and the rule file's own examples."""
from pathlib import Path

import pytest
import yaml

import pipeline
import pipeline.organizations
from pipeline import evaluate, lexicon, reader, records

ROOT = Path(__file__).resolve().parent.parent


def spans(nlp, text):
    doc = nlp(text)  # a SpanGroup lives only as long as its Doc
    return list(doc.spans["organizations"])


def found(nlp, text):
    return [span.text for span in spans(nlp, text)]


def by_text(nlp, text):
    return {span.text: span for span in spans(nlp, text)}


def test_organizations_guide_examples(nlp):
    text = ("在中共上海市委统战部的指导下,嘉定区委统战部、区委统战部与中央统战部、共青团上海市委、区侨联、"
            "区红十字会、区新联会、城阳区新的社会阶层代表人士联合会、天安数码城外商投资企业管理技术人员联谊会座谈,"
            "上海电视台、新民晚报、中新网报道,上海市科技创业中心参加。")
    assert found(nlp, text) == [
        "中共上海市委统战部", "嘉定区委统战部", "区委统战部", "中央统战部", "共青团上海市委", "区侨联", "区红十字会",
        "区新联会", "城阳区新的社会阶层代表人士联合会", "天安数码城外商投资企业管理技术人员联谊会", "上海电视台",
        "新民晚报", "中新网", "上海市科技创业中心"]


def test_organizations_maximal_name_not_its_parts(nlp):
    assert found(nlp, "中共上海市委统战部精心指导。") == ["中共上海市委统战部"]
    assert found(nlp, "上海市黄浦区委统战部打造平台。") == ["上海市黄浦区委统战部"]
    assert found(nlp, "获中央统战部八局来函肯定。") == ["中央统战部八局"]


def test_organizations_meeting_is_no_organization(nlp):
    text = "区委书记办公会、区委常委会多次听取汇报,区委统战部部长办公会每季度研究部署。"
    assert found(nlp, text) == []


def test_organizations_coordinated_short_forms_are_actors(nlp):
    assert found(nlp, "在市委、市政府的领导下,在区委的高度重视下推进。") == ["市委", "市政府", "区委"]
    assert found(nlp, "为落实中央、省委、市委和区委关于加强统战工作的要求。") == ["中央", "省委", "市委", "区委"]


def test_organizations_short_form_in_a_title_is_no_actor(nlp):
    assert found(nlp, "区委书记杲云表示,统战部部长卢正介绍,新联会负责人参加。") == []


def test_organizations_across_a_line_break(nlp):
    text = "成立于2014年的宁川市新的社会阶层人士\n联谊会目前有会员386名。"
    made = spans(nlp, text)
    assert [s.text for s in made] == ["宁川市新的社会阶层人士\n联谊会"]
    assert made[0]._.name == "宁川市新的社会阶层人士联谊会"
    assert found(nlp, "区委统战部新的社会阶层人士工作科、区\n委统战部参加。") == [
        "区委统战部新的社会阶层人士工作科", "区\n委统战部"]


def test_organizations_lines_of_a_list_are_not_joined(nlp):
    # one name a line, no punctuation on either side of the break: a list, not a wrapped sentence
    text = "入选单位名单如下：\n浙江北辰律师事务所\n黄岩区模具行业协会\n台州黄岩恩泽康复医院\n"
    assert found(nlp, text) == ["浙江北辰律师事务所", "黄岩区模具行业协会", "台州黄岩恩泽康复医院"]
    # a line whose end the rules do not read as a name runs into the next line's name if joined
    names = found(nlp, "入选单位：\n台州信达联合会计师事务所黄岩分所\n台州黄岩恩泽康复医院\n")
    assert "台州黄岩恩泽康复医院" in names and not any("\n" in name for name in names)
    # lines that name nothing alone name nothing joined (恩泽康复 + 模具行业协会 is no name)
    assert found(nlp, "获奖名单：\n恩泽康复\n模具行业协会\n") == []


def test_organizations_heading_is_not_joined_to_the_longer_line_after_it(nlp):
    # a source line, a breadcrumb: no clause's punctuation, shorter than the line after it
    text = "2015年07月13日 15:28:00来源:中国台湾网\n中国台湾网7月13日梧州讯 7月8日,梧州市台办召开会议。"
    assert found(nlp, text) == ["中国台湾网", "中国台湾网", "梧州市台办"]
    assert found(nlp, "首页 > 统战要闻 > 正文\n市委常委、统战部部长出席并讲话,市委统战部主持。") == ["市委统战部"]
    # a wrapped line of a sentence is as long as the next one: joined
    assert found(nlp, "区新联会副会长、哈尔滨\n北辰会计师事务所所长出席。") == ["区新联会", "哈尔滨\n北辰会计师事务所"]


def test_organizations_twin_name_cut_off_at_the_text_end(nlp):
    # a report cut off inside the bracket of a name's other name: no bracket closes it
    text = "如今，他已是江门市欧美同学会副会长。\n\n江门市欧美同学会（江门市留学人员联谊会"
    assert found(nlp, text) == ["江门市欧美同学会", "江门市欧美同学会", "江门市留学人员联谊会"]


def test_organizations_new_paragraph_is_not_joined(nlp):
    # (written in the body too: a name only in a source line or a dateline is the page's credit)
    assert found(nlp, "来源：新华网\n\n　　新华网 福州6月3日电 新华网报道。") == ["新华网", "新华网", "新华网"]


def test_organizations_exclusions(nlp):
    text = ("上海统战部门、各级党组织、有关单位、民营企业、律师事务所、社会组织和党委统战部参加;"
            "新阶层担任市人大代表、区政协委员。上海、黄浦区是地名。还有大量的行业协会。")
    assert found(nlp, text) == []


def test_organizations_generic_before_an_abbreviation(nlp):
    assert found(nlp, "目前全市已建立各级新联会23个,每个区县新联会都有活动经费。") == []


def test_organizations_nested_parts_take_their_body(nlp):
    orgs = by_text(nlp, "蜀山区新的社会阶层人士联合会成立后,区新联会法律服务分会联合律师事务所开展活动。")
    assert list(orgs) == ["蜀山区新的社会阶层人士联合会", "区新联会法律服务分会"]
    assert orgs["区新联会法律服务分会"]._.name == "蜀山区新的社会阶层人士联合会法律服务分会"


def test_organizations_names_from_the_report(nlp):
    text = ("在中共嘉定区委的关心下,嘉定区委统战部打造品牌。区委统战部牵头协调,指导区新联会发挥作用,"
            "在新联会建立党支部。")
    orgs = by_text(nlp, text)
    assert orgs["区委统战部"]._.name == "嘉定区委统战部"
    assert orgs["区新联会"]._.name == "嘉定区新的社会阶层人士联谊会"
    assert orgs["新联会"]._.name == "嘉定区新的社会阶层人士联谊会"


def test_organizations_name_takes_the_reports_long_form(nlp):
    text = "福建省新的社会阶层人士联合会协办。省新联会会长介绍,省新联会成立于2018年。"
    assert by_text(nlp, text)["省新联会"]._.name == "福建省新的社会阶层人士联合会"


def test_organizations_name_from_the_home_place(nlp):
    text = "记者从青禾县委统战部获悉,在县委、县政府的统一部署下,县人社局联合县新联会开展走访。"
    orgs = by_text(nlp, text)
    assert orgs["县委"]._.name == "青禾县委"
    assert orgs["县政府"]._.name == "青禾县人民政府"
    assert orgs["县人社局"]._.name == "青禾县人力资源和社会保障局"
    assert orgs["县新联会"]._.name == "青禾县新的社会阶层人士联谊会"


def test_organizations_traditional_script(nlp):
    text = "東湖區委統戰部以學習貫徹黨的二十大精神為主線。在區委、區政府的支持下,區新聯會牽線搭橋。"
    orgs = by_text(nlp, text)
    assert list(orgs) == ["東湖區委統戰部", "區委", "區政府", "區新聯會"]
    assert orgs["區政府"]._.name == "東湖區人民政府"
    assert orgs["區新聯會"]._.name == "東湖區新的社會階層人士聯誼會"


def test_organizations_named_heads_need_a_specific_name(nlp):
    text = ("议事厅走进韩天衡美术馆,依托新联心之家打造新的社会阶层人士创新创业服务中心,累计打造研发中心32家,"
            "会员企业青禾县鑫源农业科技有限公司牵头,民办学校教师参加,围绕党委政府中心工作。")
    assert found(nlp, text) == ["韩天衡美术馆", "新的社会阶层人士创新创业服务中心", "青禾县鑫源农业科技有限公司"]


def test_organizations_kinds(nlp):
    text = ("中共嘉定区委、嘉定区委统战部、北塘区人民政府、区侨联、区新联会、海澄农商银行南江支行、上海电视台、"
            "澜州市社会主义学院、共青团宁波市委和新疆生产建设兵团参加。")
    kinds = {span.text: span._.kind for span in spans(nlp, text)}
    assert kinds == {
        "中共嘉定区委": "party", "嘉定区委统战部": "united-front department", "北塘区人民政府": "government",
        "区侨联": "mass organization", "区新联会": "association", "海澄农商银行南江支行": "company",
        "上海电视台": "media", "澜州市社会主义学院": "school/institution", "共青团宁波市委": "mass organization",
        "新疆生产建设兵团": "other"}


def test_organizations_spans_are_exact_and_labelled(nlp):
    doc = nlp("发布时间:2024-11-23 来源:区委统战部\n\n中共上海市委统战部和区委统战部参加。")
    for span in doc.spans["organizations"]:
        assert span.text == doc.text[span.start_char:span.end_char]
        assert span.label_ == "ORG"
        assert span._.rule.startswith("organizations/")
    assert [s.text for s in doc.spans["organizations"]] == ["区委统战部", "中共上海市委统战部", "区委统战部"]


def test_organizations_nothing_inside_a_url(nlp):
    assert found(nlp, "详见 https://www.example.com/上海市委统战部/ 页面") == []


def test_organizations_analyze_pipes_reports_no_problem(nlp):
    assert nlp.analyze_pipes()["problems"]["zh_organizations"] == []


def test_organizations_seed_gold_scores(nlp):
    """Strict F1 over the seeds that have gold (distinct texts, the guide's matching)."""
    gold_files = sorted((ROOT / "corpus" / "gold").glob("0*.yaml"))
    if not gold_files:
        pytest.skip("no gold for the seeds yet")
    strict = evaluate.Tally()
    for gold_path in gold_files:
        article = reader.read_article(next((ROOT / "corpus" / "seeds").glob(f"{gold_path.stem}.*")))
        record = records.to_record(pipeline.process(article, nlp))
        score = evaluate.ArticleScore()
        evaluate.score_names("organizations", evaluate.load_gold(gold_path)["organizations"],
                             record["organizations"], score)
        strict.add(score.strict["organizations"])
    assert strict.f1 >= 0.95, strict.as_dict()


def test_organizations_rule_files_load(nlp):
    extractor = nlp.get_pipe("zh_organizations")
    names = [rule["name"] for rule, _ in extractor.rules]
    assert len(names) == len(set(names))
    assert set(extractor.extend) <= set(names)
    for name in ("patterns.yaml", "exclusions.yaml", "heads.yaml"):
        data = yaml.safe_load((lexicon.RULES_DIR / "organizations" / name).read_text(encoding="utf-8"))
        assert data["stage"] == "organizations"


@pytest.mark.parametrize("first, second", [("上海", "佛山"), ("佛山", "上海")])
def test_organizations_short_form_takes_the_first_of_two_full_names(nlp, first, second):
    text = (f"中共{first}市天元区委统战部召开会议。中共{second}市天元区委统战部参加。"
            "区委统战部负责人讲话。")
    assert by_text(nlp, text)["区委统战部"]._.name == f"中共{first}市天元区委统战部"


def test_organizations_opencc_tables_are_one_character_to_one():
    to_simplified, to_traditional = pipeline.script.script_tables()
    text = "東湖區委統戰部、臺北市衞生局著名的什么乾隆"
    simplified = text.translate(to_simplified)
    assert len(simplified) == len(text)
    assert simplified == "东湖区委统战部、台北市卫生局著名的什么乾隆"   # GB2312 characters stay
    assert "东湖区新的社会阶层人士联谊会".translate(to_traditional) == "東湖區新的社會階層人士聯誼會"
    assert all(chr(code).translate(to_simplified) != chr(code) for code in list(to_simplified)[:50])


def test_organizations_a_company_short_form_opens_with_a_brand_not_a_body(nlp):
    from pipeline.organizations import Found

    extractor = nlp.get_pipe("zh_organizations")
    text = "浙江鼎越智能装备有限公司。鼎越智能。党支部领办合作社。党支部领办。"
    companies = [Found(0, 12, "company", head=8), Found(18, 26, "company", head=24)]
    shorts = extractor.company_short_forms(text, companies)
    assert [(text[f.start:f.end], f.short_for.start) for f in shorts] == [("鼎越智能", 0)]


def rule_names(nlp, text):
    """The organizations stage's own names, before the name model's are merged in."""
    doc = nlp.make_doc(text)
    for name, component in nlp.pipeline:
        doc = component(doc)
        if name == "zh_organizations":
            return [span.text for span in doc.spans["organizations"]]
    raise AssertionError("no zh_organizations stage")


def test_organizations_legal_form_names_a_short_brand_by_rule(nlp):
    # the model reads these too: the rules must, without it (MIN_MODIFIERS_REGISTERED)
    assert rule_names(nlp, "五粮液集团有限公司等企业参加。") == ["五粮液集团有限公司"]
    assert rule_names(nlp, "东风汽车股份有限公司等企业参加。") == ["东风汽车股份有限公司"]
    assert rule_names(nlp, "成立了一家科技发展有限公司。") == []


def test_organizations_named_only_in_a_title_are_the_persons_employers(extract_text):
    record = extract_text("上海市黄浦区委常委、统战部部长卢正介绍，宁川恒达实业有限公司董事长王建国发言，"
                          "会后宁川恒达实业有限公司捐款，江西三元物流有限公司总经理刘明出席。")
    assert [(o["text"], o["mentions"]) for o in record["organizations"]] == [("宁川恒达实业有限公司", 2)]
    employers = {p["text"]: [(e["text"], e["kind"], e["rule"]) for e in p["employers"]] for p in record["persons"]}
    assert employers == {"卢正": [("上海市黄浦区委", "party", "organizations/committee")],
                         "王建国": [("宁川恒达实业有限公司", "company", "organizations/company")],
                         "刘明": [("江西三元物流有限公司", "company", "organizations/company")]}
    assert record["counts"] == []   # 三元 of the employer's name is its brand, no count


def test_organizations_a_title_s_body_named_again_is_an_organization_from_the_title_on(extract_text):
    """A body named in a title and again later (区工商联 | 党组书记 …, 江北区工商联) is an
    organization from its mention in the title, not only the person's employer."""
    record = extract_text("会上，区工商联党组书记张明对江北区工商联(区商会)作了介绍。")
    assert [(o["text"], o["start"], o["name"]) for o in record["organizations"]] == [
        ("区工商联", 3, "江北区工商联"), ("江北区工商联", 14, "江北区工商联"), ("区商会", 21, "江北区商会")]


def test_organizations_party_group_in_a_title_names_its_body_as_employer(extract_text):
    record = extract_text("甘肃省侨联党组成员、副主席徐妍丽出席会议。")
    assert record["organizations"] == []
    [person] = record["persons"]
    assert [(e["text"], e["name"], e["start"], e["end"]) for e in person["employers"]] == [("甘肃省侨联", "甘肃省侨联", 0, 5)]
