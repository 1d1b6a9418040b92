"""Slogans stage: numeric work-method formulas and their spelled-out parts (extraction guide, section 4).

Reads the Doc's text, the dates already found (their numerals are no slogans), the masked regions
and the numeral values from ``numerals.py``. Writes ``doc.spans["slogans"]`` (label SLOGAN) with
the fields rule, components, declared, consistent, parts and flags. Rules and word lists:
``rules/slogans.yaml``.

Finding is in three steps, all on the whole document:
1. the rules give candidates (四群八动, “三师”, 1+X, 两新组织…), each kept only with the signal its
   ``kind`` needs (quotes, a line of its own, a label noun, a definition);
2. every other mention of a text found in step 1 becomes a span too, so a slogan named before
   its definition, or in a heading, is one slogan with several mentions;
3. per distinct text, the parts the report spells out, searched at every mention in this order:
   the brackets of a glossed formula (1(区新联会)+22(…)); parts named per element of a formula
   (“1”指区新联会，“N”指…; “一会”即…，“三站”即…); a definition right after it (brackets, 即,
   指, 包括, 是, a colon; ordinals 一是… inside it; a last part told in the next sentence);
   parts listed just before it (…、…、…的“三力”); an ordinal enumeration that follows, across
   sentences (第一股…第二股…); an enumeration in the rest of its sentence with exactly as many
   items as a numeral says (at least three); and at last the N clauses of one sentence that
   contain its abbreviating character (五化 → 前瞻化规划, 优势化探索…).
   A listed part is cut to what is written for it: no punctuation, no lead-in (包括, 全面实行,
   通过建设), no role (以区级总站为龙头 → 区级总站), no summing tail (…等6个活动空间).
   For a one-numeral label the parts are then chosen by score (``best_enumeration``, weights
   in rules/slogans.yaml) among those definitions and every enumeration of the report
   (``enumerations.py``: 、-lists, quoted runs, ordinals, paragraph openings): the count agrees,
   the items share the label's characters, the list is linked to a mention (a definition, or
   listed right before it without 的: 企业让一点、…、群众筹一点“三个一点”), near, items alike.

Field conventions: ``declared`` lists the numbers the numerals state, in order (四群八动 → [4, 8],
一地一品 → [1, 1], 1+X → [1]: an open term X or N declares nothing and adds the flag
``open-ended``). ``consistent`` is null without components and for glossed formulas
(1(区新联会)+22(…), whose brackets name the terms instead of listing the parts); otherwise the
number of components must equal the sum of ``declared``, or the number of the element whose
character most components share (八动 in 四群八动), or one of the declared numbers; if not, the
flag ``components-mismatch`` is set. ``parts`` lists the elements of a composite (五化七步 →
五化, 七步) unless every numeral is 一 (一地一品 is one product per place, not two sub-slogans).
"""
from __future__ import annotations

import bisect
import functools
import itertools
from dataclasses import dataclass, field
from os.path import commonprefix

import regex
from spacy.language import Language
from spacy.tokens import Doc

from . import enumerations, extensions, lexicon, numerals, segment
from .matching import Candidate, RangeSet, RuleExtractor, longest_first

# Where a sentence ends for the search of a definition (not at ；: 一是…;二是…;三是… is one).
RULE_FILES = ("slogans.yaml",)
SENTENCE_END = regex.compile(r"[。！？!?\n]")
# The last sentence end before a position (a reverse search stops there, not at the text's start).
SENTENCE_END_BEFORE = regex.compile(r"(?r)[。！？!?\n]")
BRACKETS = regex.compile(r"[（(]|(?P<close>[）)])")
# Separators outside quotes and brackets: clauses (，；) and items (、).
PROTECTED = r"“[^”\n]*”|‘[^’\n]*’|「[^」\n]*」|『[^』\n]*』|（[^）\n]*）|\([^)\n]*\)"
SPLIT = regex.compile(PROTECTED + r"|(?P<clause>[，,；;])|(?P<item>[、])")
# In a plus formula's definition, + separates the parts too (区级服务中心+街道服务站+…).
SPLIT_PLUS = regex.compile(PROTECTED + r"|(?P<clause>[，,；;])|(?P<item>[、+＋])")
# Where the parts that one label of a formula names end (“1”指区新联会，“N”指…).
LABELLED_END = regex.compile(r"[。；;！？!?\n]|[，,](?=\s*[“‘「『])")
QUOTED = regex.compile(r"“(?P<in>[^“”\n]+)”|‘(?P<in>[^‘’\n]+)’|「(?P<in>[^「」\n]+)」|『(?P<in>[^『』\n]+)』"
                       r"|\"(?P<in>[^\"\n]+)\"")
QUOTED_SEQUENCE = regex.compile(
    r"[\s:：]*(?:(?:“[^“”\n]+”|‘[^‘’\n]+’|「[^「」\n]+」|『[^『』\n]+』)[\s、，,和及与]*){2,}")
CONNECTOR = regex.compile(r"[\s、，,和及与與]*")
HAN = regex.compile(r"\p{Han}")
CLOSING_QUOTES = "”’」』\"'"
OPENING = "“‘「『\"'（(【"
CHINESE_NUMERAL = regex.compile(r"[一二三四五六七八九十两兩双雙]")
ORDINAL = regex.compile(
    r"(?:(?P<prefix>第|其)|(?<![\p{Han}\d]))(?P<o>[一二三四五六七八九十])(?P<m>(?![是为為])\p{Han})?"
    r"(?P<mark>是|为|為|[，,：:])")
