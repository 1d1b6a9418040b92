"""Whole articles against their gold, under the guide's matching rules and the repo's thresholds."""
from pathlib import Path

import pytest
import yaml

from pipeline import evaluate

CORPUS = Path("corpus")


@pytest.fixture(scope="module")
def result():
    return evaluate.evaluate_corpus(CORPUS)


def test_corpus_gold_every_gold_text_is_in_its_article():
    for gold_path in sorted((CORPUS / "gold").glob("*.yaml")):
        gold = evaluate.load_gold(gold_path)
        [article] = [p for p in CORPUS.rglob(f"{gold_path.stem}.txt")]
        from pipeline.reader import read_article

        text = read_article(article).text
        for kind in evaluate.KINDS:
            for item in gold.get(kind, []):
                assert item["text"] in text, (gold_path.name, kind, item["text"])
                if "start" in item:
                    assert text[item["start"]:item["end"]] == item["text"], (gold_path.name, item)


def test_corpus_gold_scores_hold_the_thresholds(result):
    thresholds = yaml.safe_load((CORPUS / "thresholds.yaml").read_text(encoding="utf-8"))
    assert evaluate.below_thresholds(result, thresholds) == []


def test_corpus_gold_sets_are_kept_apart(result):
    assert {"seeds", "team", "all"} <= set(result["sets"])
    assert result["sets"]["seeds"]["articles"] == 5
    assert result["sets"]["team"]["articles"] >= 10


def test_evaluate_matching_rules():
    gold = {"id": "x", "counts": [{"text": "102个", "value": 102, "unit": "个"},
                                   {"text": "四大", "value": 4, "unit": None, "optional": True},
                                   {"text": "近万个", "value": 10000, "unit": "个"}],
            "dates": [], "organizations": [{"text": "区新联会"}, {"text": "“海燕博客”", "optional": True}],
            "slogans": [{"text": "三师", "components": ["律师", "注册会计师", "税务师"]}]}
    record = {"counts": [{"text": "102个", "value": 102, "unit": "家"}, {"text": "四大", "value": 4},
                         {"text": "近万个", "value": 1}, {"text": "7个", "value": 7}],
              "dates": [{"text": "今年", "value": "XXXX"}],
              "organizations": [{"text": "嘉定区新联会"}, {"text": "海燕博客"}],
              "slogans": [{"text": "“三师”", "components": [{"text": "律师"}, {"text": "税务师"}, {"text": "会计"}]}]}
    score = evaluate.score_article(gold, record)
    assert (score.strict["counts"].tp, score.strict["counts"].fp, score.strict["counts"].fn) == (1, 2, 1)
    assert (score.loose["counts"].tp, score.loose["counts"].fp, score.loose["counts"].fn) == (2, 1, 0)
    assert (score.units.tp, score.units.fn) == (0, 1)
    assert (score.strict["dates"].tp, score.strict["dates"].fp) == (0, 0)  # no numeral: ignored
    assert (score.strict["organizations"].tp, score.strict["organizations"].fp) == (0, 1)
    assert score.loose["organizations"].tp == 1
    assert (score.components.tp, score.components.fp, score.components.fn) == (2, 1, 1)
