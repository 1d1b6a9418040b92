"""Organizations stage: named organizations, as the maximal name written (guide, section 3).

Reads ``doc.text``, ``doc._.masked``, patterns.yaml (the rules) and exclusions.yaml of
``rules/organizations/``, and through ``name_grammar.py`` the organizations' lexicon: heads.yaml
(heads and their kinds), places.yaml (the gazetteer) and OpenCC's character tables
(``script.py``). Writes
``doc.spans["organizations"]`` (label ORG), one span per mention, with the fields rule, name
and kind.

Most names here are built from parts, [中共][place][level][body][department or unit]
(中共上海市委统战部, 区委统战部, 城阳区新的社会阶层代表人士联合会). The rules run over a
``View`` of the text: simplified characters, a line wrapped inside a sentence closed up, and
every character mapped back to its offset in the article. A rule finds the right end of a
name and what the gazetteer knows of its left; the left edge is then read with jieba over a
window of at most ``WINDOW`` characters, taking each word's tag from jieba's dictionary (a
lookup, no tagging model): a place the gazetteer lacks (東湖 + 區委), or the modifiers and
proper words before a head (韩天衡 + 美术馆). The article itself is never segmented.

``name`` comes from the report itself: a short form takes the report's own full name of the
same body (区新联会 -> 蜀山区新的社会阶层人士联合会), or is built from the report's home place
at its level and the expansion in heads.yaml (县政府 -> 青禾县人民政府).
"""
from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass, field

import regex
from spacy.language import Language
from spacy.tokens import Doc

from . import extensions, lexicon, segment
from .matching import Candidate, RangeSet, RuleExtractor, longest_first
from .name_grammar import (
    NameGrammar, BRAND_ASCII, CLAUSE_VERBS, CLOSE_BRACKETS, DISTRIBUTIVES, KIND_OPENERS, EXCLUDED_KEY, FUNCTION_CHARS, LEVEL_OPENERS,
    GOVERNING_TAGS, HAN_CHAR, HAN_RUN, JOINING, LEVEL_ANYWHERE, LEVEL_CHARS, LIST_CLOSERS,
    Lexicon, MIN_MODIFIERS, MIN_MODIFIERS_REGISTERED, NAME_BREAK, NO_STEM_FIRST, NUMERALS,
    MAX_QUOTED_BRAND, NUMERAL_CHARS, OPEN_BRACKETS, QUOTE_PAIRS, QUOTED_BRAND, ORG_PREFIXES, PLACES_KEY, PLACE_SUFFIXES, PROPER_TAGS, RULE_DIR, SELF_REFERENCES, OWN_UNITS,
    STEM_BREAK_TAGS, Span, TOWN_SUFFIXES, UNIT_LABEL, adverb_then_verb, directed_verb, governs_clause, in_collective, joins_kinds, kind_of_name,
    longest_ending_at, rows_lie_in, single_characters_joined, window_start,
)

RULE_FILES = ("organizations/patterns.yaml", "organizations/exclusions.yaml")   # and name_grammar's

MAX_QUALIFIER = 4           # characters of a place in brackets qualifying a name (太湖 of 无锡（太湖）)
MAX_SHORT_PLACE = 4         # characters of a place's short form opening such a name (无锡, 黑龙江)
TRADITIONAL_SAMPLE = 2000   # characters read to tell a traditional-script report
MAX_OPENING_PLACES = 12     # characters of the places a company's name opens with (上海市嘉定区)
MIN_MODIFIERS_SUBUNIT = 4   # ... of a subunit's name (律师行业党群活动服务中心; 科技创新分会)
MIN_MODIFIERS_BODY_PART = 2  # a part of the report's own body, named by its field (县新联会下设 + 律师分会)
MIN_MODIFIERS_TITLE = 2     # a newspaper's title of common words (半岛 + 晨报: titled_heads)
TRAILING_BRACKET = regex.compile(r"[（(][^（）()]*[）)]$")   # a name's other name: 工商联（总商会）
MIN_MODIFIERS_WEAK_HEAD = 3  # between a level and a weak head (区 + 融媒体 + 中心; 市 + 行政 + 中心 is a place)
LEVEL = regex.compile(r"(?:自治)?[省市区县州旗盟]|街道|镇|乡")   # 自治区 + 工商联 too
TOWN_STEM_MAX = 4   # characters of a town's name the gazetteer lacks, read as jieba's word before its level
AUTONOMOUS = "自治"
DIRECTIONS = frozenset("东南西北中")   # after a province's one-character name: its region (滇中, 苏北)
# One character after a head that jieba may glue onto it: a list's end or a conjunction (网等).
LIST_GLUE = frozenset("等和与及")
BRAND_RUN_CHARS = NUMERALS | {"和", "都"}   # a brand's own in a run of single characters after a place (三和, 和盛, 菜都: a capital of its trade)
# 第 and a number (第三 + 支部, 第一 + 中学) opens a name's part; with a measure word after it
# (第三个 + 专业分会, 第二批) it counts the kind.
ORDINAL = regex.compile(rf"第[{NUMERAL_CHARS}零〇0-9]+")
# Tags of a character that, after a numeral, makes a place's or a name's stem and no quantity:
# a bound morpheme or a piece of a name (五 + 邑, 六 + 霍, 五 + 河), not a measure word (五 + 批).
NUMERAL_STEM_TAGS = ("ng", "nr", "ns", "nz", "j")
# Locatives that end the word before a name and that jieba may glue to it (园区内 + 海澄…).
LOCATIVES = frozenset("内外里")
# Characters of administrative levels: a word made of them alone is a collective of levels
# (乡镇, 镇街, 区县: is_collective)
LEVEL_WORD_CHARS = frozenset(LEVEL_CHARS + "镇乡街村居社组")
# After a quantity, a pronoun or a time word, common words and a legal form describe a kind of
# company (一家, 这家 + 科技发展有限公司; 目前 + 网络科技有限公司), no name
DESCRIBED_AFTER_TAGS = ("m", "q", "r", "t")
NOUN_AFTER_TAGS = frozenset({"n", "vn"})   # after a bare short form: it modifies that noun
RESULT_COMPLEMENTS = ("成为", "成")   # after a verbal noun: it is the verb (建设 + 成为)
# Letters (and digits) of a brand inside a name, between Chinese characters: 星途 + EV + 零部件, A+.
BRAND_LETTERS = regex.compile(r"[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*\+?")
# A number opening a brand, alone or with the character after it (7 + 天鲜达, 7号 + 仓, 8度 +
# 鞋业), as jieba cuts it; not with a measure word (3家, 12个: a quantity, jieba's q).
BRAND_NUMBER = regex.compile(r"[0-9]{1,4}")
BRAND_NUMBER_TAGS = ("m", "zg")
DATE_CHARS = frozenset("年月日")
LINE_PUNCTUATION = regex.compile(r"\p{P}")   # a line holding none is an item of a list or a title
CLAUSE_PUNCTUATION = regex.compile(r"[，。、；！？,;!?]")   # a line holding none is no sentence's
# White space the view closes up, between two letters, digits or Chinese characters: a line
# wrapped inside a sentence (not a new paragraph). A space between Chinese characters parts
# items (关键词:哈尔滨市 区委统战部; 主办 井冈山报社版权所有 本网; 新华社北京10月26日电 中国…).
CLOSED_UP = regex.compile(r"(?<=[\p{Han}\p{L}\p{N}])[ \t]*\r?\n(?=[\p{Han}\p{L}\p{N}])")
ADVERB_TAGS = ("d", "ad")
COMMON_TAGS = ("n", "vn", "an", "l", "b", "a", "g", "s", "h")   # h: a prefix (非 + 物质)
DESCRIBING_TAGS = ("b", "v", "a", "d")      # 上市, 公立, 私立: a kind of organization, not a name
FIELD_NOUN_TAGS = ("n", "nz", "vn")   # a clause verb jieba tags so names a field inside a name (就业指导 + 中心)
VERB_LIKE_TAGS = ("v", "b")   # 举办, 主办: a verb or an attribute ending with 办, no office
COMPANY_RULE = "company"
BRAND_RULE = "trade-branch"
HEAD_MODES = ("name", "owned", "subunit", "part", "quoted")   # rules that find a head and read its name leftwards
BRAND_SIZES = (2, 3, 4)   # a platform's brand before its trade (鲸送 + 外卖, 快乐蜂 + 外卖), shortest first
# Rules whose names a part (``subunit`` and ``part`` heads: 分会, 学院) may belong to.
PARENT_MODES = (None, "place", "name")


def lines_apart(text: str, start: int, end: int) -> bool:
    """Whether the line break at text[start:end] parts two lines that no wrap of a sentence
    made (…社会阶层人士 / 联谊会目前有会员386名。): two lines of a list, neither holding
    punctuation (浙江北辰律师事务所 / 台州信达联合会计师事务所黄岩分所: one name a line), or a
    heading before a longer line, a heading holding no clause's punctuation (…来源:中国台湾网 /
    中国台湾网7月13日梧州讯…; 首页 > 统战要闻 > 正文 / 市委常委…): a wrapped line is as long
    as the next one or longer."""
    if "\n" not in text[start:end]:
        return False
    before = text[text.rfind("\n", 0, start) + 1:start]
    after_end = text.find("\n", end)
    after = text[end:after_end if after_end >= 0 else len(text)]
    if not CLAUSE_PUNCTUATION.search(before) and len(before.strip()) < len(after.strip()):
        return True
    return not LINE_PUNCTUATION.search(before) and not LINE_PUNCTUATION.search(after)