LONGEST_ORDINAL = len("第一股是")
ITEM_END = regex.compile(r"[，,。；;：:！？!?\n]")
CLAUSE = regex.compile(r"[，,；;、。！？!?\n]")
CLAUSE_BEFORE = regex.compile(r"(?r)[，,；;、。！？!?\n:：]")  # searched backwards
CLAUSE_AFTER = regex.compile(r"[^，,；;。！？!?\n]+(?:[，,；;]|(?P<stop>[。！？!?\n]|$))")
TERM = regex.compile(r"(?P<term>(?P<digits>[0-9０-９]{1,3})?[A-Za-z]{0,2})(?P<gloss>[（(][^（()）\n]{1,40}[）)])?")
ELEMENT = regex.compile(r"(?P<n>[一二三四五六七八九十两兩双雙]|[0-9０-９]{1,2}|(?<=.)多)(?P<a>[^一二三四五六七八九十两兩双雙0-9０-９多]+)")
PLUS_SIGN = regex.compile(r"[ \u3000]?[+＋][ \u3000]?")
# What may stand between a label and the enumeration that spells it out right after it
# (“四步工作法”：第一步，摸清底数…): closing quotes, a colon or 即/包括, the first ordinal marker.
LINKED_AFTER = regex.compile(r"[”’」』\"'）)】\s]*(?:[:：]|即|包括|分别是|是)?\s*"
                             r"(?:第[一二三四五六七八九十][步条项个点招]?[，,、：:]?|[一二三四五六七八九十](?:是|要)|[（(][一二三四五六七八九十][）)])?\s*")
LINK_REACH = 12
LEADING_NUMBER = regex.compile(r"(?P<n>[一二三四五六七八九十两兩双雙]|[0-9０-９]{1,2})(?P<ge>[个個])?(?P<a>.+)")
ORDINALS = "一二三四五六七八九十"
NUMERAL = regex.compile(r"[\p{N}一二三四五六七八九十两兩百千万萬亿億+＋]")
NUMERAL_OR_LETTER = regex.compile(r"[\p{N}一二三四五六七八九十两兩百千万萬亿億+＋A-Za-z第]")
SLOGAN_NUMERALS = lexicon.load_rule_file("slogans.yaml")["slogan_numerals"]
# How far from a mention its definition may start.
ORDINAL_REACH = 300
ORDINAL_SPAN = 1500
LIST_REACH = 60
LABELLED_REACH = 300
CONTINUATION_REACH = 150
# An enumeration found by its count alone (no 即/包括…) needs at least this many items: two
# items that happen to follow a 两X or 一X一Y are too common.
MIN_COUNTED_ITEMS = 3
BEFORE_REACH = 200
BEFORE_GAP = 30
# A sentence or a listed part is searched for its end this far at most, and a slogan's
# definition near its first mentions only: a text without sentence ends, or with a slogan
# repeated thousands of times, then costs time in proportion to its length, not its square.
SENTENCE_REACH = 1000
MENTIONS_SEARCHED = 8


@dataclass
class Element:
    number: int | None  # None for an open term (X, N)
    text: str           # 四群, 1A, X
    abbr: str           # 群, A, ""


@dataclass
class Shape:
    """What a slogan's text says about its parts."""

    kind: str
    elements: list[Element]
    measure: str | None = None  # 股 in 三股力量: the parts are 第一股…第二股…
    glosses: list[tuple[int, int]] = field(default_factory=list)  # relative to the text

    # Cached: a shape is made once per text of a slogan (parse_shape) and never changed.
    @functools.cached_property
    def declared(self) -> list[int]:
        return [e.number for e in self.elements if e.number is not None]

    @functools.cached_property
    def open_ended(self) -> bool:
        return any(e.number is None for e in self.elements)

    @functools.cached_property
    def chars(self) -> str:
        return "".join(ch for e in self.elements for ch in e.abbr if HAN.match(ch))

    @functools.cached_property
    def targets(self) -> frozenset[int]:
        declared = self.declared
        return frozenset(declared) | {sum(declared)} if declared else frozenset()

    @property
    def parts(self) -> list[str] | None:
        if self.kind == "composite" and len(self.elements) > 1 and any(e.number != 1 for e in self.elements):
            return [e.text for e in self.elements]
        return None


def sentences_containing(text: str, char: str):
    """(start, end) of every sentence (between SENTENCE_END characters) that contains ``char``,
    except sentences longer than SENTENCE_REACH (no list of parts is that long): each call
    costs a lookup per occurrence, not a scan of the text, however many slogans ask."""
    ends = sentence_ends(text)
    found = text.find(char)
    while found >= 0:
        index = bisect.bisect_left(ends, found)
        start = ends[index - 1] + 1 if index else 0
        end = ends[index] if index < len(ends) else len(text)
        if end - start <= SENTENCE_REACH:
            yield start, end
        found = text.find(char, end + 1)  # after the sentence end


@functools.lru_cache(maxsize=2)
def sentence_ends(text: str) -> list[int]:
    """Where every SENTENCE_END character of ``text`` is, in order."""
    return [found.start() for found in SENTENCE_END.finditer(text)]


def longest_occurrences(text: str, words):
    """(start, end, word) from left to right, without overlaps, the longest word where several
    start at one place: what a regex alternation of the words, longest first, finds, without
    compiling one per document."""
    found = sorted((start, -len(word), word) for word in words for start in segment.occurrences(text, word))
    position = 0
    for start, _, word in found:
        if start >= position:
            position = start + len(word)
            yield start, position, word


@functools.lru_cache(maxsize=256)
def counted_term(term: str, measures: str) -> regex.Pattern:
    """A formula's term (1, N, 1A) written with a measure word after it, as in 1个镇商会."""
    return regex.compile(rf"(?<![0-9０-９A-Za-z]){regex.escape(term)}(?=[{regex.escape(measures)}])")


@dataclass(frozen=True)
class Parts:
    """A slogan's parts and what chose them (its ``components_rule``): a finder next to a
    mention (defined-after, listed-before, ordinals-after, listed-after, char-run, labelled), a
    gloss in the label itself, or an enumeration of the report (enumeration/<kind>)."""
    items: list[tuple[int, int]]
    rule: str | None


@functools.lru_cache(maxsize=4096)
def number_of(text: str) -> int | None:
    if text in SLOGAN_NUMERALS:
        return SLOGAN_NUMERALS[text]
    value = numerals.parse_number(text)
    return int(value) if value is not None and value == int(value) else None


