"""Throughput benchmark of the extraction pipeline: prints figures, asserts nothing.

It first generates its own corpus from the repository's articles (corpus/seeds and
corpus/team, decoded with pipeline.reader.read_article): each article takes the title,
opening line and encoding of one source article, then paragraphs drawn from all of them,
with digit runs redrawn (dates and times kept valid) and place and reporter names swapped
among small lists taken from the texts. The generation is seeded, so the same options
give the same bytes. The corpus goes to a temporary folder (--dir .bench to put it under
the git-ignored .bench/), removed at the end unless --keep.

Then it prints, one labelled line each:
  * machine (CPUs, Python) and corpus size (articles, characters, encodings);
  * end-to-end characters per second of the default pipeline over a sample (read + process
    + records.to_record + records.dumps, one process) next to plain jieba.lcut on the same
    texts (after jieba.initialize()), timed in turns of 50 articles, and their ratio: first
    with the caches empty (the model runs, jieba cuts the extractors' phrases), then again
    with them filled (what a rebuild after a rule or code change costs: the model's spans
    and the phrases' words are kept per article), then with the words' cache emptied (after
    a change to the user dictionary, jieba cuts again). The process's own cache of cut
    phrases is emptied before each article: the generated reports share their paragraphs;
  * the name model alone (pipeline.ner, nlp.pipe in batches, Viterbi decoding) over the
    sample's sentences: characters per second on one core;
  * characters per second of each stage: read, tokenize (make_doc), every component of
    nlp.pipeline (zh_segment and the extractors, zh_names with its cache filled), write;
  * cold start: `python -m pipeline extract ARTICLE` in a fresh process against
    `python -c "import jieba; jieba.initialize()"` (wall time, median of 5, in turns);
  * peak memory per worker (ru_maxrss) and the speed-up of 2 workers over 1
    (pipeline.build.extract_many over the sample, each in a child process; 1 and 2 workers
    in turns, the faster of two runs each), next to the same for jieba.lcut alone (what the
    machine's two cores give plain CPU work);
  * pipeline.build.build over the whole corpus with 2 workers and an empty model cache (a
    cold build with the model), then again after one article's bytes changed (incremental
    rebuild), then into empty outputs with the model cache filled (a rules-only rebuild:
    every record re-extracted, as after a rule change) next to jieba.lcut over the same
    files on 2 processes, and their ratio;
  * the rebuilds after a change to one rule file (an edit to a copy of rules/ that changes
    no output: what the change costs, not what it finds) with the stage cache on, next to
    jieba.lcut over the same files in 1 and 2 processes: each extractor that reads the file runs
    again, the others replay what they wrote (pipeline/stage_cache.py). Every figure above
    is taken with the stage cache off ($PIPELINE_STAGE_CACHE=0): it measures the extractors;
  * with --large-article MB, one article of that size (a seed repeated) extracted in one
    process: characters per second and counts found (the test suite checks 200 KB).

Run it from the repository root:

    .venv/bin/python scripts/benchmark.py --articles 300      # a quick run (about a minute)
    .venv/bin/python scripts/benchmark.py                     # 10,000 articles, >= 20M characters
    .venv/bin/python scripts/benchmark.py --skip build cold   # leave out slow parts
    .venv/bin/python scripts/benchmark.py --profile           # cProfile top-10 of the slowest stage
    .venv/bin/python scripts/benchmark.py --profile zh_slogans  # ... of one stage
    .venv/bin/python scripts/benchmark.py --adversarial       # only the adversarial runs below

With --adversarial it generates no corpus and prints, for each kind of adversarial text (a
run of digits, of Chinese numerals, 百分之 repeated, dates run together, numerals of every
kind mixed) and each size (10k, 100k and 1M characters; --adversarial-sizes), the seconds
of the whole extraction (process + to_record + dumps) and the microseconds per character,
which stay flat when every scan is linear in the text.
"""
from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import json
import multiprocessing
import os
import platform
import pstats
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import regex

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import pipeline  # noqa: E402
from pipeline import build as batch  # noqa: E402
from pipeline import lexicon, records, segment, stage_cache  # noqa: E402
from pipeline.reader import Article, extract_metadata, read_article  # noqa: E402

