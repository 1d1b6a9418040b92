"""Counts stage: numerals with their measure words (extraction guide, section 1).

Reads ``doc.text``, the numeral values from ``numerals.py``, and the dates and slogans
already found (their numerals are not counts). Writes ``doc.spans["counts"]`` with the
fields value, unit, modifier, object. Rules: ``rules/counts.yaml``.
"""
from __future__ import annotations


import regex
from spacy.language import Language
from spacy.tokens import Doc

from . import lexicon, numerals, segment
from .matching import RuleExtractor

OBJECT_WINDOW = 24
LOOKBEHIND = 4  # characters before a numeral searched for an ordinal marker (第 ...)
OBJECT_BREAK = regex.compile(r"[\p{P}\s\d]")
QUOTES = regex.compile(r"[“”‘’「」『』\"']")
# jieba dictionary tags that can be part of the noun phrase after a measure word.
NOUN_TAGS = ("n", "b", "vn", "nz", "j", "l", "an", "s", "ns", "nt")
OBJECT_MODIFIERS = {"市级", "区级", "省级", "县级", "全国", "国家级", "街镇", "各类", "各级", "不同", "主要", "重点"}


class CountExtractor(RuleExtractor):
    rule_file = "counts.yaml"
    label = "COUNT"
    spans_key = "counts"
    yields_to = ("dates", "slogans")

    def __init__(self, segmenter: str = "jieba") -> None:
        super().__init__()
        self.segmenter = segment.get_segmenter(segmenter)
        self.modifiers = lexicon.modifier_words()
        self.idioms = regex.compile(lexicon.alternation(self.data["idioms"]))
        self.ordinal_markers = tuple(self.data["ordinal_markers"])

    def blocked_ranges(self, doc: Doc) -> list[tuple[int, int]]:
        """Also a slogan's spelled-out parts: 百名代表人士进企业 in 三个一百 names no count."""
        parts = [(part["start"], part["end"]) for slogan in doc.spans.get("slogans", [])
                 for part in slogan._.components or []]
        return super().blocked_ranges(doc) + parts

    def interpret(self, rule: dict, found: regex.Match, doc: Doc) -> dict | None:
        groups = found.groupdict()
        number = groups["num"]
        start = found.start("num")
        if found.string[max(start - LOOKBEHIND, 0):start].rstrip().endswith(self.ordinal_markers):
            return None
        if self.idioms.match(found.string, start):
            return None
        value = numerals.parse_number(number + (groups.get("mag") or ""))
        modifier = self.modifier(groups)
        if value is None or (number == "一" and modifier is None):
            return None  # 一 before a measure word is an article: 选准一个好带头人
        unit = rule["unit"] if "unit" in rule else groups["unit"]
        return {"value": value, "unit": unit, "modifier": modifier}

    def match(self, doc: Doc) -> list:
        """The counts, each with its object: looked up only for the counts kept (words cost)."""
        counts = super().match(doc)
        text = segment.text_of(doc)
        for count in counts:
            count.fields["object"] = self.object_after(text, count.end)
        return counts

    def modifier(self, groups: dict[str, str | None]) -> str | None:
        for name in ("mod", "mod2", "mod3", "tail"):
            if groups.get(name):
                return self.modifiers[groups[name]]
        return None

    def object_after(self, text: str, end: int) -> str | None:
        """The head noun counted: the last noun of the noun phrase right after the unit."""
        window = QUOTES.sub("", text[end:end + OBJECT_WINDOW])
        window = OBJECT_BREAK.split(window, maxsplit=1)[0]
        head = None
        for word, _, _ in segment.cut_phrase(self.segmenter.name, window, guess_new_words=False):
            if word in OBJECT_MODIFIERS:
                continue
            if not segment.word_tag(word).startswith(NOUN_TAGS):
                break
            head = word
        return head



@Language.factory("zh_counts", assigns=["doc.spans"], requires=["doc._.sentences"],
                  default_config={"segmenter": "jieba"})
def make_counts(nlp: Language, name: str, segmenter: str) -> CountExtractor:
    return CountExtractor(segmenter)
