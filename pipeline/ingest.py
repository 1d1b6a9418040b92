"""Ingest stage: saved web pages, JSON Lines feeds and plain text to articles in ``corpus/``.

Reads HTML pages (the declared charset, else UTF-8, GB18030/GBK or Big5 as ``reader.decode``
detects them), JSON Lines feeds (one ``{url, title, published, html | text}`` object a line)
and plain text. Writes one ``corpus/<source>/<id>.txt`` per article, in the layout the
reader parses: the title, a ``发布时间:… 来源:…`` line, a ``原文链接:…`` line, then the main
text, paragraphs apart by a blank line.

The main text, the title and the site come from trafilatura (menus, view counters,
previous/next links and footers are left out); the publication date from htmldate through
trafilatura, from the page's structured markers only (meta tags, ``<time>``, the URL, a
labelled date line): htmldate's extensive search would take any date on the page, a footer's
``2019/06/21`` too. The id is a hash of the URL when it is known (a page saved again, changed,
updates its article), else of the extracted text (a page saved twice with another view
counter is still one article). Files are written atomically and only when their text changed.
"""
from __future__ import annotations

import codecs
import email.utils
import hashlib
import json
import re
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit, urlunsplit

from .build import GOLD_DIR, write_atomic
from .reader import DATE_TIME, ReadError, decode, iso_date_time

HTML_SUFFIXES = (".html", ".htm", ".shtml", ".xhtml", ".php", ".asp", ".aspx", ".jsp")
FEED_SUFFIXES = (".jsonl", ".ndjson")
TEXT_SUFFIXES = (".txt",)
INGESTED_SUFFIXES = HTML_SUFFIXES + FEED_SUFFIXES + TEXT_SUFFIXES
DEFAULT_SOURCE = "local"   # the folder of articles with no known site
# A charset declared in the first bytes of a page: <meta charset=…> or http-equiv content.
DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
# GB2312 and GBK pages often hold characters only their superset GB18030 has.
SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "big5": "big5hkscs"}
CDATA = re.compile(r"<!\[CDATA\[(.*?)\]\]>", re.DOTALL)
STRAY_CDATA = re.compile(r"<!\[CDATA\[|\]\]>")
SOURCE_NAME = re.compile(r"^[\w][\w.-]*$")
# htmldate on the page's markers only: its extensive search reads any date in the page.
DATE_PARAMS = {"extensive_search": False, "original_date": True}


class IngestError(Exception):
    """An input that gives no article; the message says why."""


@dataclass
class Page:
    """One article found in an input, before it is written."""
    text: str
    title: str | None = None
    published: str | None = None
    site: str | None = None
    url: str | None = None

    def article_id(self) -> str:
        if self.url:
            return "url_" + hashlib.sha256(self.url.encode()).hexdigest()[:16]
        return "text_" + hashlib.sha256(f"{self.title}\n{self.text}".encode()).hexdigest()[:16]

    def folder(self) -> str:
        host = urlsplit(self.url).hostname if self.url else None
        name = host or self.site or DEFAULT_SOURCE
        name = name.removeprefix("www.")
        return name if SOURCE_NAME.match(name) and name != GOLD_DIR else DEFAULT_SOURCE

    def document(self) -> str:
        """The article as the reader reads it: title, credit lines, then the main text."""
        credits = " ".join(part for part in (self.published and f"发布时间:{self.published}",
                                              self.site and f"来源:{self.site}") if part)
        head = [line for line in (self.title, credits, self.url and f"原文链接:{self.url}") if line]
        return "\n\n".join(head + [self.text]) + "\n"


@dataclass
class Summary:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def line(self) -> str:
        return (f"ingest: {self.added} added, {self.updated} updated, {self.unchanged} unchanged, "
                f"{len(self.failed)} failed in {self.seconds:.1f}s")


def ingest(sources: list[Path], corpus: Path, source_name: str | None = None) -> Summary:
    """Add the articles of ``sources`` (files or folders) to ``corpus``; one bad input is
    reported in ``Summary.failed`` and the others go on."""
    if source_name is not None and (not SOURCE_NAME.match(source_name) or source_name == GOLD_DIR):
        raise ValueError(f"--source {source_name!r}: a folder name of letters, digits, '.', '_' or '-' (not 'gold')")
    started = time.perf_counter()
    summary = Summary()
    existing = {path.stem: path for path in corpus.rglob("*.txt") if GOLD_DIR not in path.relative_to(corpus).parts}
    for name, page in pages(sources):
        if isinstance(page, IngestError):
            summary.failed.append(f"{name}: {page}")
            continue
        article_id = page.article_id()
        path = existing.get(article_id) or corpus / (source_name or page.folder()) / f"{article_id}.txt"
        text = page.document()
        if path.exists() and path.read_text(encoding="utf-8") == text:
            summary.unchanged += 1
            continue
        summary.updated += path.exists()
        summary.added += not path.exists()
        write_atomic(path, text)
        existing[article_id] = path
    summary.seconds = time.perf_counter() - started
    return summary


def pages(sources: list[Path]) -> Iterator[tuple[str, Page | IngestError]]:
    """(name of the input, its page or the error) for every input, folders in name order."""
    for source in sources:
        # In a folder, pages, feeds and text only: a browser's "save complete page" puts the
        # page's scripts, styles and images beside it. A file named on its own is read whatever it is.
        files = sorted(p for p in source.rglob("*") if p.is_file() and not p.name.startswith(".")
                       and p.suffix.lower() in INGESTED_SUFFIXES) if source.is_dir() else [source]
        for path in files:
            try:
                data = path.read_bytes()
            except OSError as error:
                yield str(path), IngestError(error.strerror or str(error))
                continue
            if path.suffix.lower() in FEED_SUFFIXES:
                yield from feed_pages(path, data)
                continue
            try:
                yield str(path), (html_page(data) if is_html(path, data) else text_page(data, path))
            except IngestError as error:
                yield str(path), error


