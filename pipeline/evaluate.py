"""Scoring against gold: the guide's matching rules, micro-averaged over articles.

Reads ``corpus/gold/<id>.yaml`` and records (fresh from the pipeline, or ``outputs/``).
Counts and dates match by value (then a leftover prediction with a leftover gold item's
text counts as found with a wrong value: detection, not strict); organizations, slogans,
and persons and places where the gold lists them, by distinct normalized text (strict:
equal, relaxed: one contains the other); slogan components as sets of texts. Matched
``optional`` gold items are not counted; neither are missed ones.

Every other field the gold annotates is scored as an accuracy over the matched items whose
gold gives it (``FIELDS``): counts' unit, modifier and object, dates' modifier and resolved,
organizations' name and kind, persons' title. A malformed gold or thresholds file raises
``EvaluationError`` naming the file.
"""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from itertools import chain
from typing import Iterator

import regex
import yaml

from . import lexicon, numerals

# Each kind is scored in the articles whose gold lists it: persons and places (guide sections
# 5 and 6) came later than the others, and a gold file may annotate some kinds only.
KINDS = ("counts", "dates", "organizations", "slogans", "persons", "places")
MENTION_KINDS = ("counts", "dates")
NAME_KINDS = ("organizations", "slogans", "persons", "places")
# Fields scored as accuracies over matched items, where the gold item has the key.
FIELDS = {
    "counts": ("unit", "modifier", "object"),
    "dates": ("modifier", "resolved"),
    "organizations": ("name", "kind"),
    "persons": ("title",),
}
FIELD_KEYS = tuple(f"{kind}.{name}" for kind, names in FIELDS.items() for name in names)


class EvaluationError(Exception):
    """A gold, thresholds or record file that cannot be used; the message names it."""
NUMERAL = regex.compile(r"[0-9０-９]|[" + regex.escape(numerals.tables().chinese_chars) + "]")
IGNORED_IN_NAMES = regex.compile(r"[\s\p{P}\p{S}]")  # quotes, brackets, spaces, punctuation


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: "Tally") -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass
class ArticleScore:
    """Per kind: strict and loose tallies, and the missed and spurious items for the listing."""
    strict: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    loose: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    components: Tally = field(default_factory=Tally)
    # Per "kind.field": tp = equal to gold, fn = other (over matched items whose gold has the field).
    fields: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    missed: dict[str, list] = field(default_factory=lambda: defaultdict(list))
    spurious: dict[str, list] = field(default_factory=lambda: defaultdict(list))
    wrong: dict[str, list] = field(default_factory=lambda: defaultdict(list))  # matched, a field differs

    @property
    def units(self) -> Tally:
        return self.fields["counts.unit"]


def load_gold(path: Path) -> dict:
    """The gold of one article; persons and places only when the file lists them."""
    try:
        with path.open(encoding="utf-8") as handle:
            gold = yaml.load(handle, Loader=lexicon.YAML_LOADER) or {}  # libyaml's: 5x faster
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise EvaluationError(f"{path}: unreadable gold ({one_line(error)})") from error
    if not isinstance(gold, dict):
        raise EvaluationError(f"{path}: malformed gold (not a mapping of kinds to lists)")
    loaded = {"id": gold.get("id", path.stem)}
    for kind in (k for k in KINDS if k in gold):
        items = gold.get(kind) or []
        if not isinstance(items, list) or not all(isinstance(i, dict) and isinstance(i.get("text"), str)
                                                  for i in items):
            raise EvaluationError(f"{path}: malformed gold ({kind} is not a list of items with a text)")
        loaded[kind] = items
    return loaded