@functools.lru_cache(maxsize=4096)
def parse_shape(kind: str, text: str, measures: str) -> Shape:
    """The shape of a slogan's text (shared between calls: not to be changed)."""
    if kind == "plus":
        elements, glosses = [], []
        for found in TERM.finditer(text):
            if not found.group("term"):
                continue
            digits = found.group("digits")
            elements.append(Element(number_of(digits) if digits else None, found.group("term"),
                                    found.group("term")[len(digits or ""):]))
            if found.group("gloss"):
                glosses.append(found.span("gloss"))
        return Shape(kind, elements, glosses=glosses)
    if kind == "sequence":   # 一三五: one term per numeral, like 1+3+5
        return Shape("plus", [Element(number_of(char), char, "") for char in text])
    if kind == "prefixed":   # 党支部+五社: a named part, then a label whose parts are counted
        text = text[PLUS_SIGN.search(text).end():]
    if kind in ("composite", "known"):
        elements = [Element(number_of(m.group("n")), m.group(), m.group("a")) for m in ELEMENT.finditer(text)]
        if len(elements) > 1 and "".join(e.text for e in elements) == text:
            return Shape("composite", elements)
    found = LEADING_NUMBER.fullmatch(text)
    if found is None:
        return Shape(kind, [])
    abbr = found.group("a")
    measure = abbr[0] if len(abbr) > 1 and abbr[0] in measures and not found.group("ge") else None
    return Shape(kind, [Element(number_of(found.group("n")), text, abbr[1:] if measure else abbr)], measure)


