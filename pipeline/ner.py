"""The statistical name tagger: ORG, PER and LOC spans from a spaCy model shipped in the repo.

The model (``pipeline/models/ner``, trained by ``python -m pipeline train-ner`` from
``pipeline/ner.cfg``) tags each character with a BIOES tag; ``spans_of_tags`` reads the names
off the tags. Its features are made by the tokenizer registered here, so a Doc made by the
model's own ``make_doc`` carries them: NORM is the character and the next, LEMMA the jieba
word holding the character with the character's place in it (B, M, E or S); the tokenizer
``char_features.v2`` (pipeline/ner_sources.cfg) adds what jieba's dictionary says of the
character (``lexicon_features``), and ``NameModel.tag`` sets each text's source corpus
(``SOURCE``) for a model trained to read it.

A missing or damaged model is a ``ModelError`` naming the file: the pipeline never falls
back to rules alone without saying so.
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

import numpy
import spacy
from spacy.attrs import DEP, ENT_ID, ENT_KB_ID, LEMMA, NORM, TAG
from spacy.strings import hash_string
from spacy.tokens import Doc
from spacy.vocab import Vocab
from thinc.api import use_ops

from . import segment

# Another model (a retrained one under test) is named by PIPELINE_NER_MODEL.
MODEL_DIR = Path(os.environ.get("PIPELINE_NER_MODEL", Path(__file__).parent / "models" / "ner"))
LABELS = ("ORG", "PER", "LOC")
TAGGER = "ner_tags"
# Sentences longer than this are tagged in pieces (a CNN sees a few characters either side).
MAX_PIECE = 400
BATCH = 256
# Where a model trained with sources reads which corpus a text comes from (spaCy has no free
# token slot; the dependency label is never set here). ``UNKNOWN_SOURCE``: a text of no corpus.
SOURCE = DEP
UNKNOWN_SOURCE = "any"


class ModelError(Exception):
    """The name model cannot be used; the message names the file and the reason."""


@functools.lru_cache(maxsize=1)
def word_segmenter():
    """jieba with its own default dictionary only: the project's user dictionary changes with
    the rules, and the model's features must not."""
    tokenizer = segment.quiet_jieba().Tokenizer()
    tokenizer.initialize()
    return tokenizer


class FeatureIds(dict):
    """Feature string -> spaCy's hash of it, computed once per string (a dict's own lookup:
    an lru_cache wrapper cost a tenth of the tagging time)."""

    def __missing__(self, feature: str) -> int:
        if len(self) > MAX_FEATURE_IDS:
            self.clear()
        value = self[feature] = hash_string(feature)
        return value


MAX_FEATURE_IDS = 500_000
feature_ids = FeatureIds()


def jieba_words(text: str) -> list[str]:
    return word_segmenter().lcut(text, HMM=True)


def word_places(words: list[str], name=str) -> list[str]:
    """Per character: ``name`` of its jieba word and its place in it (``委员会|B``,
    ``委员会|M`` …)."""
    places = []
    for word in words:
        key = name(word)
        if len(word) == 1:
            places.append(key + "|S")
        else:
            places.extend([key + "|B"] + [key + "|M"] * (len(word) - 2) + [key + "|E"])
    return places


@functools.lru_cache(maxsize=1)
def word_tags() -> dict[str, str]:
    """jieba's dictionary: word -> its part-of-speech tag (nr person, ns place, nt organization…)."""
    tags = {}
    with word_segmenter().get_dict_file() as lines:
        for line in lines:
            word, _, tag = line.decode("utf-8").split()
            tags[word] = tag
    return tags


LONGEST_MATCH = 6   # a dictionary word's length as a feature: 6 stands for 6 or more


def lexicon_features(text: str, words: list[str]) -> tuple[list[str], list[str], list[str]]:
    """Per character, what jieba's dictionary says of it: the tag of its jieba word with the
    character's place in it (``ns|B``: a word unknown to the dictionary is ``?``), and the tag
    and length of the longest dictionary word that starts there and of the longest that ends
    there, whether or not jieba chose it (``nt4``: a name the segmentation cut still shows)."""
    tags = word_tags()

    def tagged(start: int, end: int) -> str:
        return f"{tags.get(text[start:end], '?')}{min(end - start, LONGEST_MATCH)}"

    starting, ending = ["-"] * len(text), ["-"] * len(text)
    ending_length = [0] * len(text)
    for start, ends in word_segmenter().get_DAG(text).items():
        if ends[-1] > start:   # jieba lists a word's ends in order
            starting[start] = tagged(start, ends[-1] + 1)
        for end in ends:
            if end > start and end - start + 1 > ending_length[end]:
                ending_length[end] = end - start + 1
                ending[end] = tagged(start, end + 1)
    return word_places(words, lambda word: tags.get(word, "?")), starting, ending


