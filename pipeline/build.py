"""Batch runs: ``extract`` over files and folders, and ``build`` of ``outputs/`` from ``corpus/``.

One bad article never stops a batch: its error is reported with the file name and the
others go on. Records are written atomically (a temporary file renamed into place), so a
killed run leaves each record whole or absent. ``build`` is incremental: an article is
re-extracted only when its bytes, the rules or the pipeline (version or code) changed, as recorded
in ``outputs/manifest.json`` (the pipeline's version covers its source code too);
unchanged records are not rewritten.
"""
from __future__ import annotations

import collections
import contextlib
import fcntl
import functools
import hashlib
import json
import os
import re
import socket
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from . import __version__, lexicon, process, records, shared_pipeline
from . import workers as workers_
from .reader import ReadError, read_article, read_bytes

MANIFEST = "manifest.json"
DATASET = "dataset.jsonl"
LOCK = ".build.lock"
GOLD_DIR = "gold"
DATASET_ID = re.compile(rb'\{"id":("(?:[^"\\]|\\.)*")')  # a dataset line starts with its record's id
CHUNK = workers_.CHUNK
DEFAULT_TIMEOUT = 60.0  # seconds per article (--timeout); a report of 100k characters takes under one


@dataclass
class Outcome:
    path: str
    record: dict | None = None
    error: str | None = None
    replayed: tuple[str, ...] = ()   # the extractors whose kept writes stood in for a run


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
        doc = process(article, shared_pipeline(segmenter))
        return Outcome(path, record=records.to_record(doc), replayed=doc._.replayed)
    except ReadError as error:
        return Outcome(path, error=str(error))
    except Exception as error:  # noqa: BLE001 — one article's bug must not end the batch
        return Outcome(path, error=f"{path}: internal error: {type(error).__name__}: {error}")


def failed_outcome(path: str, reason: str) -> Outcome:
    return Outcome(path, error=f"{path}: {reason}")


def extract_many(paths: list[str], segmenter: str = "jieba", workers: int = 1,
                 scheduler: str | None = None, timeout: float | None = DEFAULT_TIMEOUT) -> Iterator[Outcome]:
    """Outcomes in the order of ``paths``, whatever the number of worker processes; on the
    Dask cluster at ``scheduler`` when one is given. Locally every article runs in a
    supervised child process: past ``timeout`` seconds (None: no limit), or if its worker
    dies, it fails by name and the others go on."""
    if scheduler:
        yield from extract_on_dask(paths, segmenter, scheduler)
        return
    if not paths:
        return
    work = functools.partial(extract_one, segmenter=segmenter)
    load = functools.partial(shared_pipeline, segmenter)
    yield from workers_.run_in_order(paths, work, workers, timeout, failed_outcome, prepare=load)


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


TEMPORARY = re.compile(r"\.[^/]+\.[a-z0-9_]{8}\.tmp")   # mkstemp's name for write_atomic_bytes


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


class BuildError(Exception):
    """A build that cannot start or must stop; the message names the file and the reason.
    Nothing is removed, and the manifest still vouches only for what it checked."""


@dataclass
class BuildReport:
    articles: int = 0
    extracted: int = 0
    written: int = 0
    removed: int = 0
    repaired: int = 0
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    replayed: collections.Counter = field(default_factory=collections.Counter)   # articles per extractor
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


