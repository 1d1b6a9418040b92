"""Review diff: what changed between two sets of records, per article and per kind.

Reads two record sets (folders of ``<id>.json``, the ``outputs/`` folder at a git revision,
or a fresh ``build`` of a corpus into a temporary folder) and the articles they came from
(for the sentence around each fact); writes a Markdown report for a pull-request comment or
one self-contained HTML page with the facts marked in the article text.

Facts are paired the way the extraction guide pairs a prediction with gold, with the spans
used to pick among equal candidates: counts and dates by the same span, then the same value
and text (a "moved" fact), then the same text (another value), then the same value over an
overlapping span (a widened or narrowed mention); organizations and slogans by text, then by
normalized text. A pair whose fields differ is "changed"; what is left is "added" or
"removed". Unlike the guide, two mentions with the same value but other texts and disjoint
spans are not paired: the guide has no offsets to tell 两次 from 2个, we have.
"""
from __future__ import annotations

import html
import io
import json
import subprocess
import sys
import tarfile
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from . import build as batch
from . import evaluate, records, segment
from .reader import ReadError, decode, read_article

KINDS = tuple(records.KIND_FIELDS)
MENTION_KINDS = ("counts", "dates")
CHANGES = ("added", "removed", "changed")
SIGNS = {"added": "+", "removed": "−", "changed": "~"}
LABELS = {"counts": "COUNT", "dates": "DATE", "organizations": "ORG", "slogans": "SLOGAN", "persons": "PER",
          "places": "LOC"}
# Context shown around a fact when its sentence is long (tables, run-on lists).
CONTEXT_CHARS = 60
TITLE_CHARS = 40


class ReviewError(Exception):
    """A side that cannot be read: bad path, unreadable record, git or build failure."""


# ---------------------------------------------------------------- the two sides

TextSource = Callable[[str], "str | None"]


@dataclass
class Side:
    """One set of records, and where to read the article text a record's offsets index;
    ``raw`` holds each record file's bytes, so that a change no field shows (layout, key
    order, 1 → 1.0) is still reported."""
    label: str
    records: dict[str, dict]
    read_text: TextSource
    raw: dict[str, bytes] = field(default_factory=dict)


def folder_side(folder: Path, root: Path, label: str | None = None) -> Side:
    found, raw = folder_records(folder)
    return Side(label or batch.display_path(folder, root), found, working_tree_texts(root), raw)


def folder_records(folder: Path) -> tuple[dict[str, dict], dict[str, bytes]]:
    """The records of ``folder`` by id, and the bytes of each record's file."""
    if not folder.is_dir():
        raise ReviewError(f"{folder}: no such folder of records")
    found, raw = {}, {}
    for path in sorted(folder.glob("*.json")):
        if path.name != batch.MANIFEST:
            data = path.read_bytes()
            record = parse_record(data, str(path))
            found[record["id"]], raw[record["id"]] = record, data
    return found, raw


def parse_record(data: bytes, shown: str) -> dict:
    """The record in ``data``, checked for what the diff reads: an id and lists of spans."""
    try:
        record = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ReviewError(f"{shown}: unreadable record ({error})") from error
    if not isinstance(record, dict) or not isinstance(record.get("id"), str):
        raise ReviewError(f"{shown}: unreadable record (not an object with an id)")
    for kind in KINDS:
        items = record.setdefault(kind, [])
        if not isinstance(items, list) or not all(is_fact(item) for item in items):
            raise ReviewError(f"{shown}: unreadable record ({kind} is not a list of facts with text, start, end)")
    return record


def is_fact(item) -> bool:
    return (isinstance(item, dict) and isinstance(item.get("text"), str)
            and isinstance(item.get("start"), int) and isinstance(item.get("end"), int))


def working_tree_texts(root: Path) -> TextSource:
    cache: dict[str, str | None] = {}

    def read_text(path: str) -> str | None:
        if path not in cache:
            try:
                cache[path] = read_article(root / path).text
            except ReadError:
                cache[path] = None  # the diff still lists the fact, without its sentence
        return cache[path]

    return read_text