class View:
    """The text as the rules read it: traditional characters simplified one to one, the white
    space of a wrapped line between two characters closed up, and a body's other name after its
    name left out (中共湄潭县委党校 + （湄潭县行政学校）: heads.yaml twin_heads), so that what
    follows reads on from the name (…欧美同学会(留学人员联谊会) + 集美分会).
    ``span`` maps view offsets back to the article's, a name's other name with it."""

    def __init__(self, text: str, lex: Lexicon):
        simple = lex.script.simplify(text)
        wraps = [(*run.span(), False) for run in CLOSED_UP.finditer(simple) if not lines_apart(simple, *run.span())]
        twins = [(*run.span(), True) for run in lex.twin_name.finditer(simple)]
        pieces, position = [], 0
        self.cuts: list[int] = []     # view offsets where text was left out
        self.shifts: list[int] = []   # characters left out before each of them, in all
        self.other_names: dict[int, int] = {}   # view offset: the length of the other name left out there
        for start, end, other_name in sorted(wraps + twins):
            pieces.append(simple[position:start])
            cut = start - (self.shifts[-1] if self.shifts else 0)
            self.cuts.append(cut)
            self.shifts.append((self.shifts[-1] if self.shifts else 0) + end - start)
            if other_name:
                self.other_names[cut] = end - start
            position = end
        pieces.append(simple[position:])
        self.text = "".join(pieces)
        sample = text[:TRADITIONAL_SAMPLE]   # a report keeps to one script
        self.traditional = sum(map(len, lex.script.traditional_runs.findall(sample))) > len(sample) // 100

    def origin(self, index: int) -> int:
        """The article offset of view character ``index``."""
        cut = bisect.bisect_right(self.cuts, index)
        return index + (self.shifts[cut - 1] if cut else 0)

    def span(self, start: int, end: int) -> Span:
        """Article offsets of view characters [start, end): up to the other name a name ends
        before, past it."""
        return self.origin(start), self.origin(end - 1) + 1 + self.other_names.get(end, 0)


@dataclass
class Found:
    """A name in the view, with the parts ``Names`` normalizes it from."""
    start: int
    end: int
    rule: str
    kind: str | None = None
    places: list[Span] = field(default_factory=list)  # the places it is built on, in order
    level: str | None = None        # its level character when it stands for the report's place
    bare: bool = False              # a body named without place or level: 统战部, 新联会
    parent: "Found | None" = None   # the body a 分会 or 工作科 belongs to
    drop: bool = False              # an exclusion: competes for its characters, then goes
    head: int | None = None         # where the head of a name read leftwards starts
    short_for: "Found | None" = None   # the company a short form (鼎越智能) names
    owner: "Found | None" = None    # the report's body a part named alone belongs to (律师分会)


@dataclass
class Walk:
    """What ``OrganizationExtractor.walk`` read leftwards of a head."""
    start: int
    places: list[Span] = field(default_factory=list)
    level: str | None = None
    proper: bool = False
    quoted: bool = False   # a brand in quotes among the proper words
    modifiers: int = 0
    parent: Found | None = None


