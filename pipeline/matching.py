"""Shared machinery of the rule-based extractors: candidates, overlaps, spaCy component.

An extractor is a ``RuleExtractor`` subclass that names its rule file and turns one regex
match into the guide's fields (or declines it). Finding (``match``) is kept apart from
writing (``set_annotations``), as in spaCy's SpanRuler, so tests can call ``match`` alone.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any

import regex
from spacy.tokens import Doc

from . import extensions, lexicon, segment, spans


@dataclass(order=True)
class Candidate:
    start: int
    end: int
    rule: str = field(compare=False)
    fields: dict[str, Any] = field(compare=False, default_factory=dict)


class RangeSet:
    """Disjoint [start, end) ranges kept sorted: overlap tests in O(log n), for long reports."""

    def __init__(self, ranges=()):
        self.starts: list[int] = []
        self.ends: list[int] = []
        for start, end in sorted(ranges):
            if self.ends and start < self.ends[-1]:
                self.ends[-1] = max(self.ends[-1], end)
            else:
                self.starts.append(start)
                self.ends.append(end)

    def overlaps(self, start: int, end: int) -> bool:
        index = bisect.bisect_left(self.ends, start + 1)  # the first range ending after start
        return index < len(self.starts) and self.starts[index] < end

    def holds_part(self, start: int, end: int) -> bool:
        """Whether one range holds [start, end) and more (a piece of a quoted title)."""
        index = bisect.bisect_right(self.starts, start) - 1
        return index >= 0 and end <= self.ends[index] and (self.starts[index], self.ends[index]) != (start, end)

    def end_from(self, start: int) -> int | None:
        """The end of the range that starts at ``start``, if one does."""
        index = bisect.bisect_left(self.starts, start)
        return self.ends[index] if index < len(self.starts) and self.starts[index] == start else None

    def add(self, start: int, end: int) -> None:
        """Add a range that overlaps none already held."""
        index = bisect.bisect_left(self.starts, start)
        self.starts.insert(index, start)
        self.ends.insert(index, end)


def longest_first(candidates: list[Candidate]) -> list[Candidate]:
    """Drop candidates overlapping a longer one (the earlier one wins a tie); sorted by start."""
    kept: list[Candidate] = []
    taken = RangeSet()
    for candidate in sorted(candidates, key=lambda c: (-(c.end - c.start), c.start)):
        if not taken.overlaps(candidate.start, candidate.end):
            taken.add(candidate.start, candidate.end)
            kept.append(candidate)
    return sorted(kept)


class RuleExtractor:
    """Runs every rule of ``rule_file`` over the text; subclasses implement ``interpret``."""

    rule_file: str = ""
    label: str = ""
    spans_key: str = ""
    # Span groups whose characters this extractor leaves alone (dates win over counts).
    yields_to: tuple[str, ...] = ()

    def __init__(self) -> None:
        self.rules = lexicon.compile_rules(self.rule_file)
        self.data = lexicon.load_rule_file(self.rule_file)

    def __call__(self, doc: Doc) -> Doc:
        return self.set_annotations(doc, self.match(doc))

    def match(self, doc: Doc) -> list[Candidate]:
        blocked = RangeSet(self.blocked_ranges(doc))
        candidates = []
        text = segment.text_of(doc)
        for rule, pattern in self.rules:
            for found in pattern.finditer(text):
                if found.end() == found.start() or blocked.overlaps(found.start(), found.end()):
                    continue
                fields = self.interpret(rule, found, doc)
                if fields is not None:
                    start, end = fields.pop("_span", found.span())
                    candidates.append(Candidate(start, end, rule["name"], fields))
        return longest_first(candidates)

    def blocked_ranges(self, doc: Doc) -> list[tuple[int, int]]:
        """Where this extractor finds nothing: the spans it yields to, URLs and file names."""
        return ([(s.start_char, s.end_char) for key in self.yields_to for s in doc.spans.get(key, [])]
                + [tuple(r) for r in doc._.masked or []])

    def interpret(self, rule: dict, found: regex.Match, doc: Doc) -> dict | None:
        """The fields of one match, or None to decline it; ``found.string`` is the text."""
        raise NotImplementedError

    def set_annotations(self, doc: Doc, candidates: list[Candidate]) -> Doc:
        return write_spans(doc, self.spans_key, self.label, candidates, rule_prefix=f"{self.spans_key}/")


def write_spans(doc: Doc, key: str, label: str, candidates: list[Candidate], rule_prefix: str = "") -> Doc:
    """Write ``doc.spans[key]`` (the Doc may be rebuilt to give the spans exact edges) and each
    span's fields, its rule id being ``rule_prefix`` + the candidate's rule."""
    doc, made = spans.char_spans(doc, [(c.start, c.end) for c in candidates], label)
    table = extensions.fields_table(doc)
    for candidate in candidates:
        table[label, candidate.start, candidate.end] = {"rule": rule_prefix + candidate.rule, **candidate.fields}
    doc.spans[key] = made
    return doc