def revision_side(revision: str, outputs: Path, root: Path) -> Side:
    """The records of ``outputs`` as committed at ``revision`` (of the repository holding it)."""
    top = Path(git(["rev-parse", "--show-toplevel"], existing_folder(outputs)).decode().strip())
    try:
        prefix = outputs.resolve().relative_to(top.resolve()).as_posix()
    except ValueError as error:
        raise ReviewError(f"{outputs}: not inside the git repository {top}") from error
    archive = git(["archive", "--format=tar", revision, "--", f"{prefix}/"], top)
    found, raw = {}, {}
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        for member in sorted(tar.getmembers(), key=lambda m: m.name):
            name = Path(member.name)
            if member.isfile() and name.parent.as_posix() == prefix and name.suffix == ".json" \
                    and name.name != batch.MANIFEST:
                data = tar.extractfile(member).read()
                record = parse_record(data, f"{revision}:{member.name}")
                found[record["id"]], raw[record["id"]] = record, data
    return Side(f"{revision}:{prefix}", found, revision_texts(revision, top, working_tree_texts(root)), raw)


def revision_texts(revision: str, top: Path, fallback: TextSource) -> TextSource:
    """Articles as committed at ``revision``; the working tree's when git has none."""
    cache: dict[str, str | None] = {}

    def read_text(path: str) -> str | None:
        if path not in cache:
            try:
                cache[path] = decode(git(["show", f"{revision}:{path}"], top), path)[0]
            except (ReviewError, ReadError):
                cache[path] = fallback(path)
        return cache[path]

    return read_text


def git(arguments: list[str], where: Path) -> bytes:
    try:
        done = subprocess.run(["git", "-C", str(where), *arguments], capture_output=True, check=False)
    except OSError as error:
        raise ReviewError(f"git: {error}") from error
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip() or f"exit status {done.returncode}"
        raise ReviewError(f"git {' '.join(arguments)}: {message}")
    return done.stdout


def existing_folder(path: Path) -> Path:
    while not path.is_dir() and path != path.parent:
        path = path.parent
    return path


def fresh_side(corpus: Path, root: Path, segmenter: str = "jieba", workers: int | None = None,
               scheduler: str | None = None) -> Side:
    """Records built afresh from ``corpus`` in a temporary folder (removed once read)."""
    if not corpus.is_dir():
        raise ReviewError(f"{corpus}: no such corpus folder")
    with tempfile.TemporaryDirectory(prefix="review-fresh-") as folder:
        report = batch.build(corpus, Path(folder), segmenter, workers, root=root, scheduler=scheduler)
        if report.errors:
            raise ReviewError("fresh build failed:\n  " + "\n  ".join(report.errors))
        found, raw = folder_records(Path(folder))
    return Side(f"fresh build of {batch.display_path(corpus, root)}", found, working_tree_texts(root), raw)


# ---------------------------------------------------------------- pairing facts


@dataclass
class Change:
    kind: str
    change: str                    # added | removed | changed | same
    old: dict | None = None
    new: dict | None = None
    notes: list[str] = field(default_factory=list)  # for "changed": "value 10000 → 1", "moved …"

    @property
    def item(self) -> dict:
        """The fact as it stands: the new one, or the old one when it was removed."""
        return self.new if self.new is not None else self.old


@dataclass
class ArticleDiff:
    id: str
    status: str                    # added | removed | changed
    old: dict | None
    new: dict | None
    changes: list[Change]          # facts added, removed or changed
    unchanged: list[Change]        # the others, shown as context in the HTML page
    # The record's other fields that differ, as (path, note): ("metadata.title", "metadata.title a → b").
    fields: list[tuple[str, str]] = field(default_factory=list)

    @property
    def record(self) -> dict:
        return self.new if self.new is not None else self.old


