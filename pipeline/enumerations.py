"""Every enumeration a report writes, wherever it stands: the candidates for a slogan's parts.

An enumeration is a list of (start, end) items in text order, with where it stands and how it
is written:
- ``list``: items separated by 、 inside one clause (quotes and brackets kept whole), the last
  item split at 和/及/与 (律师、注册会计师和税务师);
- ``quoted``: adjacent quotations, joined by nothing, 、 or 和/及/与 (“统战聚力”“人士给力”和“发展出力”),
  and a 、-list inside one quotation (“政治引领好、队伍建设好…”);
- ``ordinal``: 一是…二是…, 第一…第二… (第一步，…), (一)…(二)…, each item up to its first clause end;
- ``openings``: the opening phrases of paragraphs (a heading line's first clause, or a body
  paragraph's first short clause) that begin alike (坚持思想引领… 坚持阵地联建…), grouped by
  their first two characters. ``paragraph_openings`` gives them all, for the slogans stage to
  pick those that share a label's character (制度化联系 多样化联谊 精准化联动 for 三联化).

Computed once per text (cached); the slogans stage scores them against each slogan.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import regex

# Quotes and brackets are kept whole inside an item; a longer quotation is speech, whose lists count.
PROTECTED = r"“[^“”\n]{0,30}”|‘[^‘’\n]{0,30}’|「[^「」\n]{0,30}」|『[^『』\n]{0,30}』|（[^（）\n]{0,30}）|\([^()\n]{0,30}\)"
# Clause ends for lists (a colon ends the lead-in: 包括:A、B、C).
LIST_SPLIT = re.compile(PROTECTED + r"|(?P<end>[，,；;。！？!?\n:：])|(?P<item>、)")  # re: no \p{} here
CONJUNCTION = regex.compile(PROTECTED + r"|(?P<conj>以及|和|及|与|與)")
QUOTE = r"“(?P<in>[^“”\n]{1,30})”|‘(?P<in>[^‘’\n]{1,30})’|「(?P<in>[^「」\n]{1,30})」|『(?P<in>[^『』\n]{1,30})』"
QUOTED_RUN = regex.compile(rf"(?:(?:{QUOTE})(?:[、\s]*(?:以及|和|及|与|與)?[、\s]*)){{2,}}")
QUOTED_ITEM = regex.compile(QUOTE)
LIST_INSIDE_QUOTE = re.compile("、")
ORDINAL_FORMS = (
    regex.compile(r"(?<![\p{Han}\d])(?P<o>[一二三四五六七八九十])(?:是|要|为|為)"),
    regex.compile(r"第(?P<o>[一二三四五六七八九十])[步条项个点招次阶]?(?:[，,、：:]|是|要)"),   # 第一步，…
    regex.compile(r"[（(](?P<o>[一二三四五六七八九十])[）)]"),
    regex.compile(r"(?m)^[\s\u3000]*(?P<o>[一二三四五六七八九十])[、.．]"),
)
ORDINALS = "一二三四五六七八九十"
ITEM_END = regex.compile(r"[，,。；;：:！？!?\n]")
PARAGRAPH = regex.compile(r"[^\n]+")
NUMBERING = regex.compile(r"[\s\u3000]*(?:[（(]?[一二三四五六七八九十\d]+[）)、.．]|第[一二三四五六七八九十]+[，,、])?[\s\u3000]*")
OPENING_END = regex.compile(r"[，,。；;：:！？!?]")
EDGE_CHAR = regex.compile(r"[\p{P}\p{Z}\s]")
MAX_ITEM = 24       # longer "items" are sentences, not parts
MAX_OPENING = 14    # an opening phrase is short: 坚持思想引领, 制度化联系


@dataclass(frozen=True)
class Enumeration:
    kind: str                         # list, quoted, ordinal, openings
    items: tuple[tuple[int, int], ...]

    @property
    def start(self) -> int:
        return self.items[0][0]

    @property
    def end(self) -> int:
        return self.items[-1][1]


class EdgeChars(dict):
    """Character -> whether it is punctuation or space (EDGE_CHAR), decided once per character:
    a lookup per edge character is several times cheaper than a regex match per item."""

    def __missing__(self, char: str) -> bool:
        value = self[char] = EDGE_CHAR.match(char) is not None
        return value


edge_chars = EdgeChars()


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """(start, end) without the punctuation and space at either edge."""
    while start < end and edge_chars[text[start]]:
        start += 1
    while end > start and edge_chars[text[end - 1]]:
        end -= 1
    return start, end


@functools.lru_cache(maxsize=64)
def enumerations(text: str) -> tuple[Enumeration, ...]:
    """All candidate enumerations of ``text``, in text order within each kind."""
    found = [*lists(text), *quoted(text), *ordinals(text), *openings(text)]
    # The first item may be long: it carries its clause's lead-in, which the slogans stage cuts;
    # so may a list's last (…、交通运输局、福田奥铃遵义祿恒4S店联合承办的…): its clause's rest.
    return tuple(e for e in found if len(e.items) >= 2 and e.items[0][1] > e.items[0][0]
                 and all(0 < b - a <= MAX_ITEM for a, b in e.items[1:-1])
                 and 0 < e.items[-1][1] - e.items[-1][0] <= (len(text) if e.kind == "list" else MAX_ITEM))


def lists(text: str):
    for line_start, line_end in lines_holding(text, "、"):
        items, position = [], line_start
        for separator in LIST_SPLIT.finditer(text, line_start, line_end):
            if separator.lastgroup is None:
                continue  # a quotation or bracket: part of an item
            items.append((position, separator.start()))
            position = separator.end()
            if separator.lastgroup == "end":
                if len(items) >= 2:  # trimmed only here: most clauses are no list
                    for run in runs_of_items([trim(text, *item) for item in items]):
                        yield Enumeration("list", tuple(split_last(text, run)))
                items = []


def runs_of_items(items: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """A clause's 、-separated items as lists: an item longer than MAX_ITEM between others ends
    one list with its clause's rest and opens the next with that one's lead-in (市工商联、发改委、
    商务局等部门负责人围绕…的主要做法、当前…存在的主要问题: two lists)."""
    runs, run = [], []
    for start, end in items:
        run.append((start, end))
        if end - start > MAX_ITEM and len(run) > 1:
            runs.append(run)
            run = [(start, end)]
    return [*runs, run] if len(run) > 1 else runs


def lines_holding(text: str, char: str):
    """(start, end) of each line holding ``char``, its newline included: a list lies within a
    line (a line break ends a clause, and no quotation or bracket kept whole spans one), and
    most lines hold no 、."""
    at = text.find(char)
    while at >= 0:
        start = text.rfind("\n", 0, at) + 1
        newline = text.find("\n", at)
        end = len(text) if newline < 0 else newline + 1
        yield start, end
        at = text.find(char, end)


def split_last(text: str, items: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """律师、注册会计师和税务师: the last item splits at its last 和/及/与."""
    start, end = items[-1]
    cuts = [m for m in CONJUNCTION.finditer(text, start, end) if m.group("conj")]
    if cuts and cuts[-1].start() - start >= 2 and end - cuts[-1].end() >= 2:
        return items[:-1] + [(start, cuts[-1].start()), (cuts[-1].end(), end)]
    return items


def quoted(text: str):
    """Adjacent quotations, and a 、-list inside one quotation (“政治引领好、队伍建设好…”),
    which the list scan keeps whole as one item."""
    for run in QUOTED_RUN.finditer(text):
        yield Enumeration("quoted", tuple(q.span("in") for q in QUOTED_ITEM.finditer(text, run.start(), run.end())))
    for quotation in QUOTED_ITEM.finditer(text):
        start, end = quotation.span("in")
        if "、" in text[start:end]:
            items, position = [], start
            for separator in LIST_INSIDE_QUOTE.finditer(text, start, end):
                items.append(trim(text, position, separator.start()))
                position = separator.end()
            yield Enumeration("quoted", tuple(split_last(text, [*items, trim(text, position, end)])))


def ordinals(text: str):
    """Each ordinal form's runs 一, 二, 三… in order (a new 一 starts a new run)."""
    for form in ORDINAL_FORMS:
        run: list[tuple[int, int]] = []
        for found in form.finditer(text):
            expected = ORDINALS[len(run)] if len(run) < len(ORDINALS) else None
            if found.group("o") == "一" and run:
                yield from ([Enumeration("ordinal", tuple(run))] if len(run) >= 2 else [])
                run = []
            elif found.group("o") != expected:
                continue
            stop = ITEM_END.search(text, found.end())
            run.append(trim(text, found.end(), stop.start() if stop else len(text)))
        if len(run) >= 2:
            yield Enumeration("ordinal", tuple(run))


@functools.lru_cache(maxsize=64)
def paragraph_openings(text: str) -> tuple[tuple[int, int], ...]:
    """The opening phrase of every paragraph: its first clause when that is short."""
    found = []
    for paragraph in PARAGRAPH.finditer(text):
        start = NUMBERING.match(text, paragraph.start(), paragraph.end()).end()
        stop = OPENING_END.search(text, start, paragraph.end())
        end = stop.start() if stop else paragraph.end()
        start, end = trim(text, start, end)
        if 2 <= end - start <= MAX_OPENING:
            found.append((start, end))
    return tuple(found)


def openings(text: str):
    """Paragraph openings with the same first two characters."""
    by_head: dict[str, list[tuple[int, int]]] = {}
    for start, end in paragraph_openings(text):
        by_head.setdefault(text[start:start + 2], []).append((start, end))
    for group in by_head.values():
        if len(group) >= 2:
            yield Enumeration("openings", tuple(group))
