"""Dates stage: dates, clock times and durations as TIMEX3 values (extraction guide, section 2).

Reads ``doc.text``, ``doc._.metadata`` (the publication time anchors ``resolved``) and the
numeral values from ``numerals.py``. Writes ``doc.spans["dates"]`` with the fields value,
modifier and resolved. ``value`` never depends on the clock or the anchor: what the
expression does not say stays X. Rules: ``rules/dates.yaml``.
"""
from __future__ import annotations

import calendar
import functools
import re

import regex
from spacy.language import Language
from spacy.tokens import Doc

from . import lexicon, numerals, segment
from .matching import RuleExtractor

RULE_FILES = ("dates.yaml",)
WEEKDAYS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6}
PUBLISHED = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
DATELINE = re.compile(r"(\d{1,2})\s*月\s*(\d{1,2})\s*日")
CALENDAR_DATE = re.compile(r"(?:XXXX|\d{4})(?:-(?:XX|\d\d)(?:-\d\d)?)?")


def number(text: str | None) -> int | float | None:
    return None if text is None else numerals.parse_number(text)


def two_digits(value: int | float | None) -> str:
    return "XX" if value is None else f"{int(value):02d}"


class DateExtractor(RuleExtractor):
    rule_file = "dates.yaml"
    label = "DATE"
    spans_key = "dates"

    def __init__(self) -> None:
        super().__init__()
        self.modifiers = lexicon.modifier_words()
        self.builders = {"date": self.date_value, "time": self.time_value, "duration": self.duration_value}

    def interpret(self, rule: dict, found: regex.Match, doc: Doc) -> dict | None:
        groups = {name: text for name, text in found.groupdict().items() if text}
        built = self.builders[rule["kind"]](groups, found.string, found.start())
        if built is None:
            return None
        value, modifier = built
        fields = {"value": value, "modifier": modifier}
        if rule["kind"] == "date" and "X" in value and CALENDAR_DATE.fullmatch(value):
            fields["resolved"] = resolve(value, groups.get("rel_year"), anchor(doc),
                                         self.data["relative_years"])
        elif "rel_century" in groups:
            fields["resolved"] = resolve_century(value, self.data["relative_centuries"][groups["rel_century"]], anchor(doc))
        return fields

    def date_value(self, groups: dict, text: str, start: int) -> tuple[str, str | None] | None:
        modifier = "since" if groups.get("since") else "about" if groups.get("about") else None
        if "weekday" in groups:
            day = WEEKDAYS.get(groups["weekday"]) or int(groups["weekday"])
            return f"XXXX-WXX-{day}", None
        if {"century", "decade_only", "century_only", "rel_century"} & groups.keys():
            return decade_value(groups), None
        year = number(groups.get("year"))
        if year is not None and not (1000 <= year <= 2999 or year >= 100 and not groups["year"].isascii()):
            return None  # an Arabic year has four digits; 三六七年 is the year 367
        year_text = "XXXX" if year is None else f"{int(year):04d}"
        if "quarter" in groups:
            return f"{year_text}-Q{int(number(groups['quarter']))}", None
        if "half_year" in groups:
            return f"{year_text}-H{1 if groups['half_year'] == '上' else 2}", None
        if "part" in groups:
            modifier = self.data["period_parts"][groups["part"]]
        month, day = number(groups.get("month")), number(groups.get("day") or groups.get("bare_day"))
        if not on_calendar(year, month, day) or "hour" in groups and not on_clock(groups):
            return None
        if groups.get("day") == "一" and month is None:
            return None  # 一日 alone is "one day", not the first of the month
        value = year_text
        if month is not None or day is not None:
            value += "-" + two_digits(month)
        if day is not None:
            value += "-" + two_digits(day)
        if "hour" in groups:
            value += "T" + clock(groups)
        return value, modifier

    def time_value(self, groups: dict, text: str, start: int) -> tuple[str, str | None] | None:
        if groups.get("mark") in ("点", "點") and not ({"ampm", "minute", "half"} & groups.keys()):
            return None  # 3点 alone is as often "three points" as three o'clock
        hour = number(groups["hour"])
        if hour is None or not on_clock(groups):
            return None
        if groups.get("ampm") in self.data["afternoon"] and hour < 12:
            groups = {**groups, "hour": str(int(hour) + 12)}
        elif groups.get("ampm") == "中午" and hour < 11:
            groups = {**groups, "hour": str(int(hour) + 12)}
        return "T" + clock(groups), None

    def duration_value(self, groups: dict, text: str, start: int) -> tuple[str, str | None] | None:
        if text[start - 1:start] == "第":
            return None  # 第二天 is an ordinal day
        if "num_half" in groups:  # 一个半月, 三年半
            groups = {**groups, "num": groups["num_half"], "unit": "个月" if "half_month" in groups else "年"}
        amount = number(groups["num"])
        if amount is None or amount <= 0 or numerals.is_year_like(groups["num"]):
            return None
        if "num_half" in groups:
            amount += 0.5
        if "years" in groups:  # 两年零三个月: the months of both
            years = number(groups["years"])
            if years is None or years <= 0:
                return None
            amount += 12 * years
        unit = self.data["duration_units"][groups["unit"]]
        amount_text = str(numerals.tidy(amount))
        value = f"PT{amount_text}{unit[1]}" if unit.startswith("T") else f"P{amount_text}{unit}"
        modifier = None
        for word in (groups.get("pre"), groups.get("over"), groups.get("over2"), groups.get("tail")):
            if word in self.modifiers:
                modifier = self.modifiers[word]
        if "多" in groups["unit"]:
            modifier = "over"
        return value, modifier


