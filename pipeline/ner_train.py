"""Train the name tagger from scratch: ``python -m pipeline train-ner``.

Data: ``../shared/ner-data/train.jsonl.gz`` (MSRA, People's Daily 1998, CLUENER2020) plus
the dev articles ``project_articles`` names (their gold: the guide's conventions, maximal
names, no meetings, no roles), each cut into sentences and weighted ``project_weight`` times. The NER ``dev`` split chooses the checkpoint (entity F1, strict spans); the two test
splits are scored once at the end and written to the model's meta with the data hashes and
the config. Seeds are fixed: the same data and config give the same model.
"""
from __future__ import annotations

import hashlib
import json
import random
import shutil
import time
from pathlib import Path

import spacy
from spacy.tokens import Doc
from spacy.training import Example
from spacy.util import compounding, fix_random_seed, load_config, minibatch, registry

from . import ner, segment
from .ner_augment import NameSwapper
from .ner_score import NER_DATA, read_sources, read_split, score, score_splits
from .reader import read_article

CONFIG = Path(__file__).parent / "ner.cfg"
ROOT = Path(__file__).resolve().parents[1]
VERSION = "1"
# The source the project's own articles are read as (the guide's conventions).
PROJECT_SOURCE = "project"
# The corpus folders never tuned nor trained on: they estimate the figures on unseen reports.
HELD_OUT = ("test", "synthetic_test")


def project_articles(patterns: list[str], corpus: Path = ROOT / "corpus") -> list[tuple[Path, dict]]:
    """The dev articles the config names (globs under corpus/) with their gold, each gold
    listing persons and places. Never a held-out set; the dev articles left out stay a clean
    check of the merge of rules and model (scripts/merge_policy.py)."""
    from .evaluate import load_gold   # evaluate imports the whole pipeline; only the trainer needs it
    found: dict[Path, dict] = {}
    for pattern in patterns:
        for path in sorted(corpus.glob(pattern + ".txt")):
            if path.parent.name in HELD_OUT:
                raise ValueError(f"{path}: the held-out sets are never trained on")
            gold = load_gold(corpus / "gold" / f"{path.stem}.yaml")
            if "persons" in gold and "places" in gold:
                found.setdefault(path, gold)
    return list(found.items())


def project_sentences(articles: list[tuple[Path, dict]]) -> list[tuple[str, list[tuple[int, int, str]]]]:
    """The articles as sentences with every occurrence of a gold name marked (longest first,
    no overlaps)."""
    found = []
    for path, gold in articles:
        text = read_article(path).text
        names = [(item["text"], label) for kind, label in (("organizations", "ORG"), ("persons", "PER"), ("places", "LOC"))
                 for item in gold.get(kind) or []]
        spans = mark_names(text, names)
        for start, end in segment.offsets(segment.SENTENCE, text):
            inside = [(s - start, e - start, label) for s, e, label in spans if start <= s and e <= end]
            if text[start:end].strip():
                found.append((text[start:end], inside))
    return found


def mark_names(text: str, names: list[tuple[str, str]]) -> list[tuple[int, int, str]]:
    taken = [False] * len(text)
    spans = []
    for name, label in sorted(set(names), key=lambda item: (-len(item[0]), item)):
        position = text.find(name)
        while name and position >= 0:
            end = position + len(name)
            if not any(taken[position:end]):
                taken[position:end] = [True] * len(name)
                spans.append((position, end, label))
            position = text.find(name, end)
    return sorted(spans)


def examples(nlp: spacy.Language, rows, sources: list[str]) -> list[Example]:
    made = []
    for (text, spans), source in zip(rows, sources):
        predicted = ner.with_source(nlp.make_doc(text), source)
        reference = Doc(nlp.vocab, words=list(text), spaces=[False] * len(text), tags=ner.tags_of_spans(len(text), spans))
        made.append(Example(predicted, reference))
    return made