def is_html(path: Path, data: bytes) -> bool:
    if path.suffix.lower() in HTML_SUFFIXES:
        return True
    if path.suffix.lower() in TEXT_SUFFIXES:
        return False
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<meta", b"<?xml"))


def decode_page(data: bytes, name: str = "<page>") -> str:
    """A page's text: by its declared charset, else as the reader detects it."""
    declared = DECLARED_CHARSET.search(data[:4096])
    if declared and not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = declared.group(1).decode("ascii").lower()
        try:
            codecs.lookup(encoding)
        except LookupError:
            encoding = None
        if encoding and b"\x00" not in data:
            try:
                return data.decode(SUPERSETS.get(encoding, encoding))
            except UnicodeDecodeError:
                pass   # a wrong declaration: detect instead
    try:
        return decode(data, name)[0]
    except ReadError as error:
        raise IngestError(error.reason) from error


def html_page(data: bytes | str, url: str | None = None) -> Page:
    import trafilatura

    html = decode_page(data) if isinstance(data, bytes) else data
    # Sections copied from a feed or a CMS keep their CDATA markers; HTML has no CDATA, so a
    # parser would read the markers as text (a "]]>" in the article) and the tags inside as
    # a comment. Unwrapped, the tags inside are parsed as tags.
    html = STRAY_CDATA.sub("", CDATA.sub(r"\1", html))
    if not html.strip():
        raise IngestError("empty page")
    # favor_precision: on a short report the default falls back to a whole-page extraction
    # (menus, counters and prev/next titles kept); measured on the tests' government pages.
    document = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                           include_tables=True, favor_precision=True,
                                           date_extraction_params=DATE_PARAMS)
    text = paragraphs(document.text if document else "")
    if not text:
        raise IngestError("no main text found (an empty page, or only navigation)")
    return Page(text=text, title=one_line(document.title), published=document.date or None,
                site=one_line(document.sitename or document.hostname, spaces=False),
                url=canonical_url(url or document.url))


def text_page(data: bytes, path: Path) -> Page:
    try:
        text = decode(data, path)[0]
    except ReadError as error:
        raise IngestError(error.reason) from error
    lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n")]
    if not any(lines):
        raise IngestError("empty file")
    # Written as it is: a plain-text report already has the layout the reader parses.
    return Page(text="\n".join(lines).strip("\n"))


def feed_pages(path: Path, data: bytes) -> Iterator[tuple[str, Page | IngestError]]:
    try:
        text = decode(data, path)[0]
    except ReadError as error:
        yield str(path), IngestError(error.reason)
        return
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        name = f"{path}:{number}"
        try:
            yield name, feed_page(line)
        except IngestError as error:
            yield name, error


def feed_page(line: str) -> Page:
    try:
        item = json.loads(line)
    except json.JSONDecodeError as error:
        raise IngestError(f"not JSON ({error.msg} at column {error.colno})") from error
    if not isinstance(item, dict):
        raise IngestError("not a JSON object")
    url = item.get("url") if isinstance(item.get("url"), str) and item.get("url").strip() else None
    if isinstance(item.get("html"), str) and item["html"].strip():
        page = html_page(item["html"], url)
    elif isinstance(item.get("text"), str) and item["text"].strip():
        page = Page(text=paragraphs(item["text"]), url=canonical_url(url))
    else:
        raise IngestError("no 'html' or 'text' field with content")
    if isinstance(item.get("title"), str) and item["title"].strip():
        page.title = one_line(item["title"])
    if item.get("published"):
        page.published = normalize_published(str(item["published"])) or page.published
    if page.site is None and page.url:
        page.site = urlsplit(page.url).hostname
    return page


def paragraphs(text: str) -> str:
    """Lines stripped, empty ones dropped, a blank line between two (the reader's layout: a
    single line break between two characters would be closed up, joining a heading to the
    paragraph after it)."""
    return "\n\n".join(line.strip() for line in text.splitlines() if line.strip())


def one_line(text: str | None, spaces: bool = True) -> str | None:
    if not text:
        return None
    words = text.split()
    return (" ".join(words) if spaces else "".join(words)) or None


def canonical_url(url: str | None) -> str | None:
    """Scheme and host in lower case, no fragment: one page, one id."""
    if not url or not url.strip():
        return None
    parts = urlsplit(url.strip())
    if not parts.scheme or not parts.netloc:
        return url.strip()
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", parts.query, ""))


def normalize_published(value: str) -> str | None:
    """A feed's date as the reader reads it: ``YYYY-MM-DD`` or ``YYYY-MM-DD HH:MM:SS``, in the
    time zone it was written in. ISO 8601, RFC 2822 (RSS) and Chinese dates."""
    value = value.strip()
    moment = None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            moment = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            pass
    if moment is not None:
        has_time = any(char in value for char in ":T") or moment.time() != datetime.min.time()
        return moment.strftime("%Y-%m-%d %H:%M:%S" if has_time else "%Y-%m-%d")
    match = DATE_TIME.search(value)
    return iso_date_time(match) if match else None
