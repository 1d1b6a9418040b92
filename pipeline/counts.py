"""Counts stage: numerals with their measure words (extraction guide, section 1).

Reads ``doc.text``, the numeral values from ``numerals.py``, and the dates and slogans
already found (their numerals are not counts); each count's object from jieba's words of the
text in simplified characters (OpenCC's tables, ``script.py``).
Writes ``doc.spans["counts"]`` with the fields value, unit, modifier, object. Rules:
``rules/counts.yaml``.
"""
from __future__ import annotations

import functools

import regex
from spacy.language import Language
from spacy.tokens import Doc

from . import lexicon, numerals, script, segment
from .matching import RuleExtractor

RULE_FILES = ("counts.yaml",)
LOOKBEHIND = 4  # characters before a numeral searched for an ordinal marker (第 ...)
# Where a noun phrase stops: punctuation, space, a digit (another count). 、 and brackets are
# read where they join or qualify the object's nouns (课题报告、提案建议; 村(社区)).
PHRASE_BREAK = regex.compile(r"[\p{P}\s\d]")
LAST_BREAK = regex.compile(r"[^\P{P}、]|[\s\d]", regex.REVERSE)   # searched from the end
QUOTED_NAME = regex.compile(r"[“「『\"][^”」』\"]{1,12}[”」』\"]")   # 68个市级“海上新力量”活动点
BRACKETED = regex.compile(r"[（(][^）)]{1,6}[）)]")
JOINERS = ("、", "和", "及", "与")
# What may stand between two counts of one list besides describing words (其中省级4个、市级6个).
LIST_WORDS = regex.compile(r"其中|[\p{Han}]{1,3}[级級]|[有的]")
LIST_MARKS = frozenset("、,，")
RANGE_ENDS = ("到", "至")
PART_OF = "其中"   # 108件，其中3件: the second count is a part of the first's
RANGE_REACH = 12   # characters between the two counts of a range
SENTENCE_END = regex.compile(r"[。！？；;!?\n]")
# jieba's tags of the words an object is made of (x: a word jieba does not know); after the
# object's first noun only PURE_NOUN_TAGS go on with it (企业 + 申报: a verb jieba tags nz is
# rare, 企业 + 现场 + 学习 common: vn and s words end it).
NOUN_TAGS = ("n", "vn", "nz", "j", "l", "an", "nt", "ng", "eng", "x", "nr", "s", "ns", "i", "zg")
PURE_NOUN_TAGS = frozenset({"n", "ng", "nr", "ns", "nt", "j", "eng", "x"})
# Tags of words before the object's noun that describe it (places, distinguishing words,
# pronouns, numerals, measure words, times, directions, adjectives): left out of it.
MODIFIER_TAGS = ("ns", "b", "r", "m", "q", "t", "f", "a")
# Tags of the words between a subject and its verb (已 d, 连续 a, 先后 t, 持续 vd).
ADVERBIAL_TAGS = ("d", "a", "t", "vd")
# Tags of a word that cannot end an object (prepositions, particles, conjunctions, pronouns...).
FUNCTION_TAGS = ("p", "u", "c", "y", "e", "o", "w", "m", "q", "r", "f", "t")


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
        self.objects = ObjectReader(self.segmenter.name, self.data["object"])

    def blocked_ranges(self, doc: Doc) -> list[tuple[int, int]]:
        """Also a slogan's spelled-out parts (百名代表人士进企业 in 三个一百 names no count) and the
        set phrases (一盘棋; 千家万户: no 万户)."""
        parts = [(part["start"], part["end"]) for slogan in doc.spans.get("slogans", [])
                 for part in slogan._.components or []]
        idioms = [idiom.span() for idiom in self.idioms.finditer(segment.text_of(doc))]
        return super().blocked_ranges(doc) + parts + idioms

    def interpret(self, rule: dict, found: regex.Match, doc: Doc) -> dict | None:
        groups = found.groupdict()
        number = groups["num"]
        start = found.start("num")
        if found.string[max(start - LOOKBEHIND, 0):start].rstrip().endswith(self.ordinal_markers):
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
        simple = script.load().simplify(text)   # jieba's dictionary is simplified
        spans = [(count.start, count.end) for count in counts]
        for count, found in zip(counts, self.objects.objects_of(text, simple, spans)):
            count.fields["object"] = found
        return counts

    def modifier(self, groups: dict[str, str | None]) -> str | None:
        for name in ("mod", "mod2", "mod3", "tail"):
            if groups.get(name):
                return self.modifiers[groups[name]]
        return None


