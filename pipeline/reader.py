"""Read stage: a file's bytes to the article text, its encoding and its metadata.

The text is kept exactly as decoded (a BOM is dropped, nothing else), so that every
offset the later stages produce indexes it. Encodings: UTF-8 (with or without BOM) and
UTF-16 with BOM are recognized by their marks; anything else is tried strictly as UTF-8,
then as UTF-16 without a BOM (accepted only when nearly every character it gives is Han,
punctuation or ASCII text), then GB18030 (a superset of GBK) and Big5 as charset-normalizer
ranks them. A stray NUL or control character is kept as text; only a file where they are
more than one character in a hundred is binary.
"""
from __future__ import annotations

import codecs
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import charset_normalizer
import regex

BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
CHINESE_ENCODINGS = ("gb18030", "big5")
# A share of control characters above this means binary data, not text.
MAX_CONTROL_SHARE = 0.01
STRAY_CONTROLS = 1  # one is a stray character in a text of any length (a NUL pasted in)
CONTROL = regex.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
# What text decoded as UTF-16 without a BOM must consist of, nearly all (GB18030 or binary
# bytes read as UTF-16 give Hangul, private-use and rare CJK-extension characters instead).
TEXT_LIKE = regex.compile(r"[\p{Han}\p{P}\p{S}\p{Z}\t\n\r\x20-\x7e\u3000-\u303f\uff00-\uffef]")
MIN_TEXT_LIKE_SHARE = 0.95
CONTROL_BYTES = regex.compile(rb"[\x00-\x08\x0e-\x1f\x7f]")
HAN = regex.compile(r"\p{Han}")

# A date and maybe its time as Chinese pages write them (2024-05-06 08:00, 2022年3月5日, 2021/3/22).
DATE_TIME = regex.compile(r"(\d{4})\s*[-/年.]\s*(\d{1,2})\s*[-/月.]\s*(\d{1,2})(?:\s*日)?"
                          r"(?:[\sT]+(\d{1,2})[:时](\d{2})(?:[:分](\d{2}))?)?")
# The page's publication time: after a label (发布时间：, 发布日期:, 日期:), or else a date that
# opens one of the head's first lines (a page's date line: 2023-08-01, 2019-11-25 17:14:30  来源:…).
PUBLISHED_LABELED = regex.compile(r"(?:发布时间|发布日期|发表时间|发稿时间|更新时间|时间|日期)\s*[:：]\s*(?=\d{4})")
PUBLISHED_LINE = regex.compile(r"(?m)^[ \t\u3000]*(?=\d{4}\s*[-/年.]\s*\d{1,2}\s*[-/月.]\s*\d{1,2})")
PUBLISHED_LINES = 6   # lines of the head a page's date line opens

METADATA_PATTERNS = {
    "source": regex.compile(r"来源\s*[:：]\s*([^\s　|｜]+)"),
    "dateline": regex.compile(r"(\p{Han}{1,5}(?:网|社|报)\s*\p{Han}{2,6}\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*电)"),
    "reporter": regex.compile(r"[（(]?记者\s*([\p{Han}]{2,4}(?:[、 ][\p{Han}]{2,4})*)"),
    "editor": regex.compile(r"【\s*编辑\s*[:：]\s*([^】]+?)\s*】"),
    "url": regex.compile(r"原文链接\s*[:：]\s*(\S+)"),   # the header ingest.py writes
}


