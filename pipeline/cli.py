"""Command line: extract, normalize, build, evaluate.

``python -m pipeline COMMAND --help`` (or the ``newsfacts`` console script) describes each.
Exit codes: 0 success, 1 some input failed (after all others were processed), 2 usage or a
run that could not start or had to stop (one line naming the file and the reason), 130
interrupted (Ctrl-C).
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from pathlib import Path


from . import EXTRACTORS
from . import build as batch
from . import evaluate, numerals, records
from . import review, workers
from .segment import SEGMENTERS

REPO = Path(__file__).resolve().parent.parent


def run() -> None:
    """``python -m pipeline`` and the ``newsfacts`` script: ``main``, then the process ends at
    once. The interpreter's own teardown would free the million entries of jieba's tables one
    by one (a third of a second, a fifth of a one-article run); every file is closed by then."""
    for stream in (sys.stdout, sys.stderr):  # a file name with undecodable bytes prints escaped
        stream.reconfigure(errors="backslashreplace")
    try:
        code = main()
        sys.stdout.flush()
    except batch.BuildError as error:
        print(f"error: {error}", file=sys.stderr)
        code = 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        code = 130
    except BrokenPipeError:  # the reader went away (| head): nothing more to say to it
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = 1
    sys.stderr.flush()
    os._exit(code)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)

    extract = commands.add_parser("extract", help="articles to JSON records")
    extract.add_argument("paths", nargs="+", help=".txt files or folders of them")
    extract.add_argument("--out", type=Path, help="write DIR/<id>.json (default: JSON Lines on stdout)")
    add_engine_options(extract)
    extract.set_defaults(run=run_extract)

    normalize = commands.add_parser("normalize", help="the number or date normalizer alone")
    normalize.add_argument("what", choices=["number", "date"])
    normalize.add_argument("texts", nargs="*", help="inputs (default: one per line on stdin)")
    normalize.set_defaults(run=run_normalize)

    build = commands.add_parser("build", help="regenerate outputs/ from corpus/ (incremental)")
    build.add_argument("--corpus", type=Path, default=REPO / "corpus")
    build.add_argument("--outputs", type=Path, default=REPO / "outputs")
    build.add_argument("--prune", action="store_true",
                       help="with a corpus that has no articles, remove the previous build's records")
    add_engine_options(build)
    build.set_defaults(run=run_build)

    score = commands.add_parser("evaluate", help="precision, recall, F1 against corpus/gold")
    score.add_argument("--corpus", type=Path, default=REPO / "corpus")
    score.add_argument("--records", type=Path, help="score these records (default: extract afresh)")
    score.add_argument("--json", action="store_true", help="print the figures as JSON")
    score.add_argument("--thresholds", type=Path, help="YAML of minimum F1 per set and kind: exit 1 below")
    score.add_argument("--errors", action="store_true", help="list each article's missed and spurious facts")
    score.add_argument("--ner", action="store_true",
                       help="score the name model alone on the MSRA and People's Daily test splits (--ner-data)")
    score.add_argument("--ner-data", type=Path, help="the NER data folder (default: ../shared/ner-data)")
    add_engine_options(score)
    score.set_defaults(run=run_evaluate)

    diff = commands.add_parser("diff", help="facts added, removed and changed between two sets of records")
    diff.add_argument("folders", nargs="*", type=Path, metavar="FOLDER",
                      help="OLD NEW record folders; with --rev, the NEW folder (default: --outputs)")
    source = diff.add_mutually_exclusive_group()
    source.add_argument("--rev", metavar="REV", help="OLD is --outputs as committed at this git revision")
    source.add_argument("--fresh", action="store_true", help="--outputs against a fresh build of --corpus")
    diff.add_argument("--corpus", type=Path, default=REPO / "corpus")
    diff.add_argument("--outputs", type=Path, default=REPO / "outputs")
    diff.add_argument("--format", choices=["markdown", "html"], default="markdown")
    diff.add_argument("--out", type=Path, help="write the report to FILE (default: standard output)")
    diff.add_argument("--max-lines", type=int, default=200, help="facts listed in Markdown (default: 200)")
    add_engine_options(diff)
    diff.set_defaults(run=run_diff)

    add_dataset_commands(commands)
    train = commands.add_parser("train-ner", help="retrain the name model from scratch (pipeline/ner.cfg, fixed seeds)")
    train.add_argument("--data", type=Path, help="the NER data folder (default: ../shared/ner-data)")
    train.add_argument("--config", type=Path, help="the training config (default: pipeline/ner.cfg)")
    train.add_argument("--output", type=Path, help="where the model goes (default: pipeline/models/ner)")
    train.set_defaults(run=run_train_ner)
    args = parser.parse_args(argv)
    return args.run(args)


# ingest, export, report: pages and feeds into the corpus; the dataset as a database and a page.
def add_dataset_commands(commands) -> None:
    ingest = commands.add_parser("ingest", help="saved web pages, JSON Lines feeds and text into the corpus")
    ingest.add_argument("sources", nargs="+", type=Path, metavar="SOURCE", help="files or folders")
    ingest.add_argument("--corpus", type=Path, default=REPO / "corpus")
    ingest.add_argument("--source", help="folder under the corpus (default: each page's site, else 'local')")
    ingest.set_defaults(run=run_ingest)
    export = commands.add_parser("export", help="the records as a SQLite database for datasette")
    export.add_argument("--sqlite", type=Path, required=True, metavar="PATH")
    export.add_argument("--outputs", type=Path, default=REPO / "outputs")
    export.set_defaults(run=run_export)
    report = commands.add_parser("report", help="a self-contained HTML overview with charts")
    report.add_argument("--out", type=Path, required=True)
    report.add_argument("--outputs", type=Path, default=REPO / "outputs")
    report.set_defaults(run=run_report)


def run_train_ner(args) -> int:
    from . import ner_train

    data = args.data or ner_train.NER_DATA
    if not (data / "train.jsonl.gz").is_file():
        return fail(f"{data / 'train.jsonl.gz'}: no training data there")
    ner_train.train(output=args.output or ner_train.ner.MODEL_DIR, data=data, log=lambda line: print(line, flush=True),
                    config_path=args.config or ner_train.CONFIG)
    return 0


def run_ingest(args) -> int:
    from . import ingest

    try:
        summary = ingest.ingest(args.sources, args.corpus, args.source)
    except ValueError as error:
        return fail(str(error))
    for failure in summary.failed:
        print(f"error: {failure}", file=sys.stderr)
    print(summary.line(), file=sys.stderr)
    return 1 if summary.failed else 0


def run_export(args) -> int:
    from . import export

    return run_dataset(lambda: export.export(args.outputs, args.sqlite))


def run_report(args) -> int:
    from . import report

    return run_dataset(lambda: report.write_report(args.outputs, args.out))


def run_dataset(work) -> int:
    """export and report: their summary line, or exit 2 when there are no records to read."""
    from .export import ExportError

    try:
        print(work(), file=sys.stderr)
    except ExportError as error:
        return fail(str(error))
    return 0


def add_engine_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--segmenter", choices=SEGMENTERS, default="jieba")
    parser.add_argument("--workers", type=int, default=None, help="processes (default: all cores)")
    parser.add_argument("--timeout", type=float, default=batch.DEFAULT_TIMEOUT, metavar="SECONDS",
                        help=f"an article still running after this fails by name, the others go on "
                             f"(default: {batch.DEFAULT_TIMEOUT:g}; 0: no limit)")
    parser.add_argument("--engine", choices=["local", "dask"], default="local",
                        help="local process pool (default) or a Dask cluster (needs the dask extra)")
    parser.add_argument("--scheduler", help="with --engine dask: the scheduler address, tcp://HOST:PORT")


def scheduler_of(args) -> str | None:
    if args.engine == "dask" and not args.scheduler:
        raise SystemExit("error: --engine dask needs --scheduler tcp://HOST:PORT")
    return args.scheduler if args.engine == "dask" else None


def run_extract(args) -> int:
    paths, failed = extract_inputs(args.paths)
    if args.out is not None:
        try:
            args.out.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            return fail(f"{args.out}: cannot write records there: {error.strerror or error}")
    outcomes = batch.extract_many(paths, args.segmenter, args.workers or batch.default_workers(),
                                  scheduler_of(args), args.timeout or None)
    with contextlib.closing(outcomes), batch.cannot_prepare_is_a_build_error():
        for outcome in outcomes:
            if outcome.error:
                failed += 1
                print(f"error: {outcome.error}", file=sys.stderr)
            elif args.out:
                target = args.out / f"{outcome.record['id']}.json"
                try:
                    batch.write_atomic(target, records.dumps(outcome.record))
                except OSError as error:
                    return fail(f"{target}: cannot write the record: {error.strerror or error}")
            else:
                sys.stdout.write(records.dumps_line(outcome.record))
    return 1 if failed else 0


def extract_inputs(arguments: list[str]) -> tuple[list[str], int]:
    """The articles to extract, and how many inputs failed already: a folder without
    articles, a file name that is not UTF-8. Two articles with one id (their file stem)
    would write one record: that stops the run before anything is written."""
    paths, failed, ids = [], 0, {}
    for argument in arguments:
        found = batch.discover([argument])
        if not found:
            print(f"error: {argument}: no .txt articles in this folder", file=sys.stderr)
            failed += 1
        for path in found:
            if problem := batch.name_problem(str(path), path.stem):
                print(f"error: {problem}", file=sys.stderr)
                failed += 1
            elif path.stem in ids and ids[path.stem] != path:
                raise SystemExit(f"error: {ids[path.stem]} and {path} have the same article id "
                                 f"{path.stem!r}; rename one (nothing was written)")
            elif path.stem not in ids:
                ids[path.stem] = path
                paths.append(str(path))
    return paths, failed


def fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 2


def run_normalize(args) -> int:
    from . import dates

    texts = args.texts or [line.rstrip("\n") for line in sys.stdin]
    normalizer = numerals.normalize_number if args.what == "number" else dates.normalize_date
    for text in texts:
        value = normalizer(text.strip())
        print("" if value is None else value)
    return 0


def run_build(args) -> int:
    try:
        report = batch.build(args.corpus, args.outputs, args.segmenter, args.workers, root=REPO,
                             scheduler=scheduler_of(args), timeout=args.timeout or None, prune=args.prune)
    except batch.BuildError as error:
        return fail(str(error))
    for note in report.notes:
        print(f"note: {note}", file=sys.stderr)
    for error in report.errors:
        print(f"error: {error}", file=sys.stderr)
    print(f"build: {report.articles} articles, {report.extracted} extracted ({report.repaired} damaged), "
          f"{report.written} records written, {report.removed} removed, {len(report.errors)} errors "
          f"in {report.seconds:.1f}s", file=sys.stderr)
    if report.replayed:
        print("stage cache: kept writes replayed by " + ", ".join(
            f"{name} in {report.replayed[name]}" for name in EXTRACTORS if name in report.replayed)
            + f" of the {report.extracted} extracted; the rest ran", file=sys.stderr)
    return 1 if report.errors else 0


def run_evaluate(args) -> int:
    """Exit 0 when every figure holds its threshold, 1 below one, 2 on a file that cannot be used."""
    if args.ner:
        return run_evaluate_ner(args)
    try:
        thresholds = evaluate.load_thresholds(args.thresholds) if args.thresholds is not None else None
        result = evaluate.evaluate_corpus(args.corpus, args.records, args.segmenter, args.workers)
    except evaluate.EvaluationError as error:
        return fail(str(error))
    except workers.PrepareError as error:
        return fail(f"the pipeline cannot be loaded: {error}")
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        print(evaluate.format_table(result))
        if args.errors:
            print(evaluate.format_errors(result))
    if thresholds is None:
        return 0
    failures = evaluate.below_thresholds(result, thresholds)
    for failure in failures:
        print(f"below threshold: {failure}", file=sys.stderr)
    return 1 if failures else 0


def run_evaluate_ner(args) -> int:
    from . import ner, ner_score

    data = args.ner_data or ner_score.NER_DATA
    missing = [data / f"{split}.jsonl.gz" for split in ner_score.TEST_SPLITS if not (data / f"{split}.jsonl.gz").is_file()]
    if missing:
        return fail(f"{missing[0]}: no such test split")
    try:
        model = ner.load()
    except ner.ModelError as error:
        return fail(str(error))
    scores = ner_score.score_splits(model, data)
    if (data / "dev.jsonl.gz").is_file() and (data / "train.jsonl.gz").is_file():
        known = ner_score.names_of(ner_score.read_split(data / "train.jsonl.gz"))
        dev = data / "dev.jsonl.gz"
        scores["dev_recall_by_novelty"] = ner_score.recall_by_novelty(model, ner_score.read_split(dev), known,
                                                                      ner_score.read_sources(dev))
    if args.json:
        print(json.dumps(scores, ensure_ascii=False, indent=1))
        return 0
    novelty = scores.pop("dev_recall_by_novelty", None)
    print(f"model {model.version}\n{ner_score.table(scores)}")
    print(f"\n{ner_score.novelty_table(novelty)}" if novelty else "")
    return 0


def run_diff(args) -> int:
    """Exit 0 when nothing changed, 1 when something did, 2 when a side cannot be read."""
    try:
        old, new = diff_sides(args)
        result = review.compare(old, new)
        text = review.html_page(result) if args.format == "html" else review.markdown(result, args.max_lines)
        review.write_output(text, args.out)
    except (review.ReviewError, OSError) as error:
        return fail(str(error))
    return 1 if result.articles else 0


DIFF_FOLDERS = {"fresh": (0, 0, "--fresh takes no FOLDER"), "rev": (0, 1, "--rev takes at most one FOLDER (NEW)"),
                "folders": (2, 2, "give two folders OLD NEW, or --rev REV, or --fresh")}


def diff_sides(args) -> tuple:
    """OLD and NEW as the options name them: two folders, a git revision, or a fresh build."""
    least, most, usage = DIFF_FOLDERS["fresh" if args.fresh else "rev" if args.rev else "folders"]
    if not least <= len(args.folders) <= most:
        raise review.ReviewError(f"diff: {usage} (got {len(args.folders)} folders)")
    if args.fresh:
        return (review.folder_side(args.outputs, REPO),
                review.fresh_side(args.corpus, REPO, args.segmenter, args.workers, scheduler_of(args)))
    if args.rev:
        if args.rev.startswith("-"):  # git would read it as an option
            raise review.ReviewError(f"diff: --rev {args.rev!r} is not a revision")
        new = review.folder_side(args.folders[0] if args.folders else args.outputs, REPO)
        return review.revision_side(args.rev, args.outputs, REPO), new
    return review.folder_side(args.folders[0], REPO), review.folder_side(args.folders[1], REPO)
