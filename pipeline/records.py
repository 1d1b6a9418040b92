"""Write stage: a processed Doc to the JSON record (extraction guide's fields, plus offsets).

Reads ``doc.spans`` and the Doc extensions; writes a plain dict whose key order and list
order are fixed, so that the same input always serializes to the same bytes. Organizations
and slogans are listed once per distinct text (at their first mention), as the guide asks.
"""
from __future__ import annotations

import functools
import json
from importlib import resources

from spacy.tokens import Doc

from . import extensions, segment

SCHEMA_VERSION = 1
KIND_FIELDS = {
    "counts": ("value", "unit", "modifier", "object"),
    "dates": ("value", "modifier", "resolved"),
    "organizations": ("name", "kind"),
    "slogans": ("components", "components_rule", "declared", "consistent", "parts", "flags"),
    "persons": ("title", "employers"),
    "places": (),
}
DISTINCT_BY_TEXT = ("organizations", "slogans", "persons", "places")


def to_record(doc: Doc) -> dict:
    record = {
        "id": doc._.article_id,
        "source": {**(doc._.source or {}), "encoding": doc._.encoding},
        "metadata": dict(sorted((doc._.metadata or {}).items())),
    }
    text, table = segment.text_of(doc), extensions.fields_table(doc)
    starts = segment.sentence_starts(doc)
    for kind, fields in KIND_FIELDS.items():
        # Offsets and the fields table, not Span.text and span._: those rebuild per call.
        spans = sorted((span.start_char, span.end_char, span.label_) for span in doc.spans.get(kind, []))
        items = [span_item(text, start, end, table.get((label, start, end), {}), fields, starts)
                 for start, end, label in spans]
        record[kind] = first_mentions(items) if kind in DISTINCT_BY_TEXT else items
    return record


def span_item(text: str, start: int, end: int, values: dict, fields: tuple[str, ...],
              sentence_starts: list[int]) -> dict:
    item = {"text": text[start:end], "start": start, "end": end,
            "sentence": segment.sentence_index(sentence_starts, start)}
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


# json's C encoder runs only without indentation; dumps lays out the lines itself, calling
# the C encoder made once (JSONEncoder.encode makes it anew for every value it is given).
ONE_LINE = json.JSONEncoder(ensure_ascii=False)
_C_ENCODER = json.encoder.c_make_encoder and json.encoder.c_make_encoder(
    None, ONE_LINE.default, json.encoder.encode_basestring, None, ": ", ", ", False, False, True)


def one_line(value) -> str:
    return "".join(_C_ENCODER(value, 0)) if _C_ENCODER else ONE_LINE.encode(value)


def dumps(value: dict) -> str:
    """The canonical serialization of a record (or the build manifest), one per file: UTF-8
    text, not ASCII-escaped, a line per top-level field and, inside a list or a mapping,
    a line per item or entry, so that a diff shows whole facts."""
    fields = []
    for key, inner in value.items():
        if isinstance(inner, list) and inner:
            lines = ",\n".join("  " + one_line(item) for item in inner)
            fields.append(f" {one_line(key)}: [\n{lines}\n ]")
        elif isinstance(inner, dict) and inner:
            lines = ",\n".join(f"  {one_line(name)}: {one_line(item)}" for name, item in inner.items())
            fields.append(f" {one_line(key)}: {{\n{lines}\n }}")
        else:
            fields.append(f" {one_line(key)}: {one_line(inner)}")
    return "{\n" + ",\n".join(fields) + "\n}\n"


def dumps_line(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"


@functools.lru_cache(maxsize=1)
def schema() -> dict:
    return json.loads(resources.files("pipeline").joinpath("schema/record.schema.json").read_text("utf-8"))
