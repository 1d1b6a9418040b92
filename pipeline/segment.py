"""Segment stage: paragraphs, sentences, masked regions, tokens for spaCy, and words on demand.

Reads the article text; writes ``doc._.paragraphs``, ``doc._.sentences`` and ``doc._.masked``
(URLs and file names, where nothing is extracted) as lists of [start, end) offsets. Word
segmentation (jieba by default, pkuseg on request) is the costliest step of all, so it is
not run over the article: extractors ask ``cut_phrase`` for the few short windows they need,
and the words of an article's windows are kept on disk (``ArticleWords``), so that a rebuild
after a change to rules or code does not cut them again. Both segmenters load a user
dictionary built from ``rules/`` so domain terms and slogans stay whole; jieba's tables with
that dictionary added, and its part-of-speech tags, are read from one marshal cache
(``jieba_tables``).
"""
from __future__ import annotations

import bisect
import contextlib
import contextvars
import functools
import hashlib
import importlib.metadata
import inspect
from pathlib import Path
from typing import Callable

import regex
from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

from . import cache, extensions, lexicon

RULE_FILES = ("lexicon.yaml",)   # tag corrections; the user dictionary is in segmenters_fingerprint
SENTENCE = regex.compile(r"[^。！？!?；;…\n]*(?:[。！？!?；;…]+[”’」』）)】\"']*|\n|$)")
PARAGRAPH = regex.compile(r"[^\n]+")
URL = regex.compile(r"(?:https?://|www\.)[^\s\u3000，。；）)】]+", regex.IGNORECASE)
# A file name is found from its extension, then read leftwards: a left-to-right scan for
# [\w.-]+ would start at every Chinese character (\w) and run to the end of its phrase.
FILE_EXTENSION = regex.compile(r"\.(?:jpe?g|png|gif|pdf|docx?|xlsx?|pptx?|html?|txt|zip)\b", regex.IGNORECASE)
FILE_STEM = regex.compile(r"[\w.\-]+", regex.REVERSE)
SEGMENTERS = ("jieba", "pkuseg")
TEXT_KEY = "pipeline.text"
# The tag of every user-dictionary term (domain terms and slogans): a common noun, which
# both the count objects and the organization names read as part of a noun phrase.
USER_TERM_TAG = "n"


class CharTokenizer:
    """One token per character, as spaCy's own Chinese ``char`` segmenter, built more cheaply:
    every boundary an entity can have is a token boundary, the vocabulary stays the size of
    the character set, and the Doc is built from each character's id in the string store
    (kept here), which spares spaCy hashing every character again: twice as fast."""

    def __init__(self, vocab: Vocab):
        self.vocab = vocab
        self.ids: dict[str, int] = {}

    def __call__(self, text: str) -> Doc:
        new = set(text).difference(self.ids)
        for char in new:
            self.ids[char] = self.vocab.strings.add(char)
        ids = list(map(self.ids.__getitem__, text))
        return Doc(self.vocab, words=ids, spaces=[False] * len(text), user_data={TEXT_KEY: text})


def text_of(doc: Doc) -> str:
    """The Doc's text: spaCy joins every token for each ``doc.text``; the tokenizer kept it."""
    return doc.user_data.get(TEXT_KEY) or doc.text


def offsets(pattern: regex.Pattern, text: str) -> list[list[int]]:
    return [[m.start(), m.end()] for m in pattern.finditer(text) if m.group().strip()]


def occurrences(text: str, word: str):
    """Every start of ``word`` in ``text``, overlapping ones included."""
    start = text.find(word)
    while start >= 0:
        yield start
        start = text.find(word, start + 1)


def sentence_starts(doc: Doc) -> list[int]:
    return [start for start, _ in doc._.sentences]


def sentence_index(starts: list[int], char: int) -> int:
    """The index of the sentence holding character ``char``, given ``sentence_starts``."""
    return max(bisect.bisect_right(starts, char) - 1, 0)