@dataclass
class Diff:
    old: Side
    new: Side
    articles: list[ArticleDiff]    # the touched ones, by id

    def tally(self) -> dict[str, Counter]:
        totals = {kind: Counter() for kind in KINDS}
        for article in self.articles:
            for change in article.changes:
                totals[change.kind][change.change] += 1
        return totals

    def article_counts(self) -> Counter:
        return Counter(article.status for article in self.articles)

    def field_counts(self) -> Counter:
        """Articles per record field that changed (source, metadata, file), and facts per
        fact field that changed (value, rule, sentence, moved, …)."""
        counts = Counter()
        for article in self.articles:
            counts.update({path.split(".")[0] for path, _ in article.fields})
            for change in article.changes:
                counts.update(note.split(" ")[0] for note in change.notes)
        return counts


def compare(old: Side, new: Side) -> Diff:
    touched = []
    for article_id in sorted(old.records.keys() | new.records.keys()):
        article = compare_records(article_id, old.records.get(article_id), new.records.get(article_id),
                                  old.raw.get(article_id), new.raw.get(article_id))
        if article.changes or article.fields or article.status != "changed":
            touched.append(article)
    return Diff(old, new, touched)


def compare_records(article_id: str, old: dict | None, new: dict | None,
                    old_raw: bytes | None = None, new_raw: bytes | None = None) -> ArticleDiff:
    status = "added" if old is None else "removed" if new is None else "changed"
    changes: list[Change] = []
    for kind in KINDS:
        changes.extend(compare_kind(kind, (old or {}).get(kind, []), (new or {}).get(kind, [])))
    touched = [c for c in changes if c.change != "same"]
    fields = record_differences(old, new) if status == "changed" else []
    if status == "changed" and not touched and not fields and old_raw is not None and new_raw is not None \
            and old_raw != new_raw:
        fields = [("file", "file differs byte for byte: "
                           + (", ".join(strict_differences(old, new)) or "same fields, other layout or key order"))]
    return ArticleDiff(article_id, status, old, new, touched, [c for c in changes if c.change == "same"], fields)


def record_differences(old: dict, new: dict) -> list[tuple[str, str]]:
    """The record's fields other than the facts that differ, one entry per leaf path."""
    found = []
    for key in ordered_keys(old, new, skip=KINDS):
        a, b = old.get(key, ABSENT), new.get(key, ABSENT)
        if isinstance(a, dict) and isinstance(b, dict):
            found += [(f"{key}.{name}", f"{key}.{name} {shown(a.get(name, ABSENT))} → {shown(b.get(name, ABSENT))}")
                      for name in ordered_keys(a, b) if a.get(name, ABSENT) != b.get(name, ABSENT)]
        elif a != b:
            found.append((key, f"{key} {shown(a)} → {shown(b)}"))
    return found


def ordered_keys(a: dict, b: dict, skip: tuple[str, ...] = ()) -> list[str]:
    """The keys of both, in ``a``'s order then ``b``'s new ones."""
    return [k for k in dict.fromkeys([*a, *b]) if k not in skip]


def strict_differences(a, b, path: str = "") -> list[str]:
    """The paths where two parsed records differ, telling 1 from 1.0 and True from 1."""
    if isinstance(a, dict) and isinstance(b, dict):
        return [found for key in ordered_keys(a, b)
                for found in strict_differences(a.get(key, ABSENT), b.get(key, ABSENT), f"{path}.{key}".lstrip("."))]
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [found for i, (x, y) in enumerate(zip(a, b)) for found in strict_differences(x, y, f"{path}[{i}]")]
    return [] if type(a) is type(b) and a == b else [path or "record"]


class Absent:
    """A field one side lacks (shown as "absent", unlike a null, shown as "none")."""

    def __repr__(self) -> str:
        return "absent"


ABSENT = Absent()


