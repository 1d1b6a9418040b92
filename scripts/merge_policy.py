"""Measure the merge policy of rules and model for organizations on dev data: prints figures.

The policy (pipeline/names.py, its module docstring) has four parts: 1 a rule's name stands,
2 a rule name glued onto a verb is replaced by the names inside it, 3 a longer model name
ending where a rule name ends replaces it, 4 the model's names no rule overlaps are added.
Each variant applies some parts (the names stage's ``policy``) and is scored, strict F1 of
organizations, on

  * the dev articles with gold (corpus/seeds and corpus/team; never corpus/test), and
  * the NER dev split (../shared/ner-data/dev.jsonl.gz, ORG spans of general news, with its
    own conventions: meetings and nested short names are names there, not in the guide);

and "model alone" scores the model's ORG spans as they come.

    .venv/bin/python scripts/merge_policy.py
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pipeline  # noqa: E402
from pipeline import build, evaluate, names, ner_score, records  # noqa: E402
from pipeline.reader import Article, read_article  # noqa: E402

VARIANTS = {"rules alone (1)": (), "1+4": (4,), "1+2+4": (2, 4), "1+3+4": (3, 4), "1+2+3+4 (shipped)": (2, 3, 4)}
DEV_SETS = ("seeds", "team")


def dev_articles() -> list[tuple[Article, list]]:
    corpus = ROOT / "corpus"
    found = []
    for path in build.discover([corpus / name for name in DEV_SETS]):
        gold = evaluate.load_gold(corpus / "gold" / f"{Path(path).stem}.yaml")
        found.append((read_article(path), gold["organizations"]))
    return found


def sentences(rows) -> list[tuple[Article, list]]:
    return [(Article(id="s", path="s.txt", text=text, encoding="utf-8", sha256="0" * 64, metadata={}),
             [(s, e) for s, e, label in ents if label == "ORG"]) for text, ents in rows]


def article_f1(organizations_of, articles) -> float:
    tally = evaluate.Tally()
    for article, gold in articles:
        score = evaluate.ArticleScore()
        evaluate.score_names("organizations", gold, organizations_of(article), score)
        tally.add(score.strict["organizations"])
    return tally.f1


def span_f1(spans_of, rows) -> float:
    tp = predicted = wanted = 0
    for article, gold in rows:
        found = spans_of(article)
        tp, predicted, wanted = tp + len(found & set(gold)), predicted + len(found), wanted + len(gold)
    return ner_score.figures(tp, predicted, wanted)["f1"]


def main() -> None:
    articles, news = dev_articles(), sentences(ner_score.read_split(ner_score.NER_DATA / "dev.jsonl.gz"))
    nlp = pipeline.load()
    stage = nlp.get_pipe("zh_names")
    print(f"{'variant':<22} {'dev articles':>12} {'NER dev':>8}")
    for label, parts in VARIANTS.items():
        stage.policy = frozenset(parts)

        def organizations(article):
            return records.to_record(pipeline.process(article, nlp))["organizations"]

        on_news = span_f1(lambda a: {(i["start"], i["end"]) for i in organizations(a)}, news)
        print(f"{label:<22} {article_f1(organizations, articles):>12.3f} {on_news:>8.3f}", flush=True)
    model = stage.model

    def model_orgs(article):
        return [{"text": article.text[s:e]} for s, e, label in model.tag([article.text])[0] if label == "ORG"]

    on_news = span_f1(lambda a: {(s, e) for s, e, label in model.tag([a.text])[0] if label == "ORG"}, news)
    print(f"{'model alone':<22} {article_f1(model_orgs, articles):>12.3f} {on_news:>8.3f}")


if __name__ == "__main__":
    main()