class ObjectReader:
    """The object of a count (guide, section 1: what is counted, the head noun the number
    refers to): the noun phrase right after it (102个市级实践创新基地), else the one whose
    clause it ends (平台经费30万元, 会员总数达到1260人). Settings: ``object`` in
    rules/counts.yaml. Words are jieba's, of the text in simplified characters (one for one,
    so offsets hold); the object is written as the text has it."""

    def __init__(self, segmenter: str, settings: dict) -> None:
        self.segmenter = segmenter
        self.window = settings["window"]
        self.modifiers = frozenset(settings["modifiers"])
        self.links = frozenset(settings["links"])
        self.bound_suffixes = frozenset(settings["bound_suffixes"])
        self.no_object_after = tuple(settings["no_object_after_units"])
        self.change_verbs = frozenset(settings["change_verbs"])

    def objects_of(self, text: str, simple: str, spans: list[tuple[int, int]]) -> list[str | None]:
        """The object of each count (``spans`` in text order); one that names none of its own
        takes the object of the count it is listed with (其中省级4个、市级6个; 7个全国级、102个
        市级…实践创新基地)."""
        ends = [0] + [end for _, end in spans]   # no object is read inside the count before
        found = [self.object_of(text, simple, start, end, floor) for (start, end), floor in zip(spans, ends)]
        for index in range(1, len(spans)):   # from the count before, forwards through a list or a range
            gap_start, gap_end = spans[index - 1][1], spans[index][0]
            part = PART_OF in text[gap_start:gap_end]
            if (found[index] is None or part) and (self.listed_together(text, gap_start, gap_end) or self.ranged(text, gap_start, gap_end)):
                found[index] = found[index - 1]   # 建言建议108件，其中 + 3件 + 获市领导批示: a part of them
        for index in range(len(spans) - 2, -1, -1):   # from the count after, backwards
            if found[index] is None and self.listed_together(text, spans[index][1], spans[index + 1][0]):
                found[index] = found[index + 1]
        return found

    def listed_together(self, text: str, end: int, start: int) -> bool:
        """Only list marks between two counts (、, 其中), and words that describe (市级, 区级)."""
        gap = LIST_WORDS.sub("", text[end:start])
        return 0 < start - end <= self.window and bool(gap) and set(gap) <= LIST_MARKS \
            and ("、" in gap or PART_OF in text[end:start])

    def ranged(self, text: str, end: int, start: int) -> bool:
        """Two counts of one range or change (由1.1万人增至2.3万人, 从37人发展到218人): a gap of
        one clause ending with 到 or 至."""
        return 0 < start - end <= RANGE_REACH and text.endswith(RANGE_ENDS, end, start) \
            and not SENTENCE_END.search(text, end, start)

    def object_of(self, text: str, simple: str, start: int, end: int, floor: int) -> str | None:
        found = None
        if not text[start:end].endswith(self.no_object_after):   # 29岁的会员: a person, no object
            found = self.after(text, simple, end)
        return found or self.before(text, simple, start, floor)

    @functools.cached_property
    def tags(self) -> dict[str, str]:
        return segment.word_tags()

    def tag(self, word: str) -> str:
        """jieba's dictionary tag of a word, x when unknown (segment.word_tag, read once)."""
        return self.tags.get(word, "x")

    def words(self, simple: str, start: int, end: int) -> list[tuple[str, int, int]]:
        return [(word, start + s, start + e) for word, s, e in segment.cut_phrase(self.segmenter, simple[start:end])]

    def is_modifier(self, word: str) -> bool:
        return word in self.modifiers or (word.endswith("级") and len(word) <= 3) or self.tag(word).startswith(MODIFIER_TAGS)

    def after(self, text: str, simple: str, end: int) -> str | None:
        """Describing words, then verbs and nouns up to the first noun (实践 创新 试点 城市), then
        nouns only; quoted names before the noun left out (市级“海上新力量”活动点 → 活动点)."""
        position = end
        while text.startswith(" ", position):
            position += 1
        position += text.startswith("的", position)   # 425人的代表人士
        stop = min(len(text), position + self.window)
        taken, noun_seen = [], False
        while position < stop:
            if quoted := QUOTED_NAME.match(text, position):
                if noun_seen:
                    break
                position = quoted.end()
                continue
            cut = PHRASE_BREAK.search(text, position, stop)
            phrase_end = cut.start() if cut else stop
            noun_seen, complete = self.take_nouns(simple, position, phrase_end, taken, noun_seen)
            if complete and taken and (bracket := BRACKETED.match(text, phrase_end)):
                taken.append(("", *bracket.span()))   # 7个县(市、区)
            if not complete or noun_seen or not QUOTED_NAME.match(text, phrase_end):
                break
            position = phrase_end
        while taken and taken[-1][0] and not self.tag(taken[-1][0]).startswith(NOUN_TAGS):
            taken.pop()   # 2个示范 + 引领: a phrase ends with its noun
        return self.span_text(text, self.without_modifiers(taken), nouns_only=True)

    def take_nouns(self, simple: str, start: int, end: int, taken: list, noun_seen: bool) -> tuple[bool, bool]:
        """Add the words of simple[start:end] that go on the object to ``taken``; whether a noun
        has been seen, and whether every word went on."""
        for word, word_start, word_end in self.words(simple, start, end):
            tag = self.tag(word)
            if (noun_seen and tag not in PURE_NOUN_TAGS) or word in self.change_verbs:
                return noun_seen, False   # 37人 + 发展到218人: jieba's vn, no object
            if tag.startswith(NOUN_TAGS) and not (not noun_seen and self.is_modifier(word) and not tag.startswith("ns")):
                noun_seen = True
            elif noun_seen or not (self.is_modifier(word) or tag.startswith("v")):
                return noun_seen, False
            taken.append((word, word_start, word_end))
        return noun_seen, True

    def before(self, text: str, simple: str, start: int, floor: int) -> str | None:
        """The words that end the clause before the count, linking words (达到, 已有) left out:
        its last word and the nouns before it, nouns joined by 、 or 和 too (课题报告、提案建议
        50余件); a bound noun keeps its verb (播放 + 量, 参与 + 人数)."""
        lo, end = max(floor, start - self.window), start
        while end > lo and text[end - 1] == " ":
            end -= 1
        bracket = None
        if end > lo and PHRASE_BREAK.match(text, end - 1):
            bracket = next((b for b in BRACKETED.finditer(text, lo, end) if b.end() == end), None)
            if bracket is None:
                return None   # the count opens its clause
            end = bracket.start()   # 村(社区)86个
        last_break = LAST_BREAK.search(text, lo, end)
        if last_break:
            lo = last_break.end()
        words = self.words(simple, lo, end)
        while words and words[-1][0] in self.links:
            words.pop()
        if words and words[-1][0] in self.change_verbs:   # 沙龙已连续 + 举办 + 48期: what was held
            words.pop()
            while words and (self.tag(words[-1][0]).startswith(ADVERBIAL_TAGS) or words[-1][0] in self.links):
                words.pop()
        if not words or not self.can_end_object(words[-1][0]):
            return None
        taken = [words.pop()]
        while words:
            word, tag = words[-1][0], self.tag(words[-1][0])
            joins = word in JOINERS and len(words) > 1 and self.tag(words[-2][0]).startswith(NOUN_TAGS)
            bound = len(taken) == 1 and taken[0][0] in self.bound_suffixes and tag.startswith("v")
            if not (joins or bound or (tag.startswith(NOUN_TAGS) and word not in JOINERS)):
                break
            taken.insert(0, words.pop())
        while taken and taken[0][0] in JOINERS:
            taken.pop(0)
        taken = self.without_modifiers(taken)
        if taken:
            taken[0] = self.without_verb(*taken[0])
        if bracket is not None and taken and taken[-1][2] == bracket.start():
            taken.append(("", *bracket.span()))
        return self.span_text(text, taken)

    def can_end_object(self, word: str) -> bool:
        tag = self.tag(word)
        return not (tag.startswith(FUNCTION_TAGS + MODIFIER_TAGS) or (tag.startswith("d") and len(word) == 1)
                    or word in self.modifiers or word in JOINERS)

    def without_verb(self, word: str, start: int, end: int) -> tuple[str, int, int]:
        """A word jieba's dictionary holds whole for a verb and its object (开展活动, 发放贷款):
        its object."""
        for cut in (2, 1):
            head, rest = word[:cut], word[cut:]
            if len(rest) >= 2 and self.tag(head) == "v" and self.tag(rest).startswith(("n", "vn")):
                return rest, start + cut, end
        return word, start, end

    def without_modifiers(self, taken: list) -> list:
        """Describing words before the object's last word left out (市级, 全区, 各类 + 活动)."""
        while len(taken) > 1 and self.is_modifier(taken[0][0]):
            taken.pop(0)
        return taken

    def span_text(self, text: str, taken: list, nouns_only: bool = False) -> str | None:
        """The text the taken words span, as the report writes it; None for none, or (after the
        count) for a describing word left alone (市级)."""
        if not taken or (nouns_only and self.is_modifier(taken[0][0]) and not self.tag(taken[0][0]).startswith("ns")):
            return None
        return text[taken[0][1]:taken[-1][2]]


@Language.factory("zh_counts", assigns=["doc.spans"], requires=["doc._.sentences"],
                  default_config={"segmenter": "jieba"})
def make_counts(nlp: Language, name: str, segmenter: str) -> CountExtractor:
    return CountExtractor(segmenter)