class ReadError(Exception):
    """A file that cannot be read as an article; the message names the file and the reason."""

    def __init__(self, path: Path | str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path, self.reason = str(path), reason


@dataclass
class Article:
    id: str
    path: str
    text: str
    encoding: str
    sha256: str
    metadata: dict = field(default_factory=dict)


def read_bytes(path: Path | str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise ReadError(path, error.strerror or str(error)) from error


def read_article(path: Path | str, data: bytes | None = None) -> Article:
    """The article at ``path``; ``data``, when given, are its bytes already read (on a cluster
    worker that cannot see the file)."""
    path = Path(path)
    data = read_bytes(path) if data is None else data
    text, encoding = decode(data, path)
    return Article(id=path.stem, path=str(path), text=text, encoding=encoding,
                   sha256=hashlib.sha256(data).hexdigest(), metadata=extract_metadata(text))


def decode(data: bytes, path: Path | str = "<bytes>") -> tuple[str, str]:
    """The text and the encoding it was read with; ReadError when it is no text at all."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return checked(data.decode(encoding, errors="strict").lstrip("\ufeff"), encoding, path)
    try:
        return checked(data.decode("utf-8"), "utf-8", path)
    except UnicodeDecodeError as utf8_error:
        utf16 = utf16_without_bom(data)
        if utf16:
            return checked(*utf16, path)
        for encoding in ranked_chinese_encodings(data):
            try:
                return checked(data.decode(encoding), encoding, path)
            except UnicodeDecodeError:
                continue
        if too_many_controls(len(CONTROL_BYTES.findall(data)), len(data)):
            raise ReadError(path, "binary data (control bytes), not a text file") from utf8_error
        raise ReadError(path, f"not decodable as UTF-8, UTF-16, GB18030/GBK or Big5 ({utf8_error.reason} "
                              f"at byte {utf8_error.start})") from utf8_error


def utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """The text and encoding when ``data`` reads as UTF-16 text (little- or big-endian)."""
    if len(data) % 2:
        return None
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if len(TEXT_LIKE.findall(text)) >= MIN_TEXT_LIKE_SHARE * len(text):
            return text, encoding
    return None


def ranked_chinese_encodings(data: bytes) -> list[str]:
    """GB18030 and Big5 ordered by charset-normalizer's guess: both decode most byte strings."""
    best = charset_normalizer.from_bytes(data, cp_isolation=["gb18030", "big5"]).best()
    guess = best.encoding if best else None
    return sorted(CHINESE_ENCODINGS, key=lambda name: name != guess)


def too_many_controls(controls: int, length: int) -> bool:
    return controls > max(STRAY_CONTROLS, MAX_CONTROL_SHARE * length)


def checked(text: str, encoding: str, path: Path | str) -> tuple[str, str]:
    if text and too_many_controls(len(CONTROL.findall(text)), len(text)):
        raise ReadError(path, f"binary data (control characters) decoded as {encoding}")
    return text, encoding


def extract_metadata(text: str) -> dict:
    """Title (first non-empty line) and, where the report has them, its credit lines."""
    metadata: dict = {}
    for line in text.splitlines():
        if line.strip():
            metadata["title"] = line.strip()
            break
    head = text[:2000]
    published = publication_time(head)
    if published:
        metadata["published"] = published
    for key, pattern in METADATA_PATTERNS.items():
        match = pattern.search(head if key != "editor" else text)
        if match:
            metadata[key] = match.group(1).strip()
    return metadata


def publication_time(head: str) -> str | None:
    """The page's publication time in its head, after a label or opening one of its first lines
    (PUBLISHED_LABELED, PUBLISHED_LINE): ``YYYY-MM-DD`` or ``YYYY-MM-DD HH:MM:SS``."""
    label = PUBLISHED_LABELED.search(head)
    first_lines = head[:sum(len(line) for line in head.splitlines(keepends=True)[:PUBLISHED_LINES])]
    at = label.end() if label else next((line.end() for line in PUBLISHED_LINE.finditer(first_lines)), None)
    date = DATE_TIME.match(head, at) if at is not None else None
    return iso_date_time(date) if date else None


def iso_date_time(date: regex.Match) -> str:
    """A DATE_TIME match as ``YYYY-MM-DD`` or ``YYYY-MM-DD HH:MM:SS``."""
    year, month, day, hour, minute, second = date.groups()
    day_part = f"{year}-{int(month):02d}-{int(day):02d}"
    return day_part if hour is None else f"{day_part} {int(hour):02d}:{minute}:{int(second or 0):02d}"
