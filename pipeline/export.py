"""Export stage: the record files of ``outputs/`` to one SQLite database, for datasette.

Reads ``outputs/*.json`` (not ``manifest.json``) and, for full-text search, each article's
text from its ``source.path`` (kept only when the file's sha256 is still the record's, so
that the facts' offsets index it). Writes, with sqlite-utils, the tables ``articles``,
``counts``, ``dates``, ``organizations``, ``slogans``, ``components``, ``persons`` and
``places``, each fact with a foreign key to its article, indexes on
what the canned queries group by, full-text search (FTS5, trigram: Chinese has no spaces to
split words at) over article titles and texts and over organization names; and the datasette
metadata describing every table and column, with canned queries, as ``<name>.metadata.json``
beside the database. The database is built from scratch in a temporary file renamed into
place: the same records give the same rows, in the same order.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from pathlib import Path

from .build import MANIFEST, write_atomic
from .reader import ReadError, decode

REPO = Path(__file__).resolve().parent.parent
POSITION = {"text": "the fact as written (article[start:end])", "start": "offset of its first character in the article text",
            "end": "offset after its last character", "sentence": "index of its sentence in the article",
            "rule": "the rule that produced it"}
ARTICLE_FK = {"article_id": "the article (articles.id)"}
MENTIONS = ("INTEGER", "how often the article writes this text")


def fact_columns(**fields: tuple[str, str]) -> dict[str, tuple[str, str]]:
    """A fact table's columns: row id, article, text, the kind's own fields, offsets, rule."""
    return {"id": ("INTEGER", "row id"), "article_id": ("TEXT", ARTICLE_FK["article_id"]),
            "text": ("TEXT", POSITION["text"]), **fields,
            **{k: ("INTEGER", POSITION[k]) for k in ("start", "end", "sentence")}, "rule": ("TEXT", POSITION["rule"])}


# Every table: its description and its columns in order (name -> (SQLite type, description)).
TABLES: dict[str, tuple[str, dict[str, tuple[str, str]]]] = {
    "articles": ("One row per article (record file): its metadata and its text", {
        "id": ("TEXT", "the article id (the record file's and the corpus file's name)"),
        "title": ("TEXT", "the title (the article's first line)"),
        "published": ("TEXT", "publication time as the report or the page gives it"),
        "month": ("TEXT", "YYYY-MM of published, for grouping by month"),
        "site": ("TEXT", "the 来源 credit: the site or outlet"),
        "dateline": ("TEXT", "the dateline (中新网 上海10月26日电)"),
        "reporter": ("TEXT", "the reporter credit"),
        "editor": ("TEXT", "the editor credit"),
        "url": ("TEXT", "the page it was ingested from"),
        "path": ("TEXT", "the article file, from the repository root"),
        "sha256": ("TEXT", "sha256 of the article file's bytes"),
        "encoding": ("TEXT", "the encoding it was read with"),
        "text": ("TEXT", "the article text (empty when the file is missing or changed since extraction)"),
    }),
    "counts": ("Counts: a number with its unit, at every mention", fact_columns(
        value=("ANY", "the number, 十/百/千/万/亿 applied"),
        unit=("TEXT", "measure word or unit (null where none is written)"),
        modifier=("TEXT", "over, about, under or null"), object=("TEXT", "what is counted, where the sentence names it"),
    )),
    "dates": ("Dates and durations as TIMEX3 values, at every mention", fact_columns(
        value=("TEXT", "TIMEX3 value, X for what the text leaves unsaid"),
        modifier=("TEXT", "since, start, mid, end, about or null"),
        resolved=("TEXT", "value with its X filled from the report's own date, or null"),
        anchor=("TEXT", "what resolved was filled from (the published time, the dateline)"),
    )),
    "organizations": ("Organizations, once per article and distinct text (at the first mention)", fact_columns(
        name=("TEXT", "normalized full name (区新联会 → 嘉定区新的社会阶层人士联谊会)"),
        kind=("TEXT", "party, government, united-front department, association, mass organization, company, media, "
                    "school/institution, other"),
        mentions=MENTIONS,
    )),
    "slogans": ("Numeric work-method slogans (四群八动), once per article and distinct text", fact_columns(
        declared=("TEXT", "JSON list of the numbers the slogan declares ([4, 8])"),
        parts=("TEXT", "JSON list of the slogan's sub-labels (四群, 八动), or null"),
        consistent=("INTEGER", "1 when the components found agree with the declared numbers, 0 when not, null unknown"),
        flags=("TEXT", "JSON list of flags (open-ended, …)"),
        components_rule=("TEXT", "what chose the components: defined-after, listed-before, ordinals-after, listed-after, "
                                 "char-run, labelled, gloss, elements, enumeration/<kind>; null without components"),
        components_found=("INTEGER", "number of components (see the components table)"),
        mentions=MENTIONS,
    )),
    "persons": ("Persons, once per article and distinct name (at the first mention)", fact_columns(
        title=("TEXT", "the title or role written with the first mention (区委常委、统战部部长), or null"),
        employers=("TEXT", "JSON list of the bodies the title names, with offsets, normalized name, kind and rule "
                           "(上海市黄浦区委 of 上海市黄浦区委常委); they are listed as organizations only when named elsewhere too"),
        mentions=MENTIONS,
    )),
    "places": ("Places, once per article and distinct name (at the first mention)", fact_columns(mentions=MENTIONS)),
    "components": ("The spelled-out parts of a slogan, in order", {
        "id": ("INTEGER", "row id"), "slogan_id": ("INTEGER", "the slogan (slogans.id)"),
        **{k: ("TEXT", v) for k, v in ARTICLE_FK.items()},
        "position": ("INTEGER", "1 for the first part"), "text": ("TEXT", "the part as written"),
        "start": ("INTEGER", POSITION["start"]), "end": ("INTEGER", POSITION["end"]),
    }),
}
FACT_TABLES = ("counts", "dates", "organizations", "slogans", "persons", "places")
INDEXES = {"counts": [["article_id"], ["unit", "object"], ["object"]], "dates": [["article_id"], ["value"]],
           "organizations": [["article_id"], ["kind", "name"], ["name"]], "slogans": [["article_id"], ["text"]],
           "persons": [["article_id"], ["text"]], "places": [["article_id"], ["text"]],
           "components": [["slogan_id"], ["article_id"]], "articles": [["month"], ["site"]]}
QUERIES = {
    "counts_by_unit_and_object": {
        "title": "Counts by unit and object",
        "description": "Mentions and summed values of every (unit, object) pair, most mentioned first",
        "sql": "select unit, object, count(*) as mentions, count(distinct article_id) as articles, "
               "sum(value) as total from counts group by unit, object order by mentions desc, unit, object",
    },
    "counts_of_object_by_month": {
        "title": "Counts of one object by month",
        "description": "Every count of an object (e.g. 实践创新基地) per publication month and site",
        "sql": "select a.month, a.site, c.value, c.unit, c.modifier, c.text, a.title, c.article_id "
               "from counts c join articles a on a.id = c.article_id where c.object = :object "
               "order by a.month, a.site, c.article_id, c.start",
    },
    "organizations_by_kind": {
        "title": "Organizations by kind",
        "description": "Each normalized name with its kind, the articles naming it and its mentions",
        "sql": "select kind, name, count(distinct article_id) as articles, sum(mentions) as mentions "
               "from organizations group by kind, name order by kind, articles desc, mentions desc, name",
    },
    "slogans_with_parts": {
        "title": "Slogans with their parts",
        "description": "Each slogan, its declared numbers, whether its parts agree, and the parts in order",
        "sql": "select s.article_id, s.text, s.declared, s.consistent, s.components_found, "
               "(select group_concat(text, '、') from (select text from components where slogan_id = s.id "
               "order by position)) as parts from slogans s order by s.article_id, s.start",
    },
}


class ExportError(Exception):
    """No records to export, or a record file that cannot be read."""


def record_files(outputs: Path) -> list[Path]:
    files = sorted(p for p in outputs.glob("*.json") if p.name != MANIFEST) if outputs.is_dir() else []
    if not files:
        raise ExportError(f"{outputs}: no record files (*.json): run build first")
    return files


def load_records(outputs: Path) -> list[dict]:
    records = []
    for path in record_files(outputs):
        try:
            records.append(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError) as error:
            raise ExportError(f"{path}: not a record ({error})") from error
    return records


def article_text(record: dict, outputs: Path) -> str:
    """The text the record's offsets index, or "" when its file is gone or has changed."""
    source = record.get("source", {})
    path = Path(source.get("path", ""))
    candidates = [path] if path.is_absolute() else [outputs.absolute().parent / path, REPO / path, Path.cwd() / path]
    for candidate in candidates:
        try:
            data = candidate.read_bytes()
        except OSError:
            continue
        if hashlib.sha256(data).hexdigest() != source.get("sha256"):
            return ""
        try:
            return decode(data, candidate)[0]
        except ReadError:
            return ""
    return ""


