"""Batch runs: ``extract`` over files and folders, and ``build`` of ``outputs/`` from ``corpus/``.

One bad article never stops a batch: its error is reported with the file name and the
others go on. Records are written atomically (a temporary file renamed into place), so a
killed run leaves each record whole or absent. ``build`` is incremental: an article is
re-extracted only when its bytes, the rules or the pipeline (version or code) changed, as recorded
in ``outputs/manifest.json`` (the pipeline's version covers its source code too);
unchanged records are not rewritten.
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from . import __version__, lexicon, process, records, shared_pipeline
from .reader import ReadError, read_article, read_bytes

MANIFEST = "manifest.json"
DATASET = "dataset.jsonl"
GOLD_DIR = "gold"
DATASET_ID = re.compile(rb'\{"id":("(?:[^"\\]|\\.)*")')  # a dataset line starts with its record's id
CHUNK = 8


@dataclass
class Outcome:
    path: str
    record: dict | None = None
    error: str | None = None


def discover(paths: Iterable[Path | str]) -> list[Path]:
    """The .txt articles named or inside the named folders (recursively, not gold/), sorted."""
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            # Sorted by parts, as Path orders itself, but each key made once (Path.__lt__
            # rebuilt both sides' parts at every comparison: a quarter second for 10,000).
            inside = len(path.parts)
            found.extend(p for p in sorted(path.rglob("*.txt"), key=lambda p: p.parts)
                         if GOLD_DIR not in p.parts[inside:])
        else:
            found.append(path)
    return found


def extract_one(path: str, segmenter: str = "jieba", data: bytes | None = None) -> Outcome:
    try:
        article = read_article(path, data)
        return Outcome(path, record=records.to_record(process(article, shared_pipeline(segmenter))))
    except ReadError as error:
        return Outcome(path, error=str(error))
    except Exception as error:  # noqa: BLE001 — one article's bug must not end the batch
        return Outcome(path, error=f"{path}: internal error: {type(error).__name__}: {error}")


def extract_many(paths: list[str], segmenter: str = "jieba", workers: int = 1,
                 scheduler: str | None = None) -> Iterator[Outcome]:
    """Outcomes in the order of ``paths``, whatever the number of worker processes; on the
    Dask cluster at ``scheduler`` when one is given."""
    if scheduler:
        yield from extract_on_dask(paths, segmenter, scheduler)
        return
    if workers <= 1 or len(paths) <= 1:
        yield from (extract_one(path, segmenter) for path in paths)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(extract_one, paths, [segmenter] * len(paths), chunksize=CHUNK)


def extract_batch(items: list[tuple[str, bytes | str]], segmenter: str) -> list[Outcome]:
    """A cluster task: articles sent as bytes (workers need not see the files); a str is
    the error met reading the file here."""
    return [Outcome(path, error=data) if isinstance(data, str) else extract_one(path, segmenter, data)
            for path, data in items]


def bytes_or_error(path: str) -> bytes | str:
    try:
        return read_bytes(path)
    except ReadError as error:
        return str(error)


def extract_on_dask(paths: list[str], segmenter: str, scheduler: str) -> Iterator[Outcome]:
    """The same extraction on a dask.distributed cluster (the ``dask`` extra), in order."""
    from distributed import Client

    with Client(scheduler) as client:
        batches = [[(path, bytes_or_error(path)) for path in paths[i:i + CHUNK]]
                   for i in range(0, len(paths), CHUNK)]
        futures = client.map(extract_batch, batches, segmenter=segmenter, pure=False)
        for future in futures:
            yield from future.result()


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


FILE_MODE = 0o666 & ~current_umask()  # mkstemp's files are private to their owner


def write_atomic(path: Path, text: str, durable: bool = True) -> None:
    """Write by renaming a complete temporary file over ``path``: never a half-written file.
    ``durable=False`` leaves out the fsync, for a caller that syncs once after many files
    (an fsync per record took a fifth of a full build)."""
    write_atomic_bytes(path, text.encode("utf-8"), durable)


def write_atomic_bytes(path: Path, data: bytes, durable: bool) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            if durable:
                stream.flush()
                os.fsync(stream.fileno())
        os.chmod(temporary, FILE_MODE)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_if_changed(path: Path, text: str, durable: bool = True) -> bool:
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    write_atomic(path, text, durable)
    return True


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """The pipeline's version and the sha256 of its source: any code change re-extracts."""
    digest = hashlib.sha256(__version__.encode())
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*.py")) + sorted(package.rglob("*.json")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def fingerprint(article_bytes: bytes, segmenter: str) -> str:
    """What a record depends on: the article, the rules, the pipeline's code, the segmenter."""
    digest = hashlib.sha256(article_bytes)
    digest.update(f"|{lexicon.rules_fingerprint()}|{code_fingerprint()}|{segmenter}".encode())
    return digest.hexdigest()


@dataclass
class BuildReport:
    articles: int = 0
    extracted: int = 0
    written: int = 0
    removed: int = 0
    errors: list[str] | None = None
    seconds: float = 0.0