def compare_kind(kind: str, old: list[dict], new: list[dict]) -> list[Change]:
    rules = MENTION_RULES if kind in MENTION_KINDS else NAME_RULES
    pairs, removed, added = pair(kind, old, new, rules)
    changes = [paired_change(kind, a, b) for a, b in pairs]
    changes += [Change(kind, "removed", old=item) for item in removed]
    changes += [Change(kind, "added", new=item) for item in added]
    return sorted(changes, key=lambda c: (c.item["start"], c.item["end"]))


def pair(kind: str, old: list[dict], new: list[dict], rules) -> tuple[list, list, list]:
    """Pairs by the first rule that holds, in rule order; then what is left on each side."""
    left_old, left_new = list(range(len(old))), list(range(len(new)))
    pairs = []
    for same in rules:
        for i in list(left_old):
            j = next((j for j in left_new if same(kind, old[i], new[j])), None)
            if j is not None:
                left_old.remove(i)
                left_new.remove(j)
                pairs.append((old[i], new[j]))
    return pairs, [old[i] for i in left_old], [new[j] for j in left_new]


def same_span(kind, a, b) -> bool:
    return (a["start"], a["end"]) == (b["start"], b["end"])


def same_value_and_text(kind, a, b) -> bool:
    return a["text"] == b["text"] and same_value(kind, a, b)


def same_text(kind, a, b) -> bool:
    return a["text"] == b["text"]


def same_value_overlapping(kind, a, b) -> bool:
    return a["start"] < b["end"] and b["start"] < a["end"] and same_value(kind, a, b)


def same_value(kind, a, b) -> bool:
    return evaluate.values_equal(kind, a.get("value"), b.get("value"))


def same_normalized_text(kind, a, b) -> bool:
    return evaluate.normalized_name(a["text"]) == evaluate.normalized_name(b["text"])


MENTION_RULES = (same_span, same_value_and_text, same_text, same_value_overlapping)
NAME_RULES = (same_text, same_normalized_text)


def paired_change(kind: str, old: dict, new: dict) -> Change:
    notes = []
    if old["text"] != new["text"]:
        notes.append(f"text {old['text']} → {new['text']}")
    notes += [f"{name} {shown(a)} → {shown(b)}" for name, a, b in field_differences(kind, old, new)]
    if not same_span(kind, old, new):
        notes.append(f"moved {old['start']}–{old['end']} → {new['start']}–{new['end']}")
    if compared("components", old.get("components")) == compared("components", new.get("components")) \
            and old.get("components") != new.get("components"):
        notes.append("components moved")  # the same parts at other offsets
    return Change(kind, "changed" if notes else "same", old, new, notes)


# Provenance and bookkeeping fields of every fact, compared after the guide's fields.
FACT_FIELDS = ("sentence", "rule", "mentions")


def field_differences(kind: str, old: dict, new: dict) -> Iterable[tuple[str, object, object]]:
    """Every field that differs but the span: the guide's fields first (slogan components by
    their texts), then sentence, rule, mentions and any other key either side has."""
    names = dict.fromkeys([*records.KIND_FIELDS[kind], *FACT_FIELDS, *old, *new])
    for name in names:
        if name in ("text", "start", "end"):
            continue
        a, b = compared(name, old.get(name, ABSENT)), compared(name, new.get(name, ABSENT))
        if name == "value" and kind == "counts" and evaluate.values_equal(kind, a, b):
            continue
        if a != b:
            yield name, a, b


def compared(name: str, value):
    if name == "components" and isinstance(value, list):
        return [part.get("text") if isinstance(part, dict) else part for part in value]
    return value


def shown(value) -> str:
    if value is None:
        return "none"
    if value is ABSENT:
        return "absent"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


# ---------------------------------------------------------------- facts in their text


def fact_text(side: Side, record: dict | None) -> str | None:
    path = ((record or {}).get("source") or {}).get("path")
    return side.read_text(path) if path else None


