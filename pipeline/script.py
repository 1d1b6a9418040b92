"""Traditional and simplified characters, one for one, from OpenCC's tables: the rules and
jieba's dictionary are written in simplified characters, some reports are not (Big5, Hong
Kong and Taiwan usage). Each extractor reads such a text through ``Script.simplify``, which
keeps every offset.
"""
from __future__ import annotations

import functools
import importlib.metadata
import re
from dataclasses import dataclass

from . import lexicon

# OpenCC configurations read one character at a time (never a phrase: a phrase conversion
# could change the length, and every offset must stay). To simplified: t2s, then the Taiwan
# and Hong Kong variants t2s leaves (衞 臺); back, for names the stage composes: s2tw.
# A character of GB2312 is left as it is: simplified text writes it as itself (著名 乾隆 什么,
# which t2s would read 着名 干隆 什幺 one character at a time).
TO_SIMPLIFIED = ("t2s", "tw2s", "hk2s")
TO_TRADITIONAL = "s2tw"
HAN_BLOCKS = ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00))   # Ext. A, unified, compatibility


@dataclass
class Script:
    to_simplified: dict[int, int]
    to_traditional: dict[int, int]
    traditional: frozenset[str]           # every character that OpenCC simplifies

    @functools.cached_property
    def traditional_runs(self) -> re.Pattern:
        """Runs of traditional characters; with the standard library's re, which tests a
        character against a large class by a bitmap, where the regex module reads the class."""
        return re.compile("[" + re.escape("".join(sorted(self.traditional))) + "]+")

    def simplify(self, text: str) -> str:
        """``text`` in simplified characters, one for one; only the runs of traditional characters
        are translated: most of a report has none."""
        return self.traditional_runs.sub(lambda run: run.group().translate(self.to_simplified), text)


@functools.lru_cache(maxsize=1)
def load() -> Script:
    to_simplified, to_traditional = script_tables()
    return Script(to_simplified=to_simplified, to_traditional=to_traditional, traditional=frozenset(map(chr, to_simplified)))


def script_tables() -> tuple[dict[int, int], dict[int, int]]:
    """str.translate tables, traditional to simplified and back, one character to one, from
    OpenCC (kept in the marshal cache by OpenCC's version: building them takes a second)."""
    def build() -> tuple[dict[int, int], dict[int, int]]:
        import opencc

        han = [chr(code) for first, end in HAN_BLOCKS for code in range(first, end) if not in_gb2312(chr(code))]
        to_simplified: dict[int, int] = {}
        for config in TO_SIMPLIFIED:
            to_simplified.update((ord(a), ord(b)) for a, b in character_pairs(opencc.OpenCC(config), han)
                                 if ord(a) not in to_simplified)
        simplified = sorted(set(map(chr, to_simplified.values())))
        back = dict((ord(a), ord(b)) for a, b in character_pairs(opencc.OpenCC(TO_TRADITIONAL), simplified))
        return to_simplified, back

    key = "-".join(("opencc", importlib.metadata.version("opencc"), *TO_SIMPLIFIED, TO_TRADITIONAL, "gb2312"))
    return lexicon.marshal_cached(key, build)


def in_gb2312(character: str) -> bool:
    try:
        character.encode("gb2312")
        return True
    except UnicodeEncodeError:
        return False


def character_pairs(converter, characters: list[str]) -> list[tuple[str, str]]:
    """(character, its conversion) where the converter changes it into one other character;
    one character a line, so that no phrase of the dictionaries can match."""
    converted = converter.convert("\n".join(characters)).split("\n")
    assert len(converted) == len(characters), "OpenCC joined or split lines"
    return [(a, b) for a, b in zip(characters, converted) if len(b) == 1 and b != a]
