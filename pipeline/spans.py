"""Exact character spans on a coarsely tokenized Doc.

The Doc's tokens are runs between punctuation and white space (cheap to build), so an
entity may start or end inside a token. ``char_spans`` splits just those tokens with the
retokenizer, after which ``doc.char_span`` is exact. A split shifts token indices, which
span groups hold, so every existing group is rebuilt from its character offsets.
"""
from __future__ import annotations

import bisect
from typing import Iterable

from spacy.tokens import Doc, Span


def split_tokens_at(doc: Doc, offsets: Iterable[int]) -> None:
    cuts = sorted(set(offsets))
    if not cuts:
        return
    saved = {key: [(s.start_char, s.end_char, s.label_) for s in group] for key, group in doc.spans.items()}
    with doc.retokenize() as retokenizer:
        for token in doc:
            start, end = token.idx, token.idx + len(token.text)
            first = bisect.bisect_right(cuts, start)
            last = bisect.bisect_left(cuts, end)
            if first >= last:
                continue
            points = [start, *cuts[first:last], end]
            orths = [doc.text[a:b] for a, b in zip(points, points[1:])]
            retokenizer.split(token, orths, heads=[(token, 0)] * len(orths))
    for key, items in saved.items():
        doc.spans[key] = [doc.char_span(start, end, label=label) for start, end, label in items]


def char_spans(doc: Doc, offsets: list[tuple[int, int]], label: str) -> list[Span]:
    """One Span per (start, end), in the given order; raises if a span cannot be made exact."""
    split_tokens_at(doc, [point for pair in offsets for point in pair])
    spans = []
    for start, end in offsets:
        span = doc.char_span(start, end, label=label)
        if span is None:
            raise ValueError(f"no exact span for {doc.text[start:end]!r} at {start}-{end}")
        spans.append(span)
    return spans