def placed(text: str | None, item: dict) -> bool:
    """Whether the fact's offsets index this text (the article may have changed since)."""
    return text is not None and text[item["start"]:item["end"]] == item["text"]


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Where the sentence(s) holding [start, end) begin and end."""
    bounds = segment.offsets(segment.SENTENCE, text) or [[0, len(text)]]
    starts = [s for s, _ in bounds]
    first = bounds[segment.sentence_index(starts, start)][0]
    last = bounds[segment.sentence_index(starts, end - 1)][1]
    return min(first, start), max(last, end)


def change_texts(diff: Diff, article: ArticleDiff) -> tuple[str | None, str | None]:
    return fact_text(diff.old, article.old), fact_text(diff.new, article.new)


def short_title(record: dict) -> str:
    """The title, cut: a report without a headline line has its first paragraph as title."""
    title = (record.get("metadata") or {}).get("title", "")
    return title if len(title) <= TITLE_CHARS else title[:TITLE_CHARS] + "…"


def describe(kind: str, item: dict) -> str:
    """A fact's fields in a few words: ``10000 个 (about)``, ``party``, ``5 components``."""
    if kind in MENTION_KINDS:
        words = [shown(item.get("value"))]
        words += [item["unit"]] if item.get("unit") else []
        words += [f"({item['modifier']})"] if item.get("modifier") else []
        return " ".join(words)
    if kind == "organizations":
        return shown(item.get("kind"))
    if kind == "persons":
        return shown(item.get("title")) if item.get("title") else "no title"
    if kind == "places":
        return "place"
    parts = compared("components", item.get("components") or [])
    return "、".join(parts) if parts else "no components"


# ---------------------------------------------------------------- Markdown


def summary_rows(diff: Diff) -> list[tuple[str, int, int, int]]:
    return [(kind, t["added"], t["removed"], t["changed"]) for kind, t in diff.tally().items()]


def markdown(diff: Diff, max_lines: int = 200) -> str:
    """The summary table, then one <details> per touched article, at most ``max_lines`` facts."""
    lines = [f"### Review diff: {md_code(diff.old.label)} → {md_code(diff.new.label)}", ""]
    lines += markdown_summary(diff)
    budget, hidden = max(max_lines, 0), 0
    for article in diff.articles:
        shown_changes = article.changes[:budget]
        hidden += len(article.changes) - len(shown_changes)
        budget -= len(shown_changes)
        if shown_changes or (not article.changes and budget > 0):
            lines += markdown_article(diff, article, shown_changes)
    if hidden:
        lines += ["", f"… and {hidden} more (shown: the first {max_lines}; see `--max-lines`)"]
    return "\n".join(lines) + "\n"


def markdown_summary(diff: Diff) -> list[str]:
    lines = ["| kind | added | removed | changed |", "|---|---:|---:|---:|"]
    lines += [f"| {kind} | +{a} | −{r} | ~{c} |" for kind, a, r, c in summary_rows(diff)]
    articles = diff.article_counts()
    lines += ["", f"**Articles touched: {len(diff.articles)}** (added {articles['added']}, "
                  f"removed {articles['removed']})", ""]
    if diff.field_counts():
        lines += [f"**Fields changed:** {md_escape(fields_line(diff))}", ""]
    if not diff.articles:
        lines.append("No change.")
    return lines


def fields_line(diff: Diff) -> str:
    """``value 1, rule 3, metadata 1``: facts per changed fact field, articles per record field."""
    return ", ".join(f"{name} {n}" for name, n in sorted(diff.field_counts().items()))


def markdown_article(diff: Diff, article: ArticleDiff, changes: list[Change]) -> list[str]:
    old_text, new_text = change_texts(diff, article)
    title = short_title(article.record)
    status = "" if article.status == "changed" else f" <b>article {article.status}</b>"
    figures = html.escape("; ".join(article_figures(article)) or "no facts")
    lines = ["<details>", f"<summary><code>{html.escape(article.id)}</code>{status} "
                          f"{html.escape(title)} — {figures}</summary>", ""]
    lines += [f"- ~ **record** changed: {md_escape(note)}" for _, note in article.fields]
    for change in changes:
        lines.append(markdown_fact(change, old_text if change.change == "removed" else new_text))
    if len(changes) < len(article.changes):
        lines.append(f"- … and {len(article.changes) - len(changes)} more in this article")
    return lines + ["", "</details>"]


