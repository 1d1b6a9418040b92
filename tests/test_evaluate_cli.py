"""evaluate: every annotated field scored, persons and places when gold lists them, the CLI's
exit codes (0 holds, 1 below a threshold, 2 a file that cannot be used), --errors and --json."""
import json
import shutil
from pathlib import Path

import pytest

from pipeline import cli, evaluate

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"
OUTPUTS = REPO / "outputs"


def empty_gold(**kinds) -> dict:
    return {"id": "x", "counts": [], "dates": [], "organizations": [], "slogans": [], **kinds}


def empty_record(**kinds) -> dict:
    return {"counts": [], "dates": [], "organizations": [], "slogans": [], **kinds}


def test_evaluate_count_fields_over_matched_items():
    gold = empty_gold(counts=[
        {"text": "近万个", "value": 10000, "unit": "个", "modifier": "about", "object": "实践创新基地"},
        {"text": "102个", "value": 102, "unit": "个", "modifier": None},          # no object: not scored
        {"text": "四大", "value": 4, "unit": None, "modifier": "over", "optional": True}])
    record = empty_record(counts=[
        {"text": "近万个", "value": 10000, "unit": "个", "modifier": None, "object": "基地"},
        {"text": "102个", "value": 102, "unit": "个", "modifier": None, "object": "城市"},
        {"text": "四大", "value": 4, "unit": None, "modifier": None, "object": None}])
    score = evaluate.score_article(gold, record)
    tallies = {key: (t.tp, t.fn) for key, t in score.fields.items()}
    assert tallies == {"counts.unit": (2, 0), "counts.modifier": (1, 1), "counts.object": (0, 1)}
    assert {(w["text"], w["field"]) for w in score.wrong["counts"]} == {("近万个", "modifier"), ("近万个", "object")}


def test_evaluate_equal_values_pair_the_same_text_first():
    gold = empty_gold(counts=[{"text": "2个", "value": 2, "unit": "个"}, {"text": "两级", "value": 2, "unit": "级"}])
    record = empty_record(counts=[{"text": "两级", "value": 2, "unit": "级"}, {"text": "2个", "value": 2, "unit": "个"}])
    score = evaluate.score_article(gold, record)
    assert (score.strict["counts"].tp, score.units.tp, score.units.fn) == (2, 2, 0)


def test_evaluate_same_text_first_changes_no_tally_with_optional_gold():
    gold = empty_gold(counts=[{"text": "2个", "value": 2, "unit": "个"},
                              {"text": "两级", "value": 2, "unit": "级", "optional": True}])
    record = empty_record(counts=[{"text": "两级", "value": 2, "unit": "级"}])
    score = evaluate.score_article(gold, record)
    assert (score.strict["counts"].tp, score.strict["counts"].fp, score.strict["counts"].fn) == (1, 0, 0)


def test_evaluate_date_fields_where_gold_gives_them():
    gold = empty_gold(dates=[{"text": "同年6月", "value": "XXXX-06", "resolved": "2019-06"},
                             {"text": "2017年以来", "value": "2017", "modifier": "since"},
                             {"text": "26日", "value": "XXXX-XX-26"}])
    record = empty_record(dates=[
        {"text": "同年6月", "value": "XXXX-06", "modifier": None, "resolved": {"value": "2019-06", "anchor": "a"}},
        {"text": "2017年以来", "value": "2017", "modifier": None, "resolved": None},
        {"text": "26日", "value": "XXXX-XX-26", "modifier": "about", "resolved": {"value": "2024-10-26", "anchor": "a"}}])
    score = evaluate.score_article(gold, record)
    assert (score.fields["dates.resolved"].tp, score.fields["dates.resolved"].fn) == (1, 0)
    assert (score.fields["dates.modifier"].tp, score.fields["dates.modifier"].fn) == (0, 1)