class OrganizationExtractor(RuleExtractor, NameGrammar):
    rule_file = f"{RULE_DIR}/patterns.yaml"
    label = "ORG"
    spans_key = "organizations"

    def __init__(self, segmenter: str = "jieba") -> None:
        NameGrammar.__init__(self, segmenter)
        self.data = lexicon.load_rule_file(self.rule_file)
        self.rules = lexicon.compile_rules(self.rule_file, self.lex.placeholders)
        self.exclusions = lexicon.compile_rules(f"{RULE_DIR}/exclusions.yaml", self.lex.placeholders)
        self.generic = re.compile(lexicon.alternation(self.lex.generic))
        self.title_re = regex.compile(self.lex.placeholders["TITLE"])
        self.zone = regex.compile(self.lex.placeholders["ZONE"])
        self.extend = {name: mode for mode, names in self.data["extend"].items() for name in names}
        self.word_start = frozenset(self.data["word_start"])
        self.whole_word = frozenset(self.data["whole_word"])

    # -- finding -------------------------------------------------------------------------

    def match(self, doc: Doc) -> list[Candidate]:
        original = segment.text_of(doc)
        view = View(original, self.lex)
        found = [Found(*hit.span(), f"exclusion/{rule['name']}", drop=True)
                 for rule, pattern in self.exclusions for hit in pattern.finditer(view.text)]
        found += [Found(*hit.span(), "exclusion/generic", drop=True) for hit in self.generic.finditer(view.text)
                  if self.starts_word(view.text, hit.start())]   # 区新联会 | 组织: no kind opens inside a name
        bodies: dict[int, list[Found]] = {}   # the names rules found (not heads), by their end
        owned = []   # committees and departments, with the name the walk read for them (or None)
        for rule, pattern in self.rules:
            for hit in pattern.finditer(view.text):
                item = self.interpret_hit(rule, hit, view.text, bodies)
                if item is not None:
                    found.append(item)
                    if self.extend.get(item.rule) in PARENT_MODES:
                        bodies.setdefault(item.end, []).append(item)
                if self.extend.get(rule["name"]) == "owned":
                    owned.append((rule, hit, item))
        found += self.owned_by_bodies(view.text, owned, bodies)
        by_span = {(f.start, f.end): f for f in reversed(found)}  # exclusions win a tie, then rules in order
        kept = [by_span[c.start, c.end] for c in longest_first([Candidate(*span, "") for span in by_span])]
        doc.user_data[EXCLUDED_KEY] = [view.span(item.start, item.end) for item in kept if item.drop]
        doc.user_data[PLACES_KEY] = sorted({view.span(*place) for item in kept if not item.drop for place in item.places})
        kept = [item for item in kept if not item.drop]
        for item in kept:
            item.start = self.bracket_qualified_start(view.text, item.start)
        kept = sorted(kept + self.company_short_forms(view.text, kept) + self.brands_of_units(view.text, kept),
                      key=lambda item: item.start)
        names = Names(self, original, view, kept)
        masked = RangeSet(tuple(r) for r in doc._.masked or ())   # read once: an extension attribute is slow
        candidates = []
        for item in kept:
            start, end = view.span(item.start, item.end)
            if not masked.overlaps(start, end) and not original.endswith(KIND_OPENERS, 0, start):
                # 各 + 县委统战部: every county's; 省外 + 湖北商会: the ones outside
                candidates.append(Candidate(start, end, item.rule, {"name": names.name(item),
                                                                    "kind": self.kind(item, view.text)}))
        return candidates

    def owned_by_bodies(self, text: str, owned: list[tuple[dict, regex.Match, Found | None]],
                        bodies: dict[int, list[Found]]) -> list[Found]:
        """A committee or a department right after a name the rules found, or after its kind of
        committee (区新联会 + 功能型 + 党支部: heads.yaml committee_kinds), where the walk read
        none or a shorter one (五洲木业（赣州）有限公司 + 党总支: it stops at the bracket; 湖南A+建筑
        设计有限公司湘潭县分公司 + 党支部: at the branch's place) and jieba reads the head as a word
        of its own (not 党组 of 党组书记, a title)."""
        found = []
        for rule, hit, item in owned:
            kind = next((kind for kind in self.lex.committee_kinds if text.endswith(kind, 0, hit.start())), "")
            parent = min(bodies.get(hit.start() - len(kind), ()), key=lambda body: body.start, default=None)
            if parent is None or (item is not None and item.start <= parent.start):
                continue
            words = glue_apart(text, self.cut(text, window_start(text, parent.start), min(len(text), hit.end() + 3)),
                               hit.end(), self.title_re, self.lex.institution_levels)
            if any(word_end == hit.end() for _, _, word_end in words):
                found.append(Found(parent.start, hit.end(), rule["name"], rule.get("kind"), parent=parent))
        return found

    def bracket_qualified_start(self, text: str, start: int) -> int:
        """Where a name starts that a place in brackets qualifies, right after the place the
        name opens with (中国（上海）| 自由贸易试验区, 中共无锡（太湖）| 国际科技园: heads.yaml
        bracket_qualified_openers): at that place, or a 中共 before it; else ``start``."""
        if start < 4 or text[start - 1] not in CLOSE_BRACKETS:
            return start
        opening = max(text.rfind(bracket, max(0, start - MAX_QUALIFIER - 2), start) for bracket in OPEN_BRACKETS)
        if opening < 2 or not HAN_RUN.fullmatch(text, opening + 1, start - 1):
            return start
        place = self.place_ending_at(text, opening, window_start(text, opening))
        if place is None:
            place = next((opening - size for size in range(MAX_SHORT_PLACE, 1, -1)
                          if text[opening - size:opening] in self.lex.short_places
                          or text[opening - size:opening] in self.lex.bracket_qualified_openers), None)
        return start if place is None else org_prefix(text, place)[0]

    def company_short_forms(self, text: str, kept: list[Found]) -> list[Found]:
        """A company's brand (a proper word, after the places it opens with) and an abbreviation
        of the rest of its name, written elsewhere in the report: a short form naming it. The
        abbreviation is a word of the rest (浙江 | 鼎越 + 智能 | 装备有限公司, 鸿铭 + 电子), a
        word's first two characters (秦创 + 新材 of 新材料), the first characters of two of its
        words (宏达 + 汽配 of 汽车配件), or the head's last character (柳正 + 所 of 律师事务所).
        A brand of three characters or more names it alone too (泉州 | 海丝云创 | 网络科技有限公司),
        with a place jieba knows and the gazetteer does not (青海 | 三川丰源 | 农牧开发…)."""
        taken = RangeSet((item.start, item.end) for item in kept)
        shorts = []
        for item in kept:
            places, brand, trade = self.company_brand(*self.company_words(text, item))
            head = TRAILING_BRACKET.sub("", text[item.head:item.end])   # 事务所 + （特殊普通合伙）
            for at in segment.occurrences(text, brand) if brand else ():
                size = abbreviation_length(text, at + len(brand), trade, head, len(brand))
                if size and not taken.overlaps(at, at + len(brand) + size) and not self.opens_word(text, at + len(brand) + size - 1):
                    taken.add(at, at + len(brand) + size)
                    shorts.append(Found(at, at + len(brand) + size, f"{COMPANY_RULE}-short-form", item.kind, short_for=item))
            for alone in self.brands_alone(places, brand, trade) if brand else ():
                for at in segment.occurrences(text, alone):
                    if not taken.overlaps(at, at + len(alone)):
                        taken.add(at, at + len(alone))
                        shorts.append(Found(at, at + len(alone), f"{COMPANY_RULE}-short-form", item.kind, short_for=item))
        return shorts

    def opens_word(self, text: str, pos: int) -> bool:
        """Whether the character at ``pos`` opens a word of jieba's dictionary that runs on past it
        (网约车 + 司 | 机: 司机), where an abbreviation ending with it ends inside that word."""
        return any(text[pos:pos + size] in self.lex.tags for size in (2, 3) if pos + size <= len(text))

    def company_words(self, text: str, item: Found) -> tuple[list[str], list[str]]:
        """A company's places and its words after them up to the head; nothing for no company.
        The places the gazetteer holds are read first, then jieba's words after them (广州 +
        湾澄…, which jieba reads as 广州湾 + 澄)."""
        if item.rule != COMPANY_RULE or item.head is None:
            return [], []
        opening = next((size for size in range(min(MAX_OPENING_PLACES, item.head - item.start), 1, -1)
                        if self.is_place_chain(text[item.start:item.start + size])), 0)
        places = [text[item.start:item.start + opening]] if opening else []
        words = [word for word, _, _ in self.cut(text, item.start + opening, item.head)]
        while words and self.is_place_word(words[0]):
            places.append(words.pop(0))
        return places, words

    def company_brand(self, places: list[str], words: list[str]) -> tuple[list[str], str, list[str]]:
        """(places, brand, trade words): a county's short form opening the words is a place where
        a brand follows it (临清 + 华瑞 + 轴承), where no place is written before it or the one
        before it holds one of its counties (洛阳 + 嘉禾 + 物业: 嘉禾县 lies in 郴州, so 嘉禾 is
        the brand); else it may be the brand (嘉禾 + 农业)."""
        if len(words) > 2 and words[0] in self.lex.district_shorts and (not places or rows_lie_in(
                self.lex.counties_by_short[words[0]], self.lex.places_by_form.get(places[-1], ()))):
            brand, trade = self.brand_of(places + words[:1], words[1:])
            if brand:
                return places + words[:1], brand, trade
        return (places, *self.brand_of(places, words))

    def brand_of(self, places: list[str], words: list[str]) -> tuple[str, list[str]]:
        """A company's brand among its words after its places, and the trade words after it; no
        brand (""): the pieces jieba cut a name it does not know into (中衡 + 信, 蜀 + 禾: words
        it does not know and single characters, after a place whatever they start with, as in
        brand_after_place), else the first word, when that is a brand."""
        run = 0
        while run < len(words) and (self.tag(words[run]) == "x" or len(words[run]) == 1) and not NAME_BREAK.search(words[run]) \
                and not (run == 0 and len(words[run]) == 1 and words[run] in NO_STEM_FIRST):   # 的, 中: no name's first
            run += 1
        brand = "".join(words[:run])
        if run > 1 and (places or self.is_brand(brand, words[run:])) \
                and longest_ending_at(self.lex.heads_backwards, brand, len(brand), 0) is None:
            return brand, words[run:]
        if words and (self.is_brand(words[0], words[1:]) or (places and len(words) == 1 and self.is_rare_word(words[0]))):
            return words[0], words[1:]   # 柳州 + 正源 + 会计师事务所: a rare word alone between a place and the head
        return "", []

    def is_brand(self, word: str, after: list[str]) -> bool:
        """A proper word of two characters or more, or a common one jieba's dictionary counts
        rarely (竹影, 田间; not 文化, 农业) before the trade ``after`` it (not 电子商务, 网络科技:
        the trade), with no head (党支部 + 领办合作社)."""
        return len(word) > 1 and (self.is_proper(word, self.tag(word)) or (bool(after) and self.is_rare_word(word))) \
            and longest_ending_at(self.lex.heads_backwards, word, len(word), 0) is None

    def brands_alone(self, places: list[str], brand: str, trade: list[str]) -> list[str]:
        """The brand and the brand's words after it, with the place before them that no gazetteer
        holds, when of three characters or more: the names a company goes by alone (longest first)."""
        run = brand
        for at, word in enumerate(trade):
            if not self.is_brand(word, trade[at + 1:]):
                break
            run += word
        named = [run]
        if places and places[-1] not in self.lex.places and places[-1] not in self.lex.short_places:
            named = [places[-1] + run, run, places[-1] + brand]   # 三川 + 丰源 (农牧) alone
        # a word of jieba's dictionary written alone is that word (建设 + 智能家居 + 生产基地,
        # 沿着 + 乌溪江), and a name ending with a place's level a place (峒溪县, 立诚村), not the
        # company whose brand it is
        return sorted({name for name in named if len(name) > 2 and self.tag(name) == "x" and not name.endswith(PLACE_SUFFIXES)},
                      key=lambda name: (-len(name), name))

    def interpret_hit(self, rule: dict, hit: regex.Match, text: str, bodies: dict[int, list[Found]]) -> Found | None:
        if text[hit.start()] in LEVEL_CHARS and text.startswith(self.lex.generic_before, hit.start()):
            return None   # 县区 + 民宗局, 县级 + 工商联: every county's and district's, a kind of body
        if rule["name"] in self.word_start and not self.starts_word(text, hit.start()) \
                or rule["name"] in self.whole_word and not self.ends_word(text, hit.end()):
            return None
        mode = self.extend.get(rule["name"])
        places = hit.group("places") if "places" in hit.re.groupindex else None
        if mode in HEAD_MODES:
            if places and not (self.is_place_chain(places) or places in self.lex.district_shorts):
                return None   # 华信（简称）有限公司: a name's bracket holds no place (晋江: a county's), the walk stops at it
            head_end = hit.end("head") if "head" in hit.re.groupindex else hit.end()
            return self.named(rule, mode, hit.start(), self.branches_end(hit), text, bodies, head_end)
        if mode == "brand":
            return self.branded_unit(rule, hit, text)
        if "inner" in hit.re.groupindex and hit.group("inner") and not self.reads_as_name(hit.group("inner")):
            return None
        if "office" in hit.re.groupindex and hit.group("office") and not self.ends_office_word(text, hit.start("office"), hit.start()):
            return None
        end = hit.end()
        if places and not (self.is_place_chain(places) or places in self.lex.district_shorts
                           or places.endswith(self.lex.party_school_ends)):
            end = hit.start("places")   # 九三学社 + 成员委: no place nor school, the name ends before it
            if end - hit.start() < 2:
                return None             # 社 + 会阶层人士围绕区委: no name of one character
        elif "sector" in hit.re.groupindex and hit.group("sector") and not self.names_sector(hit.group("sector")):
            end = hit.start("sector")   # 民建 + 会员所在 + 支部: no sector
        if self.ends_inside_word(text, hit.start(), end):
            return None
        item = Found(hit.start(), end, rule["name"], rule.get("kind"))
        if mode == "place" and not self.short_form(item, text):
            return None
        return item

    def ends_inside_word(self, text: str, start: int, end: int) -> bool:
        """Whether a rule's name ends inside a word of jieba's dictionary that holds its last two
        characters and runs on past it (民政局副局 | 长: 副局长; 统战部 | 长: 统战部长), unless
        the word goes on with a title (商会 | 会长, 市委 | 常委: jieba's 商会会长, 市委常委). A
        word opening with the head's last character may be a verb the head is read into
        (民宗委 + 派员: 委派, 区政协 + 同频: 协同); one jieba's HMM makes up is no evidence, nor is
        an organization's name of its dictionary that joins two (中共中央 + 国务院)."""
        if end == len(text) or not HAN_CHAR.match(text, end):
            return False
        spanning = next(((w, b) for w, a, b in self.cut(text, start, min(len(text), end + 3))
                         if a < end - 1 and end < b), None)
        if spanning is None or self.tag(spanning[0]) in ("x", "nt"):
            return False
        role = self.title_re.match(text, end)
        return not (role and role.end() >= spanning[1])

    def branded_unit(self, rule: dict, hit: regex.Match, text: str) -> Found | None:
        """A platform's local unit (trade-branch: 鲸送外卖 + 桂城 + 站点): the brand is the
        shortest run of two to four characters on a word's edge right before the trade, holding
        no word jieba tags a function word or a quantity (STEM_BREAK_TAGS: 在 p, 一处 m), and
        the unit's stem holds no word that breaks a branch's (branches_end). ``head`` marks
        where the brand with its trade ends."""
        trade = hit.start("trade")
        lo = window_start(text, trade)
        brand = next((trade - size for size in BRAND_SIZES if trade - size >= lo
                      and HAN_RUN.fullmatch(text, trade - size, trade)
                      and self.starts_word(text, trade - size) and not any(
                          self.tag(word).startswith(STEM_BREAK_TAGS) for word, _, _ in self.cut(text, trade - size, trade))), None)
        if brand is None or self.branches_end(hit) != hit.end():
            return None
        return Found(brand, hit.end(), rule["name"], rule.get("kind"), head=hit.end("trade"))

    def brands_of_units(self, text: str, kept: list[Found]) -> list[Found]:
        """A platform's brand with its trade, where a unit of it is read (鲸送外卖 of 鲸送外卖桂城站点),
        wherever the report writes it alone: the company."""
        taken = RangeSet((item.start, item.end) for item in kept)
        found = []
        brands = {text[item.start:item.head]: item.kind for item in kept if self.extend.get(item.rule) == "brand"}
        for brand, kind in sorted(brands.items()):
            for at in segment.occurrences(text, brand):
                if not taken.overlaps(at, at + len(brand)):
                    taken.add(at, at + len(brand))
                    found.append(Found(at, at + len(brand), f"{BRAND_RULE}-alone", kind))
        return found

    def names_sector(self, part: str) -> bool:
        """Whether ``part`` is nouns or names alone, as jieba reads them (医卫, 法律, 教育): a
        sector a branch is named by."""
        return all(self.tag(word).startswith(COMMON_TAGS[:2] + PROPER_TAGS) for word, _, _ in segment.cut_phrase(self.segmenter.name, part))

    def ends_office_word(self, text: str, at: int, lo: int) -> bool:
        """Whether the 办 at ``at`` ends an office's name: jieba reads it alone or ends a word
        with it that is no verb (素质 + 办, 信访办; not 举办, 主办)."""
        word = next((w for w, a, b in self.cut(text, lo, min(len(text), at + 3)) if a <= at < b), "")
        return word.endswith(text[at]) and (len(word) == 1 or not self.tag(word).startswith(VERB_LIKE_TAGS))

    def branches_end(self, hit: regex.Match) -> int:
        """The end of a name before the first branch whose stem holds a function word, a
        quantity or a verb (县农商银行 + 及各支行; 中国银行 + 淮安分行 + 营业部 goes on)."""
        if "stem" not in hit.re.groupindex:
            return hit.end()
        for start, end in hit.spans("stem"):
            if any(self.breaks_stem(word) for word, _, _ in segment.cut_phrase(self.segmenter.name, hit.string[start:end])):
                return start
        return hit.end()

    def short_form(self, item: Found, text: str) -> bool:
        """A short form (区委, 县人社局, 新联会, 统战部) takes the place written before it
        (東湖 + 區委); without one it must stand alone as an actor: a word of its own, and
        not the start of a role (市人大代表), a meeting (区委常委会) or a title (区委书记)."""
        start, end = item.start, item.end
        if any(pattern.match(text, start) for _, pattern in self.exclusions):
            return False
        lo = window_start(text, start)
        zone = self.zone.match(text, start)
        if zone:              # 高新区 + 新联会: a place of its own, with whatever is written before
            item.places = self.place_chain(text, start, lo) + [zone.span()]
            item.start = org_prefix(text, item.places[0][0])[0]
            return True
        if text.endswith(AUTONOMOUS, lo, start) and LEVEL_ANYWHERE.match(text, start):
            start = item.start = start - len(AUTONOMOUS)   # 自治 + 区工商联: the level is 自治区
        level = LEVEL.match(text, start)
        if level:
            place = self.place_ending_at(text, level.end(), lo)
            if place is not None:  # 上海 + 市委, 東湖 + 區委, 棘洪滩 + 街道党工委
                item.places = self.place_chain(text, place, lo) + [(place, level.end())]
                item.start, kind = org_prefix(text, item.places[0][0])
                item.kind = kind or item.kind
                return True
            if level.group() in TOWN_SUFFIXES and text.endswith(self.lex.generic_before, lo, start):
                return False  # 各街道党工委: any street's (镇党委 alone is the report's town's)
            stem = self.town_stem_word(text, start, lo) if level.group() in TOWN_SUFFIXES else None
            if stem is not None:   # 鸡足山 + 镇人民政府, 晋州市 + 马于 + 镇商会: a town the gazetteer lacks
                item.places = self.place_chain(text, stem, lo) + [(stem, level.end())]
                item.start = org_prefix(text, item.places[0][0])[0]
                return True
            if (start and text[start - 1] in LEVEL_CHARS) or in_collective(text, start) \
                    or not (self.starts_word(text, start) or self.level_glued_on(text, start) or self.after_self_reference(text, start)):
                return False  # 区县新联会, 各区、市、县侨联 (every one's), 全市新联会, 城市委托: the level character is in another word
            item.level = level.group()
        elif institution := self.lex.institution_level.match(text, start):   # 校 + 党委: the report's own school's
            if text.endswith(self.lex.generic_before, lo, start) or not self.starts_word(text, start):
                return False  # 各校党委, 该校 | 党委, 高校 | 党委
            item.level = institution.group()
        else:
            if text.endswith(self.lex.generic_before + self.lex.founded_by_each, lo, start) or text.endswith("委", lo, start):
                return False  # 各级新联会, 16个设区市全部成立 + 新联会; 党委 + 统战部, 区委 + 统战部: the
                #               committee's department, which its rule reads or not (各县区委统战部)
            item.bare = True
        alone = item.bare or end - start <= 2 or text[start:end] == f"{item.level}党委" \
            or item.level in TOWN_SUFFIXES or item.level in self.lex.institution_levels   # 镇党委书记, 县党委书记: a title
        return not (alone and self.title_re.match(text, end)) and not (item.bare and self.modifies_noun(text, end))

    def level_glued_on(self, text: str, start: int) -> bool:
        """Whether jieba's HMM glued the level at ``start`` onto a one-character verb or
        preposition opening the clause before it, making up a word (，请 | 区 + 发改委: 请区): the
        level opens the name. (Not a stem's last character: 新城 + 铺 | 镇商会.)"""
        word = next((w for w, a, b in self.cut(text, max(0, start - 1), min(len(text), start + 4)) if b == start + 1), "")
        return len(word) == 2 and self.tag(word) == "x" and self.tag(word[0]).startswith(GOVERNING_TAGS) \
            and (start == 1 or not HAN_CHAR.match(text, start - 2))

    def town_stem_word(self, text: str, start: int, lo: int) -> int | None:
        """The start of a word of two characters or more that jieba ends right before a town's
        level at ``start``, no function word, quantity, time or verb (鸡足山 + 镇, 平望 + 镇; not
        联合 + 镇政府, 是 + 镇党委, 介绍了 + 镇党委: the report's own town), nor a kind of place
        (乡村, 城镇: heads.yaml common_words), a word ending with a clause verb, nor
        one jieba makes up opening with a function word (于家堡: the model and the places read
        it): the town's name, which the gazetteer lacks."""
        words = self.cut(text, max(lo, start - TOWN_STEM_MAX - 2), start + 2)
        at = next((i for i, (_, _, b) in enumerate(words) if b == start), None)
        if at is None:
            return None
        word, stem, _ = words[at]
        tag = self.tag(word)
        if len(word) < 2 or word in self.lex.common_words or word.startswith(DISTRIBUTIVES) \
                or tag.startswith(STEM_BREAK_TAGS + ("v",)) or governs_clause(word[-2:]) \
                or (tag == "x" and word[0] in FUNCTION_CHARS):
            return None   # 全力支持 + 镇商会: a predicate (jieba's n); 于家堡: a preposition may open it
        return stem

    def modifies_noun(self, text: str, end: int) -> bool:
        """A common noun right after a bare short form: it names a kind of thing, not an actor
        (新联会 + 建设经验, 新联会 + 会员, 新聯會 + 的服務 is no noun); not a verbal noun a
        result follows, a verb there (把新联会 + 建设 + 成为…)."""
        after = self.cut(text, end, min(len(text), end + 4))
        if not after:
            return False
        word, word_start, word_end = after[0]
        tag = self.tag(word)
        return word_end - word_start > 1 and tag in NOUN_AFTER_TAGS \
            and not (tag == "vn" and text.startswith(RESULT_COMPLEMENTS, word_end))

    def named(self, rule: dict, mode: str, start: int, end: int, text: str,
              bodies: dict[int, list[Found]], head_end: int) -> Found | None:
        """A head (联谊会, 有限公司, 美术馆) with the name before it, when that name is specific:
        a place or a proper word in it, an organization of jieba's dictionary, or (not for
        ``owned`` heads) enough common words. A part of a body (``subunit``: 分会) takes the
        body written right before it, from ``bodies``, the names rules found, by their end.
        The head ends at ``head_end``, before what the name goes on with: a legal form or a
        branch (银行 + 新昌县支行, 事务所 + （特殊普通合伙）深圳分所)."""
        if any(body.start < start for body in bodies.get(end, ())):
            return None       # 区妇女联合会: a rule has the name already
        lo = window_start(text, start, quoted=True)
        if joins_kinds(self.lex, text, start, head_end):
            return None       # 行业协会 + 商会: associations and chambers, two kinds of body together
        if text[start:head_end] in self.lex.verb_heads and longest_ending_at(self.lex.heads_backwards, text, start, lo) is not None:
            return None       # …分会 + 联合 | 律师事务所: after a name's head, the verb is the clause's
        words = glue_apart(text, self.cut(text, lo, min(len(text), end + 3)), head_end, self.title_re,
                           self.lex.institution_levels)
        last = next((word for word in words if word[2] == head_end), None)
        if last is None:
            return None       # 网 of 网络, 中心 of 中心城区: the head ends inside a word
        if last[1] < start and last[0] in self.lex.generic and text[start:head_end] in self.lex.known_name_heads:
            return None       # 龙港市 + 互联网: a site's head inside a common noun of a kind (exclusions.yaml generic)
        # jieba's word holding the head's start may begin before it (技术学校, 科技股份 +
        # 有限公司): its part before the head is read as one word, an organization when the
        # dictionary has the whole (华为技术有限公司).
        core = next(a for _, a, b in words if a <= start < b)
        dictionary = core < start and last[1] == core and self.is_dictionary_org(last[0], text[core:start])
        before = [(w, self.tag(w)) for w, _, _ in single_characters_joined([w for w in words if w[2] <= core], self.lex.tags)]
        named_core = dictionary and any(self.is_proper(w, self.tag(w)) for w, _, _ in self.cut(text, core, start))
        walk = self.walk(text, start, lo, bodies if mode in ("subunit", "part") else None, before, core,
                         "nt" if named_core else "n")   # 华为技术 + 有限公司 is a name; 网络 + 作家协会 goes on
        if walk.start == start or text[walk.start:end] in self.lex.generic:
            return None
        item = Found(walk.start, end, rule["name"], rule.get("kind"), places=walk.places, level=walk.level,
                     parent=walk.parent, head=start)
        if walk.parent is not None:
            return item if walk.modifiers >= 2 else None
        if mode == "quoted" and not walk.quoted:
            return None       # 同心 + 志愿服务队, 楼宇 + 服务站: a kind of team, no brand named
        if mode == "part" and not walk.places:
            return None       # 经济与管理学院 alone: a kind of school; 陕西省 + 先进涂层材料重点实验室 a name
        if text.endswith(LIST_CLOSERS, lo, walk.start) and not (walk.places or walk.proper):
            return None       # 东山中学等 + 重点中学: the kind of the names listed
        if not dictionary and self.kind_of_place(text[walk.start:start]):
            return None       # 长沙 + 民办 + 学校: the city's schools of a kind
        if text[start:head_end] in self.lex.known_name_heads and not walk.places and not dictionary and (
                not self.names_known_word(text, walk.start, start)
                or (core < start and self.tag(last[0]).startswith(COMMON_TAGS)
                    and not any(self.is_place_word(word) for word, _, _ in self.cut(text, walk.start, core)))):
            return None       # 发力织密统战宣传 + 网: a word jieba does not know is no site's name;
            #                   工业 + 互联网: nor is a common word jieba reads across the head, after
            #                   no place (嘉定 + 都市网)
        if walk.places or walk.proper or dictionary or (walk.level and (
                text[start:end] not in self.lex.weak_heads or walk.modifiers >= MIN_MODIFIERS_WEAK_HEAD)):
            return item
        if mode == "owned":
            return None
        titled = text.endswith(self.lex.titled_heads, start, head_end)
        least = MIN_MODIFIERS_TITLE if titled else \
            MIN_MODIFIERS_REGISTERED if self.registered(text, start, head_end, walk.start, lo) else \
            MIN_MODIFIERS_SUBUNIT if mode == "subunit" else MIN_MODIFIERS
        if mode == "subunit" and MIN_MODIFIERS_BODY_PART <= walk.modifiers < least:
            item.owner = self.report_body(text, walk.start, start, head_end, bodies)
            return item if item.owner is not None else None
        return item if walk.modifiers >= least and (end - start > 1 or titled) else None   # one character: 莲花 + 寺

    def adverb_and_verb(self, word: str, tag: str, before: str) -> bool:
        """A verb after an adverb of two characters or more (努力 + 做好), or one word jieba made
        of the two, whatever it tags it (充分发挥: n, 充分认识: l; name_grammar.adverb_then_verb,
        which a place's stem reads too)."""
        if adverb_then_verb(word):
            return True
        return tag.startswith("v") and len(before) > 1 and self.tag(before).startswith(ADVERB_TAGS)

    def report_body(self, text: str, name_start: int, start: int, head_end: int, bodies: dict[int, list[Found]]) -> Found | None:
        """The body a part named by a short field (律师 + 分会) belongs to: of the bodies with
        such parts (heads.yaml report_body_parts) that the rules read in the report, the one it
        names most, then first (县新联会下设律师分会、财会分会)."""
        if not text.endswith(self.lex.body_parts, start, head_end) or any(kind in text[name_start:start] for kind in self.lex.part_kinds):
            return None   # 专业分会, 镇街分会: a kind of part
        owners = [body for found in bodies.values() for body in found
                  if body.parent is None and text.endswith(self.lex.part_owners, body.start, body.end)]
        return min(owners, key=lambda body: (-text.count(text[body.start:body.end]), body.start), default=None)

    def names_known_word(self, text: str, start: int, end: int) -> bool:
        """A proper word of jieba's dictionary or the gazetteer in text[start:end] (南翔 + 生活网)."""
        return any(self.tag(word) != "x" and self.is_proper(word, self.tag(word)) for word, _, _ in self.cut(text, start, end))

    def registered(self, text: str, start: int, head_end: int, name_start: int, lo: int) -> bool:
        """A company named with its legal form (东风汽车 + 股份有限公司), not described by one
        (一家 + 科技发展有限公司: DESCRIBED_AFTER_TAGS)."""
        if not text.endswith(self.lex.legal_forms, start, head_end):
            return False
        before = self.cut(text, max(lo, name_start - 4), name_start)
        return not (before and self.tag(before[-1][0]).startswith(DESCRIBED_AFTER_TAGS))

    def walk(self, text: str, start: int, lo: int, bodies: dict[int, list[Found]] | None,
             words: list[tuple[str, str]], core: int, core_tag: str) -> Walk:
        """Read a name leftwards from its head at ``start``: [places][proper words][common
        words] head. ``words`` are jieba's words (with tags) before ``core``, where the word
        holding the head starts; its part before the head reads as one word tagged ``core_tag``."""
        if core < start:
            words.append((text[core:start], core_tag))
        walk, taken = Walk(start), []
        while words:
            if bodies is not None and taken:
                parents = bodies.get(walk.start)
                if parents:   # 区新联会 + 法律服务 + 分会
                    walk.parent = min(parents, key=lambda f: f.start)
                    walk.start = walk.parent.start
                    return walk
            stem = self.place_ending_at(text, walk.start, lo)
            if stem is not None and taken and self.unit_before_gazetteer_place(text, stem, walk.start):
                return walk   # 大溪镇 | 浙江 + 利凯泵业有限公司: the body's name starts at the province
            if stem is not None:
                walk.places = self.own_places(text, self.place_chain(text, stem, lo) + [(stem, walk.start)])
                walk.start = org_prefix(text, walk.places[0][0])[0]
                parents = bodies.get(walk.start) if bodies is not None else None
                if parents:   # 深圳市台商协会 + 南山 + 分会: a part named by its place
                    walk.parent = min(parents, key=lambda f: f.start)
                    walk.start = walk.parent.start
                return walk
            word, tag = words.pop()
            if word in QUOTE_PAIRS:
                brand = quoted_brand(words, word)
                if brand is None:
                    break     # a quote closing no brand: no part of a name
                walk.proper = walk.quoted = True   # 紫缘社区 + “暖蜂” + 志愿服务队: a brand in quotes is a proper word
                taken.append((brand, "nz"))
                walk.start -= len(brand)
                continue
            if walk.proper and len(word) == 1 and words and len(words[-1][0]) == 1 and words[-1][0] + word in self.lex.district_shorts:
                word = words.pop()[0] + word   # 于 p + 都 d: a short form jieba cut into characters (于都 + 佛教协会)
            if walk.proper and word in self.lex.district_shorts:   # 临清 + 华瑞轴承有限公司: the county's short form
                stem = walk.start - len(word)
                walk.places = self.own_places(text, self.place_chain(text, stem, lo) + [(stem, walk.start)])
                walk.start = org_prefix(text, walk.places[0][0])[0]
                return walk
            if len(word) == 2 and word[1] in LEVEL_CHARS and self.joins_names(text, walk.start - 2, lo):
                words.append((word[0], "c"))   # 和县 + 农商银行 after a name: 和 | 县
                word, tag = word[1], self.tag(word[1])
            elif len(word) == 2 and word[1] in LEVEL_CHARS and word[0] in SELF_REFERENCES:
                words.append((word[0], "r"))   # 我县 + 总商会: the pronoun and the level (the pronoun's: names.py)
                word, tag = word[1], self.tag(word[1])
            elif len(word) == 2 and word[0] in SELF_REFERENCES and word[1] in OWN_UNITS:
                break         # 我院 + 党外知识分子联谊会: the report's own body, by a pronoun, owns it
            before = words[-1][0] if words else ""
            if tag == "x" and len(word) > 1 and word[0] in LEVEL_OPENERS and not (before and self.is_place_word(before)):
                # 与富 + 滇银行: jieba glued the function word on (由区 + 融媒体中心, 赴市 + 科技馆; 江苏 +
                # 同泽: a brand after a place)
                before, word = word[0], word[1:]
                words.append((before, "p"))
                tag = self.tag(word)
            elif tag == "f" and word in DIRECTIONS and before and len(before) == 1 and self.tag(before) == "j":
                word, tag = before + word, "ns"   # 滇 + 中: a province's region (滇中 + 新能源科技…)
                words.pop()
                before = words[-1][0] if words else ""
            elif tag == "f" and len(word) == 1 and not words and taken and self.is_proper(*taken[-1]):
                tag = "nz"    # 、| 中 + 审华衡: a direction opening the clause before a brand is the brand's
            if len(word) == 1 and word in LEVEL_CHARS and (not before or self.tag(before).startswith(GOVERNING_TAGS) or governs_clause(before)):
                if in_collective(text, walk.start - 1):
                    return Walk(start)   # 各市 + 州 + 党委统战部: a level of a collective (市州), every one's
                walk.level, walk.start = word, walk.start - 1
                return walk   # 和 + 区 + 社会组织促进会: the district's own
            if word == "的" and before == "党":
                walk.proper, walk.start = True, walk.start - 2
                return walk   # 党的 + 一大会址纪念馆
            if (governs_clause(word) and not self.field_verb(text, start, word, taken)) or directed_verb(word, tag):
                break         # 建立健全 + 商会: whatever jieba tags it, no part of a name; nor 融入 + 党群服务中心
            if self.adverb_and_verb(word, tag, before):
                break         # 努力 + 做好 | 新一届侨联分会, 充分发挥 | 侨联分会: a predicate, no part of a name
            if is_collective(word) and word not in self.lex.common_words:
                break         # 秦州区 + 乡镇 + 商会: every township's chamber, a kind (乡村: countryside)
            if word.startswith(DISTRIBUTIVES):
                break         # 南京市 + 各级党委: jieba's one word, every level's committee
            if word in self.lex.generic_before:
                return Walk(start)   # 基层 + 商会, 县级 + 新联会行业分会: a kind of body (exclusions.yaml)
            if word.endswith(UNIT_LABEL):
                break         # 副会长单位 + 水星控股集团有限公司: a label, the name after it
            if not taken and self.is_rating(word):
                break         # 江苏省 + 四好 + 商会: a rating, given to a kind of body (not 双强 + 科技有限公司)
            if word == "+" and words and BRAND_LETTERS.fullmatch(words[-1][0]):
                word = words.pop()[0] + word   # A | + (A+ + 建筑设计有限公司)
                before = words[-1][0] if words else ""
            if self.number_and_its_character(word, words):
                word = words.pop()[0] + word   # 7 | 号 + 仓供应链…, 8 | 度 + 鞋业
                before = words[-1][0] if words else ""
                ascii_brand = True
            else:
                ascii_brand = self.opens_brand_in_ascii(word, taken)
            if (BRAND_LETTERS.fullmatch(word) or self.closes_brand(word, before, taken)) and not ascii_brand:
                tag = "n"     # letters inside a name (微澜 + AI + 科技有限公司) modify it as a common word does
            if ascii_brand or self.single_characters_after_place(word, taken, words):
                walk.proper = True
            elif len(word) == 1 and taken and len(taken[-1][0]) == 1 and self.is_numeral_stem(word + taken[-1][0]) \
                    and not (before and (before[-1] in NUMERALS or before.endswith("第"))):
                walk.proper = True   # 六 | 霍 + 起义纪念馆: a stem jieba cut after its numeral
            elif self.opens_numeral_brand(word, taken, before):
                walk.proper = True   # 七 + 彩云供应链管理有限公司, 三 | 一 + 众诚…
            elif tag == "i" and not walk.proper and text.startswith(self.lex.legal_forms, start):
                walk.proper = True   # 奇思妙想 + 信息科技有限公司: a set phrase before a registered company's trade, its brand
            elif self.is_proper(word, tag) or self.brand_after_place(word, tag, before) \
                    or (taken and self.numeral_brand_after_place(text, walk.start - len(word), lo, word, tag, before)):
                if before and word[0] in LOCATIVES and len(word) > 1 and word not in self.lex.places:
                    walk.proper, walk.start = True, walk.start - len(word) + 1
                    return walk  # 园区内 + 海澄芯源…: the locative ends the word before
                walk.proper = True
            elif tag.startswith(COMMON_TAGS) or (tag == "m" and ORDINAL.fullmatch(word) is not None) or tag == "t":
                if walk.proper and not (len(word) <= 2 and words and self.is_place_word(words[-1][0])) \
                        and not (len(word) == 1 and taken and words and self.is_proper(*words[-1])):
                    # 会员企业 + 青禾县鑫源…: a description before a proper name; but a short word
                    # right after a place is the brand's (湖南 + 山里 + 香农业科技有限公司), and one
                    # character between proper words a transliterated name's (阿拉 | 坦 | 塔拉)
                    break
                walk.modifiers += len(word)
            elif (tag.startswith("v") or (tag.startswith("d") and len(word) == 1)) \
                    and words and not walk.proper \
                    and (len(word) > 1 or (self.is_proper(before, self.tag(before)) and word not in NO_STEM_FIRST)) \
                    and longest_ending_at(self.lex.heads_backwards, text, walk.start - len(word), lo) is None:
                # one character jieba tags a verb or an adverb is a name's after a proper word
                # (宁波 + 帮 + 博物馆, 巴渝明 + 正 + 律师事务所: jieba cut a brand it does not know),
                # not after a common one (骨干教师 + 到 + 县区薄弱学校), nor a copula or a function
                # word (张雨桐 + 是 + 分会, 也); no verb is after a name's head (…商会 + 签约 +
                # 友好商会: the name is the clause's subject); a clause verb comes here only right
                # before the head, where it names the field (field_verb: 科创 + 孵化 + 中心)
                walk.modifiers += len(word)
            elif word in JOINING and bodies is not None and taken and taken[-1][1].startswith(COMMON_TAGS + PROPER_TAGS) \
                    and words and words[-1][1].startswith(COMMON_TAGS + PROPER_TAGS) and words[-1][0] not in self.lex.titles \
                    and longest_ending_at(self.lex.heads_backwards, text, walk.start - 1, lo) is None:
                # 新闻 + 与 + 传播 + 学院, under a body (豫州大学); not two names (专业委员会 和 …分会)
                # nor people and a body (新联会相关负责人 + 及 + 梧桐街道分会)
                walk.modifiers += len(word)
            elif word in JOINING and text[walk.start:start] in self.lex.generic and words \
                    and words[-1][1].startswith(COMMON_TAGS + PROPER_TAGS) \
                    and longest_ending_at(self.lex.heads_backwards, text, walk.start - 1, lo) is None:
                # 非公企业 + 和 + 社会组织 + 党工委: two kinds of bodies, one committee's
                walk.modifiers += len(word)
            elif word in JOINING and taken and len(taken[-1][0]) == 1 and words and HAN_RUN.fullmatch(words[-1][0]) \
                    and text.startswith(self.lex.legal_forms, start) \
                    and longest_ending_at(self.lex.heads_backwards, text, walk.start - 1, lo) is None:
                word = words.pop()[0] + word   # 同方 + 和 + 宸精密电子科技有限公司: no firm's trade name opens
                walk.proper = True             # with one character after a conjunction; it is the brand's
                #                                (not …有限公司 + 和 + 三一众诚…: a name ends before it)
            else:
                break
            taken.append((word, tag))
            walk.start -= len(word)
        while taken and taken[-1][1].startswith(("v", "t")) and not self.is_place_word(taken[-1][0]):
            # a name does not start with a verb (建设 + 党群服务中心) or a time word (近日 +
            # …; 成都数聚 + 未来 + 网络科技有限公司 holds one); a place jieba tags a verb opens
            # it (遵义 + 黔味源食品有限公司)
            word, _ = taken.pop()
            walk.start += len(word)
            walk.modifiers -= len(word)
        return walk

    def field_verb(self, text: str, start: int, word: str, taken: list[tuple[str, str]]) -> bool:
        """Whether a clause verb right before a head that takes one names its field (heads.yaml
        field_verbs: 科创 + 孵化 + 中心, 非公经济 + 组织 + 党委; not 统一战线 + 围绕 + 中心, the
        central task). It is then read as any verb in a name (not after a name's head: 统战部 +
        指导 + 中心), and the name needs what any name of the head needs (not 成立 + 孵化中心)."""
        return not taken and any(text.startswith(head, start) and word in verbs for head, verbs in self.lex.field_verbs.items())

    def single_characters_after_place(self, word: str, taken: list[tuple[str, str]], words: list[tuple[str, str]]) -> bool:
        """A brand jieba cut into single characters right after a place, 和 or a numeral among
        them as a brand's own (甘肃 + 和 | 盛 + 皮毛有限公司, 锦州 + 三 | 和 + 会计师事务所): ``word``
        is one of a run of two or more that holds one of them, no function word else (北京 + 的
        | 公司; 无锡 + 物 | 联 + 网 holds neither)."""
        if len(word) != 1:
            return False
        before = [w for w, _ in itertools.takewhile(lambda item: len(item[0]) == 1, reversed(words))]
        after = [w for w, _ in itertools.takewhile(lambda item: len(item[0]) == 1, reversed(taken))]
        run = before + [word] + after
        return len(run) > 1 and len(before) < len(words) and self.is_place_word(words[-len(before) - 1][0]) \
            and not BRAND_RUN_CHARS.isdisjoint(run) and all(char not in NO_STEM_FIRST or char in BRAND_RUN_CHARS for char in run)

    def number_and_its_character(self, word: str, words: list[tuple[str, str]]) -> bool:
        """A character jieba reads alone after a number it cuts off (7 | 号, 8 | 度): with the
        number, a brand's opening; not a measure word (3 | 家, 12 | 个: jieba's q, a quantity)
        nor a date's (6 | 月, 2021 | 年)."""
        return len(word) == 1 and word not in DATE_CHARS and self.tag(word).startswith(BRAND_NUMBER_TAGS) \
            and bool(words) and BRAND_NUMBER.fullmatch(words[-1][0]) is not None

    def closes_brand(self, word: str, before: str, taken: list[tuple[str, str]]) -> bool:
        """A number right after a word jieba does not know, inside a name: the brand's end (乐活 +
        100 + 便民连锁有限公司), not a count (全市 + 100 + 家…)."""
        return bool(taken) and BRAND_NUMBER.fullmatch(word) is not None and len(before) > 1 \
            and HAN_RUN.fullmatch(before) is not None and self.tag(before) == "x"

    @staticmethod
    def opens_brand_in_ascii(word: str, taken: list[tuple[str, str]]) -> bool:
        """A number or letters right before a word jieba does not know open the brand with it
        (7 + 天鲜达, 5G + 云仓; not 微澜 + AI + 科技, letters before a common word, which modify
        it; nor 9 + 家商 + 协会)."""
        return bool(taken) and taken[-1][1] == "x" and BRAND_ASCII.fullmatch(word) is not None

    def brand_after_place(self, word: str, tag: str, before: str) -> bool:
        """A word jieba does not know, right after a place, is a brand's even when it starts
        like a function word (北京市 + 中衡 + 信律师事务所; 中有 alone is no stem: is_proper).
        (A quarter of the compass, 辽宁 + 北方 + 新锐数控机床有限公司, opens a name as a region:
        heads.yaml regions.)"""
        return tag == "x" and bool(before) \
            and self.is_place_word(before) and not NAME_BREAK.search(word) and word not in self.lex.common_words

    def numeral_brand_after_place(self, text: str, at: int, lo: int, word: str, tag: str, before: str) -> bool:
        """A numeral word right after a place and before the name's trade is a brand (江西 + 三元
        + 物流有限公司); not a quantity, which ends with a measure word (浙江 + 两家) or stands
        right before the head (台湾 + 一所 + 小学: the walk asks for the trade)."""
        return word[0] in NUMERALS and tag == "m" and not self.tag(word[-1]).startswith("q") \
            and (self.is_place_word(before) or self.place_ending_at(text, at, lo) is not None)

    def is_dictionary_org(self, word: str, modifier: str) -> bool:
        """An organization in jieba's dictionary (tag nt or nz; ns for a named site: 井冈山革命
        + 博物馆) whose words before the head name it (中新 + 网, 华为技术 + 有限公司), not a kind
        of it (民办 + 学校: heads.yaml kind_attributes; 上市 + 公司)."""
        tags = [self.tag(w) for w, _, _ in segment.cut_phrase(self.segmenter.name, modifier)]
        return self.tag(word) in ("nt", "nz", "ns") and len(modifier) > 1 \
            and not all(t.startswith(DESCRIBING_TAGS) for t in tags) and not self.lex.kind_attributes.fullmatch(modifier)

    def reads_as_name(self, part: str) -> bool:
        """Whether ``part`` can be the inside of a name (文化广电和旅游 + 局): nouns and
        proper words, 和 or 与 between them but not after a name's head (县 + 工商联 与 国家税务总
        + 局: two names), no verb that governs a clause."""
        before = ""
        for word, _, _ in segment.cut_phrase(self.segmenter.name, part):
            tag = self.tag(word)
            if not ((word in ("和", "与") and longest_ending_at(self.lex.heads_backwards, before, len(before), 0) is None)
                    or self.is_proper(word, tag) or tag.startswith(COMMON_TAGS) or tag.startswith("v")) \
                    or (word in CLAUSE_VERBS and tag not in FIELD_NOUN_TAGS):
                return False   # a clause verb, also one jieba tags a distinguishing word (现有: b), not a noun (指导 + 中心)
            before = word
        return True

    def opens_numeral_brand(self, word: str, taken: list[tuple[str, str]], before: str) -> bool:
        """A numeral jieba leaves alone (no measure word glued on: 七, 三 | 一, 八一) opening a
        name, before a noun's or a name's character that is no level (七 + 彩云, 三一 + 众诚, 八一 +
        中学 is 中 a direction: no), where no other numeral or 第 stands before it; ``taken``: the
        name's words after it, the nearest last."""
        return bool(word) and set(word) <= NUMERALS and not (before and (before[-1] in NUMERALS or before.endswith("第"))) \
            and self.numerals_then_brand(word + "".join(w for w, _ in reversed(taken)))

    def is_numeral_stem(self, word: str) -> bool:
        """A numeral and a piece of a name, which jieba leaves unknown or cuts in two (五邑 +
        大学, 六 | 霍 + 起义纪念馆): no quantity (五批, 两市, 七大), whose second character is a
        measure word, a level or a common word."""
        return len(word) >= 2 and word[0] in NUMERALS and word[1] not in LEVEL_CHARS \
            and self.tag(word[1]).startswith(NUMERAL_STEM_TAGS)

    # -- places --------------------------------------------------------------------------

    def own_places(self, text: str, chain: list[Span]) -> list[Span]:
        """The places of a chain that name a body: from the last place of the gazetteer written
        right after a town or a village (unit_before_gazetteer_place: 箬横镇 | 温岭市 + 欣悦鞋业有限公司:
        the town is where the company lies; a chain runs from the larger place to the smaller)."""
        for at in range(len(chain) - 1, 0, -1):
            if self.unit_before_gazetteer_place(text, *chain[at - 1]):
                return chain[at:]
        return chain

    # -- jieba, over short windows only -------------------------------------------------

    # -- kinds ---------------------------------------------------------------------------

    def kind(self, item: Found, text: str) -> str:
        """The rule's kind, else the kind of the longest head the name ends with."""
        return item.kind or kind_of_name(self.lex, text[item.start:item.end])