def article_figures(article: ArticleDiff) -> list[str]:
    tally = Counter((c.kind, c.change) for c in article.changes)
    return [f"{kind} " + " ".join(f"{SIGNS[ch]}{tally[kind, ch]}" for ch in CHANGES if tally[kind, ch])
            for kind in KINDS if any(tally[kind, ch] for ch in CHANGES)] \
        + [f"{path.split('.')[0]} ~1" for path in dict.fromkeys(p.split(".")[0] for p, _ in article.fields)]


def markdown_fact(change: Change, text: str | None) -> str:
    item = change.item
    head = f"- {SIGNS[change.change]} **{change.kind}** {change.change} {md_code(item['text'])}"
    if change.change == "changed":
        head += ": " + md_escape("; ".join(change.notes))
    else:
        head += f" ({md_escape(describe(change.kind, item))})"
    return head + (f" — {markdown_sentence(text, item)}" if placed(text, item) else "")


def markdown_sentence(text: str, item: dict) -> str:
    """The fact in bold in its sentence, cut to CONTEXT_CHARS on each side (… where cut)."""
    first, last = sentence_bounds(text, item["start"], item["end"])
    start, end = max(first, item["start"] - CONTEXT_CHARS), min(last, item["end"] + CONTEXT_CHARS)
    return ("…" * (start > first) + flat(text[start:item["start"]]) + f"**{flat(item['text'])}**"
            + flat(text[item["end"]:end]) + "…" * (end < last))


def flat(text: str) -> str:
    return md_escape(" ".join(text.split()))


def md_code(text: str) -> str:
    return f"`` {text} ``" if "`" in text else f"`{text}`"


def md_escape(text: str) -> str:
    """Text that Markdown and the HTML around it show as written."""
    escaped = html.escape(text, quote=False)
    return "".join("\\" + ch if ch in "\\`*_[]|#" else ch for ch in escaped)


# ---------------------------------------------------------------- HTML


@dataclass(eq=False)
class Mark:
    """One fact placed in the article text, with the marks nested inside it."""
    change: Change
    number: int
    start: int
    end: int
    inner: list["Mark"] = field(default_factory=list)


def html_page(diff: Diff) -> str:
    body = [f"<h1>Review diff</h1><p class=\"sides\"><code>{html.escape(diff.old.label)}</code> → "
            f"<code>{html.escape(diff.new.label)}</code></p>", html_summary(diff), LEGEND]
    body += [html_article(diff, article) for article in diff.articles]
    return PAGE.format(css=CSS, body="\n".join(body))


def html_summary(diff: Diff) -> str:
    rows = "".join(f"<tr data-kind=\"{kind}\"><th>{kind}</th><td class=\"added\">+{a}</td>"
                   f"<td class=\"removed\">−{r}</td><td class=\"changed\">~{c}</td></tr>"
                   for kind, a, r, c in summary_rows(diff))
    articles = diff.article_counts()
    links = "".join(f"<li><a href=\"#article-{html.escape(a.id)}\">{html.escape(a.id)}</a> "
                    f"<span class=\"figures\">{html.escape(' · '.join(article_figures(a)))}</span></li>"
                    for a in diff.articles)
    return (f"<table id=\"summary\" class=\"summary\"><thead><tr><th>kind</th><th>added</th><th>removed</th>"
            f"<th>changed</th></tr></thead><tbody>{rows}</tbody></table>"
            f"<p id=\"articles-summary\">Articles touched: <b>{len(diff.articles)}</b> "
            f"(added {articles['added']}, removed {articles['removed']})</p>"
            + (f"<p id=\"fields-summary\">Fields changed: {html.escape(fields_line(diff))}</p>"
               if diff.field_counts() else "")
            + (f"<ul class=\"toc\">{links}</ul>" if links else "<p class=\"no-change\">No change.</p>"))


