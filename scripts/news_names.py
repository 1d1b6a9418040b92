"""The pipeline's organizations, places and persons on the NER dev split's news sentences (real
text the rules were not written for): strict span precision, recall and F1 per kind, the
sentence's ORG, LOC and PER spans as gold; --list KIND prints the spurious (+) and missed (-)
names with their context. The split's conventions are not the guide's (MSRA marks meetings and
a country's one-character abbreviations, splits 德国 | 波恩市), so the figures compare code
with code on the same text, not with the gold's scores. Dev data: tune on it, never on the
test splits.

    .venv/bin/python scripts/news_names.py [--list ORG|LOC|PER]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pipeline  # noqa: E402
from pipeline import ner_score, records  # noqa: E402
from pipeline.reader import Article  # noqa: E402

KINDS = {"ORG": "organizations", "LOC": "places", "PER": "persons"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--list", choices=KINDS, help="print this kind's spurious and missed names")
    args = parser.parse_args()
    nlp = pipeline.load()
    tally = {label: [0, 0, 0] for label in KINDS}
    for number, (text, ents) in enumerate(ner_score.read_split(ner_score.NER_DATA / "dev.jsonl.gz")):
        article = Article(id="s", path="s.txt", text=text, encoding="utf-8", sha256="0" * 64, metadata={})
        record = records.to_record(pipeline.process(article, nlp))
        for label, kind in KINDS.items():
            gold = {(s, e) for s, e, found_label in ents if found_label == label}
            found = {(item["start"], item["end"]) for item in record[kind]}
            counts = tally[label]
            counts[0], counts[1], counts[2] = counts[0] + len(gold & found), counts[1] + len(found - gold), counts[2] + len(gold - found)
            if args.list == label:
                for sign, spans in (("+", found - gold), ("-", gold - found)):
                    for s, e in sorted(spans):
                        print(f"{number} {sign} {text[s:e]}  | {text[max(0, s - 10):s]}[{text[s:e]}]{text[e:e + 10]}")
    for label, (tp, fp, fn) in tally.items():
        figures = ner_score.figures(tp, tp + fp, tp + fn)
        print(f"{label} {tp}/{fp}/{fn} P {figures['p']:.3f} R {figures['r']:.3f} F1 {figures['f1']:.3f}")


if __name__ == "__main__":
    main()