def is_collective(word: str) -> bool:
    """Two or more level words in one (乡镇, 镇街, 区县): every unit of those levels, no place
    (社区 and 街道 are one level each)."""
    return len(word) > 1 and LEVEL_WORD_CHARS.issuperset(word) and word not in PLACE_SUFFIXES


def abbreviation_length(text: str, pos: int, words: list[str], head: str, brand: int) -> int:
    """Length of the abbreviation of a company's ``words`` and ``head`` written at ``pos`` after
    its brand of ``brand`` characters (company_short_forms), 0 for none: the longest run of its
    words written in a row (本草 + 药业 after 秦岭), else two characters of one word in a row
    (传媒 of 文化传媒), else the first character of one
    and a later character of the words (新材 of 新材料, 汽配 of 汽车配件), else the head's last
    character, or its last two (果然鲜 + 公司 of 有限公司); after a brand of three characters, a
    word's first (晶瑞新 + 材: jieba read 新 into the brand)."""
    whole = max((len(run) for run in word_runs(words) if len(run) > 1 and text.startswith(run, pos)), default=0)
    if whole:
        return whole
    pair, rest, at = text[pos:pos + 2], "".join(words), 0
    if len(pair) == 2 and any(pair in word for word in words):
        return 2
    for word in words:
        if len(pair) == 2 and word[0] == pair[0] and pair[1] in rest[at + 1:]:
            return 2
        at += len(word)
    if brand >= 3 and any(len(word) > 1 and text.startswith(word[0], pos) for word in words):
        return 1
    return next((size for size in (2, 1) if len(head) > size and text.startswith(head[-size:], pos)), 0)


