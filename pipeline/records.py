"""Write stage: a processed Doc to the JSON record (extraction guide's fields, plus offsets).

Reads ``doc.spans`` and the Doc extensions; writes a plain dict whose key order and list
order are fixed, so that the same input always serializes to the same bytes. Organizations
and slogans are listed once per distinct text (at their first mention), as the guide asks.
"""
from __future__ import annotations

import functools
import json
from importlib import resources

from spacy.tokens import Doc, Span

from . import extensions, segment

SCHEMA_VERSION = 1
KIND_FIELDS = {
    "counts": ("value", "unit", "modifier", "object"),
    "dates": ("value", "modifier", "resolved"),
    "organizations": ("name", "kind"),
    "slogans": ("components", "declared", "consistent", "parts", "flags"),
}
DISTINCT_BY_TEXT = ("organizations", "slogans")


def to_record(doc: Doc) -> dict:
    record = {
        "id": doc._.article_id,
        "source": {**(doc._.source or {}), "encoding": doc._.encoding},
        "metadata": dict(sorted((doc._.metadata or {}).items())),
    }
    starts = segment.sentence_starts(doc)
    for kind, fields in KIND_FIELDS.items():
        spans = sorted(doc.spans.get(kind, []), key=lambda s: (s.start_char, s.end_char))
        items = [span_item(span, fields, starts) for span in spans]
        record[kind] = first_mentions(items) if kind in DISTINCT_BY_TEXT else items
    return record


def span_item(span: Span, fields: tuple[str, ...], sentence_starts: list[int]) -> dict:
    values = extensions.span_fields(span)  # the table behind span._.<field>, read once
    item = {"text": span.text, "start": span.start_char, "end": span.end_char,
            "sentence": segment.sentence_index(sentence_starts, span.start_char)}
    item.update((name, values.get(name)) for name in fields)
    item["rule"] = values.get("rule")
    return item


def first_mentions(items: list[dict]) -> list[dict]:
    """One item per distinct text, at its first mention, with the number of mentions."""
    firsts: dict[str, dict] = {}
    for item in items:
        if item["text"] in firsts:
            firsts[item["text"]]["mentions"] += 1
        else:
            firsts[item["text"]] = {**item, "mentions": 1}
    return list(firsts.values())


def dumps(record: dict) -> str:
    """The record's canonical serialization: UTF-8 text, not ASCII-escaped, one per file."""
    return json.dumps(record, ensure_ascii=False, indent=1) + "\n"


def dumps_line(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"


@functools.lru_cache(maxsize=1)
def schema() -> dict:
    return json.loads(resources.files("pipeline").joinpath("schema/record.schema.json").read_text("utf-8"))