def test_evaluate_organization_name_and_kind():
    gold = empty_gold(organizations=[{"text": "区新联会", "name": "嘉定区新的社会阶层人士联谊会", "kind": "association"},
                                     {"text": "区委"}])
    record = empty_record(organizations=[{"text": "区新联会", "name": "区新联会", "kind": "association"},
                                         {"text": "区委", "name": "区委", "kind": "party"}])
    score = evaluate.score_article(gold, record)
    assert (score.fields["organizations.name"].tp, score.fields["organizations.name"].fn) == (0, 1)
    assert (score.fields["organizations.kind"].tp, score.fields["organizations.kind"].fn) == (1, 0)


def test_evaluate_persons_and_places_when_gold_lists_them():
    gold = empty_gold(persons=[{"text": "卢正", "title": "黄浦区委常委、统战部部长"}, {"text": "范宇斌", "title": "记者"},
                               {"text": "张三"}],
                      places=[{"text": "黄浦区"}, {"text": "上海"}])
    record = empty_record(persons=[{"text": "卢正", "title": "统战部部长"}, {"text": "范宇斌", "title": "记者"},
                                   {"text": "张三丰"}],
                          places=[{"text": "上海市黄浦区"}, {"text": "上海"}, {"text": "长江"}])
    score = evaluate.score_article(gold, record)
    persons, places = score.strict["persons"], score.strict["places"]
    assert (persons.tp, persons.fp, persons.fn) == (2, 1, 1)
    assert score.loose["persons"].tp == 3  # 张三 in 张三丰
    assert (score.fields["persons.title"].tp, score.fields["persons.title"].fn) == (1, 1)
    assert (places.tp, places.fp, places.fn) == (1, 2, 1) and score.loose["places"].tp == 2
    summary = evaluate.summarize({"x": score})
    assert summary["strict"]["persons"]["tp"] == 2 and summary["fields"]["persons.title"]["accuracy"] == 0.5


def test_evaluate_without_persons_in_gold_scores_no_persons():
    score = evaluate.score_article(empty_gold(), empty_record(persons=[{"text": "卢正", "title": None}]))
    summary = evaluate.summarize({"x": score})
    assert "persons" not in summary["strict"] and "places" not in summary["strict"]
    assert summary["fields"]["persons.title"] == {"accuracy": None, "correct": 0, "scored": 0}


def test_evaluate_threshold_on_a_field_and_on_an_unscored_field():
    score = evaluate.score_article(empty_gold(counts=[{"text": "3个", "value": 3, "unit": "个", "modifier": "over"}]),
                                   empty_record(counts=[{"text": "3个", "value": 3, "unit": "个", "modifier": None}]))
    result = {"sets": {"s": evaluate.summarize({"x": score})}}
    assert evaluate.below_thresholds(result, {"s": {"counts.unit": 1.0}}) == []
    assert evaluate.below_thresholds(result, {"s": {"counts.modifier": 0.5}}) == ["s counts.modifier: accuracy 0.000 < 0.5"]
    assert evaluate.below_thresholds(result, {"s": {"persons.title": 0.5}}) == [
        "s persons.title: no gold item gives it (minimum 0.5)"]
    assert evaluate.below_thresholds(result, {"s": {"persons": 0.5}}) == ["s persons: no gold lists it (minimum 0.5)"]


# ---------------------------------------------------------------- the command line


def run(capsys, *argv) -> tuple[int, str, str]:
    capsys.readouterr()
    code = cli.main(["evaluate", "--records", str(OUTPUTS), *map(str, argv)])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_evaluate_cli_holds_the_repo_thresholds(capsys):
    code, out, err = run(capsys, "--thresholds", CORPUS / "thresholds.yaml")
    assert code == 0, err
    for key in evaluate.FIELD_KEYS:
        assert key in out
    assert "== seeds (5 articles)" in out and "== all (" in out


def test_evaluate_cli_exit_1_below_a_threshold(tmp_path, capsys):
    thresholds = tmp_path / "t.yaml"
    thresholds.write_text("seeds:\n  counts.object: 1.0\n  counts: 0.5\n", encoding="utf-8")
    code, _, err = run(capsys, "--thresholds", thresholds)
    assert code == 1
    assert "below threshold: seeds counts.object: accuracy" in err and "seeds counts:" not in err


