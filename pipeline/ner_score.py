"""The name model alone on the shared NER splits: strict spans, P/R/F1 per label.

``python -m pipeline evaluate --ner`` scores the shipped model on the MSRA and People's Daily
test splits (``../shared/ner-data``); ``train-ner`` uses the same scoring on the dev split
to choose its checkpoint.
"""
from __future__ import annotations

import gzip
import json
from pathlib import Path

from . import ner

NER_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "ner-data"
TEST_SPLITS = ("test_msra", "test_peoples_daily")


def read_rows(path: Path) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def read_split(path: Path) -> list[tuple[str, list[tuple[int, int, str]]]]:
    return [(row["text"], [tuple(ent) for ent in row["ents"]]) for row in read_rows(path)]


# The training corpus each test split's sentences come from (the rows name their split).
SPLIT_CORPUS = {"msra_test": "msra", "peoples_daily_test": "peoples_daily_1998"}
UNKNOWN = "source unknown"   # a split read as text of no known corpus


def read_sources(path: Path) -> list[str]:
    """The corpus each sentence of a split comes from (msra, peoples_daily_1998, cluener2020;
    a test split's as SPLIT_CORPUS names it; a row that names none is of no known corpus)."""
    sources = [row.get("source", ner.UNKNOWN_SOURCE) for row in read_rows(path)]
    return [SPLIT_CORPUS.get(source, source) for source in sources]


def score(model: ner.NameModel, rows, sources: list[str] | None = None) -> dict:
    """Strict-span precision, recall and F1 per label and over all labels; ``sources`` as
    ``NameModel.tag`` reads them."""
    found = model.tag([text for text, _ in rows], sources)
    counts = {label: [0, 0, 0] for label in (*ner.LABELS, "ALL")}   # true positives, predicted, gold
    for (_, gold), predicted in zip(rows, found):
        gold_set, predicted_set = set(gold), set(predicted)
        for label in ner.LABELS:
            g = {span for span in gold_set if span[2] == label}
            p = {span for span in predicted_set if span[2] == label}
            for key in (label, "ALL"):
                counts[key][0] += len(g & p)
                counts[key][1] += len(p)
                counts[key][2] += len(g)
    return {label: figures(*values) for label, values in counts.items()}


def recall_by_novelty(model: ner.NameModel, rows, known: set[tuple[str, str]], sources: list[str] | None = None) -> dict:
    """Recall per label of the names the training data holds (``known``: (name, label)) and of
    those it does not: how far the model has learnt names by heart."""
    found = model.tag([text for text, _ in rows], sources)
    counts = {(label, novelty): [0, 0] for label in ner.LABELS for novelty in ("seen", "new")}   # found, gold
    for (text, gold), predicted in zip(rows, found):
        predicted = set(predicted)
        for start, end, label in gold:
            tally = counts[label, "seen" if (text[start:end], label) in known else "new"]
            tally[0] += (start, end, label) in predicted
            tally[1] += 1
    return {f"{label} {novelty}": {"r": round(hit / gold, 4) if gold else 0.0, "gold": gold}
            for (label, novelty), (hit, gold) in counts.items()}


def names_of(rows) -> set[tuple[str, str]]:
    return {(text[start:end], label) for text, spans in rows for start, end, label in spans}


def figures(true_positives: int, predicted: int, gold: int) -> dict:
    precision = true_positives / predicted if predicted else 0.0
    recall = true_positives / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"p": round(precision, 4), "r": round(recall, 4), "f1": round(f1, 4), "gold": gold}


def score_splits(model: ner.NameModel, data: Path = NER_DATA, splits=TEST_SPLITS) -> dict:
    """Each split read as the corpus it comes from, and as text of no known corpus (the
    pipeline's articles are neither: it reads them as the project's)."""
    scores = {}
    for split in splits:
        path = data / f"{split}.jsonl.gz"
        rows = read_split(path)
        scores[split] = score(model, rows, read_sources(path))
        scores[f"{split}, {UNKNOWN}"] = score(model, rows, [ner.UNKNOWN_SOURCE] * len(rows))
    return scores


def novelty_table(recalls: dict) -> str:
    lines = [f"{'dev names':<20} {'R':>6} {'gold':>6}"]
    lines += [f"{key:<20} {value['r']:>6.3f} {value['gold']:>6}" for key, value in recalls.items()]
    return "\n".join(lines)


def table(scores: dict) -> str:
    """The figures of ``score_splits`` as a text table, a line per split and label."""
    lines = [f"{'split':<36} {'label':<5} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6}"]
    for split, labels in scores.items():
        for label, figures in labels.items():
            lines.append(f"{split:<36} {label:<5} {figures['p']:>6.3f} {figures['r']:>6.3f} {figures['f1']:>6.3f} {figures['gold']:>6}")
    return "\n".join(lines)