def load_thresholds(path: Path) -> dict:
    """``set: {kind or kind.field: minimum}``, checked: a minimum is a number in [0, 1]."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=lexicon.YAML_LOADER)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise EvaluationError(f"{path}: unreadable thresholds ({one_line(error)})") from error
    known = {*KINDS, "components", *FIELD_KEYS}
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise EvaluationError(f"{path}: malformed thresholds (expected set: {{figure: minimum}})")
    for set_name, minimums in data.items():
        for key, minimum in minimums.items():
            if key not in known:
                raise EvaluationError(f"{path}: {set_name}.{key}: unknown figure (known: {', '.join(sorted(known))})")
            if isinstance(minimum, bool) or not isinstance(minimum, (int, float)) or not 0 <= minimum <= 1:
                raise EvaluationError(f"{path}: {set_name}.{key}: minimum {minimum!r} is not a number in [0, 1]")
    return data


def one_line(error: Exception) -> str:
    return " ".join(str(error).split())


def values_equal(kind: str, gold_value, predicted_value) -> bool:
    if kind == "counts":
        try:
            return abs(float(gold_value) - float(predicted_value)) <= 1e-6
        except (TypeError, ValueError):
            return False
    return str(gold_value) == str(predicted_value)


def normalized_name(text: str) -> str:
    return IGNORED_IN_NAMES.sub("", text)


def score_article(gold: dict, record: dict) -> ArticleScore:
    score = ArticleScore()
    for kind in (k for k in MENTION_KINDS if k in gold):
        score_mentions(kind, gold[kind], record.get(kind, []), score)
    for kind in (k for k in NAME_KINDS if k in gold):
        score_names(kind, gold[kind], record.get(kind) or [], score)
    return score


def field_value(name: str, value):
    """A field as compared: an empty unit is none; a predicted ``resolved`` by its value."""
    if name == "resolved" and isinstance(value, dict):
        value = value.get("value")
    return value if value not in ("", []) else None


def score_fields(kind: str, gold: dict, predicted: dict, score: ArticleScore) -> None:
    """The accuracy of each field the matched gold item gives."""
    for name in FIELDS.get(kind, ()):
        if name not in gold:
            continue
        expected, found = field_value(name, gold[name]), field_value(name, predicted.get(name))
        same = str(expected) == str(found) if name == "resolved" and expected is not None else expected == found
        tally = score.fields[f"{kind}.{name}"]
        if same:
            tally.tp += 1
        else:
            tally.fn += 1
            score.wrong[kind].append({"text": gold["text"], "field": name, "gold": expected, "predicted": found})


def score_mentions(kind: str, gold_items: list, predicted: list, score: ArticleScore) -> None:
    if kind == "dates":
        predicted = [p for p in predicted if NUMERAL.search(p["text"])]
    left_gold = sorted(gold_items, key=lambda g: bool(g.get("optional")))  # required ones first
    left_predicted = list(predicted)
    strict, loose = score.strict[kind], score.loose[kind]
    # By value, as the guide pairs; among equal values a required gold item takes the
    # prediction of its own text first (2个 with 2个, not with 两级), so that the fields
    # compared are the same mention's. Which pairs form changes no tally: per value, as
    # many required items match as before.
    same_text_first = chain(
        pair_off(left_gold, left_predicted, lambda g, p: not g.get("optional") and g["text"] == p["text"]
                 and values_equal(kind, g.get("value"), p["value"])),
        pair_off(left_gold, left_predicted, lambda g, p: values_equal(kind, g.get("value"), p["value"])))
    for match, item in same_text_first:
        if match.get("optional"):
            continue
        strict.tp += 1
        loose.tp += 1
        score_fields(kind, match, item, score)
    # Same text, other value: found, but wrong.
    for match, item in pair_off(left_gold, left_predicted, lambda g, p: g["text"] == p["text"]):
        if match.get("optional"):
            continue
        strict.fp += 1
        strict.fn += 1
        loose.tp += 1
        score.missed[kind].append({**match, "predicted_value": item["value"]})
    for item in left_predicted:
        strict.fp += 1
        loose.fp += 1
        score.spurious[kind].append(item)
    for match in left_gold:
        if not match.get("optional"):
            strict.fn += 1
            loose.fn += 1
            score.missed[kind].append(match)


def pair_off(left_gold: list, left_predicted: list, same) -> Iterator[tuple[dict, dict]]:
    """Take out and yield each (gold, predicted) pair that ``same`` accepts, one to one."""
    for item in list(left_predicted):
        match = next((g for g in left_gold if same(g, item)), None)
        if match is not None:
            left_gold.remove(match)
            left_predicted.remove(item)
            yield match, item


def score_names(kind: str, gold_items: list, predicted: list, score: ArticleScore) -> None:
    gold_by_name = {}
    for item in sorted(gold_items, key=lambda g: bool(g.get("optional"))):
        gold_by_name.setdefault(normalized_name(item["text"]), item)
    predicted_by_name = {}
    for item in predicted:
        predicted_by_name.setdefault(normalized_name(item["text"]), item)
    for tally, related in ((score.strict[kind], str.__eq__), (score.loose[kind], contains_either)):
        pairs = pair_names(gold_by_name, predicted_by_name, related)
        matched_gold = {g for g, _ in pairs}
        matched_predicted = {p for _, p in pairs}
        tally.tp += sum(1 for g, _ in pairs if not gold_by_name[g].get("optional"))
        tally.fp += len(set(predicted_by_name) - matched_predicted)
        tally.fn += sum(1 for g, item in gold_by_name.items() if g not in matched_gold and not item.get("optional"))
        if related is str.__eq__:
            score.missed[kind] = [gold_by_name[g] for g in gold_by_name
                                  if g not in matched_gold and not gold_by_name[g].get("optional")]
            score.spurious[kind] = [predicted_by_name[p] for p in predicted_by_name if p not in matched_predicted]
            if kind == "slogans":
                score_components(pairs, gold_by_name, predicted_by_name, score.components)
            for g, p in pairs:
                if not gold_by_name[g].get("optional"):
                    score_fields(kind, gold_by_name[g], predicted_by_name[p], score)


def contains_either(a: str, b: str) -> bool:
    return bool(a) and bool(b) and (a in b or b in a)


def pair_names(gold: dict, predicted: dict, related) -> list[tuple[str, str]]:
    """One-to-one pairs, exact matches first so that containment never steals them."""
    pairs, used = [], set()
    for g in gold:
        if g in predicted:
            pairs.append((g, g))
            used.add(g)
    for g in gold:
        if any(pg == g for pg, _ in pairs):
            continue
        candidate = next((p for p in predicted if p not in used and related(g, p)), None)
        if candidate is not None:
            pairs.append((g, candidate))
            used.add(candidate)
    return pairs


def score_components(pairs, gold_by_name, predicted_by_name, tally: Tally) -> None:
    for g, p in pairs:
        expected = [normalized_name(c) for c in gold_by_name[g].get("components") or []]
        if not expected:
            continue
        found = {normalized_name(c["text"] if isinstance(c, dict) else c)
                 for c in predicted_by_name[p].get("components") or []}
        tally.tp += len(found & set(expected))
        tally.fp += len(found - set(expected))
        tally.fn += len(set(expected) - found)


def article_set(path: str) -> str:
    """Which evaluation set an article belongs to: the folder under corpus/ it lies in."""
    parts = Path(path).parts
    return parts[parts.index("corpus") + 1] if "corpus" in parts and parts.index("corpus") + 2 < len(parts) else "other"


def accuracy(tally: Tally) -> float | None:
    return round(tally.tp / (tally.tp + tally.fn), 4) if tally.tp + tally.fn else None


def summarize(scores: dict[str, ArticleScore]) -> dict:
    """Micro-averaged figures per kind that some article's gold lists: strict,
    detection/relaxed, components, and the accuracy of each annotated field."""
    kinds = [k for k in KINDS if any(k in s.strict for s in scores.values())]
    strict, loose, fields = defaultdict(Tally), defaultdict(Tally), defaultdict(Tally)
    components = Tally()
    for score in scores.values():
        for kind in kinds:
            strict[kind].add(score.strict.get(kind, Tally()))
            loose[kind].add(score.loose.get(kind, Tally()))
        for key in FIELD_KEYS:
            fields[key].add(score.fields.get(key, Tally()))
        components.add(score.components)
    return {
        "articles": len(scores),
        "strict": {kind: strict[kind].as_dict() for kind in kinds},
        "relaxed": {kind: loose[kind].as_dict() for kind in kinds},
        "unit_accuracy": accuracy(fields["counts.unit"]),
        "fields": {key: {"accuracy": accuracy(fields[key]), "correct": fields[key].tp,
                         "scored": fields[key].tp + fields[key].fn} for key in FIELD_KEYS},
        "components": components.as_dict(),
    }


def evaluate_corpus(corpus: Path, records_dir: Path | None = None, segmenter: str = "jieba",
                    workers: int | None = None) -> dict:
    """Score every article that has gold; figures per evaluation set and for all together."""
    from . import build

    gold_files = sorted((corpus / "gold").glob("*.yaml"))
    articles = {path.stem: path for path in build.discover([corpus])}
    missing = [g.stem for g in gold_files if g.stem not in articles]
    if missing:
        raise EvaluationError(f"gold without an article: {', '.join(missing)}")
    ids = [g.stem for g in gold_files]
    golds = {g.stem: load_gold(g) for g in gold_files}
    if records_dir is not None:
        predicted = {i: load_record(records_dir / f"{i}.json") for i in ids}
    else:
        outcomes = build.extract_many([str(articles[i]) for i in ids], segmenter, workers or 1)
        predicted = {}
        for i, outcome in zip(ids, outcomes):
            if outcome.error:
                raise RuntimeError(outcome.error)
            predicted[i] = outcome.record
    scores = {i: score_article(golds[i], predicted[i]) for i in ids}
    sets: dict[str, dict[str, ArticleScore]] = defaultdict(dict)
    for article_id, score in scores.items():
        sets[article_set(str(articles[article_id]))][article_id] = score
    return {
        "sets": {name: summarize(members) for name, members in sorted(sets.items())} | {"all": summarize(scores)},
        "errors": {i: {"missed": dict(s.missed), "spurious": dict(s.spurious), "wrong": dict(s.wrong)}
                   for i, s in scores.items()
                   if any(s.missed.values()) or any(s.spurious.values()) or any(s.wrong.values())},
    }


def load_record(path: Path) -> dict:
    try:
        return json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise EvaluationError(f"{path}: unreadable record ({one_line(error)})") from error


def format_errors(result: dict) -> str:
    """Per article: each missed (−) and spurious (+) fact with its text and value."""
    lines = []
    for article_id, errors in result["errors"].items():
        lines.append(f"-- {article_id}")
        for sign, key in (("-", "missed"), ("+", "spurious")):
            for kind, items in errors[key].items():
                for item in items:
                    value = item.get("value", item.get("name", ""))
                    wrong = f" (predicted {item['predicted_value']})" if "predicted_value" in item else ""
                    lines.append(f"  {sign} {kind:<13} {item['text']}  {value if value is not None else ''}{wrong}")
        for kind, items in errors.get("wrong", {}).items():
            for item in items:
                lines.append(f"  ~ {kind:<13} {item['text']}  {item['field']}: gold {item['gold']}, "
                             f"predicted {item['predicted']}")
    return "\n".join(lines)


def format_table(result: dict) -> str:
    lines = []
    for name, summary in result["sets"].items():
        lines.append(f"== {name} ({summary['articles']} articles)")
        lines.append(f"{'kind':<14}{'P':>7}{'R':>7}{'F1':>7}   {'relaxed P':>9}{'R':>7}{'F1':>7}   tp/fp/fn")
        for kind in summary["strict"]:
            s, r = summary["strict"][kind], summary["relaxed"][kind]
            lines.append(f"{kind:<14}{s['precision']:>7.3f}{s['recall']:>7.3f}{s['f1']:>7.3f}   "
                         f"{r['precision']:>9.3f}{r['recall']:>7.3f}{r['f1']:>7.3f}   {s['tp']}/{s['fp']}/{s['fn']}")
        c = summary["components"]
        lines.append(f"{'components':<14}{c['precision']:>7.3f}{c['recall']:>7.3f}{c['f1']:>7.3f}")
        lines.append(f"{'field':<22}{'accuracy':>9}   correct/scored")
        for key, figure in summary["fields"].items():
            shown = "-" if figure["accuracy"] is None else f"{figure['accuracy']:.3f}"
            lines.append(f"{key:<22}{shown:>9}   {figure['correct']}/{figure['scored']}")
    return "\n".join(lines)


def below_thresholds(result: dict, thresholds: dict) -> list[str]:
    """The figures under their minimum, as readable lines (empty when all hold)."""
    failures = []
    for set_name, minimums in thresholds.items():
        summary = result["sets"].get(set_name)
        if summary is None:
            failures.append(f"{set_name}: no articles with gold")
            continue
        for kind, minimum in minimums.items():
            if kind in FIELD_KEYS:
                figure = summary["fields"][kind]["accuracy"]
                if figure is None:
                    failures.append(f"{set_name} {kind}: no gold item gives it (minimum {minimum})")
                elif figure < minimum:
                    failures.append(f"{set_name} {kind}: accuracy {figure:.3f} < {minimum}")
                continue
            if kind not in summary["strict"] and kind != "components":
                failures.append(f"{set_name} {kind}: no gold lists it (minimum {minimum})")
                continue
            f1 = summary["components"]["f1"] if kind == "components" else summary["strict"][kind]["f1"]
            if f1 < minimum:
                failures.append(f"{set_name} {kind}: F1 {f1:.3f} < {minimum}")
    return failures
