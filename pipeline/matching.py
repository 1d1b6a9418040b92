"""Shared machinery of the rule-based extractors: candidates, overlaps, spaCy component.

An extractor is a ``RuleExtractor`` subclass that names its rule file and turns one regex
match into the guide's fields (or declines it). Finding (``match``) is kept apart from
writing (``set_annotations``), as in spaCy's SpanRuler, so tests can call ``match`` alone.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import regex
from spacy.tokens import Doc

from . import lexicon, spans


@dataclass(order=True)
class Candidate:
    start: int
    end: int
    rule: str = field(compare=False)
    fields: dict[str, Any] = field(compare=False, default_factory=dict)

    def overlaps(self, start: int, end: int) -> bool:
        return self.start < end and start < self.end


def longest_first(candidates: list[Candidate]) -> list[Candidate]:
    """Drop candidates overlapping a longer one (the earlier one wins a tie); sorted by start."""
    kept: list[Candidate] = []
    for candidate in sorted(candidates, key=lambda c: (-(c.end - c.start), c.start)):
        if not any(candidate.overlaps(other.start, other.end) for other in kept):
            kept.append(candidate)
    return sorted(kept)


def overlaps_any(start: int, end: int, ranges) -> bool:
    return any(r_start < end and start < r_end for r_start, r_end in ranges)


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
        self.set_annotations(doc, self.match(doc))
        return doc

    def match(self, doc: Doc) -> list[Candidate]:
        blocked = [[s.start_char, s.end_char] for key in self.yields_to for s in doc.spans.get(key, [])]
        blocked += doc._.masked or []
        candidates = []
        for rule, pattern in self.rules:
            for found in pattern.finditer(doc.text, overlapped=False):
                if found.end() == found.start() or overlaps_any(found.start(), found.end(), blocked):
                    continue
                fields = self.interpret(rule, found, doc)
                if fields is not None:
                    start, end = fields.pop("_span", found.span())
                    candidates.append(Candidate(start, end, rule["name"], fields))
        return longest_first(candidates)

    def interpret(self, rule: dict, found: regex.Match, doc: Doc) -> dict | None:
        raise NotImplementedError

    def set_annotations(self, doc: Doc, candidates: list[Candidate]) -> None:
        made = spans.char_spans(doc, [(c.start, c.end) for c in candidates], self.label)
        for span, candidate in zip(made, candidates):
            span._.rule = f"{self.spans_key}/{candidate.rule}"
            for name, value in candidate.fields.items():
                setattr(span._, name, value)
        doc.spans[self.spans_key] = made