class FeatureTokenizer:
    """One token per character, with the NORM and LEMMA features the model reads, and with
    ``lexicon`` the features of ``lexicon_features`` as TAG, ENT_ID and ENT_KB_ID."""

    def __init__(self, vocab: Vocab, lexicon: bool = False):
        self.vocab = vocab
        self.lexicon = lexicon
        self.ids: dict[str, int] = {}   # character -> its string-store id, as segment.CharTokenizer

    def __call__(self, text: str) -> Doc:
        for char in set(text).difference(self.ids):
            self.ids[char] = self.vocab.strings.add(char)
        doc = Doc(self.vocab, words=list(map(self.ids.__getitem__, text)), spaces=[False] * len(text))
        if not text:
            return doc
        ids = feature_ids
        bigrams = map(ids.__getitem__, map(str.__add__, text, text[1:] + "\n"))
        words = jieba_words(text)
        columns = [list(bigrams), list(map(ids.__getitem__, word_places(words)))]
        if self.lexicon:
            columns += [list(map(ids.__getitem__, feature)) for feature in lexicon_features(text, words)]
        attrs = [NORM, LEMMA, TAG, ENT_ID, ENT_KB_ID][:len(columns)]
        doc.from_array(attrs, numpy.array(columns, dtype="uint64").T.copy())
        return doc

    def to_disk(self, path, **kwargs) -> None:
        """Nothing to save: the features are code, and the model's fingerprint covers it."""

    def from_disk(self, path, **kwargs) -> "FeatureTokenizer":
        return self

    def to_bytes(self, **kwargs) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs) -> "FeatureTokenizer":
        return self


@spacy.registry.tokenizers("pipeline.char_features.v1")
def make_feature_tokenizer():
    return lambda nlp: FeatureTokenizer(nlp.vocab)


@spacy.registry.tokenizers("pipeline.char_features.v2")
def make_lexicon_tokenizer():
    return lambda nlp: FeatureTokenizer(nlp.vocab, lexicon=True)


def with_source(doc: Doc, source: str) -> Doc:
    if len(doc):
        doc.from_array([SOURCE], numpy.full((len(doc), 1), feature_ids[source], dtype="uint64"))
    return doc


def spans_of_tags(tags: list[str]) -> list[tuple[int, int, str]]:
    """(start, end, label) from BIOES tags, read forgivingly: an I or E after O or another
    label opens a name, and a name ends at E or S, or where the next tag does not continue it."""
    spans = []
    start = label = None
    for i, tag in enumerate(tags + ["O"]):
        kind, _, tag_label = tag.partition("-")
        continues = label is not None and tag_label == label and kind in ("I", "E")
        if label is not None and not continues:
            spans.append((start, i, label))
            start = label = None
        if kind in ("B", "S") or (kind in ("I", "E") and label is None):
            start, label = i, tag_label
        if label is not None and kind in ("E", "S"):
            spans.append((start, i + 1, label))
            start = label = None
    return spans


def tags_of_spans(length: int, spans: list[tuple[int, int, str]]) -> list[str]:
    """BIOES tags for ``length`` characters holding the non-overlapping ``spans``."""
    tags = ["O"] * length
    for start, end, label in spans:
        if end - start == 1:
            tags[start] = f"S-{label}"
        else:
            tags[start] = f"B-{label}"
            tags[start + 1:end - 1] = [f"I-{label}"] * (end - start - 2)
            tags[end - 1] = f"E-{label}"
    return tags


@dataclass(frozen=True)
class NameModel:
    nlp: spacy.Language
    version: str          # "<meta version>-<first 12 hex of the fingerprint>"
    fingerprint: str      # sha256 over the model's files
    source: str = UNKNOWN_SOURCE   # the corpus a text is read as when its own is not given

    def tag(self, texts: list[str], sources: list[str] | None = None) -> list[list[tuple[int, int, str]]]:
        """The names in each text, as (start, end, label) with offsets into that text;
        ``sources``: the corpus of each text, for a model trained to read its conventions."""
        sources = sources or [self.source] * len(texts)
        pieces, owners = [], []
        for index, text in enumerate(texts):
            for offset in range(0, len(text), MAX_PIECE):
                pieces.append(text[offset:offset + MAX_PIECE])
                owners.append((index, offset))
        found: list[list[tuple[int, int, str]]] = [[] for _ in texts]
        tagger = self.nlp.get_pipe(TAGGER)
        labels = list(tagger.labels)
        # Batches of pieces of like length: the decoding steps through the longest of a batch.
        order = sorted(range(len(pieces)), key=lambda i: len(pieces[i]))
        for first in range(0, len(order), BATCH):
            batch = order[first:first + BATCH]
            docs = [with_source(self.nlp.make_doc(pieces[i]), sources[owners[i][0]]) for i in batch]
            scores = tagger.model.predict(docs)
            for doc_tags, i in zip(best_paths(scores, labels), batch):
                index, offset = owners[i]
                found[index].extend((offset + s, offset + e, label) for s, e, label in spans_of_tags(doc_tags))
        return [sorted(spans) for spans in found]