class SloganExtractor(RuleExtractor):
    rule_file = "slogans.yaml"
    label = "SLOGAN"
    spans_key = "slogans"
    yields_to = ("dates",)

    def __init__(self, segmenter: str = "jieba") -> None:
        super().__init__()
        self.segmenter_name = segmenter
        data, local = self.data, self.data["placeholders"]
        self.idioms = regex.compile(lexicon.alternation(data["idioms"]))
        self.not_slogans = regex.compile(lexicon.alternation(data["not_slogans"]))
        closing = f"[{regex.escape(CLOSING_QUOTES)}\\s]*"
        self.label_noun = regex.compile(closing + lexicon.alternation(data["label_nouns"]))
        triggers = lexicon.alternation(data["definition_triggers"])
        # “1”指, “N”即…: a quoted element of a formula, then a definition trigger (one pattern
        # for every element: compiling one per element cost more than the whole search).
        self.quoted_element = regex.compile(
            rf"[“‘「『]\s*(?P<element>[^“”‘’「」『』\s](?:[^“”‘’「」『』\n]*?[^“”‘’「」『』\s])?)\s*[”’」』]\s*(?:{triggers})")
        self.after = regex.compile(
            rf"{closing}(?P<gap>[^。！？!?\n“”‘’「」『』（）()]{{0,15}}?)"
            rf"(?P<trigger>{triggers}|[:：]|(?P<bracket>[（(]))")
        self.lead_in = regex.compile(rf"(?:{lexicon.alternation(data['lead_in_words'])}[\p{{P}}\s]*)+")
        self.count_tail = regex.compile(
            rf"(?:等等|等)?(?:[\s]*(?P<n>{lexicon.expand('{N}', self.rule_file, local)})[\s]*"
            rf"[个個项項大种種类類条條][\p{{Han}}]{{0,6}})?$|等等$|等$")
        self.measures = local["COUNT_CHARS"] + "股"
        # What ends a term's part before the next term (加上, 和, a comma or 、).
        self.term_join = regex.compile(lexicon.alternation(data["term_joins"]) + r"|[，,、；;]")
        self.alone_before = regex.compile(lexicon.expand("{ALONE_BEFORE}", self.rule_file, local))
        self.alone_after = regex.compile(lexicon.expand("{ALONE_AFTER}", self.rule_file, local))
        self.char_run_excluded = set(data["char_run_excluded"])
        self.role = regex.compile(rf"以?(?P<holder>.+?)[为為]{lexicon.alternation(data['role_nouns'])}")
        self.weights = data["enumeration_scores"]
        self.adjacent_chars = frozenset(CLOSING_QUOTES + OPENING + " \u3000\t\n的等")

    @functools.cached_property
    def segmenter(self) -> segment.Segmenter:
        return segment.get_segmenter(self.segmenter_name)

    # -- step 1: candidates -------------------------------------------------------------------

    def interpret(self, rule: dict, found: regex.Match, doc: Doc) -> dict | None:
        text = found.string
        start, end = found.span("body")
        kind = rule["kind"]
        if kind == "prefixed":
            start = found.start("named")   # read behind the plus sign
        if self.idioms.match(text, start) or self.not_slogans.match(text, start):
            return None
        if kind == "composite":
            end = self.composite_end(text, start, end)
        shape = parse_shape(kind, text[start:end], self.measures)
        if not shape.elements or (kind == "plus" and not shape.declared):
            return None
        if kind == "sequence" and not all(a < b for a, b in zip(shape.declared, shape.declared[1:])):
            return None  # 一三五 rises; 十三五 (a plan's number) does not
        if kind in ("label", "counted", "defined", "enumerated", "prefixed", "quoted-set") and shape.declared[0] < 2:
            return None  # 一 alone names no parts: 一线, 一站式
        if kind in ("label", "counted") and not self.quoted(text, start) and (
                not CHINESE_NUMERAL.match(text, start) or kind == "counted" and len(shape.elements[0].abbr) > 2):
            return None  # on a line of its own (a heading, a table cell): 三化 yes, 3个区级平台 no
        if kind == "composite" and not (self.stands_alone(text, start, end, listed=True)
                                        or self.label_noun.match(text, end)
                                        or self.definition(text, [(start, end)], shape, strict=True)):
            return None  # 四群八动 in quotes, before 工作模式, or defined; not 七情六欲 in a sentence
        if kind == "defined" and not self.definition(text, [(start, end)], shape, strict=True,
                                                     needs_chars=not self.label_noun.match(text, end)):
            return None  # 三查: parts that contain 查, or 五步工作法: exactly five parts
        if kind == "quoted-set" and not self.definition(text, [(start, end)], shape, strict=True):
            return None  # “三张名片”，分别是…: exactly three parts
        if kind == "enumerated" and not any(linked and len(items) == shape.declared[0] for items, linked, _
                                            in self.enumerated(text, [(start, end)], shape)):
            return None  # 医疗、教育、养老等三个项目: a count
        return {"_span": (start, end), "_kind": kind}

    def composite_end(self, text: str, start: int, end: int) -> int:
        """Drop the last character of a two-character last element that belongs to the next
        word (四群八动工作 → 四群八动; 一靠二借三聚合思路 keeps 聚合)."""
        if self.alone_after.match(text, end):
            return end
        elements = list(ELEMENT.finditer(text, start, end))
        if not elements or len(elements[-1].group("a")) < 2:
            return end  # no element (一多一多: the shape check rejects it) or a one-character last one
        last = elements[-1]
        window = text[last.start("a"):last.start("a") + 8]
        boundaries = {word_end for _, _, word_end in self.segmenter.cut(window)}
        return end if 2 in boundaries else end - 1

    @staticmethod
    def quoted(text: str, start: int) -> bool:
        """Right after an opening quote or bracket (spaces allowed between)."""
        before = text[max(0, start - 3):start].rstrip(" \u3000")
        return bool(before) and before[-1] in OPENING

    def stands_alone(self, text: str, start: int, end: int, listed: bool = False) -> bool:
        """Quotes, brackets or line edges around it; ``listed``: or 、 (“一园一站、一站多点”)."""
        before = self.alone_before.match(text, start) or (listed and text[start - 1:start] == "、")
        after = self.alone_after.match(text, end) or (listed and text[end:end + 1] == "、")
        return bool(before and after)

    # -- steps 2 and 3 ------------------------------------------------------------------------

    def match(self, doc: Doc) -> list[Candidate]:
        found = super().match(doc)
        if not found:
            return []
        text = segment.text_of(doc)
        found = self.other_mentions(doc, text, found)
        by_text: dict[str, list[Candidate]] = {}
        for candidate in found:
            by_text.setdefault(text[candidate.start:candidate.end], []).append(candidate)
        shapes = {slogan: parse_shape(mentions[0].fields["_kind"], slogan, self.measures) for slogan, mentions in by_text.items()}
        described = {slogan: self.describe(text, shapes[slogan], [(m.start, m.end) for m in mentions])
                     for slogan, mentions in by_text.items()}
        for slogan, fields in described.items():
            self.take_elements_parts(fields, shapes[slogan], described)
        for slogan, mentions in by_text.items():
            for mention in mentions:
                mention.fields = dict(described[slogan])
                mention.rule = mentions[0].rule
        return found

    @staticmethod
    def take_elements_parts(fields: dict, shape: Shape, described: dict[str, dict]) -> None:
        """双强六好 whose own parts do not add up, where 双强 and 六好 are written as slogans of
        their own with two and six parts: its parts are theirs, in order."""
        if len(shape.elements) < 2 or shape.open_ended or len(fields["components"]) == sum(shape.declared):
            return
        components = []
        for element in shape.elements:
            own = described.get(element.text)
            if own is None or len(own["components"]) != element.number:
                return
            components += own["components"]
        fields.update(components=components, components_rule="elements", consistent=True,
                      flags=[flag for flag in fields["flags"] if flag != "components-mismatch"])

    def other_mentions(self, doc: Doc, text: str, found: list[Candidate]) -> list[Candidate]:
        """Every further occurrence of a text already found, with the first one's rule."""
        first = {}
        for candidate in found:
            first.setdefault(text[candidate.start:candidate.end], candidate)
        taken = RangeSet((c.start, c.end) for c in found)
        new = [(start, end, word) for start, end, word in longest_occurrences(text, first)
               if not taken.overlaps(start, end)]
        if not new:
            return found  # most reports; RuleExtractor.match gave them longest first already
        blocked = RangeSet(self.blocked_ranges(doc))
        extra = []
        for start, end, mention in new:
            if blocked.overlaps(start, end):
                continue
            before, after = text[start - 1:start], text[end:end + 1]
            if (before and NUMERAL_OR_LETTER.match(before)) or (after and NUMERAL.match(after)):
                continue
            origin = first[mention]
            extra.append(Candidate(start, end, origin.rule, {"_kind": origin.fields["_kind"]}))
        return longest_first(found + extra)

    def describe(self, text: str, shape: Shape, mentions: list[tuple[int, int]]) -> dict:
        flags = ["open-ended"] if shape.open_ended else []
        if shape.glosses:
            start = mentions[0][0]
            items = [self.trim(text, start + a + 1, start + b - 1) for a, b in shape.glosses]
            parts = Parts([item for item in items if item[1] > item[0]], "gloss")
            consistent = None
        else:
            parts = self.definition(text, mentions, shape) or Parts([], None)
            consistent = None if self.term_by_term(text, parts.items, shape) else \
                self.consistent(text, parts.items, shape) if parts.items else None
        if consistent is False:
            flags.append("components-mismatch")
        return {
            "components": [{"text": text[s:e], "start": s, "end": e} for s, e in parts.items],
            "components_rule": parts.rule if parts.items else None,
            "declared": shape.declared,
            "consistent": consistent,
            "parts": shape.parts,
            "flags": flags,
        }

    @staticmethod
    def term_by_term(text: str, items, shape: Shape) -> bool:
        """4+2 (4个平台+2支队伍): one item per term, naming the term, like a gloss."""
        return shape.kind == "plus" and len(items) == len(shape.elements) and all(
            element.number is not None and text[s:e].startswith(str(element.number))
            for element, (s, e) in zip(shape.elements, items))

    def consistent(self, text: str, items: list[tuple[int, int]], shape: Shape) -> bool | None:
        if not shape.declared or shape.open_ended:
            return None
        count = len(items)
        if count == sum(shape.declared):
            return True
        if len(shape.elements) > 1:
            for element in shape.elements:
                sharing = sum(1 for s, e in items if set(element.abbr) & set(text[s:e]))
                if element.abbr and element.number and sharing * 2 > count:
                    return count == element.number
        return count in shape.declared

    # -- definitions --------------------------------------------------------------------------

    def definition(self, text: str, mentions, shape: Shape, strict: bool = False,
                   needs_chars: bool = False) -> Parts | None:
        """The parts, from the first place (in the module docstring's order) that gives them.
        ``strict``: only item counts the numerals state; ``needs_chars``: most items must
        contain an abbreviating character (a formula without quotes needs both). Parts that
        the text assigns to the formula's own elements (“1”指…，“N”指…) are taken as they are."""
        mentions = mentions[:MENTIONS_SEARCHED]
        if len(shape.elements) > 1:
            for start, end in mentions:
                items = [item for item in self.labelled(text, end, shape) or () if item[1] > item[0]]
                if items:
                    return Parts(items, "labelled")
        finders = [(self.defined_after, strict), (self.listed_before, strict),
                   (self.ordinals_after, strict), (self.listed_after, True)]
        if not strict:
            finders.append((self.char_run, True))
        defined = []
        for finder, exact in finders:
            for start, end in mentions:
                items = [item for item in finder(text, start, end, shape) or () if item[1] > item[0]]
                if items and self.acceptable(text, items, shape, exact, needs_chars):
                    rule = finder.__name__.replace("_", "-")
                    if strict or len(shape.elements) > 1:
                        return Parts(items, rule)
                    defined.append((items, finder != self.char_run, rule))  # a char run links to no mention
        return self.best_enumeration(text, mentions, shape, defined) if not strict else None

    def acceptable(self, text: str, items, shape: Shape, strict: bool, needs_chars: bool) -> bool:
        if len(items) < 2:
            return False
        sharing = self.sharing(text, items, shape.chars)
        if needs_chars and sharing * 2 <= len(items):
            return False
        if len(items) in shape.targets:
            return True
        # An open formula (1+5+X) declares no total: an explicit definition is enough.
        return not strict and (sharing * 2 > len(items) or shape.open_ended)

    @staticmethod
    def sharing(text: str, items, chars: str) -> int:
        """How many items contain one of the abbreviating characters."""
        wanted = set(chars)
        return sum(1 for s, e in items if wanted & set(text[s:e]))

    def labelled(self, text: str, end: int, shape: Shape):
        """“1”指区新联会，“N”指行业分会和楼宇联络站: each element of the formula, quoted and
        followed by 指/即/是…, names its own parts; all elements must be found, in order."""
        limit = min(len(text), end + LABELLED_REACH)
        items, position = [], end
        for element in shape.elements:
            found = next((q for q in self.quoted_element.finditer(text, position, limit)
                          if q.group("element") == element.text), None)
            if found is None:
                return None
            stop = LABELLED_END.search(text, found.end(), limit)
            part_end = stop.start() if stop else limit
            parts = [item for clause in self.clauses(text, found.end(), part_end, shape) for item in clause]
            if element.number is not None and len(parts) < element.number:
                parts = self.split_last(text, parts)
            parts = self.clean(text, parts)
            if not parts or (element.number or 0) > 1 and len(parts) < 2:
                return None   # ‘双强’是我们的目标: one phrase is no two parts
            items += parts
            position = part_end
        return items

    def defined_after(self, text: str, start: int, end: int, shape: Shape):
        """即, 指, 包括, 是, a colon or brackets, a few characters after the label."""
        found = self.after.match(text, end)
        if found is None:
            return None
        region_start = found.end()
        region_end = self.region_end(text, region_start, bool(found.group("bracket")))
        anchored = self.term_anchored(text, region_start, region_end, shape)
        if anchored:
            return anchored
        items = self.ordinals(text, region_start, region_end, shape, reach=2)
        items = items or self.list_items(text, region_start, region_end, shape, pairs=True)
        if items and not found.group("bracket"):
            items += self.continuation(text, items, region_end, shape)
        return items

    def term_anchored(self, text: str, start: int, end: int, shape: Shape) -> list[tuple[int, int]] | None:
        """A formula's terms counted again in its definition, in order (1+N: 即1个镇商会加上葡萄、
        电商等N个行业分会和村级联络站): each part starts at its term and a measure word, and
        ends where a joining word or a clause mark follows it (the last at the definition's
        end), so the modifiers written before the next term are no part of the one before."""
        if shape.kind != "plus" or len(shape.elements) < 2:
            return None
        starts, position = [], start
        for element in shape.elements:
            term = counted_term(element.text, self.measures + "个個").search(text, position, end)
            if term is None:
                return None
            starts.append(term.start())
            position = term.end()
        parts = []
        for index, part_start in enumerate(starts):
            if index + 1 < len(starts):
                join = self.term_join.search(text, part_start, starts[index + 1])
                part_end = join.start() if join else starts[index + 1]
            else:
                stop = ITEM_END.search(text, part_start, end)
                part_end = stop.start() if stop else end
            parts.append(self.trim(text, part_start, part_end))
        return parts if all(e > s for s, e in parts) else None

    def continuation(self, text: str, items, region_end: int, shape: Shape) -> list[tuple[int, int]]:
        """The last part of a list told in the next sentence (服务企业发展、服务社区治理。…新增了
        第三项内容——服务青年成长): one missing item with the prefix all the others share."""
        if len(shape.elements) != 1 or not shape.declared or shape.declared[0] != len(items) + 1:
            return []
        prefix = commonprefix([text[s:e] for s, e in items])
        if len(prefix) < 2:
            return []
        item = regex.compile(rf"(?<=[—:：，,是为為即])[\s—]*(?P<item>{regex.escape(prefix)}\p{{Han}}{{1,10}})(?=[\p{{P}}\s]|$)")
        found = item.search(text, region_end, min(len(text), region_end + CONTINUATION_REACH))
        return [found.span("item")] if found else []

    def listed_after(self, text: str, start: int, end: int, shape: Shape):
        """An enumeration later in the same sentence (its count is checked by the caller)."""
        region_end = self.region_end(text, end, False)
        items = self.list_items(text, end, region_end, shape, pairs=False, reach=LIST_REACH)
        return items if items and len(items) >= MIN_COUNTED_ITEMS else None

    def ordinals_after(self, text: str, start: int, end: int, shape: Shape):
        return self.ordinals(text, end, min(len(text), end + ORDINAL_SPAN), shape, reach=ORDINAL_REACH)

    def ordinals(self, text: str, start: int, end: int, shape: Shape, reach: int):
        """一是…二是…, 第一股是…第二股是… (the measure must be the slogan's own), the first one
        starting within ``reach``."""
        # No ORDINAL match looks past its end: the first part is found alike in a short window.
        window_end = min(end, start + reach + LONGEST_ORDINAL)
        first = next((found for found in ORDINAL.finditer(text, start, window_end)
                      if found.group("o") == "一" and found.start() - start <= reach
                      and found.group("m") == shape.measure), None)
        if first is None:
            return None
        items, form = [], (first.group("prefix"), first.group("m"))
        for found in itertools.chain([first], ORDINAL.finditer(text, first.end(), end)):
            if (found.group("prefix"), found.group("m")) != form:
                continue
            if found.group("o") != ORDINALS[len(items)]:
                if found.group("o") == "一":
                    break
                continue
            reach = min(len(text), found.end() + SENTENCE_REACH)
            stop = ITEM_END.search(text, found.end(), reach)
            item_end = stop.start() if stop else reach
            items.append(self.trim(text, found.end(), item_end))
            if len(items) == len(ORDINALS):
                break
        return items if len(items) >= 2 else None

    def listed_before(self, text: str, start: int, end: int, shape: Shape):
        """Parts listed just before: 聚人心、聚共识…的“五聚”; “有时间…”和“选准…”的“四有”…和“五好”."""
        sentence = self.sentence_start(text, start)
        window_start = max(sentence, start - BEFORE_REACH)
        de = text.rfind("的", max(window_start, start - BEFORE_GAP), start)
        if de < 0 or self.has_clause_break(text, de, start):
            return None
        candidates = []
        position = de
        for quote in reversed(list(QUOTED.finditer(text, window_start, de))):
            if CONNECTOR.fullmatch(text, quote.end(), position) is None:
                break
            inner_start, inner_end = quote.span("in")
            items = [item for clause in self.clauses(text, inner_start, inner_end, shape) for item in clause]
            candidates.append([self.trim(text, *item) for item in self.split_short(text, items, shape)])
            position = quote.start()
        if not candidates:
            clause_start = window_start
            for separator in SPLIT.finditer(text, window_start, de):
                if separator.group("clause"):
                    clause_start = separator.end()
            clauses = self.clauses(text, clause_start, de, shape)
            if clauses and len(clauses[-1]) >= 2:
                candidates.append(self.clean(text, self.split_short(text, clauses[-1], shape)))
        best, best_score = None, 0
        for items in candidates:  # nearest first
            if len(items) < 2:
                continue
            score = 2 * (len(items) in shape.targets) + 2 * (self.sharing(text, items, shape.chars) * 2 > len(items))
            if score > best_score:
                best, best_score = items, score
        return best

    def char_run(self, text: str, start: int, end: int, shape: Shape):
        """The N clauses of one sentence that contain the abbreviating character (五化); for a
        composite of equal numerals, those that contain every element's (三进三帮: 进企业帮发展，
        进社区帮治理，进乡村帮振兴)."""
        abbrs = [element.abbr for element in shape.elements]
        if any(len(abbr) != 1 or abbr in self.char_run_excluded for abbr in abbrs) or not shape.declared \
                or len(set(shape.declared)) != 1 or len(shape.declared) != len(abbrs):
            return None
        wanted = shape.declared[0]

        def holds(begin: int, stop: int) -> bool:
            return all(abbr in text[begin:stop] for abbr in abbrs) and not (begin <= start < stop)

        best = None
        for sentence_start, sentence_end in sentences_containing(text, abbrs[0]):
            items, position = [], sentence_start
            for separator in CLAUSE.finditer(text, sentence_start, sentence_end + 1):
                if holds(position, separator.start()):
                    items.append(self.trim(text, position, separator.start()))
                position = separator.end()
            if position < sentence_end and holds(position, sentence_end):
                items.append(self.trim(text, position, sentence_end))
            if len(items) == wanted and (best is None or abs(sentence_start - start) < abs(best[0][0] - start)):
                best = items
        if best is None:
            return None
        best = self.clean(text, best)   # as every enumeration: 推动 | 思想教育多样化、基础工作规范化…
        return [self.parallel_first(text, best), *best[1:]] if len(best) >= 2 else best

    def best_enumeration(self, text: str, mentions, shape: Shape, defined: list) -> Parts | None:
        """The parts that score best (weights: ``enumeration_scores`` in rules/slogans.yaml)
        among the definitions found next to a mention (``defined``, already cleaned, the first
        in the finders' order favoured) and every enumeration of the report: the count agrees
        with the numerals, the items share the label's characters, the list is linked to a
        mention (a definition, or listed right before it), near, with items alike. A list that
        is neither linked nor sharing the label's characters is never taken."""
        weights = self.weights
        best, best_score = None, weights["minimum"]
        for index, (items, linked, rule) in enumerate(defined):
            score = self.score(text, items, mentions, shape, linked, first=index == 0 and linked)
            if score is not None and score > best_score:
                best, best_score = Parts(items, rule), score
        most = weights["count"] + weights["sharing"] + weights["linked"] + weights["parallel"]
        if best_score >= most:
            return best  # no enumeration of the report can score more (a report's many lists unread)
        for items, linked, rule in self.enumerated(text, mentions, shape):
            score = self.score(text, items, mentions, shape, linked, first=False)
            if score is not None and score > best_score:
                best, best_score = Parts(items, rule), score
        return best

    def score(self, text: str, items, mentions, shape: Shape, linked: bool, first: bool) -> float | None:
        """The score of ``items`` as the parts (None: never taken)."""
        weights, sharing = self.weights, self.coverage(text, items, shape.chars)
        if not linked and (sharing <= 0.5 or len(items) not in shape.targets):
            return None
        distance = min(abs(items[0][0] - m_end) for _, m_end in mentions)
        return (weights["count"] * (len(items) in shape.targets) + weights["sharing"] * sharing
                + weights["linked"] * linked + weights["parallel"] * self.parallel(text, items)
                + weights["first_definition"] * first - weights["distance_per_1000"] * min(distance, 3000) / 1000)

    def enumerated(self, text: str, mentions, shape: Shape) -> list[tuple[list, bool, str]]:
        """(cleaned items, linked, its rule: enumeration/<kind>) for every enumeration of the report that does not hold a
        mention and could be taken (linked, or sharing the label's characters in the right
        count: judged before the cleaning, which costs more than all else); one whose last item
        runs into a mention (…、群众筹一点“三个一点”) ends there and is linked to it."""
        if not shape.declared or len(shape.elements) != 1:
            return []
        found = []
        for candidate in self.candidates(text, shape, mentions):
            last_start, last_end = candidate.items[-1]
            near = any(last_start < m <= candidate.end + 4 for m, _ in mentions)
            if not near and len(candidate.items) not in shape.targets:
                continue  # neither linked nor of the right count: the common case, decided first
            items, linked = list(candidate.items), False
            into = [m for m, _ in mentions if last_start < m < last_end]
            if into:
                items[-1] = self.trim(text, last_start, into[0])
                linked = self.adjacent(text, items[-1][1], into[0])
            elif any(m < candidate.end and candidate.start < m_end for m, m_end in mentions):
                continue
            else:
                linked = any(0 <= m - candidate.end <= 4 and self.adjacent(text, candidate.end, m) for m, _ in mentions) \
                    or any(0 <= candidate.start - m_end <= LINK_REACH and LINKED_AFTER.fullmatch(text, m_end, candidate.start)
                           for _, m_end in mentions)
            items = [item for item in items if item[1] > item[0]]
            if not linked and (len(items) not in shape.targets or self.coverage(text, items, shape.chars) <= 0.5):
                continue
            cleaned = self.clean(text, items)
            if len(cleaned) >= 2:
                # judged on the first item as written (a lead-in word cut by clean is part of
                # its prefix), else as cleaned (具体而言，| 推动 | 思想教育多样化)
                cut = self.parallel_first(text, [items[0], *cleaned[1:]])
                if cut == items[0]:
                    cut = self.parallel_first(text, cleaned)
                found.append(([cut, *cleaned[1:]], linked, f"enumeration/{candidate.kind}"))
        return found

    def adjacent(self, text: str, start: int, end: int) -> bool:
        """Only quotes, brackets, space, 的 or 等 between a list and a label: the list is its parts'."""
        return all(char in self.adjacent_chars for char in text[start:end])

    def parallel_first(self, text: str, items) -> tuple[int, int]:
        """The first item of a list that starts a clause, cut to the length of the others when
        they all have one and what is cut off holds a verb or ends in a punctuation mark: 甘州区将
        继续深化队伍专业化、服务项目化、管理数字化 → 队伍专业化; 实现商会组织力和服务力 → 组织力;
        党支部领办合作社、联结供销社… stays."""
        (start, end), others = items[0], items[1:]
        lengths = {e - s for s, e in others}
        if len(lengths) != 1 or end - start <= min(lengths):
            return start, end
        cut = end - start - lengths.pop()
        words, tags = segment.cut_phrase(self.segmenter_name, text[start:end]), segment.word_tags()
        before = [word for word, _, word_end in words if word_end == cut]
        prefix = [word for word, _, word_end in words if word_end <= cut]
        if before and (not HAN.search(before[0]) or any(tags.get(word, "").startswith("v") for word in prefix)):
            return start + cut, end
        return start, end

    @staticmethod
    def coverage(text: str, items, chars: str) -> float:
        """The mean share of the label's characters that an item contains."""
        wanted = set(chars)
        if not wanted:
            return 0.0
        return sum(len(wanted & set(text[s:e])) for s, e in items) / len(wanted) / len(items)

    def candidates(self, text: str, shape: Shape, mentions):
        """The report's enumerations; its paragraph openings that contain the label's
        characters (the headings that spell out 三联化 further down); and the pairs joined by
        和/与/及 right before a mention (组织建设和作用发挥“双提升”) or in the clauses after it,
        up to the sentence's end (“两个覆盖”要求，实现组织覆盖和工作覆盖)."""
        yield from enumerations.enumerations(text)
        wanted = set(shape.chars)
        sharing = tuple(o for o in enumerations.paragraph_openings(text) if wanted & set(text[o[0]:o[1]])
                        and not any(o[0] < m_end and m_start < o[1] for m_start, m_end in mentions))   # not the title's
        if len(sharing) >= 2:
            yield enumerations.Enumeration("openings", sharing)
        for start, _ in mentions:
            window, end = max(0, start - LIST_REACH), start
            while end > window and text[end - 1] in self.adjacent_chars:
                end -= 1
            clause = CLAUSE_BEFORE.search(text, window, end)
            items = enumerations.split_last(text, [self.trim(text, clause.end() if clause else window, end)])
            if len(items) == 2:
                yield enumerations.Enumeration("pair", tuple(items))
        for _, end in mentions:   # 落实“两个覆盖”要求，实现组织覆盖和工作覆盖
            for clause in CLAUSE_AFTER.finditer(text, end, min(len(text), end + LIST_REACH)):
                items = enumerations.split_last(text, [self.trim(text, *clause.span())])
                if len(items) == 2:
                    yield enumerations.Enumeration("pair", tuple(items))
                if clause.group("stop"):
                    break

    @staticmethod
    def parallel(text: str, items) -> bool:
        """Items alike: one length, or one first or last character."""
        texts = [text[s:e] for s, e in items]
        return (len({len(t) for t in texts}) == 1 or len({t[0] for t in texts}) == 1
                or len({t[-1] for t in texts}) == 1)

    # -- enumerations -------------------------------------------------------------------------

    def list_items(self, text: str, start: int, end: int, shape: Shape, pairs: bool, reach: int | None = None):
        """The enumeration in [start, end): adjacent quoted items, or the first clause with
        items separated by 、 (a composite takes the following such clauses whose items share
        its characters, up to the sum of its numerals; a 1+N formula takes the clause before
        the list as its first part), or else the clauses themselves."""
        quoted = QUOTED_SEQUENCE.match(text, start, end)
        if quoted:
            return [q.span("in") for q in QUOTED.finditer(text, quoted.start(), quoted.end())]
        clauses = self.clauses(text, start, end, shape)
        first = next((i for i, clause in enumerate(clauses) if len(clause) >= 2), None)
        if first is None:
            if not pairs:
                return None
            if len(clauses) == 1:
                return self.clean(text, self.split_short(text, clauses[0], shape))
            return self.clean(text, [item for clause in clauses for item in clause])
        if reach is not None and clauses[first][0][0] - start > reach:
            return None
        items = list(clauses[first])
        total = sum(shape.declared)
        following = first + 1
        while (len(shape.elements) > 1 and following < len(clauses) and len(clauses[following]) >= 2
               and len(items) + len(clauses[following]) <= total
               and self.sharing(text, clauses[following], shape.chars) * 2 > len(clauses[following])):
            items += clauses[following]
            following += 1
        items = self.clean(text, self.split_short(text, items, shape))
        leading = total - len(items)
        if shape.kind == "plus" and len(shape.declared) > 1 and len(items) == shape.declared[-1] \
                and 0 < leading <= 2 and first >= leading:
            items = [self.clause_part(text, *clauses[i][0]) for i in range(first - leading, first)] + items
        return items

    def clauses(self, text: str, start: int, end: int, shape: Shape | None = None) -> list[list[tuple[int, int]]]:
        """Clauses (split at ，；) of items (split at 、, and at + for a plus formula), quotes
        and brackets kept whole."""
        splitter = SPLIT_PLUS if shape is not None and shape.kind == "plus" else SPLIT
        clauses: list[list[tuple[int, int]]] = [[]]
        position = start
        for separator in splitter.finditer(text, start, end):
            if separator.lastgroup:  # "clause" or "item"; a quote or bracket has no group
                clauses[-1].append((position, separator.start()))
                position = separator.end()
                if separator.lastgroup == "clause":
                    clauses.append([])
        clauses[-1].append((position, end))
        return [[(s, e) for s, e in clause if s < e and not text[s:e].isspace()] for clause in clauses if clause]

    def split_short(self, text: str, items: list[tuple[int, int]], shape: Shape) -> list[tuple[int, int]]:
        """Split the last item at 和 only when the list is short of what the numerals say."""
        return self.split_last(text, items) if shape.targets and len(items) < max(shape.targets) else list(items)

    @staticmethod
    def split_last(text: str, items: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """律师、注册会计师和税务师: the last item splits at its last 和/及/与."""
        return enumerations.split_last(text, items) if items else []

    def clean(self, text: str, items: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """Trim punctuation, a role (以…为龙头), a lead-in before the first item, and a tail
        after the last."""
        items = [self.unquote(text, *self.role_holder(text, *self.trim(text, *item))) for item in items]
        items = [item for item in items if item[1] > item[0]]
        if len(items) < 2:
            return items
        items[0] = self.without_lead_in(text, items[0], items[1:])
        last_start, last_end = items[-1]
        tail = self.count_tail.search(text, last_start, last_end)
        if tail and tail.start() - last_start >= 2 and tail.end() > tail.start():
            number = tail.group("n")
            if number is None or number_of(number) == len(items):
                items[-1] = self.trim(text, last_start, tail.start())
        return items

    def without_lead_in(self, text: str, first: tuple[int, int], others) -> tuple[int, int]:
        """推動新聯會的服務進園區 → 進園區 when the other items all have 進 at the same place
        (同時配套推出初心引領 → 初心引領 with 同心凝聚, 暖心服務…); else lead-in words off."""
        first_start, first_end = first
        if len(others) >= 2:
            shortest = min(e - s for s, e in others)
            for index in range(min(shortest, 3)):
                chars = {text[s + index] for s, _ in others}
                if len(chars) == 1:
                    cut = text.rfind(chars.pop(), first_start, first_end) - index
                    # the first item begins like the others (聚焦…, 聚焦…): nothing to cut
                    return (cut, first_end) if cut > first_start else first
        lead = self.lead_in.match(text, first_start, first_end)
        if lead and first_end - lead.end() >= 2:
            return self.trim(text, lead.end(), first_end)
        return first

    def role_holder(self, text: str, start: int, end: int) -> tuple[int, int]:
        """以区级总站为龙头 → 区级总站; 片区中心站为骨干 → 片区中心站."""
        found = self.role.fullmatch(text, start, end)
        return self.trim(text, *found.span("holder")) if found else (start, end)

    def clause_part(self, text: str, start: int, end: int) -> tuple[int, int]:
        """以‘新阶层 党旗红’为引领 → 新阶层 党旗红; 通过建设…联谊会 → …联谊会."""
        start, end = self.role_holder(text, *self.trim(text, start, end))
        quote = QUOTED.search(text, start, end)
        if quote:
            return quote.span("in")
        lead = self.lead_in.match(text, start, end)
        return self.trim(text, lead.end(), end) if lead and end - lead.end() >= 2 else (start, end)

    # -- offsets ------------------------------------------------------------------------------

    trim = staticmethod(enumerations.trim)  # without punctuation or space at either edge

    @staticmethod
    def unquote(text: str, start: int, end: int) -> tuple[int, int]:
        """An item that is one quotation as a whole is its content (“党建+统战”)."""
        found = QUOTED.fullmatch(text, start, end)
        return found.span("in") if found else (start, end)

    @staticmethod
    def region_end(text: str, start: int, bracket: bool) -> int:
        reach = min(len(text), start + SENTENCE_REACH)
        stop = SENTENCE_END.search(text, start, reach)
        end = stop.start() if stop else reach
        if bracket:
            depth = 0
            for found in BRACKETS.finditer(text, start, end):
                if not found.group("close"):
                    depth += 1
                elif depth == 0:
                    return found.start()
                else:
                    depth -= 1
        return end

    @staticmethod
    def sentence_start(text: str, position: int) -> int:
        window_start = max(0, position - BEFORE_REACH)
        last_end = SENTENCE_END_BEFORE.search(text, window_start, position)
        return last_end.end() if last_end else window_start

    @staticmethod
    def has_clause_break(text: str, start: int, end: int) -> bool:
        return any(m.group("clause") for m in SPLIT.finditer(text, start, end))


@Language.factory("zh_slogans", assigns=["doc.spans"], requires=["doc._.sentences"],
                  default_config={"segmenter": "jieba"})
def make_slogans(nlp: Language, name: str, segmenter: str) -> SloganExtractor:
    return SloganExtractor(segmenter)


extensions.register()