def glue_apart(text: str, words: list[tuple[str, int, int]], head_end: int, title: regex.Pattern,
               levels: dict[str, list[str]]) -> list[tuple[str, int, int]]:
    """jieba's words with one that a head ends inside cut in two there when the rest is a
    function character jieba glued on (邢台 + 网 | 等: a list's end, not 网 of 网络) or the start of
    a title that runs on past the word (实验小学 | 校长, which jieba reads 小学校 + 长) or that is
    the word's rest and names the head of that very body (学院 | 院长, 中学 | 校长; not 党组书记,
    a title jieba reads whole), or a locative (中心 | 里: jieba's 中 | 心里)."""
    for index, (word, start, end) in enumerate(words):
        if start < head_end < end and ((end - head_end == 1 and (text[head_end] in LIST_GLUE or text[head_end] in LOCATIVES))
                                       or ((role := title.match(text, head_end)) and (role.end() > end or (
                                           role.end() == end and heads_own_title(text, head_end, levels))))):
            return words[:index] + [(text[start:head_end], start, head_end), (text[head_end:end], head_end, end)] + words[index + 1:]
    return words


def heads_own_title(text: str, head_end: int, levels: dict[str, list[str]]) -> bool:
    """Whether the title at ``head_end`` names the head of the body ending there: its level
    character and 长, the level being the head's last character (学院 + 院长, 商会 + 会长) or
    one standing for the head (heads.yaml institution_levels: 中学 + 校长)."""
    level = text[head_end:head_end + 1]
    return text.startswith("长", head_end + 1) and (
        level == text[head_end - 1] or any(text.endswith(head, 0, head_end) for head in levels.get(level, ())))


