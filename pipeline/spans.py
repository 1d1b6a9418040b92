"""Exact character spans on any Doc.

``pipeline.load`` tokenizes one character per token, so every span is exact as it is. A
component added to a pipeline with another tokenizer (jieba's words, say) may meet an
entity that starts or ends inside a token: ``char_spans`` then returns a Doc whose tokens
also break at the entity's edges. It builds that Doc anew rather than calling the
retokenizer, whose splits cost time in proportion to the Doc's length each (quadratic
over a long report). The new Doc has the same text, the same user data (where extension
values live) and the span groups rebuilt by offsets.
"""
from __future__ import annotations

from spacy.attrs import IDX
from spacy.tokens import Doc, Span

from . import segment


def with_boundaries(doc: Doc, offsets: set[int]) -> Doc:
    text = segment.text_of(doc)
    boundaries = set(doc.to_array([IDX]).tolist()) if len(doc) else set()
    if offsets <= boundaries | {len(text)}:
        return doc
    points = sorted(boundaries | offsets | {0, len(text)})
    words = [text[a:b] for a, b in zip(points, points[1:])]
    rebuilt = Doc(doc.vocab, words=words, spaces=[False] * len(words), user_data=doc.user_data)
    for key, group in doc.spans.items():
        rebuilt.spans[key] = [rebuilt.char_span(s.start_char, s.end_char, label=s.label_) for s in group]
    return rebuilt


def char_spans(doc: Doc, offsets: list[tuple[int, int]], label: str) -> tuple[Doc, list[Span]]:
    """The Doc (maybe rebuilt) and one Span per (start, end), in order; raises if not exact."""
    if len(doc) == len(segment.text_of(doc)):  # one token per character: token = char offsets
        label_id = doc.vocab.strings.add(label)   # an id: a string is looked up per Span
        return doc, [Span(doc, start, end, label=label_id) for start, end in offsets]
    doc = with_boundaries(doc, {point for pair in offsets for point in pair})
    spans = []
    for start, end in offsets:
        span = doc.char_span(start, end, label=label)
        if span is None:
            raise ValueError(f"no exact span at {start}-{end} of {doc._.article_id or 'a text'}")
        spans.append(span)
    return doc, spans