SOURCE_DIRS = ("corpus/seeds", "corpus/team")
PARTS = ("e2e", "stages", "cold", "workers", "build")
PART_HELP = {"e2e": "end-to-end pipeline vs jieba.lcut", "stages": "per-stage chars/s",
             "cold": "cold start of a fresh process", "workers": "peak memory and 1 vs 2 workers",
             "build": "full and incremental build of the whole corpus"}

# Place names swapped among themselves (short city names, districts); only those found in
# the source texts are used. A short name also changes its full form (宁波 in 宁波市).
CITIES = ("上海", "宁波", "无锡", "福州", "厦门", "青岛", "温州", "株洲", "成都", "合肥", "佛山", "深圳")
DISTRICTS = ("城阳区", "黄浦区", "蜀山区", "天元区", "鄞州区", "嘉定区", "成华区", "梁溪区", "鹿城区")
REPORTER_NAME = regex.compile(r"^\p{Han}{2,3}$")
LONG_SHARE, LONG_FACTOR = 0.01, 10  # one article in a hundred is a long report
TURN = 50  # articles timed with the pipeline, then with jieba, in turns
NUMBER = regex.compile(
    r"(?P<iso>\d{4}-\d{1,2}-\d{1,2})|(?P<year>\d{4})(?=\s*年)|(?P<month>\d{1,2})(?=\s*月)"
    r"|(?P<day>\d{1,2})(?=\s*[日号])|(?P<hour>\d{1,2})(?=\s*[时点:：])|(?<=[:：])(?P<minute>\d{2})"
    r"|(?P<digits>\d+)")
CHANGED_LINE = "\n（本文已更新）\n"
# The rule files edited one after another for the rebuilds with the stage cache on: each
# extractor's own, the organizations' rules (their stage alone) and heads (theirs and the names'),
# the shared lexicon (all).
EDITED_RULES = ("dates.yaml", "slogans.yaml", "counts.yaml", "persons.yaml", "places.yaml",
                "organizations/patterns.yaml", "organizations/heads.yaml", "lexicon.yaml")
# Texts that once took time quadratic in their length (a numeral pattern tried every end of
# a run at every position of it): one unit repeated to the size measured.
ADVERSARIAL = {
    "digits": "1234567890",
    "chinese numerals": "一二三四五六七八九十百千万亿",
    "百分之 repeated": "百分之",
    "dates run together": "2023年1月2日",
    "mixed numerals": "3万5千二百点1,000.5亿两〇二三年",
}
ADVERSARIAL_SIZES = (10_000, 100_000, 1_000_000)
MB = 1024  # ru_maxrss is in kilobytes on Linux


# ---------------------------------------------------------------- corpus generation

@dataclass
class Source:
    """What the generator takes from one repository article."""
    lines: list[str]
    encoding: str


@dataclass
class Corpus:
    folder: Path
    paths: list[str] = field(default_factory=list)
    chars: list[int] = field(default_factory=list)
    encodings: Counter = field(default_factory=Counter)
    seconds: float = 0.0


def load_sources() -> list[Source]:
    sources = []
    for folder in SOURCE_DIRS:
        for path in sorted((REPO / folder).glob("*.txt")):
            article = read_article(path)
            lines = [line.rstrip() for line in article.text.splitlines() if line.strip()]
            sources.append(Source(lines, article.encoding))
    return sources


def name_groups(sources: list[Source]) -> list[list[str]]:
    """Lists of interchangeable names found in the texts: cities, districts, reporters."""
    text = "\n".join(line for source in sources for line in source.lines)
    reporters = set()
    for source in sources:
        reporter = extract_metadata("\n".join(source.lines)).get("reporter")
        reporters.update(w for w in regex.split(r"[、\s]+", reporter or "") if REPORTER_NAME.match(w))
    groups = [[name for name in CITIES if name in text], [name for name in DISTRICTS if name in text],
              sorted(name for name in reporters if name != "通讯员")]
    return [group for group in groups if len(group) > 1]