def html_article(diff: Diff, article: ArticleDiff) -> str:
    """The article's text with its facts marked; facts that cannot be marked in it listed below."""
    old_text, new_text = change_texts(diff, article)
    text = new_text if article.new is not None else old_text
    roots, listed = placed_marks(text, article)
    title = short_title(article.record)
    status = "" if article.status == "changed" else f"article {article.status}"
    parts = [f"<section class=\"article {article.status}\" id=\"article-{html.escape(article.id)}\" "
             f"data-article=\"{html.escape(article.id)}\" data-status=\"{article.status}\">",
             f"<h2><code>{html.escape(article.id)}</code> {html.escape(title)}"
             f"<span class=\"status\">{status}</span></h2>"]
    if article.fields:
        parts.append("<ul class=\"record-changes\">" + "".join(
            f"<li class=\"changed\" data-field=\"{html.escape(path)}\">{html.escape(note)}</li>"
            for path, note in article.fields) + "</ul>")
    if text is not None:
        parts.append(f"<div class=\"text\">{render(text, 0, len(text), roots, article.id)}</div>")
    if listed:
        items = "".join(f"<li>{render_mark(article.id, m, html.escape(m.change.item['text']))}</li>" for m in listed)
        parts.append(f"<p class=\"unplaced-note\">Not placed in the text above (crossing another mark, or the "
                     f"article changed):</p><ul class=\"unplaced\">{items}</ul>")
    return "\n".join(parts) + "</section>"


def placed_marks(text: str | None, article: ArticleDiff) -> tuple[list[Mark], list[Mark]]:
    """The marks nested in the text, and the touched facts that cannot be: a removed fact
    whose old offsets no longer index the text, or one that crosses another mark."""
    marks = [Mark(c, n, c.item["start"], c.item["end"]) for n, c in enumerate([*article.changes, *article.unchanged])]
    in_text = [m for m in marks if placed(text, m.change.item)]
    roots, crossing = nest(sorted(in_text, key=lambda m: (m.start, -m.end, m.number)))
    apart = [m for m in marks if m not in in_text or m in crossing]
    return roots, [m for m in apart if m.change.change != "same"]


def nest(marks: list[Mark]) -> tuple[list[Mark], list[Mark]]:
    """Marks as a tree (a mark inside the one that holds it); those that cross another apart."""
    roots, crossing, open_marks = [], [], []
    for mark in marks:
        while open_marks and open_marks[-1].end <= mark.start:
            open_marks.pop()
        if open_marks and mark.end > open_marks[-1].end:
            crossing.append(mark)
            continue
        (open_marks[-1].inner if open_marks else roots).append(mark)
        open_marks.append(mark)
    return roots, crossing


def render(text: str, start: int, end: int, marks: list[Mark], article_id: str) -> str:
    out, position = [], start
    for mark in marks:
        out.append(html.escape(text[position:mark.start]))
        out.append(render_mark(article_id, mark, render(text, mark.start, mark.end, mark.inner, article_id)))
        position = mark.end
    out.append(html.escape(text[position:end]))
    return "".join(out)


def render_mark(article_id: str, mark: Mark, inner_html: str) -> str:
    change = mark.change
    note = "; ".join(change.notes) if change.change == "changed" else describe(change.kind, change.item)
    delta = f"<span class=\"delta\">{html.escape(note)}</span>" if change.change == "changed" else ""
    title = f"{change.kind} {change.change}: {note}"
    return (f"<mark class=\"fact {change.change} {change.kind}\" id=\"fact-{html.escape(article_id)}-{mark.number}\" "
            f"data-kind=\"{change.kind}\" data-change=\"{change.change}\" title=\"{html.escape(title)}\">"
            f"<span class=\"fact-text\">{inner_html}</span>"
            f"<span class=\"label\">{LABELS[change.kind]}</span>{delta}</mark>")


