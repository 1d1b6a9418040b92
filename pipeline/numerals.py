"""Numeral normalizer: a numeral string (Arabic, Chinese, financial, mixed) to its value.

Reads the character tables of ``rules/numerals.yaml``; pure functions, no state besides
those tables. Counts and dates call ``parse_number`` instead of parsing digits themselves.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from . import lexicon

FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９，．", "0123456789,.")
ARABIC = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")
PERCENT = re.compile(r"^(百|千)分之(.+)$")
FRACTION = re.compile(r"^(.+?)分之(.+)$")


@dataclass(frozen=True)
class NumeralTables:
    digits: dict[str, int]
    small_units: dict[str, int]
    large_units: dict[str, int]
    tens: dict[str, int]
    decimal_points: frozenset[str]
    negative_signs: frozenset[str]
    not_in_digit_strings: frozenset[str]

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
    )


def tidy(value: float) -> int | float:
    """Integral values become int, others are rounded off binary noise (0.1+0.2)."""
    value = round(value, 10)
    return int(value) if value == int(value) else value


@functools.lru_cache(maxsize=8192)  # pure, and reports repeat their numerals (一, 两, 10)
def parse_number(text: str) -> int | float | None:
    """The value of a numeral, or None when ``text`` is not one numeral as a whole."""
    if text.isascii() and text.isdigit():
        return int(text)
    text = re.sub(r"\s+", "", text).translate(FULLWIDTH_DIGITS)
    if not text:
        return None
    t = tables()
    if text[0] in t.negative_signs:
        if text[1:2] in t.negative_signs:
            return None
        value = parse_number(text[1:])
        return None if value is None else tidy(-value)
    if match := PERCENT.match(text):
        return parse_number(match.group(2))
    if match := FRACTION.match(text):
        denominator, numerator = parse_number(match.group(1)), parse_number(match.group(2))
        if not denominator or numerator is None:
            return None
        return tidy(numerator / denominator)
    tokens = tokenize(text, t)
    if tokens is None:
        return None
    digit_string = is_digit_string(tokens) and not any(char in t.not_in_digit_strings for char in text)
    value = digit_string_value(tokens) if digit_string else place_value(tokens, t)
    return None if value is None else tidy(value)


def tokenize(text: str, t: NumeralTables) -> list[tuple[str, float]] | None:
    """Split into (kind, value) tokens: num, small, large, tens, point; None on a stray char."""
    tokens: list[tuple[str, float]] = []
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


def is_digit_string(tokens: list[tuple[str, float]]) -> bool:
    """二〇二三, 一九九七: two or more bare digits read position by position."""
    return len(tokens) >= 2 and all(kind == "num" and value < 10 and value == int(value)
                                    for kind, value in tokens)


def digit_string_value(tokens: list[tuple[str, float]]) -> float:
    return float("".join(str(int(value)) for _, value in tokens))


def place_value(tokens: list[tuple[str, float]], t: NumeralTables) -> float | None:
    """Chinese place-value reading: 三万四千五百六十七, 一亿零五十万, 两百点两, 3.2万."""
    total = section = 0.0
    largest = 0.0
    pending: float | None = None      # a number not yet multiplied by a unit
    last_small: float | None = None   # the unit just before pending, for 三千五 = 3500
    after_zero = False
    index = 0
    while index < len(tokens):
        kind, value = tokens[index]
        if kind == "num":
            if pending is not None:
                return None
            if value == 0 and index + 1 < len(tokens):
                after_zero, last_small = True, None
            else:
                pending = value
        elif kind == "tens":
            if pending is not None:
                return None
            section += value
            last_small = None
        elif kind == "small":
            section += (1 if pending is None else pending) * value
            pending, last_small, after_zero = None, value, False
        elif kind == "large":
            section += pending or 0
            if section == 0 and total == 0:
                section = 1
            if value > largest:
                total, largest = (total + section) * value, value
            else:
                total += section * value
            section, pending, last_small, after_zero = 0.0, None, value, False
        else:  # decimal point: the rest is a fraction, maybe scaled by a large unit
            if pending is not None and pending != int(pending):
                return None  # 1.2.3
            fraction = decimal_fraction(tokens[index + 1:], t)
            if fraction is None:
                return None
            digits, scale = fraction
            return (total + section + (pending or 0) + digits) * scale
        index += 1
    if pending is not None:
        if last_small is not None and not after_zero and last_small >= 10:
            pending *= last_small / 10
        section += pending
    return total + section


def decimal_fraction(tokens: list[tuple[str, float]], t: NumeralTables) -> tuple[float, float] | None:
    """Digits after 点, and the large unit (万, 亿) that may scale the whole number."""
    scale = 1.0
    if tokens and tokens[-1][0] == "large":
        scale = tokens[-1][1]
        tokens = tokens[:-1]
    if not tokens or any(kind != "num" or value >= 10 for kind, value in tokens):
        return None
    digits = "".join(str(int(value)) for _, value in tokens)
    return float("0." + digits), scale


def is_year_like(text: str) -> bool:
    """Four digits read one by one (2023, 二〇二三): a calendar year, not an amount."""
    text = re.sub(r"\s+", "", text).translate(FULLWIDTH_DIGITS)
    tokens = tokenize(text, tables())
    return bool(tokens) and len(tokens) == 4 and is_digit_string(tokens) or bool(re.fullmatch(r"\d{4}", text))


def normalize_number(text: str) -> str | None:
    """The CLI's view of ``parse_number``: the value as text (200.2, 32000), or None."""
    value = parse_number(text)
    return None if value is None else str(value)