@functools.lru_cache(maxsize=4)
def transitions(labels: tuple[str, ...]) -> tuple[numpy.ndarray, numpy.ndarray, numpy.ndarray]:
    """BIOES as log-space masks: which tag may follow which, open a text and close it."""
    def kind(tag):
        return tag.partition("-")

    def may_follow(before, after):
        (b, _, b_label), (a, _, a_label) = kind(before), kind(after)
        if b in ("B", "I"):
            return a in ("I", "E") and a_label == b_label
        return a in ("O", "B", "S")

    forbidden = -1e9
    follow = numpy.array([[0.0 if may_follow(b, a) else forbidden for a in labels] for b in labels], dtype="float32")
    opens = numpy.array([0.0 if kind(t)[0] in ("O", "B", "S") else forbidden for t in labels], dtype="float32")
    closes = numpy.array([0.0 if kind(t)[0] in ("O", "E", "S") else forbidden for t in labels], dtype="float32")
    return follow, opens, closes


def best_paths(scores: list[numpy.ndarray], labels: list[str]) -> list[list[str]]:
    """The most probable well-formed BIOES sequence per text (Viterbi over the tagger's
    log-probabilities, every text of the batch a step at a time): a softmax per character alone
    can write I-ORG after B-LOC, which reads as a fragment of a name."""
    follow, opens, closes = transitions(tuple(labels))
    lengths = numpy.array([len(s) for s in scores])
    if not len(scores) or lengths.max() == 0:
        return [[] for _ in scores]
    width, count = lengths.max(), len(labels)
    logs = numpy.zeros((len(scores), width, count), dtype="float32")
    for row, logits in enumerate(scores):   # the tagger's raw scores (ner.cfg: normalize = false)
        logits = numpy.asarray(logits, dtype="float32")
        shifted = logits - logits.max(axis=1, keepdims=True)
        logs[row, :len(logits)] = shifted - numpy.log(numpy.exp(shifted).sum(axis=1, keepdims=True))
    best = logs[:, 0] + opens
    back = numpy.zeros((len(scores), width, count), dtype="int16")
    for t in range(1, width):
        candidates = best[:, :, None] + follow[None]
        back[:, t] = candidates.argmax(1)
        moved = candidates.max(1) + logs[:, t]
        best = numpy.where((t < lengths)[:, None], moved, best)
    paths = []
    for row, length in enumerate(lengths):
        if length == 0:
            paths.append([])
            continue
        tag = int((best[row] + closes).argmax())
        path = [tag]
        for t in range(length - 1, 0, -1):
            tag = int(back[row, t, tag])
            path.append(tag)
        paths.append([labels[i] for i in reversed(path)])
    return paths


def fingerprint(directory: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        digest.update(path.relative_to(directory).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def numpy_ops():
    """The context in which a model is built with numpy's matrix product, not BLIS's: on the
    AMD EPYC CPUs (AVX-512) of 2026-12-04 BLIS picked a kernel five times slower, and the model
    ran at 18k chars/s instead of 30k (the trainer builds it so too)."""
    return use_ops("numpy", use_blis=False)


@functools.lru_cache(maxsize=4)
def load(directory: Path = MODEL_DIR) -> NameModel:
    """The model in ``directory``; ``ModelError`` naming the file that is missing or damaged."""
    meta_path = directory / "meta.json"
    if not meta_path.is_file():
        raise ModelError(f"{meta_path}: the name model is missing (retrain it: python -m pipeline train-ner)")
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ModelError(f"{meta_path}: the name model's meta cannot be read: {error}") from None
    if not isinstance(meta, dict) or not meta.get("files"):
        raise ModelError(f"{meta_path}: lists no model files with their sha256 (not a model made by train-ner)")
    for name in meta["files"]:
        if not (directory / name).is_file():
            raise ModelError(f"{directory / name}: the name model is incomplete: this file is missing")
    for name, expected in meta["files"].items():
        if hashlib.sha256((directory / name).read_bytes()).hexdigest() != expected:
            raise ModelError(f"{directory / name}: the name model is damaged: its sha256 differs from meta.json")
    try:
        with numpy_ops():
            nlp = spacy.load(directory)
    except Exception as error:  # spaCy and thinc raise many kinds for a broken file
        raise ModelError(f"{directory}: the name model cannot be loaded: {type(error).__name__}: {error}") from None
    digest = fingerprint(directory)
    return NameModel(nlp=nlp, version=f"{meta.get('version', '0')}-{digest[:12]}", fingerprint=digest,
                     source=meta.get("article_source", UNKNOWN_SOURCE))
