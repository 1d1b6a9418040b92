"""Numeral normalizer: a numeral string (Arabic, Chinese, financial, mixed) to its value.

Reads the character tables and the limits of ``rules/numerals.yaml``; pure functions, no
state besides those tables. Counts and dates call ``parse_number`` instead of parsing digits
themselves. A numeral is read by the grammar of Chinese place value (units decrease inside a
section of four places, each large unit closes one section and appears once); what that
grammar does not allow (十十, 百千万, 亿亿) is no numeral, and neither is one longer than
``max_length`` characters or with a magnitude of ``max_value`` or more: every value returned
is finite and prints (``normalize_number``) as a numeral that reads back to the same value.
"""
from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass

from . import lexicon

RULE_FILES = ("numerals.yaml",)
FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９，．", "0123456789,.")
ARABIC = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?|\.\d+")  # .77 is 0.77
FRACTION = re.compile(r"^(.+?)分之(.+)$")
SPACES = re.compile(r"\s+")
Token = tuple[str, float]


@dataclass(frozen=True)
class NumeralTables:
    digits: dict[str, int]
    small_units: dict[str, int]
    large_units: dict[str, int]
    tens: dict[str, int]
    decimal_points: frozenset[str]
    negative_signs: frozenset[str]
    not_in_digit_strings: frozenset[str]
    only_in_digit_strings: frozenset[str]
    rate_denominators: frozenset[str]
    max_length: int
    max_value: float

    @property
    def chinese_chars(self) -> str:
        """Every character that can be part of a Chinese numeral (for regex classes)."""
        return "".join(sorted({*self.digits, *self.small_units, *self.large_units, *self.tens}))


@functools.lru_cache(maxsize=None)
def tables() -> NumeralTables:
    data = lexicon.load_rule_file("numerals.yaml")
    return NumeralTables(
        digits=data["digits"],
        small_units=data["small_units"],
        large_units=data["large_units"],
        tens=data["tens"],
        decimal_points=frozenset(data["decimal_points"]),
        negative_signs=frozenset(data["negative_signs"]),
        not_in_digit_strings=frozenset(data["not_in_digit_strings"]),
        only_in_digit_strings=frozenset(data["only_in_digit_strings"]),
        rate_denominators=frozenset(data["rate_denominators"]),
        max_length=int(data["limits"]["max_length"]),
        max_value=float(data["limits"]["max_value"]),
    )


def tidy(value: float) -> int | float:
    """Integral values become int, others are rounded off binary noise (0.1+0.2)."""
    value = round(value, 10)
    return int(value) if value == int(value) else value


@functools.lru_cache(maxsize=8192)  # pure, and reports repeat their numerals (一, 两, 10)
def parse_number(text: str) -> int | float | None:
    """The value of a numeral, or None when ``text`` is not one numeral as a whole."""
    t = tables()
    if len(text) > 4 * t.max_length:
        return None  # not worth stripping: no numeral however many spaces it holds
    text = SPACES.sub("", text).translate(FULLWIDTH_DIGITS)
    if not text or len(text) > t.max_length:
        return None
    value = signed_value(text, t)
    if value is None or not math.isfinite(value) or abs(value) >= t.max_value:
        return None
    return tidy(value)


def signed_value(text: str, t: NumeralTables) -> float | None:
    if text[0] in t.negative_signs:
        value = unsigned_value(text[1:], t) if text[1:] else None
        return None if value is None else -value
    return unsigned_value(text, t)


def unsigned_value(text: str, t: NumeralTables) -> float | None:
    if text.isascii() and text.isdigit():
        return int(text)
    if match := FRACTION.match(text):
        return fraction_value(match.group(1), match.group(2), t)
    tokens = tokenize(text, t)
    if tokens is None:
        return None
    if is_digit_string(tokens) and not any(char in t.not_in_digit_strings for char in text):
        return digit_string_value(tokens)
    if any(char in t.only_in_digit_strings for char in text):
        return None
    return place_value(tokens)


def fraction_value(denominator_text: str, numerator_text: str, t: NumeralTables) -> float | None:
    """百分之五十 → 50 (percent), 千分之五 → 5 (per mille), 三分之一 → 0.333…; one 分之 only."""
    if "分之" in numerator_text or numerator_text[0] in t.negative_signs:
        return None
    numerator = unsigned_value(numerator_text, t)
    if numerator is None:
        return None
    if denominator_text in t.rate_denominators:
        return numerator
    denominator = unsigned_value(denominator_text, t)
    return numerator / denominator if denominator else None


def tokenize(text: str, t: NumeralTables) -> list[Token] | None:
    """Split into (kind, value) tokens: num, small, large, tens, point; None on a stray char."""
    tokens: list[Token] = []
    pos = 0
    while pos < len(text):
        if match := ARABIC.match(text, pos):
            tokens.append(("num", float(match.group().replace(",", ""))))
            pos = match.end()
            continue
        char = text[pos]
        if char in t.digits:
            tokens.append(("num", t.digits[char]))
        elif char in t.small_units:
            tokens.append(("small", t.small_units[char]))
        elif char in t.large_units:
            tokens.append(("large", t.large_units[char]))
        elif char in t.tens:
            tokens.append(("tens", t.tens[char]))
        elif char in t.decimal_points:
            tokens.append(("point", 0))
        else:
            return None
        pos += 1
    return tokens


def is_digit_string(tokens: list[Token]) -> bool:
    """二〇二三, 一九九七: two or more bare digits read position by position."""
    return len(tokens) >= 2 and all(kind == "num" and is_digit(value) for kind, value in tokens)