def blind_sources(sources: list[str], share: float, seed: int) -> list[str]:
    """The sentences' sources, a share of them (drawn from the seed) hidden as
    ``ner.UNKNOWN_SOURCE``: the model also learns to read a text of no known corpus."""
    rng = random.Random(f"{seed}-sources")
    return [ner.UNKNOWN_SOURCE if rng.random() < share else source for source in sources]


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def train(output: Path = ner.MODEL_DIR, data: Path = NER_DATA, log=print, config_path: Path = CONFIG) -> dict:
    config = load_config(config_path)
    settings = config["training"]
    fix_random_seed(settings["seed"])
    with ner.numpy_ops():
        nlp = spacy.util.load_model_from_config(config, auto_fill=True, validate=True)
    news = read_split(data / "train.jsonl.gz")
    articles = project_articles(settings["project_articles"])
    project = project_sentences(articles)
    dev, dev_sources = read_split(data / "dev.jsonl.gz"), read_sources(data / "dev.jsonl.gz")
    log(f"train: {len(news)} news sentences, {len(project)} project sentences x{settings['project_weight']}; dev {len(dev)}")
    news_sources = blind_sources(read_sources(data / "train.jsonl.gz"), settings["source_blind"], settings["seed"])
    news_examples = examples(nlp, news, news_sources)
    project_examples = examples(nlp, project, [PROJECT_SOURCE] * len(project)) * settings["project_weight"]
    swapper = NameSwapper.from_rows(news) if settings["swap_names"] else None

    def epoch_examples(epoch: int) -> list[Example]:
        """The news sentences, a share ``swap_names`` of those with names read with their names
        of ``swap_labels`` swapped (drawn anew each epoch, from the seed), each in its own
        sentence's place, and the project's."""
        if swapper is None:
            return news_examples + project_examples
        rng = random.Random(f"{settings['seed']}-{epoch}")
        chosen = [i for i, (_, spans) in enumerate(news) if spans and rng.random() < settings["swap_names"]]
        rows = [swapper.swap(*news[i], rng, settings["swap_labels"]) for i in chosen]
        listed = list(news_examples)
        for i, example in zip(chosen, examples(nlp, rows, [news_sources[i] for i in chosen])):
            listed[i] = example
        return listed + project_examples

    tags = ["O"] + [f"{kind}-{label}" for label in ner.LABELS for kind in "BIES"]
    nlp.config["initialize"]["components"][ner.TAGGER] = {"labels": tags}
    nlp.initialize(lambda: news_examples[:100])
    checkpoint = output.with_name(output.name + ".training")
    checkpoint.parent.mkdir(parents=True, exist_ok=True)
    history = fit(nlp, epoch_examples, (dev, dev_sources), settings, checkpoint, log)
    with ner.numpy_ops():
        model = ner.NameModel(spacy.load(checkpoint), "final", "")
    scores = {"dev": score(model, dev, dev_sources)} | score_splits(model, data)
    write_meta(checkpoint, config, data, scores, history, [path.stem for path, _ in articles])
    if output.exists():
        shutil.rmtree(output)
    checkpoint.rename(output)
    log(json.dumps(scores, ensure_ascii=False))
    return scores


def fit(nlp: spacy.Language, epoch_examples, dev, settings, checkpoint: Path, log) -> list[dict]:
    """Train until ``patience`` evaluations bring no gain or ``max_minutes`` pass; the best
    checkpoint (dev entity F1, averaged weights) is saved to ``checkpoint``. The history."""
    rng = random.Random(settings["seed"])
    order: list[int] = []   # shuffled in place epoch after epoch, as the list itself once was
    optimizer = registry.resolve({"optimizer": settings["optimizer"]})["optimizer"]
    best, since_best, step, started = -1.0, 0, 0, time.monotonic()
    history = []
    for epoch in range(settings["max_epochs"]):
        this_epoch = epoch_examples(epoch)
        order = order or list(range(len(this_epoch)))
        rng.shuffle(order)
        train_examples = [this_epoch[i] for i in order]
        sizes = compounding(settings["batch_start"], settings["batch_stop"], settings["batch_compound"])
        for batch in minibatch(train_examples, size=sizes):
            losses = nlp.update(batch, drop=settings["dropout"], sgd=optimizer)
            optimizer.step_schedules()   # a learn_rate schedule in the config moves per batch
            step += 1
            if step % settings["eval_every"]:
                continue
            with nlp.select_pipes(enable=[ner.TAGGER]), nlp.use_params(optimizer.averages):
                dev_scores = score(ner.NameModel(nlp, "training", ""), *dev)
                minutes = (time.monotonic() - started) / 60
                history.append({"step": step, "epoch": epoch, "minutes": round(minutes, 1), "dev": dev_scores})
                log(f"epoch {epoch} step {step} {minutes:.1f} min loss {losses[ner.TAGGER]:.1f} dev "
                    + " ".join(f"{label} {dev_scores[label]['f1']:.3f}" for label in (*ner.LABELS, "ALL")))
                if dev_scores["ALL"]["f1"] > best:
                    best, since_best = dev_scores["ALL"]["f1"], 0
                    nlp.to_disk(checkpoint)
                else:
                    since_best += 1
            if since_best >= settings["patience"] or minutes >= settings["max_minutes"]:
                return history
    return history


def write_meta(directory: Path, config, data: Path, scores: dict, history: list, articles: list[str]) -> None:
    meta_path = directory / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta.update({
        "name": "zh_names", "version": VERSION,
        "description": "ORG/PER/LOC tagger for pipeline/ner.py (BIOES per character)",
        "data": {path.name: sha256_of(path) for path in sorted(data.glob("*.jsonl.gz"))},
        "config": config.to_str(), "scores": scores, "article_source": config["training"]["article_source"], "history": history, "project_articles": articles,
        "files": {path.relative_to(directory).as_posix(): sha256_of(path)
                  for path in sorted(directory.rglob("*")) if path.is_file() and path.name != "meta.json"},
    })
    meta_path.write_text(json.dumps(meta, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