LEGEND = ("<p class=\"legend\">"
          + "".join(f"<mark class=\"legend-mark {change}\">{change}</mark> "
                    for change in CHANGES)
          + "<span class=\"hint\">hover a mark for its fields; unchanged facts are underlined</span></p>")

PAGE = """<!DOCTYPE html>
<html lang="zh"><head><meta charset="utf-8"><title>Review diff</title>
<style>{css}</style></head>
<body>
{body}
</body></html>
"""

CSS = """
body { font: 16px/1.5 system-ui, "Noto Sans CJK SC", "PingFang SC", "WenQuanYi Zen Hei", sans-serif;
       margin: 2rem auto; max-width: 70rem; padding: 0 1rem; color: #222; }
h1 { margin-bottom: 0.2rem; } .sides { color: #666; margin-top: 0; }
table.summary { border-collapse: collapse; margin: 1rem 0; }
table.summary th, table.summary td { border: 1px solid #ccc; padding: 0.3rem 0.9rem; text-align: right; }
table.summary th { text-align: left; background: #f4f4f4; }
td.added { color: #1a7f37; } td.removed { color: #cf222e; } td.changed { color: #9a6700; }
ul.toc { columns: 2; font-size: 0.9rem; } .figures { color: #666; }
section.article { border-top: 2px solid #ddd; margin-top: 2rem; }
h2 .status { margin-left: 0.8rem; font-size: 0.8rem; color: #fff; background: #666; padding: 0.1rem 0.5rem;
             border-radius: 0.3rem; } h2 .status:empty { display: none; }
section.added h2 .status { background: #1a7f37; } section.removed h2 .status { background: #cf222e; }
.text { white-space: pre-wrap; line-height: 2.2; }
mark.fact { padding: 0.2em 0.35em; margin: 0 0.1em; border-radius: 0.35em; line-height: 1;
            box-decoration-break: clone; -webkit-box-decoration-break: clone; }
mark.fact .label { font-size: 0.65em; font-weight: bold; margin-left: 0.35em; vertical-align: middle;
                   padding: 0.05em 0.3em; border-radius: 0.25em; background: rgba(255,255,255,0.75); color: #333; }
mark.fact .delta { font-size: 0.7em; margin-left: 0.35em; color: #5c3d00; }
mark.added, .legend-mark.added { background: #7ee2a0; }
mark.removed, .legend-mark.removed { background: #ff9a9a; }
mark.removed > .fact-text { text-decoration: line-through; text-decoration-color: #a40e26; }
mark.changed, .legend-mark.changed { background: #ffc94d; }
mark.same { background: none; padding: 0; margin: 0; border-bottom: 2px dotted #999; border-radius: 0; }
mark.same > .label { display: none; }
mark.counts > .label { border-left: 3px solid #0969da; } mark.dates > .label { border-left: 3px solid #8250df; }
mark.organizations > .label { border-left: 3px solid #bf3989; } mark.slogans > .label { border-left: 3px solid #0a7b83; }
mark.persons > .label { border-left: 3px solid #bc4c00; } mark.places > .label { border-left: 3px solid #1a7f37; }
ul.unplaced { line-height: 2.4; }
ul.record-changes li { background: #ffc94d; margin: 0.2rem 0; padding: 0 0.4rem; list-style: none; }
.legend-mark { padding: 0.1em 0.4em; border-radius: 0.35em; }
.legend-mark.removed { text-decoration: line-through; }
.legend .hint { color: #666; font-size: 0.85rem; margin-left: 0.5rem; }
"""


def write_output(text: str, out: Path | None) -> None:
    """To ``out`` (atomically), or to standard output."""
    if out is None:
        sys.stdout.write(text)
    else:
        batch.write_atomic(out, text)