class Progress:
    """A progress bar on a terminal, a plain line every tenth of the work elsewhere (CI logs)."""

    def __init__(self, total: int, label: str):
        self.total, self.label, self.done = total, label, 0
        self.bar = None
        if total and sys.stderr.isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=total, desc=label, unit="article")

    def advance(self) -> None:
        self.done += 1
        if self.bar is not None:
            self.bar.update(1)
        elif self.done == self.total or (self.total >= 100 and self.done % (self.total // 10) == 0):
            print(f"{self.label}: {self.done}/{self.total}", file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def build(corpus: Path, outputs: Path, segmenter: str = "jieba", workers: int | None = None,
          root: Path | None = None, scheduler: str | None = None) -> BuildReport:
    """Regenerate ``outputs`` from ``corpus``: one record per article, dataset.jsonl, manifest."""
    started = time.perf_counter()
    root = (root or Path.cwd()).absolute()
    report = BuildReport(errors=[])
    manifest_path = outputs / MANIFEST
    old_manifest = json.loads(manifest_path.read_text("utf-8")) if manifest_path.exists() else {}
    old_articles = old_manifest.get("articles", {})
    articles: dict[str, dict] = {}
    stale: list[str] = []
    corpus_shown = display_path(corpus, root)  # once, for the articles under it (0.15 s for 10,000)
    corpus_outside_root = Path(corpus_shown).is_absolute()
    for path in discover([corpus]):
        shown = (display_path(path, root) if corpus_outside_root
                 else under(corpus_shown, path.relative_to(corpus)))
        article_id = path.stem
        if article_id in articles:
            report.errors.append(f"{shown}: duplicate article id {article_id!r} "
                                 f"(also {articles[article_id]['path']})")
            continue
        try:
            print_ = fingerprint(path.read_bytes(), segmenter)
        except OSError as error:
            report.errors.append(f"{shown}: {error.strerror or error}")
            continue
        articles[article_id] = {"path": shown, "fingerprint": print_}
        if old_articles.get(article_id) != articles[article_id] or not (outputs / f"{article_id}.json").exists():
            stale.append(article_id)
    report.articles = len(articles)
    progress = Progress(len(stale), "extract")
    paths = [articles[i]["path"] for i in stale]
    resolved_paths = [str(root / p) if not Path(p).is_absolute() else p for p in paths]
    for article_id, outcome in zip(stale, extract_many(resolved_paths, segmenter, workers or default_workers(), scheduler)):
        progress.advance()
        report.extracted += 1
        if outcome.error:
            report.errors.append(outcome.error)
            del articles[article_id]
            (outputs / f"{article_id}.json").unlink(missing_ok=True)
            continue
        outcome.record["source"]["path"] = articles[article_id]["path"]
        report.written += write_if_changed(outputs / f"{article_id}.json", records.dumps(outcome.record),
                                           durable=False)
    progress.close()
    for old in sorted(outputs.glob("*.json")):
        if old.name != MANIFEST and old.stem not in articles:
            old.unlink()
            report.removed += 1
    write_dataset(outputs, sorted(articles), set(stale))
    os.sync()  # records and dataset on disk before the manifest that vouches for them
    manifest = {"pipeline": __version__, "code": code_fingerprint(), "rules": lexicon.rules_fingerprint(),
                "segmenter": segmenter,
                "articles": dict(sorted(articles.items()))}
    write_if_changed(manifest_path, records.dumps(manifest))
    report.seconds = time.perf_counter() - started
    return report


def write_dataset(outputs: Path, article_ids: list[str], extracted: set[str]) -> None:
    """dataset.jsonl: every record on one line, in id order. Lines of articles not extracted
    this time are taken from the previous dataset as bytes (re-reading 10,000 records, or
    even decoding the previous dataset, costs seconds)."""
    path = outputs / DATASET
    previous: dict[str, bytes] = {}
    if path.exists():
        for line in path.read_bytes().splitlines(keepends=True):
            previous[json.loads(DATASET_ID.match(line).group(1))] = line
    lines = [previous[i] if i in previous and i not in extracted
             else records.dumps_line(json.loads((outputs / f"{i}.json").read_text("utf-8"))).encode()
             for i in article_ids]
    if list(previous) != article_ids or any(previous[i] != line for i, line in zip(article_ids, lines)):
        write_atomic_bytes(path, b"".join(lines), durable=False)


def under(folder_shown: str, relative: Path) -> str:
    return relative.as_posix() if folder_shown == "." else f"{folder_shown}/{relative.as_posix()}"


def display_path(path: Path, root: Path) -> str:
    """A path relative to ``root`` (absolute) in POSIX form, so records are the same on every
    machine; outside ``root``, the absolute path (a relative one would be read as under
    ``root``). ``absolute`` does not touch the disk, unlike ``resolve`` (seconds for 10,000)."""
    try:
        return path.absolute().relative_to(root).as_posix()
    except ValueError:
        return path.absolute().as_posix()