def on_calendar(year: int | float | None, month: int | float | None, day: int | float | None) -> bool:
    """A month 1-12 and a day that month has (February 29 only in a leap year, or a year not said)."""
    if month is not None and not 1 <= month <= 12:
        return False
    if day is None:
        return True
    longest = 31 if month is None else calendar.monthrange(2000 if year is None else int(year), int(month))[1]
    return 1 <= day <= longest


def on_clock(groups: dict) -> bool:
    """Hours 0-24 (24 only on the hour), minutes and seconds 0-59."""
    hour, minute, second = (number(groups.get(name)) for name in ("hour", "minute", "second"))
    if hour is None or not 0 <= hour <= 24 or hour == 24 and (minute or second):
        return False
    return all(part is None or 0 <= part <= 59 for part in (minute, second))


def clock(groups: dict) -> str:
    hour = number(groups["hour"])
    minute = 30 if groups.get("half") else number(groups.get("minute"))
    second = number(groups.get("second"))
    text = f"{int(hour):02d}"
    if minute is not None:
        text += f":{int(minute):02d}"
    if second is not None:
        text += f":{int(second):02d}"
    return text


def decade_value(groups: dict) -> str:
    """TIMEX3 centuries and decades: 21世纪 → 20, 20世纪90年代 → 199, 80年代 → XX8."""
    century = number(groups.get("century") or groups.get("century_only"))
    decade = number(groups.get("decade") or groups.get("decade_only") or groups.get("rel_decade"))
    prefix = "XX" if century is None else f"{int(century) - 1:02d}"
    return prefix if decade is None else f"{prefix}{int(decade) // 10}"


def anchor(doc: Doc) -> dict | None:
    """The report's own date: the publication time, with the dateline's month and day
    taking precedence (it dates the event the report is about)."""
    metadata = doc._.metadata or {}
    published = PUBLISHED.search(metadata.get("published", ""))
    if not published:
        return None
    year, month, day = (int(part) for part in published.groups())
    source = f"published {metadata['published']}"
    dateline = DATELINE.search(metadata.get("dateline", ""))
    if dateline:
        line_month, line_day = int(dateline.group(1)), int(dateline.group(2))
        year -= (line_month, line_day) > (month, day)  # a dateline after publication is last year's
        month, day = line_month, line_day
        source += f"; dateline {metadata['dateline']}"
    return {"year": year, "month": month, "day": day, "source": source}


def resolve(value: str, relative_year: str | None, anchor_date: dict | None,
            offsets: dict[str, int]) -> dict | None:
    """Fill the X of a date from the anchor: XXXX-XX-26 → the anchor's year and month."""
    if anchor_date is None:
        return None
    year, month = anchor_date["year"] + offsets.get(relative_year, 0), anchor_date["month"]
    parts = value.split("-")
    if len(parts) == 3 and parts[1] == "XX" and parts[2].isdigit() and int(parts[2]) > anchor_date["day"]:
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)  # a day still to come is last month's
    parts[0] = parts[0].replace("XXXX", str(year))
    if len(parts) > 1:
        parts[1] = parts[1].replace("XX", f"{month:02d}")
    if len(parts) == 3 and parts[2].isdigit() and int(parts[2]) > calendar.monthrange(year, month)[1]:
        return None
    return {"value": "-".join(parts), "anchor": anchor_date["source"]}


def resolve_century(value: str, offset: int, anchor_date: dict | None) -> dict | None:
    """上世纪90年代 (XX9) in a report of 2023 → 199: the anchor's century moved by ``offset``."""
    if anchor_date is None:
        return None
    return {"value": f"{anchor_date['year'] // 100 + offset:02d}{value[2:]}", "anchor": anchor_date["source"]}


@Language.factory("zh_dates", assigns=["doc.spans"], requires=["doc._.sentences"])
def make_dates(nlp: Language, name: str) -> DateExtractor:
    return DateExtractor()


@functools.lru_cache(maxsize=1)
def standalone_extractor() -> DateExtractor:
    return DateExtractor()


def normalize_date(text: str) -> str | None:
    """The TIMEX3 value of ``text`` when the whole of it is one date, time or duration."""
    from . import shared_pipeline

    doc = segment.segment_doc(shared_pipeline().make_doc(text))
    found = standalone_extractor().match(doc)
    if len(found) == 1 and text[:found[0].start].strip() == "" and text[found[0].end:].strip() == "":
        return found[0].fields["value"]
    return None