@Language.factory("zh_segment", assigns=["doc._.paragraphs", "doc._.sentences", "doc._.masked"])
def make_segment(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    return segment_doc


def segment_doc(doc: Doc) -> Doc:
    text = text_of(doc)
    doc._.paragraphs = offsets(PARAGRAPH, text)
    doc._.sentences = offsets(SENTENCE, text) or [[0, len(text)]]
    doc._.masked = masked_ranges(text)
    return doc


def masked_ranges(text: str) -> list[list[int]]:
    """URLs and file names, where nothing is extracted: [start, end) offsets, merged, sorted."""
    ranges = [m.span() for m in URL.finditer(text)]
    for extension in FILE_EXTENSION.finditer(text):
        stem = FILE_STEM.match(text, 0, extension.start())
        if stem:
            ranges.append((stem.start(), extension.end()))
    merged: list[list[int]] = []
    for start, end in sorted(ranges):
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged


@functools.lru_cache(maxsize=None)
def user_dictionary() -> tuple[str, ...]:
    """Every term a rule file lists under ``user_dictionary``, sorted, without repeats."""
    terms: set[str] = set()
    for path in lexicon.rule_files():
        data = lexicon.load_rule_file(str(path.relative_to(lexicon.RULES_DIR)))
        terms.update(data.get("user_dictionary", []))
    return tuple(sorted(terms))


@functools.lru_cache(maxsize=None)
def user_terms() -> frozenset[str]:
    """``user_dictionary`` as a set: the words the rules declare (nouns, whatever they open with)."""
    return frozenset(user_dictionary())


class Segmenter:
    """Words with their offsets, from jieba or pkuseg, loaded once per process on first use."""

    def __init__(self, name: str = "jieba"):
        if name not in SEGMENTERS:
            raise ValueError(f"unknown segmenter {name!r}; choose one of {', '.join(SEGMENTERS)}")
        self.name = name

    @functools.cached_property
    def backend(self):
        return load_jieba() if self.name == "jieba" else load_pkuseg()

    def cut(self, text: str, guess_new_words: bool = True) -> list[tuple[str, int, int]]:
        """(word, start, end) for each word of ``text``; offsets index ``text``.
        ``guess_new_words=False`` spares jieba its HMM pass (dictionary words only)."""
        if self.name == "jieba":
            return list(self.backend.tokenize(text, HMM=guess_new_words))
        words, position = [], 0
        for word in self.backend.cut(text):
            start = text.index(word, position)
            words.append((word, start, start + len(word)))
            position = start + len(word)
        return words


def quiet_jieba():
    import jieba

    jieba.setLogLevel(60)  # its start-up chatter would land in every CLI run's stderr
    return jieba


def load_jieba():
    tokenizer = quiet_jieba().Tokenizer()
    # What jieba's initialize() and add_word() would set, read from one cache.
    tokenizer.FREQ, tokenizer.total, _ = jieba_tables()
    tokenizer.initialized = True
    return tokenizer


def load_pkuseg():
    import pkuseg  # ships its default model inside the package: no download

    return pkuseg.pkuseg(model_name="default", user_dict=list(user_dictionary()))


@functools.lru_cache(maxsize=1)
def jieba_tables() -> tuple[dict[str, int], int, dict[str, str]]:
    """jieba's word frequencies with the user dictionary added, their total, and the
    dictionary's part-of-speech tags (word → tag) with the user dictionary's and the rules'
    corrections (tag_corrections). Built once from jieba's dict.txt and
    kept in one marshal cache, the tags keyed by the same strings as the frequencies, so
    that a process reads them back in about the time jieba alone takes to start."""
    source = Path(quiet_jieba().__file__).with_name("dict.txt")
    stat = source.stat()
    terms = hashlib.sha256(("\n".join(user_dictionary()) + repr(sorted(tag_corrections().items()))).encode()).hexdigest()[:16]
    return lexicon.marshal_cached(f"jieba-{stat.st_size}-{int(stat.st_mtime)}-{terms}-{USER_TERM_TAG}",
                                  functools.partial(build_jieba_tables, source))


def build_jieba_tables(source: Path) -> tuple[dict[str, int], int, dict[str, str]]:
    tokenizer = quiet_jieba().Tokenizer()
    for term in user_dictionary():
        tokenizer.add_word(term, freq=100000)
    same_string = {word: word for word in tokenizer.FREQ}  # one object per word in the cache
    tags = {}
    with source.open(encoding="utf-8") as handle:
        for line in handle:
            parts = line.split()
            if len(parts) >= 3:
                tags[same_string.get(parts[0], parts[0])] = parts[2]
    tags.update((same_string[term], USER_TERM_TAG) for term in user_dictionary())
    tags.update((same_string.get(word, word), tag) for word, tag in tag_corrections().items())
    return tokenizer.FREQ, tokenizer.total, tags


def tag_corrections() -> dict[str, str]:
    """rules/lexicon.yaml ``tag_corrections``: words jieba's dictionary tags wrongly, with their tag."""
    return dict(lexicon.load_rule_file("lexicon.yaml").get("tag_corrections") or {})


def word_tags() -> dict[str, str]:
    """jieba's dictionary tags, every user-dictionary term tagged ``USER_TERM_TAG``."""
    return jieba_tables()[2]


def word_frequency(word: str) -> int:
    """jieba's dictionary count of a word, 0 when unknown."""
    return jieba_tables()[0].get(word, 0)


def word_tag(word: str) -> str:
    """jieba's dictionary tag of a word (no HMM: a lookup), ``x`` when unknown."""
    return word_tags().get(word, "x")


@functools.lru_cache(maxsize=None)
def get_segmenter(name: str) -> Segmenter:
    return Segmenter(name)


def cut_phrase(segmenter: str, phrase: str, guess_new_words: bool = True) -> tuple[tuple[str, int, int], ...]:
    """``Segmenter.cut`` of a short phrase: from the words kept for the article being
    processed (``remembered_words``), else cut (cached per process: the phrases extractors
    read, the words after a count or before an organization's head, recur from report to report)."""
    article = ARTICLE_WORDS.get()
    if article is None:
        return cut_cached(segmenter, phrase, guess_new_words)
    return article.cut(segmenter, phrase, guess_new_words)


@functools.lru_cache(maxsize=65536)
def cut_cached(segmenter: str, phrase: str, guess_new_words: bool = True) -> tuple[tuple[str, int, int], ...]:
    return tuple(get_segmenter(segmenter).cut(phrase, guess_new_words)) if phrase else ()


class ArticleWords:
    """The words of the phrases cut while one article is processed, kept as each phrase's
    word ends (one table per segmenter and HMM setting) in a file named by the text's sha256.
    Ends that cannot be the phrase's (not rising from 0 to its length) are cut again."""

    def __init__(self, path: Path):
        self.path = path
        self.used: dict[tuple[str, bool, str], tuple[tuple[str, int, int], ...]] = {}
        self.cut_anew = False

    @functools.cached_property
    def kept(self) -> dict[str, dict]:
        """The file's tables, read at the first phrase: an article whose extractors all
        replay what they wrote (stage_cache) cuts none."""
        kept = cache.read_json(self.path)
        return {key: table for key, table in kept.items() if isinstance(table, dict)} if isinstance(kept, dict) else {}

    def cut(self, segmenter: str, phrase: str, guess_new_words: bool) -> tuple[tuple[str, int, int], ...]:
        key = (segmenter, guess_new_words, phrase)
        words = self.used.get(key)
        if words is None:
            words = words_ending_at(phrase, self.kept.get(table_key(segmenter, guess_new_words), {}).get(phrase))
            if words is None:
                words = cut_cached(segmenter, phrase, guess_new_words)
                self.cut_anew = True
            self.used[key] = words
        return words

    def save(self) -> None:
        """Write the phrases this run used, and those kept before (the phrases of extractors
        that replayed their writes), when it had to cut any."""
        if not self.cut_anew:
            return
        tables: dict[str, dict[str, list[int]]] = {key: dict(table) for key, table in self.kept.items()}
        for (segmenter, guess_new_words, phrase), words in sorted(self.used.items()):
            tables.setdefault(table_key(segmenter, guess_new_words), {})[phrase] = [end for _, _, end in words]
        cache.write_json(self.path, tables)


def table_key(segmenter: str, guess_new_words: bool) -> str:
    return segmenter if guess_new_words else f"{segmenter}/dictionary"


def words_ending_at(phrase: str, ends) -> tuple[tuple[str, int, int], ...] | None:
    """The words of ``phrase`` that end at ``ends``, or None when those cannot be its word
    ends (not rising from 0 to its length)."""
    if type(ends) is not list or (ends[-1] if ends else 0) != len(phrase):
        return None
    words, start = [], 0
    for end in ends:
        if type(end) is not int or end <= start:   # type(...) is int: a bool is no offset
            return None
        words.append((phrase[start:end], start, end))
        start = end
    return tuple(words)


ARTICLE_WORDS: contextvars.ContextVar[ArticleWords | None] = contextvars.ContextVar("article_words", default=None)


@contextlib.contextmanager
def remembered_words(text: str):
    """Within: ``cut_phrase`` reads the words kept for ``text`` and, at the end, keeps those it cut."""
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    article = ArticleWords(words_cache_dir() / f"{digest}.json")
    token = ARTICLE_WORDS.set(article)
    try:
        yield article
    finally:
        ARTICLE_WORDS.reset(token)
    article.save()


def words_cache_dir() -> Path:
    """$PIPELINE_CACHE/words/<the segmenters' fingerprint>."""
    return cache.cache_root() / "words" / segmenters_fingerprint()[:16]


@functools.lru_cache(maxsize=1)
def segmenters_fingerprint() -> str:
    """What a phrase's words depend on: the segmenters' versions (jieba's dictionary and
    pkuseg's model ship with them), the user dictionary and the code that loads and cuts."""
    digest = hashlib.sha256()
    for package in ("jieba", "pkuseg"):
        try:
            digest.update(f"{package} {importlib.metadata.version(package)}\n".encode())
        except importlib.metadata.PackageNotFoundError:
            digest.update(f"{package} none\n".encode())
    digest.update("\n".join(user_dictionary()).encode())
    digest.update(inspect.getsource(Segmenter).encode() + inspect.getsource(load_jieba).encode()
                  + inspect.getsource(build_jieba_tables).encode())
    return digest.hexdigest()


extensions.register()
