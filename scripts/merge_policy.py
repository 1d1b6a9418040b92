"""Measure the merge policy of rules and model for organizations on dev data: prints figures.

The policy (pipeline/names.py, its module docstring) has seven parts: 1 a rule's name stands,
2 a rule name glued onto a verb is replaced by the names inside it, 3 a longer model name
ending where a rule name ends replaces it, 4 the model's names no rule overlaps are added,
5 a rule name that opens with a place and a predicate is a clause, 6 a longer model name
starting where a rule name starts replaces it, 7 a body and its part written after it are one
name.
Each variant applies some parts (the names stage's ``policy``) and is scored, strict F1 of
organizations, on

  * the dev articles with gold (corpus/seeds and corpus/team; never corpus/test), apart:
    those the model was not trained on, and those it was (its meta's ``project_articles``),
    and
  * the NER dev split (../shared/ner-data/dev.jsonl.gz, ORG spans of general news, with its
    own conventions: meetings and nested short names are names there, not in the guide);

and "model alone" scores the model's ORG spans as they come.

    .venv/bin/python scripts/merge_policy.py
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pipeline  # noqa: E402
from pipeline import build, evaluate, names, ner, ner_score, records  # noqa: E402
from pipeline.reader import Article, read_article  # noqa: E402

VARIANTS = {"rules alone (1)": (), "1+4": (4,), "1+2+4": (2, 4), "1+3+4": (3, 4), "1+2+3+4": (2, 3, 4),
            "1+2+3+4+5": (2, 3, 4, 5), "1+2+3+4+5+6": (2, 3, 4, 5, 6), "1+2+3+4+5+6+7": (2, 3, 4, 5, 6, 7),
            "shipped (names.POLICY)": names.POLICY}
DEV_SETS = ("seeds", "team")


def dev_articles(trained_on: set[str]) -> dict[str, list[tuple[Article, list]]]:
    corpus = ROOT / "corpus"
    groups: dict[str, list] = {"dev, not trained on": [], "dev, trained on": []}
    for path in build.discover([corpus / name for name in DEV_SETS]):
        gold = evaluate.load_gold(corpus / "gold" / f"{Path(path).stem}.yaml")
        group = "dev, trained on" if Path(path).stem in trained_on else "dev, not trained on"
        groups[group].append((read_article(path), gold["organizations"]))
    return groups


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
    nlp = pipeline.load()
    stage = nlp.get_pipe("zh_names")
    meta = json.loads((ner.MODEL_DIR / "meta.json").read_text(encoding="utf-8"))
    groups = dev_articles(set(meta.get("project_articles", ())))
    news = sentences(ner_score.read_split(ner_score.NER_DATA / "dev.jsonl.gz"))
    print(f"{'variant':<22} " + " ".join(f"{f'{name} ({len(members)})':>26}" for name, members in groups.items())
          + f" {'NER dev split':>14}")

    def row(label, organizations, spans):
        figures = [article_f1(organizations, members) for members in groups.values()]
        print(f"{label:<22} " + " ".join(f"{f:>26.3f}" for f in figures) + f" {span_f1(spans, news):>14.3f}", flush=True)

    def organizations(article):
        return records.to_record(pipeline.process(article, nlp))["organizations"]

    for label, parts in VARIANTS.items():
        stage.policy = frozenset(parts)
        row(label, organizations, lambda a: {(i["start"], i["end"]) for i in organizations(a)})
    model = stage.model

    def model_spans(article):
        return [(s, e) for s, e, label in model.tag([article.text])[0] if label == "ORG"]

    row("model alone", lambda a: [{"text": a.text[s:e]} for s, e in model_spans(a)], lambda a: set(model_spans(a)))


if __name__ == "__main__":
    main()