@pytest.mark.parametrize("content, message", [
    ("seeds: [1, 2\n", "unreadable thresholds"),
    ("- 0.9\n", "malformed thresholds"),
    ("seeds:\n  countz: 0.9\n", "seeds.countz: unknown figure"),
    ("seeds:\n  counts: high\n", "seeds.counts: minimum 'high' is not a number in [0, 1]"),
    ("seeds:\n  counts: 95\n", "is not a number in [0, 1]"),
])
def test_evaluate_cli_exit_2_on_malformed_thresholds(content, message, tmp_path, capsys):
    thresholds = tmp_path / "bad.yaml"
    thresholds.write_text(content, encoding="utf-8")
    code, _, err = run(capsys, "--thresholds", thresholds)
    assert code == 2
    assert str(thresholds) in err and message in err


@pytest.mark.parametrize("content, message", [
    ("counts: [{text: 1个\n", "unreadable gold"),
    ("- a\n- b\n", "malformed gold (not a mapping"),
    ("counts: [{value: 1}]\n", "malformed gold (counts is not a list of items with a text)"),
])
def test_evaluate_cli_exit_2_on_malformed_gold(content, message, tmp_path, capsys):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    broken = corpus / "gold" / "000_2ba991e02224f61e.yaml"
    broken.write_text(content, encoding="utf-8")
    capsys.readouterr()
    code = cli.main(["evaluate", "--corpus", str(corpus), "--records", str(OUTPUTS)])
    err = capsys.readouterr().err
    assert code == 2 and str(broken) in err and message in err


def test_evaluate_cli_exit_2_on_a_missing_record(tmp_path, capsys):
    code, _, err = run(capsys, "--records", tmp_path)  # the later --records wins: an empty folder
    assert code == 2 and "000_2ba991e02224f61e.json: unreadable record" in err


def test_evaluate_cli_errors_lists_wrong_fields(capsys):
    code, out, _ = run(capsys, "--errors")
    assert code == 0
    assert "  ~ counts        102个  object: gold 实践创新基地, predicted None" in out
    assert "-- 000_2ba991e02224f61e" in out


def test_evaluate_cli_json(capsys):
    code, out, _ = run(capsys, "--json")
    assert code == 0
    result = json.loads(out)
    fields = result["sets"]["all"]["fields"]
    assert set(fields) == set(evaluate.FIELD_KEYS)
    assert fields["counts.unit"]["scored"] == result["sets"]["all"]["strict"]["counts"]["tp"]
    assert result["sets"]["all"]["unit_accuracy"] == fields["counts.unit"]["accuracy"]
    assert any("wrong" in errors for errors in result["errors"].values())


def test_evaluate_count_values_equal_within_a_millionth():
    assert evaluate.values_equal("counts", 1, 1 + 1e-7) and evaluate.values_equal("counts", "36.6", 36.6)
    assert not evaluate.values_equal("counts", 102, 102.5) and not evaluate.values_equal("counts", 102, None)
    score = evaluate.score_article(empty_gold(counts=[{"text": "102个", "value": 102, "unit": "个"}]),
                                   empty_record(counts=[{"text": "102个", "value": 102.5, "unit": "个"}]))
    assert (score.strict["counts"].tp, score.strict["counts"].fp, score.strict["counts"].fn) == (0, 1, 1)
    assert score.loose["counts"].tp == 1


def test_a_kind_the_gold_leaves_out_is_not_scored():
    from pipeline import evaluate

    gold = {"id": "a", "organizations": [{"text": "区委统战部"}]}
    record = {"counts": [{"text": "3个", "start": 0, "end": 2, "value": 3, "unit": "个"}],
              "organizations": [{"text": "区委统战部", "start": 3, "end": 8, "name": "区委统战部"}]}
    score = evaluate.score_article(gold, record)
    assert set(score.strict) == {"organizations"} and score.strict["organizations"].tp == 1
    assert list(evaluate.summarize({"a": score})["strict"]) == ["organizations"]