class Generator:
    """Deterministic articles recombined from the sources (seeded ``random.Random``)."""

    def __init__(self, sources: list[Source], seed: int, mean_chars: int):
        self.sources, self.rng, self.mean_chars = sources, random.Random(seed), mean_chars
        self.group_of = {name: group for group in name_groups(sources) for name in group}
        self.names = regex.compile("|".join(sorted(self.group_of, key=lambda n: (-len(n), n))))
        body = [line for source in sources for line in source.lines[1:]]
        # Per encoding, the paragraphs it can hold (Big5 leads take traditional paragraphs).
        self.pools = {s.encoding: [p for p in body if encodable(p, s.encoding)] for s in sources}

    def article(self) -> tuple[str, str]:
        """(text, encoding) of one new article."""
        rng, lead = self.rng, self.rng.choice(self.sources)
        target = rng.randint(self.mean_chars // 2, self.mean_chars * 3 // 2)
        if rng.random() < LONG_SHARE:
            target *= LONG_FACTOR
        paragraphs = lead.lines[:2]
        length = sum(map(len, paragraphs))
        pool = self.pools[lead.encoding]
        while length < target:
            paragraphs.append(rng.choice(pool))
            length += len(paragraphs[-1]) + 2
        text = self.vary("\n\n".join(paragraphs), lead.encoding) + "\n"
        return text, lead.encoding if encodable(text, lead.encoding) else "utf-8"

    def vary(self, text: str, encoding: str) -> str:
        text = NUMBER.sub(self.number, text)
        return self.names.sub(lambda m: self.other_name(m.group(), encoding), text)

    def other_name(self, name: str, encoding: str) -> str:
        return self.rng.choice([other for other in self.group_of[name] if encodable(other, encoding)])

    def number(self, match: regex.Match) -> str:
        rng, kind, digits = self.rng, match.lastgroup, match.group()
        if kind == "iso":
            return f"{rng.randint(2015, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        ranges = {"year": (2015, 2025), "month": (1, 12), "day": (1, 28), "hour": (0, 23), "minute": (0, 59)}
        if kind in ranges:  # zero-padded only where the source pads minutes (08:05)
            return f"{rng.randint(*ranges[kind]):0{len(digits) if kind == 'minute' else 1}d}"
        first = "0" if digits[0] == "0" else rng.choice("123456789")
        return first + "".join(rng.choice("0123456789") for _ in digits[1:])


def encodable(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
        return True
    except UnicodeEncodeError:
        return False


def generate(folder: Path, articles: int, seed: int, mean_chars: int) -> Corpus:
    started = time.perf_counter()
    folder.mkdir(parents=True, exist_ok=True)
    corpus = Corpus(folder)
    generator = Generator(load_sources(), seed, mean_chars)
    for index in range(articles):
        text, encoding = generator.article()
        path = folder / f"bench_{index:05d}.txt"
        path.write_bytes(text.encode(encoding))
        corpus.paths.append(str(path))
        corpus.chars.append(len(text))
        corpus.encodings[encoding] += 1
    corpus.seconds = time.perf_counter() - started
    return corpus


# ---------------------------------------------------------------- measurements

def report(label: str, value: str) -> None:
    print(f"{label:<58} {value}", flush=True)


def rate(chars: int, seconds: float) -> str:
    return f"{chars / seconds:>12,.0f} chars/s  ({seconds:.2f} s)"


def warm_pipeline(path: str):
    """The shared pipeline, loaded and run once so that lazy loads (jieba) are not timed."""
    nlp = pipeline.shared_pipeline()
    records.dumps(records.to_record(pipeline.process(read_article(path), nlp)))
    return nlp


def forget_phrases() -> None:
    """Empty the process's cache of cut phrases before each article: the generated reports
    share their paragraphs, so one report's phrases would be found cut in another's, which
    real reports seldom allow (a phrase read again within one article, or kept on disk for
    it by an earlier run, is still found)."""
    segment.cut_cached.cache_clear()


def end_to_end(paths: list[str], nlp) -> tuple[float, float]:
    """Seconds of the pipeline (read + process + write) and of jieba.lcut over the same
    articles, taken in turns of TURN articles: a slow spell of a shared machine then
    slows both sides alike instead of one."""
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    pipeline_s = jieba_s = 0.0
    for first in range(0, len(paths), TURN):
        chunk = paths[first:first + TURN]
        texts = [read_article(path).text for path in chunk]
        started = time.perf_counter()
        for path in chunk:
            forget_phrases()
            records.dumps(records.to_record(pipeline.process(read_article(path), nlp)))
        pipeline_s += time.perf_counter() - started
        started = time.perf_counter()
        for text in texts:
            jieba.lcut(text)
        jieba_s += time.perf_counter() - started
    return pipeline_s, jieba_s


class StageClock:
    """Seconds spent per stage; one stage may run under cProfile."""

    def __init__(self, profiled: str | None = None):
        self.seconds: Counter = Counter()
        self.profiled, self.profiler = profiled, cProfile.Profile()

    def run(self, stage: str, function, *args):
        profiling = stage == self.profiled
        if profiling:
            self.profiler.enable()
        started = time.perf_counter()
        result = function(*args)
        self.seconds[stage] += time.perf_counter() - started
        if profiling:
            self.profiler.disable()
        return result


def name_model_alone(paths: list[str], nlp) -> None:
    """The name model over the sentences of the articles, as the names stage sends them."""
    from pipeline import names, ner

    model = ner.load()
    texts = []
    for path in paths:
        doc = make_doc(nlp, read_article(path))
        text = segment.text_of(doc)
        doc = nlp.get_pipe("zh_segment")(doc)
        texts += [text[s:e] for s, e in doc._.sentences if names.HAN.search(text, s, e)]
    model.tag(texts[:50])
    started = time.perf_counter()
    model.tag(texts)
    report(f"name model alone, 1 core ({model.version})", rate(sum(map(len, texts)), time.perf_counter() - started))


KEPT_WORDS = "kept words (segment.remembered_words)"


def run_stages(paths: list[str], nlp, clock: StageClock) -> None:
    """pipeline.process taken apart (keep in step with it), each stage timed on its own."""
    for path in paths:
        forget_phrases()
        article = clock.run("read", read_article, path)
        doc = clock.run("tokenize (make_doc)", make_doc, nlp, article)
        kept_words = segment.remembered_words(article.text)
        clock.run(KEPT_WORDS, kept_words.__enter__)
        for name, component in nlp.pipeline:
            doc = clock.run(name, component, doc)
        clock.run(KEPT_WORDS, kept_words.__exit__, None, None, None)
        clock.run("write (to_record + dumps)", lambda d: records.dumps(records.to_record(d)), doc)


def make_doc(nlp, article: Article):
    doc = nlp.make_doc(article.text)
    doc._.article_id = article.id
    doc._.source = {"path": article.path, "sha256": article.sha256}
    doc._.encoding = article.encoding
    doc._.metadata = article.metadata
    return doc


def print_stages(clock: StageClock, chars: int) -> str:
    total = sum(clock.seconds.values())
    for stage, seconds in clock.seconds.items():
        report(f"stage {stage}", f"{rate(chars, seconds)}  {100 * seconds / total:4.1f}% of the time")
    report("stages together", rate(chars, total))
    return max(clock.seconds, key=clock.seconds.get)


def print_profile(clock: StageClock, top: int = 10) -> None:
    print(f"\ncProfile of the stage {clock.profiled} (top {top} by own time):")
    stream = io.StringIO()
    pstats.Stats(clock.profiler, stream=stream).strip_dirs().sort_stats("tottime").print_stats(top)
    lines = stream.getvalue().splitlines()
    start = next(i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls"))
    print("\n".join(line for line in lines[start:] if line.strip()))
    print()


def wall(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=REPO, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def cold_start(article: str, runs: int = 5) -> None:
    """Median wall times of the two commands as fresh processes, run in turns after one
    untimed run of each (which fills the caches in the temp dir)."""
    commands = ([sys.executable, "-m", "pipeline", "extract", article],
                [sys.executable, "-c", "import jieba; jieba.initialize()"])
    for command in commands:
        wall(command)
    times = list(zip(*[[wall(command) for command in commands] for _ in range(runs)]))
    pipeline_s, jieba_s = (statistics.median(t) for t in times)
    report("cold start: python -m pipeline extract <1 article>", f"{pipeline_s:6.2f} s  (median of {runs})")
    report('cold start: python -c "import jieba; jieba.initialize()"', f"{jieba_s:6.2f} s  (median of {runs})")
    report("cold start ratio pipeline / jieba (wall time)", f"{pipeline_s / jieba_s:6.2f}")


def in_child(*arguments: str) -> dict:
    """This script in a fresh process (--child-extract, --child-build): its JSON answer."""
    command = [sys.executable, __file__, *arguments]
    done = subprocess.run(command, cwd=REPO, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.splitlines()[-1])


def child_extract(workers: int, paths_file: str) -> None:
    """In the fresh process, extract in a forked process and read RUSAGE_CHILDREN.

    Linux carries ru_maxrss across exec, so this process's own RUSAGE_SELF starts at the
    benchmark's peak; a process forked from here starts at this one's small footprint
    (its imports), so RUSAGE_CHILDREN is the extraction's own peak: the one worker's with
    workers=1, the largest worker's with workers=2 (the pool's parent loads no pipeline).
    """
    paths = Path(paths_file).read_text("utf-8").splitlines()
    context = multiprocessing.get_context("fork")
    errors = context.Value("i", 0)
    started = time.perf_counter()
    extraction = context.Process(target=extract_all, args=(paths, workers, errors))
    extraction.start()
    extraction.join()
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / MB
    print(json.dumps({"seconds": seconds, "errors": errors.value, "peak_mb": peak_mb}))


def extract_all(paths: list[str], workers: int, errors) -> None:
    errors.value = sum(outcome.error is not None for outcome in batch.extract_many(paths, workers=workers))


def lcut_file(path: str) -> int:
    import jieba

    jieba.setLogLevel(60)
    return len(jieba.lcut(read_article(path).text))


def child_lcut(workers: int, paths_file: str) -> None:
    """jieba.lcut over the same files, in this process or spread over a pool as extract_many
    spreads articles: what 2 processes give over 1 on this machine for plain CPU work."""
    paths = Path(paths_file).read_text("utf-8").splitlines()
    started = time.perf_counter()
    if workers == 1:
        [lcut_file(path) for path in paths]
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            list(pool.map(lcut_file, paths, chunksize=batch.CHUNK))
    print(json.dumps({"seconds": time.perf_counter() - started}))


def workers_and_memory(paths: list[str], chars: int, work: Path, rounds: int = 2) -> None:
    """1 and 2 workers in turns, ``rounds`` times each; the fastest of each is compared. The
    same for jieba.lcut alone: a shared machine's two cores seldom give twice one core."""
    paths_file = work / "sample.txt"
    paths_file.write_text("\n".join(paths), "utf-8")
    runs = {1: [], 2: []}
    reference = {1: [], 2: []}
    for _ in range(rounds):
        for workers in runs:
            runs[workers].append(in_child("--child-extract", str(workers), str(paths_file)))
            reference[workers].append(in_child("--child-lcut", str(workers), str(paths_file))["seconds"])
    one, two = (min(runs[workers], key=lambda run: run["seconds"]) for workers in runs)
    report("peak memory, workers=1 (ru_maxrss, RUSAGE_CHILDREN)", f"{one['peak_mb']:8.0f} MB")
    report("peak memory per worker, workers=2 (largest worker)", f"{two['peak_mb']:8.0f} MB")
    report(f"extract_many workers=1 (wall, includes pipeline load; best of {rounds})", rate(chars, one["seconds"]))
    report(f"extract_many workers=2 (wall, includes pipeline load; best of {rounds})", rate(chars, two["seconds"]))
    errors = sum(run["errors"] for run in runs[1] + runs[2])
    report("speed-up 2 workers / 1",
           f"{one['seconds'] / two['seconds']:6.2f}x" + (f"  ({errors} errors)" if errors else ""))
    report("jieba.lcut alone over the same files, 2 processes / 1 (best of each)",
           f"{min(reference[1]) / min(reference[2]):6.2f}x")


def child_build(corpus: str, outputs: str) -> None:
    """build() in a fresh process, as `python -m pipeline build --workers 2` runs it."""
    with contextlib.redirect_stderr(io.StringIO()):  # its progress lines
        done = batch.build(Path(corpus), Path(outputs), workers=2, root=Path(corpus).parent)
    print(json.dumps({"seconds": done.seconds, "articles": done.articles, "extracted": done.extracted,
                      "written": done.written, "errors": len(done.errors)}))


def incremental_build(corpus: Corpus, work: Path) -> None:
    """A full build with an empty model cache, one article's bytes changed, the build again
    (only it is re-extracted), then a build into empty outputs with the cache filled."""
    os.environ["PIPELINE_CACHE"] = str(work / "build-cache")   # empty: the children run the model
    arguments = ("--child-build", str(corpus.folder), str(work / "outputs"))
    full = in_child(*arguments)
    changed = Path(corpus.paths[len(corpus.paths) // 2])
    article = read_article(changed)
    changed.write_bytes((article.text + CHANGED_LINE).encode(article.encoding))
    again = in_child(*arguments)
    errors = full["errors"] + again["errors"]
    report(f"build, full ({full['articles']:,} articles, workers=2, fresh process)",
           f"{full['seconds']:8.2f} s  ({full['extracted']:,} extracted, {full['written']:,} written)")
    report(f"build, after changing 1 article of {again['articles']:,}",
           f"{again['seconds']:8.2f} s  ({again['extracted']:,} extracted, {again['written']:,} written)")
    report("incremental / full", f"{again['seconds'] / full['seconds']:8.2%}"
           + (f"  ({errors} errors)" if errors else ""))
    rules_only = in_child("--child-build", str(corpus.folder), str(work / "outputs-again"))
    paths_file = work / "corpus-paths.txt"
    paths_file.write_text("\n".join(corpus.paths), "utf-8")
    chars = sum(corpus.chars)
    report("build, full, cold model cache (chars/s)", rate(chars, full["seconds"]))
    report("build, rules-only rebuild (model cache filled, empty outputs)",
           rate(chars, rules_only["seconds"]) + (f"  ({rules_only['errors']} errors)" if rules_only["errors"] else ""))
    jieba_s = {}
    for processes in ("1", "2"):
        jieba_s[processes] = in_child("--child-lcut", processes, str(paths_file))["seconds"]
        report(f"jieba.lcut over the same files, {processes} process(es)", rate(chars, jieba_s[processes]))
        report(f"rules-only rebuild (2 workers) / jieba.lcut ({processes} process(es))",
               f"{jieba_s[processes] / rules_only['seconds']:8.3f}")
    rule_change_rebuilds(corpus, work, jieba_s)


def rule_change_rebuilds(corpus: Corpus, work: Path, jieba_s: dict[str, float]) -> None:
    """With the stage cache on and a copy of rules/: one build that keeps every extractor's
    writes, then one rebuild after an edit to each of EDITED_RULES in turn."""
    rules = work / "rules"
    shutil.copytree(lexicon.RULES_DIR, rules)
    os.environ.update({stage_cache.SWITCH: "1", "PIPELINE_RULES": str(rules)})
    arguments = ("--child-build", str(corpus.folder), str(work / "outputs-staged"))   # empty: all extracted
    try:
        keeping = in_child(*arguments)
        report("rules-only rebuild, stage cache on and empty (every extractor runs, keeps its writes)",
               f"{keeping['seconds']:8.2f} s")
        for relative in EDITED_RULES:
            with open(rules / relative, "a", encoding="utf-8") as edited:
                edited.write("\n# benchmark: an edit that changes no output\n")
            again = in_child(*arguments)
            report(f"rebuild after an edit to {relative} (stage cache on)",
                   f"{again['seconds']:8.2f} s  jieba.lcut x{jieba_s['1'] / again['seconds']:.2f} (1 process),"
                   f" x{jieba_s['2'] / again['seconds']:.2f} (2 processes)"
                   + (f"  ({again['errors']} errors)" if again["errors"] else ""))
    finally:
        os.environ[stage_cache.SWITCH] = "0"
        del os.environ["PIPELINE_RULES"]


def adversarial(sizes: list[int]) -> None:
    """The whole extraction of each adversarial text at each size, in one process."""
    nlp = pipeline.shared_pipeline()
    for kind, unit in ADVERSARIAL.items():
        per_char = []
        for size in sizes:
            text = (unit * (size // len(unit) + 1))[:size]
            article = Article(id="adversarial", path="adversarial.txt", text=text, encoding="utf-8",
                              sha256="0" * 64, metadata=extract_metadata(text))
            started = time.perf_counter()
            records.dumps(records.to_record(pipeline.process(article, nlp)))
            seconds = time.perf_counter() - started
            per_char.append(seconds * 1e6 / size)
            report(f"adversarial {kind}, {size:,} chars", f"{seconds:8.2f} s  {per_char[-1]:7.2f} us/char")
        report(f"adversarial {kind}, largest / smallest us/char", f"{per_char[-1] / per_char[0]:8.2f}")


# ---------------------------------------------------------------- main

def large_article(work: Path, megabytes: float) -> None:
    """One long article, a seed repeated: extraction stays linear in its length."""
    paragraph = sorted((REPO / "corpus" / "seeds").glob("*.txt"))[1].read_text(encoding="utf-8")
    path = work / "large.txt"
    path.write_text(paragraph * (int(megabytes * 1_000_000) // len(paragraph.encode()) + 1), encoding="utf-8")
    chars = len(path.read_text(encoding="utf-8"))
    started = time.perf_counter()
    [outcome] = batch.extract_many([str(path)])
    seconds = time.perf_counter() - started
    if outcome.error:
        report(f"large article ({megabytes:g} MB)", f"error: {outcome.error}")
        return
    report(f"large article ({megabytes:g} MB, {chars:,} chars), 1 process", rate(chars, seconds))
    report("large article: counts found", f"{len(outcome.record['counts']):8d}")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10_000, help="articles to generate (default 10,000)")
    parser.add_argument("--mean-chars", type=int, default=2_200,
                        help="mean article length before the 1%% long reports (default 2,200)")
    parser.add_argument("--sample", type=int, default=2_000,
                        help="articles timed end to end, per stage and per worker count (default 2,000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--skip", nargs="+", choices=PARTS, default=[], metavar="PART",
                        help="leave out: " + "; ".join(f"{k} ({v})" for k, v in PART_HELP.items()))
    parser.add_argument("--large-article", type=float, default=0, metavar="MB",
                        help="also extract one article of MB megabytes (a seed repeated; e.g. 20)")
    parser.add_argument("--profile", nargs="?", const="", metavar="STAGE",
                        help="cProfile top-10 of a stage (e.g. zh_slogans; default: the slowest)")
    parser.add_argument("--dir", type=Path, help="make the temporary work folder here (e.g. .bench)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (corpus, outputs)")
    parser.add_argument("--adversarial", action="store_true",
                        help="only time the extraction of adversarial texts (numeral runs) at several sizes")
    parser.add_argument("--adversarial-sizes", nargs="+", type=int, default=list(ADVERSARIAL_SIZES),
                        metavar="CHARS", help="sizes of the adversarial texts (default 10,000 100,000 1,000,000)")
    parser.add_argument("--child-extract", nargs=2, help=argparse.SUPPRESS)  # WORKERS PATHS_FILE
    parser.add_argument("--child-lcut", nargs=2, help=argparse.SUPPRESS)  # WORKERS PATHS_FILE
    parser.add_argument("--child-build", nargs=2, help=argparse.SUPPRESS)  # CORPUS OUTPUTS
    return parser.parse_args(argv)


def print_header(corpus: Corpus, sample: list[str], sample_chars: int, code: str) -> None:
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    report("machine", f"{os.cpu_count()} CPUs ({cpus} usable), Python {platform.python_version()} "
                      f"({platform.python_implementation()}), {platform.platform()}")
    report("load average at start (1, 5, 15 min)", load_average())
    report("pipeline code", code)
    size = sum(Path(p).stat().st_size for p in corpus.paths)
    encodings = ", ".join(f"{name} {count}" for name, count in corpus.encodings.most_common())
    report("corpus", f"{len(corpus.paths):,} articles, {sum(corpus.chars):,} characters, "
                     f"{size / 1e6:.1f} MB, generated in {corpus.seconds:.1f} s")
    report("corpus encodings", encodings)
    report("sample (end to end, stages, workers)", f"{len(sample):,} articles, {sample_chars:,} characters")


def load_average() -> str:
    """Other work on the machine skews every figure: printed at the start and at the end."""
    return ", ".join(f"{load:.2f}" for load in os.getloadavg())


def code_version() -> str:
    git = ["git", "-C", str(REPO)]
    commit = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run([*git, "status", "--porcelain", "--", "pipeline", "rules"],
                           capture_output=True, text=True).stdout.strip()
    return f"{pipeline.__version__}, commit {commit or '?'}" + (" with uncommitted changes" if dirty else "")


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if args.child_extract:
        return child_extract(int(args.child_extract[0]), args.child_extract[1])
    if args.child_lcut:
        return child_lcut(int(args.child_lcut[0]), args.child_lcut[1])
    if args.child_build:
        return child_build(*args.child_build)
    if args.adversarial:
        report("pipeline code", code_version())
        report("load average at start (1, 5, 15 min)", load_average())
        adversarial(args.adversarial_sizes)
        return report("load average at the end (1, 5, 15 min)", load_average())
    if args.dir:
        args.dir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="benchmark-", dir=args.dir))
    os.environ["PIPELINE_CACHE"] = str(work / "cache")   # the name model's cache starts empty
    os.environ[stage_cache.SWITCH] = "0"   # every extractor runs, but in rule_change_rebuilds
    try:
        run(args, work)
    finally:
        if args.keep:
            print(f"work folder kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def run(args: argparse.Namespace, work: Path) -> None:
    started = time.perf_counter()
    corpus = generate(work / "corpus", args.articles, args.seed, args.mean_chars)
    sample = corpus.paths[:args.sample]
    sample_chars = sum(corpus.chars[:args.sample])
    code = code_version()
    print_header(corpus, sample, sample_chars, code)
    skipped = [part for part in PARTS if part in args.skip]
    print(f"skipped: {', '.join(f'{p} ({PART_HELP[p]})' for p in skipped) if skipped else 'nothing'}")
    if not {"e2e", "stages"} <= set(args.skip):
        nlp = warm_pipeline(sample[0])
    if "e2e" not in args.skip:
        for cache in ("empty: the model and the segmenter run", "filled: a rules-only rebuild",
                      "filled, words' emptied: a rebuild after a user-dictionary change"):
            if "words' emptied" in cache:
                shutil.rmtree(segment.words_cache_dir(), ignore_errors=True)
            pipeline_s, jieba_s = end_to_end(sample, nlp)
            report(f"end to end, model cache {cache}", "")
            report("  pipeline, 1 process (read+process+write)", rate(sample_chars, pipeline_s))
            report("  jieba.lcut on the same texts, in turns", rate(sample_chars, jieba_s))
            report("  ratio pipeline / jieba (chars/s)", f"{jieba_s / pipeline_s:8.3f}")
        name_model_alone(sample, nlp)
    if "stages" not in args.skip:
        clock = StageClock()
        run_stages(sample, nlp, clock)
        slowest = print_stages(clock, sample_chars)
        if args.profile is not None:
            clock = StageClock(profiled=args.profile or slowest)
            run_stages(sample, nlp, clock)
            print_profile(clock)
    if "cold" not in args.skip:
        cold_start(corpus.paths[0])
    if "workers" not in args.skip:
        workers_and_memory(sample, sample_chars, work)
    if "build" not in args.skip:
        incremental_build(corpus, work)
    if args.large_article:
        large_article(work, args.large_article)
    report("load average at the end (1, 5, 15 min)", load_average())
    if code_version() != code:
        report("pipeline code at the end", f"{code_version()}: CHANGED during the run, figures mix versions")
    report("benchmark wall time", f"{time.perf_counter() - started:8.1f} s")


if __name__ == "__main__":
    main()