class BuildLock:
    """``outputs/.build.lock``, held with flock for the whole build: a second build of the
    same folder stops with the holder named. The kernel drops the lock when its holder dies,
    so a killed build leaves no stale lock (at most an unlocked file, taken over by the next
    build); a finished build removes the file."""

    def __init__(self, outputs: Path):
        self.path = outputs / LOCK

    def __enter__(self) -> "BuildLock":
        while True:
            self.stream = open(self.path, "a+", encoding="utf-8")
            try:
                fcntl.flock(self.stream, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                self.stream.seek(0)
                holder = self.stream.read().strip() or "another process"
                self.stream.close()
                raise BuildError(f"{self.path}: another build of this folder is running ({holder})") from None
            if self.is_still_the_file():
                break
            self.stream.close()  # its holder removed it as we opened it: take the new one
        self.stream.truncate(0)
        self.stream.write(f"pid {os.getpid()} on {socket.gethostname()} since "
                          f"{time.strftime('%Y-%m-%d %H:%M:%S')}\n")
        self.stream.flush()
        return self

    def is_still_the_file(self) -> bool:
        try:
            return os.path.samestat(os.fstat(self.stream.fileno()), os.stat(self.path))
        except FileNotFoundError:
            return False

    def __exit__(self, *exc_info) -> None:
        self.path.unlink(missing_ok=True)
        self.stream.close()


def build(corpus: Path, outputs: Path, segmenter: str = "jieba", workers: int | None = None,
          root: Path | None = None, scheduler: str | None = None,
          timeout: float | None = DEFAULT_TIMEOUT, prune: bool = False) -> BuildReport:
    """Regenerate ``outputs`` from ``corpus``: one record per article, dataset.jsonl, manifest.

    ``outputs`` holds only what the manifest lists as written by a build: no other file is
    ever removed, but the temporary files of a build killed while writing (write_atomic's
    ``.<name>.*.tmp``). Records count as current only when their bytes hash to what the manifest
    recorded, so a damaged, hand-edited or half-built record is re-extracted. Before any
    record is written, the manifest claims it unfinished: a build killed at any point,
    then run again, gives the same bytes as a clean build."""
    started = time.perf_counter()
    root = (root or Path.cwd()).absolute()
    if not corpus.is_dir():
        reason = "no such folder" if not corpus.exists() else "not a folder"
        raise BuildError(f"{corpus}: cannot read the corpus: {reason}")
    try:
        outputs.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise BuildError(f"{outputs}: cannot create the outputs folder: {error.strerror or error}") from error
    with BuildLock(outputs):
        report = BuildReport()
        remove_leftover_temporaries(outputs)
        old = read_manifest(outputs / MANIFEST, report)
        articles = corpus_articles(corpus, root, segmenter, report)
        if not articles and old and not prune:
            raise BuildError(f"{corpus}: no .txt articles found; the {len(old)} records of the last "
                             f"build are kept (build --prune removes them)")
        stale = [i for i, entry in articles.items() if not is_current(outputs, i, entry, old.get(i), report)]
        gone = sorted(set(old) - set(articles))
        if stale or gone:  # claim the records about to change before touching any
            claimed = {**old, **{i: {**articles[i], "fingerprint": None} for i in stale}}
            write_manifest(outputs, segmenter, claimed)
        extract_stale(articles, stale, outputs, root, segmenter, workers, scheduler, timeout, report)
        for article_id in gone:
            remove(outputs / f"{article_id}.json")
            report.removed += 1
        write_dataset(outputs, articles, set(stale), old)
        os.sync()  # records and dataset on disk before the manifest that vouches for them
        write_manifest(outputs, segmenter, articles)
    report.articles = len(articles)
    report.seconds = time.perf_counter() - started
    return report


def read_manifest(path: Path, report: BuildReport) -> dict[str, dict]:
    """The previous build's articles; none (so every record is re-extracted) when the
    manifest is missing or damaged."""
    if not path.exists():
        return {}
    try:
        articles = json.loads(path.read_bytes())["articles"]
        if not isinstance(articles, dict) or not all(isinstance(v, dict) for v in articles.values()):
            raise ValueError("articles is not a table of records")
        return articles
    except (OSError, ValueError, KeyError, TypeError) as error:
        report.notes.append(f"{path}: unreadable manifest ({type(error).__name__}: {error}); "
                            f"every record is re-extracted, no file it named is removed")
        return {}


def corpus_articles(corpus: Path, root: Path, segmenter: str, report: BuildReport) -> dict[str, dict]:
    """Each article's id, its path as shown in records, and its fingerprint."""
    articles: dict[str, dict] = {}
    corpus_shown = display_path(corpus, root)  # once, for the articles under it (0.15 s for 10,000)
    corpus_outside_root = Path(corpus_shown).is_absolute()
    for path in discover([corpus]):
        shown = (display_path(path, root) if corpus_outside_root
                 else under(corpus_shown, path.relative_to(corpus)))
        article_id = path.stem
        if problem := name_problem(shown, article_id):
            report.errors.append(problem)
        elif article_id in articles:
            report.errors.append(f"{shown}: duplicate article id {article_id!r} "
                                 f"(also {articles[article_id]['path']})")
        else:
            try:
                articles[article_id] = {"path": shown, "fingerprint": fingerprint(path.read_bytes(), segmenter)}
            except OSError as error:
                report.errors.append(f"{shown}: {error.strerror or error}")
    return articles


def name_problem(shown: str, stem: str) -> str | None:
    """Why a file cannot be an article by its name: undecodable bytes (kept by Python as lone
    surrogates) make an id that no record can hold."""
    try:
        stem.encode("utf-8")
        return None
    except UnicodeEncodeError:
        return f"{ascii(shown)}: the file name is not valid UTF-8; rename the file"


def is_current(outputs: Path, article_id: str, entry: dict, old: dict | None, report: BuildReport) -> bool:
    """Whether the previous record of this article stands: same fingerprint and path, and
    the record file's bytes are the ones the manifest recorded."""
    if old is None or any(old.get(key) != entry[key] for key in ("path", "fingerprint")):
        return False
    try:
        data = (outputs / f"{article_id}.json").read_bytes()
    except OSError:
        data = None
    if data is None or hashlib.sha256(data).hexdigest() != old.get("record"):
        report.repaired += 1
        report.notes.append(f"{outputs / f'{article_id}.json'}: missing or damaged record, re-extracted")
        return False
    entry.update(record=old["record"], line=old.get("line"))
    return True


def extract_stale(articles: dict[str, dict], stale: list[str], outputs: Path, root: Path, segmenter: str,
                  workers: int | None, scheduler: str | None, timeout: float | None,
                  report: BuildReport) -> None:
    """Extract the stale articles and write their records (an article that fails loses its
    record and its place in the manifest: it is retried on the next build)."""
    progress = Progress(len(stale), "extract")
    paths = [articles[i]["path"] for i in stale]
    resolved_paths = [p if Path(p).is_absolute() else str(root / p) for p in paths]
    outcomes = extract_many(resolved_paths, segmenter, workers or default_workers(), scheduler, timeout)
    with contextlib.closing(outcomes), cannot_prepare_is_a_build_error():
        for article_id, outcome in zip(stale, outcomes):
            progress.advance()
            report.extracted += 1
            report.replayed.update(outcome.replayed)
            path = outputs / f"{article_id}.json"
            if outcome.error:
                report.errors.append(outcome.error)
                del articles[article_id]
                remove(path)
                continue
            outcome.record["source"]["path"] = articles[article_id]["path"]
            text = records.dumps(outcome.record)
            try:
                report.written += write_if_changed(path, text, durable=False)
            except OSError as error:
                raise BuildError(f"{path}: cannot write the record: {error.strerror or error}") from error
            articles[article_id]["record"] = hashlib.sha256(text.encode("utf-8")).hexdigest()
    progress.close()


@contextlib.contextmanager
def cannot_prepare_is_a_build_error():
    try:
        yield
    except workers_.PrepareError as error:
        raise BuildError(f"the pipeline cannot be loaded: {error}") from error


def remove_leftover_temporaries(outputs: Path) -> None:
    """The temporary files write_atomic leaves when a build is killed between writing one and
    renaming it (.manifest.json.x8k2.tmp): only a build writes them, and it holds the lock."""
    for path in outputs.glob(".*.tmp"):
        if TEMPORARY.fullmatch(path.name):
            remove(path)


def remove(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError as error:
        raise BuildError(f"{path}: cannot remove the record: {error.strerror or error}") from error


def write_manifest(outputs: Path, segmenter: str, articles: dict[str, dict]) -> None:
    manifest = {"pipeline": __version__, "code": code_fingerprint(), "rules": lexicon.rules_fingerprint(),
                "segmenter": segmenter, "articles": dict(sorted(articles.items()))}
    path = outputs / MANIFEST
    try:
        write_if_changed(path, records.dumps(manifest))
    except OSError as error:
        raise BuildError(f"{path}: cannot write the manifest: {error.strerror or error}") from error


def write_dataset(outputs: Path, articles: dict[str, dict], extracted: set[str], old: dict[str, dict]) -> None:
    """dataset.jsonl: every record on one line, in id order. A line of an article not
    extracted this time is taken from the previous dataset as bytes (re-reading 10,000
    records costs seconds) when it hashes to what the manifest recorded; any other line is
    made anew from the record file."""
    path = outputs / DATASET
    previous: dict[str, bytes] = {}
    before = path.read_bytes() if path.exists() else None
    if before is not None:
        for line in before.splitlines(keepends=True):
            match = DATASET_ID.match(line)
            if match:
                previous.setdefault(match.group(1).decode("utf-8", "replace"), line)
    lines = []
    for article_id in sorted(articles):
        line = previous.get(json.dumps(article_id, ensure_ascii=False))
        recorded = old.get(article_id, {}).get("line")
        if article_id in extracted or line is None or hashlib.sha256(line).hexdigest() != recorded:
            line = records.dumps_line(json.loads((outputs / f"{article_id}.json").read_bytes())).encode()
        articles[article_id]["line"] = hashlib.sha256(line).hexdigest()
        lines.append(line)
    data = b"".join(lines)
    try:
        if data != before:
            write_atomic_bytes(path, data, durable=False)
    except OSError as error:
        raise BuildError(f"{path}: cannot write the dataset: {error.strerror or error}") from error


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