def is_digit(value: float) -> bool:
    return value < 10 and value == int(value)


def digit_string_value(tokens: list[Token]) -> float:
    return float("".join(str(int(value)) for _, value in tokens))


def place_value(tokens: list[Token]) -> float | None:
    """Chinese place-value reading: 三万四千五百六十七, 一亿零五十万, 两百点两, 3.2万."""
    points = [index for index, (kind, _) in enumerate(tokens) if kind == "point"]
    if not points:
        return integer_value(old_myriads(tokens), True)
    whole, rest = tokens[:points[0]], tokens[points[0] + 1:]
    if len(points) > 1 or not whole or any(kind == "num" and value != int(value) for kind, value in whole):
        return None  # 1.2.3, 点五, 1.2点3
    fraction = decimal_fraction(rest)
    if fraction is None:
        return None
    digits, scale = fraction
    if scale != 1 and any(kind == "large" for kind, _ in whole):
        return None  # 一万点五亿
    value = integer_value(old_myriads(whole), True)
    return None if value is None else (value + digits) * scale


def old_myriads(tokens: list[Token]) -> list[Token]:
    """万万 is the old way of writing 亿 (四万万 = 400,000,000)."""
    merged: list[Token] = []
    for token in tokens:
        if token == ("large", 10_000) and merged and merged[-1] == ("large", 10_000):
            merged[-1] = ("large", 100_000_000)
        else:
            merged.append(token)
    return merged


def integer_value(tokens: list[Token], first: bool) -> float | None:
    """A whole numeral split at its largest large unit, which may appear once: what comes
    before it is multiplied (一万亿, 3.2万), what comes after is smaller than it. ``first``:
    the numeral starts here (a bare unit may open it: 万, 千万, 百)."""
    larges = [value for kind, value in tokens if kind == "large"]
    if not larges:
        return section_value(tokens, first)
    top = max(larges)
    if larges.count(top) > 1:
        return None  # 亿亿, 一万二万
    split = tokens.index(("large", top))
    before, after = tokens[:split], tokens[split + 1:]
    if not before and not first:
        return None  # 一亿万
    multiplier = integer_value(before, first) if before else 1
    if not multiplier:
        return None  # 零万
    if not after:
        return multiplier * top
    if len(after) == 1 and after[0][0] == "num" and is_digit(after[0][1]) and after[0][1]:
        return (multiplier + after[0][1] / 10) * top  # 两万三 = 23000, 一亿二 = 120,000,000
    if after[0] == ("num", 0):
        after = after[1:]  # 一亿零五十万
    rest = integer_value(after, False) if after else None
    if rest is None or rest >= top:
        return None
    return multiplier * top + rest


def section_value(tokens: list[Token], first: bool) -> float | None:
    """One section below 万: digits times units that decrease (千, 百, 十), 零 over a gap,
    a last digit either units or (三千五, 一百二) the next place down. A unit without a digit
    opens a numeral (百, 千万) or a section (十万), or follows 零 (一千零十)."""
    if len(tokens) == 1 and tokens[0][0] == "num":
        return tokens[0][1]
    value = 0.0
    last_unit = math.inf
    pending: float | None = None
    after_zero = False
    for index, (kind, number) in enumerate(tokens):
        if kind == "num":
            if pending is not None:
                return None  # 三三, 两两
            if number == 0:
                if after_zero or index == 0 or index == len(tokens) - 1:
                    return None  # 零零, 零五, 一千零
                after_zero = True
            else:
                pending = number
        elif kind == "small":
            if number >= last_unit:
                return None  # 十十, 千千, 百千, 一百千
            if pending is None and not (index == 0 and (first or number == 10) or after_zero and number == 10):
                return None  # 一千百
            value += (1 if pending is None else pending) * number
            last_unit, pending, after_zero = number, None, False
        elif kind == "tens":
            if pending is not None or last_unit <= 10:
                return None
            value += number
            last_unit, after_zero = 10, False
        else:
            return None
    if pending is not None:
        abbreviated = not after_zero and last_unit in (100, 1000) and is_digit(pending)
        value += pending * last_unit / 10 if abbreviated else pending
    return value


def decimal_fraction(tokens: list[Token]) -> tuple[float, float] | None:
    """Digits after 点, and the large unit (万, 亿) that may scale the whole number."""
    scale = 1.0
    if tokens and tokens[-1][0] == "large":
        scale = tokens[-1][1]
        tokens = tokens[:-1]
    if not tokens or any(kind != "num" or not is_digit(value) for kind, value in tokens):
        return None
    digits = "".join(str(int(value)) for _, value in tokens)
    return float("0." + digits), scale


def is_year_like(text: str) -> bool:
    """Four digits read one by one (2023, 二〇二三): a calendar year, not an amount."""
    text = SPACES.sub("", text).translate(FULLWIDTH_DIGITS)
    if len(text) != 4:
        return False
    tokens = tokenize(text, tables())
    return bool(tokens) and len(tokens) == 4 and is_digit_string(tokens) or bool(re.fullmatch(r"\d{4}", text))


def format_number(value: int | float) -> str:
    """A value as plain decimal digits (no exponent), which ``parse_number`` reads back."""
    if isinstance(value, int):
        return str(value)
    text = repr(value)
    if "e" in text or "E" in text:
        text = f"{value:.10f}".rstrip("0").rstrip(".")
    return text


def normalize_number(text: str) -> str | None:
    """The CLI's view of ``parse_number``: the value as text (200.2, 32000), or None."""
    value = parse_number(text)
    return None if value is None else format_number(value)