def quoted_brand(words: list[tuple[str, str]], closing: str) -> str | None:
    """The brand in quotes that ``closing`` ends, with its quotes (“同心·沂蒙”), popped from
    ``words`` (jieba's, read leftwards); None, and nothing popped, when the quotes hold no brand."""
    inner = ""
    for back in range(len(words) - 1, -1, -1):
        word = words[back][0]
        if word == QUOTE_PAIRS[closing]:
            if not QUOTED_BRAND.fullmatch(inner):
                return None
            del words[back:]
            return word + inner + closing
        inner = word + inner
        if len(inner) > MAX_QUOTED_BRAND:
            return None
    return None


def word_runs(words: list[str]):
    """Every run of consecutive ``words``, joined (本草, 本草药业, 药业)."""
    for first in range(len(words)):
        for last in range(first + 1, len(words) + 1):
            yield "".join(words[first:last])


def org_prefix(text: str, start: int) -> tuple[int, str | None]:
    """``start`` moved back over a 中共, 政协 or 共青团 written before it, and the kind that gives."""
    prefix = next((p for p in ORG_PREFIXES if text.endswith(p, 0, start)), "")
    return start - len(prefix), ORG_PREFIXES.get(prefix)


class Names:
    """Normalized names from the report's own context: its full names of a body, and the
    places it names most at each level (its home places)."""

    def __init__(self, extractor: OrganizationExtractor, original: str, view: View, kept: list[Found]):
        self.lex, self.original, self.view, self.text = extractor.lex, original, view, view.text
        self.extractor = extractor
        self.towns: dict[str, str | None] = {}   # level word -> the report's town (home_town)
        self.built: dict[tuple, str] = {}
        places = {self.text[a:b] for item in kept for a, b in item.places}
        places.update(self.text[a:b] for a, b in extractor.written_places(self.text))   # outside names too
        # The most named first, then the first named: 北塘区 (named 9 times) before 老城区.
        self.ranked = sorted(places, key=lambda p: (-self.text.count(p), self.text.find(p)))
        self.known: dict[int, tuple | None] = {}
        self.by_text = {self.text[item.start:item.end]: item for item in kept}
        # The report's own full names: by their place, as (rest with abbreviations spelled
        # out, name); and by what follows their place (东湖小学 -> 鄞州区东湖小学).
        self.full: dict[str, list[tuple[str, str]]] = {}
        self.after_place: dict[str, list[str]] = {}
        for item in kept:
            if item.places:
                place, _, rest = self.parts(item)
                head = self.text[item.start:item.places[-1][1]]
                self.full.setdefault(place, []).append((self.expand(rest), head + self.expand(rest)))
                self.after_place.setdefault(rest, []).append(self.text[item.start:item.end])

    def parts(self, item: Found) -> tuple[str | None, str, str] | None:
        """(place, level character, rest) of a name built on a place, a level or nothing
        (统战部 -> None, "", 委统战部); None for other names."""
        if id(item) not in self.known:
            text = self.text[item.start:item.end]
            if item.places:
                place = self.text[item.places[-1][0]:item.places[-1][1]]
                parts = place, place[-1], self.text[item.places[-1][1]:item.end]
            elif item.level:
                parts = None, item.level, text[len(item.level):]
            elif item.bare:
                in_committee = self.lex.heads.get(text) in ("party", "united-front department")
                parts = None, "", "委" + text if in_committee else text
            else:
                parts = None
            self.known[id(item)] = parts
        return self.known[id(item)]

    def home(self, level: str) -> str | None:
        """The report's own place at a level (区, 县, 市, 省, 镇…; "" for the most local one)."""
        if level in TOWN_SUFFIXES:
            return self.home_town(level)
        if level in self.lex.institution_levels:
            return self.home_institution(level)
        if level.startswith(AUTONOMOUS):   # 自治区 + 工商联: the region the report names
            return next((p for p in self.ranked if p.endswith(level)), None)
        for chars in ([level] if level else ["区县旗", "市州盟", "省"]):
            place = next((p for p in self.ranked if p[-1] in chars), None)
            if place:   # by its full name (民和县 is 民和回族土族自治县)
                return self.lex.places.get(place, {}).get("name", place)
        if level in ("市", "省"):  # the city or province of the home district
            row = self.lex.places.get(self.home("区") or self.home("县") or "")
            place = row and row.get("city" if level == "市" else "province")
            return place if place and place.endswith(level) else None
        return None

    def home_town(self, level: str) -> str | None:
        """The town (镇, 乡, 街道) the report names most, then first: a stem of proper words
        before the level word (阿湖 + 镇; the gazetteer holds no towns). Read only for a town's
        short form (镇党委), as most reports have none."""
        if level not in self.towns:
            named: dict[str, int] = {}
            for at in segment.occurrences(self.text, level):
                stem = self.extractor.place_stem(self.text, at, window_start(self.text, at))
                if stem is not None:
                    town = self.text[stem:at + len(level)]
                    named[town] = named.get(town, 0) + 1
            self.towns[level] = min(named, key=lambda town: (-named[town], self.text.find(town)), default=None)
        return self.towns[level]

    def home_institution(self, level: str) -> str | None:
        """The school, park or group (heads.yaml institution_levels) the report names most,
        then first, then the longer, among its names and the schools their parts are named after:
        黄海理工大学 for 校 + 党委 (of 黄海理工大学 + 马克思主义学院 too, the university before its
        college)."""
        heads = self.lex.institution_levels[level]
        named = {name for name in self.by_text if name.endswith(heads)}
        named |= {name[:end] for name in named for end in range(2, len(name))
                  if name.endswith(heads, 0, end) and name[:end] not in heads
                  and name[end:].endswith(heads) and name[end:] not in heads}
        return min(named, key=lambda name: (-self.text.count(name), self.text.find(name), -len(name)), default=None)

    def expand(self, rest: str) -> str:
        """The rest of a name with its abbreviation spelled out: 人社局 -> 人力资源和社会保障局."""
        for short, long in self.lex.abbreviations_by_end.get(rest[-1:], ()):
            if rest.endswith(short) and not rest.endswith(long):
                return rest[:-len(short)] + long
        return rest

    def name(self, item: Found) -> str:
        """The longest full name the report writes for the same body (区新联会 -> 蜀山区新的
        社会阶层人士联合会, 区委统战部 -> 中共株洲市天元区委统战部), else its home place at
        the short form's level with the abbreviation spelled out (县政府 -> 青禾县人民政府)."""
        text = self.text[item.start:item.end]
        if item.short_for is not None:
            return self.name(item.short_for)
        if item.parent is not None:
            return self.script(self.name(item.parent) + text[item.parent.end - item.start:])
        if item.owner is not None:
            return self.script(self.name(item.owner) + text)
        parts = self.parts(item)
        if parts is None:     # 东湖小学 -> 鄞州区东湖小学 where the report writes it so
            return self.script(max(self.after_place.get(text, []), key=len, default=text))
        place, level, rest = parts
        place = place or self.home(level)
        if place is None:
            return self.script(text[:len(level)] + self.expand(rest))
        if (place, rest) not in self.built:
            abbreviation = next((self.lex.long_forms[a] for a in self.lex.long_forms if rest.endswith(a)), None)
            expanded = self.expand(rest)
            # In the report's order: of two longest names, the first written (a set made the
            # choice hang on the process's string hashing).
            own = [name for other_rest, name in self.full.get(place, ())
                   if other_rest == expanded or (abbreviation and abbreviation.fullmatch(other_rest))]
            self.built[place, rest] = self.script(max(own, key=len, default=place + expanded))
        return self.built[place, rest]

    def script(self, name: str) -> str:
        """The name in the report's script: its own text where it wrote it, else converted."""
        if not self.view.traditional:
            return name
        item = self.by_text.get(name)
        if item is not None:
            start, end = self.view.span(item.start, item.end)
            return self.original[start:end]
        return name.translate(self.lex.script.to_traditional)


@Language.factory("zh_organizations", assigns=["doc.spans"], requires=["doc._.sentences"],
                  default_config={"segmenter": "jieba"})
def make_organizations(nlp: Language, name: str, segmenter: str) -> OrganizationExtractor:
    return OrganizationExtractor(segmenter)


extensions.register()
