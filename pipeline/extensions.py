"""spaCy extension attributes that carry the extracted fields on the Doc.

Span extensions in spaCy are keyed by character offsets only, so two facts of different
kinds over the same characters would share them. Fields therefore live in one table on
the Doc keyed by (label, start, end), and each ``span._.<field>`` reads and writes there.
"""
from __future__ import annotations

from spacy.tokens import Doc, Span

FIELDS_KEY = "pipeline.fields"
SPAN_FIELDS = ("rule", "value", "unit", "modifier", "object", "resolved", "name", "kind",
               "components", "declared", "consistent", "parts", "flags")
DOC_FIELDS = ("article_id", "source", "metadata", "encoding", "paragraphs", "sentences", "masked",
              "replayed")   # replayed: the extractors whose kept writes stood in for a run (stage_cache)


def span_fields(span: Span) -> dict:
    return fields_table(span.doc).setdefault((span.label_, span.start_char, span.end_char), {})


def fields_table(doc: Doc) -> dict[tuple[str, int, int], dict]:
    """The Doc's table of fields; an extractor writes a span's fields there in one step
    (each ``span._`` assignment builds an accessor object: thousands per report)."""
    return doc.user_data.setdefault(FIELDS_KEY, {})


def field_accessors(name: str):
    def getter(span: Span):
        return span_fields(span).get(name)

    def setter(span: Span, value) -> None:
        span_fields(span)[name] = value

    return getter, setter


def register() -> None:
    """Idempotent: safe to call from every component factory."""
    for name in DOC_FIELDS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
    for name in SPAN_FIELDS:
        if not Span.has_extension(name):
            getter, setter = field_accessors(name)
            Span.set_extension(name, getter=getter, setter=setter)


register()