def rows(records: list[dict], outputs: Path) -> dict[str, list[dict]]:
    """Every table's rows, ids numbered in record order then item order."""
    tables: dict[str, list[dict]] = {name: [] for name in TABLES}
    for record in records:
        metadata, source, article_id = record.get("metadata", {}), record.get("source", {}), record["id"]
        published = metadata.get("published")
        tables["articles"].append({
            "id": article_id, "title": metadata.get("title"), "published": published,
            "month": published[:7] if published and published[4:5] == "-" else None,
            "site": metadata.get("source"), "dateline": metadata.get("dateline"), "reporter": metadata.get("reporter"),
            "editor": metadata.get("editor"), "url": metadata.get("url"), "path": source.get("path"),
            "sha256": source.get("sha256"), "encoding": source.get("encoding"), "text": article_text(record, outputs)})
        for kind in FACT_TABLES:
            table = tables.setdefault(kind, [])
            for item in record.get(kind) or []:
                row = fact_row(kind, item, len(table) + 1, article_id)
                table.append(row)
                if kind == "slogans":
                    for position, part in enumerate(item.get("components") or [], 1):
                        tables["components"].append({
                            "id": len(tables["components"]) + 1, "slogan_id": row["id"], "article_id": article_id,
                            "position": position, "text": part.get("text"), "start": part.get("start"),
                            "end": part.get("end")})
    return tables


def fact_row(kind: str, item: dict, row_id: int, article_id: str) -> dict:
    row = {"id": row_id, "article_id": article_id}
    for key, value in item.items():
        if kind == "dates" and key == "resolved":
            row["resolved"], row["anchor"] = (value or {}).get("value"), (value or {}).get("anchor")
        elif kind == "slogans" and key == "components":
            row["components_found"] = len(value or [])
        elif kind == "slogans" and key == "consistent":
            row[key] = None if value is None else int(value)
        elif isinstance(value, (list, dict)):
            row[key] = json.dumps(value, ensure_ascii=False)
        else:
            row[key] = value
    return row


def columns_of(name: str) -> dict[str, str]:
    return {column: kind for column, (kind, _) in TABLES[name][1].items()}


def write_database(tables: dict[str, list[dict]], path: Path) -> None:
    import sqlite_utils

    db = sqlite_utils.Database(path)
    # A new file renamed into place once whole: no journal, no sync per insert chunk (those
    # took four fifths of the time); export() syncs the finished file once.
    db.conn.execute("PRAGMA journal_mode = OFF")
    db.conn.execute("PRAGMA synchronous = OFF")
    db.conn.execute("PRAGMA foreign_keys = ON")
    for name, table_rows in tables.items():
        foreign = [] if name == "articles" else [("article_id", "articles", "id")]
        foreign += [("slogan_id", "slogans", "id")] if name == "components" else []
        columns = columns_of(name)
        db[name].create(columns, pk="id", foreign_keys=foreign)
        # The rows as they are (lists already JSON): sqlite-utils' insert_all converts every
        # value in Python, three quarters of the export's time.
        db.conn.executemany(f"INSERT INTO [{name}] ({', '.join(f'[{c}]' for c in columns)}) "
                            f"VALUES ({', '.join('?' * len(columns))})",
                            ([row.get(column) for column in columns] for row in table_rows))
    for name, indexes in INDEXES.items():
        for columns in indexes:
            db[name].create_index(columns)
    db["articles"].enable_fts(["title", "text"], tokenize="trigram")
    db["organizations"].enable_fts(["text", "name"], tokenize="trigram")
    db.conn.execute("ANALYZE")
    db.conn.commit()
    db.close()


def metadata(database: str, tables: dict[str, list[dict]]) -> dict:
    """datasette's metadata: every table and column described, the canned queries."""
    described = {}
    for name in tables:
        if name in TABLES:
            description, columns = TABLES[name][0], {c: text for c, (_, text) in TABLES[name][1].items()}
        else:
            description = f"{name.capitalize()} (extraction guide), once per article and distinct text"
            columns = {c: POSITION.get(c, ARTICLE_FK.get(c, c)) for c in columns_of(name, tables[name])}
        described[name] = {"description": description, "columns": columns}
        if name in ("articles", "organizations"):
            described[name]["fts_table"] = f"{name}_fts"
    return {"title": "newsfacts", "description": "Facts extracted from Chinese news reports "
                                                 "(counts, dates, organizations, slogans)",
            "databases": {database: {"tables": described, "queries": QUERIES}}}


def metadata_path(database: Path) -> Path:
    return database.with_name(f"{database.stem}.metadata.json")


def export(outputs: Path, database: Path) -> str:
    """Build ``database`` from the records in ``outputs``; a one-line summary."""
    started = time.perf_counter()
    records = load_records(outputs)
    tables = rows(records, outputs)
    database.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=database.parent, prefix=f".{database.name}.", suffix=".tmp")
    os.close(handle)
    try:
        Path(temporary).unlink()   # sqlite-utils makes the file
        write_database(tables, Path(temporary))
        with open(temporary, "rb") as stream:
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, database)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    write_atomic(metadata_path(database), json.dumps(metadata(database.stem, tables), ensure_ascii=False, indent=1) + "\n")
    texts = sum(1 for row in tables["articles"] if row["text"])
    sizes = ", ".join(f"{len(table_rows)} {name}" for name, table_rows in tables.items() if name != "articles")
    return (f"export: {len(records)} articles ({texts} with text), {sizes} -> {database} "
            f"(metadata {metadata_path(database).name}) in {time.perf_counter() - started:.1f}s")


def fingerprint(database: Path) -> str:
    """The database's content as SQL text, hashed: equal for equal exports."""
    import sqlite3

    with sqlite3.connect(database) as connection:
        return hashlib.sha256("\n".join(connection.iterdump()).encode()).hexdigest()

