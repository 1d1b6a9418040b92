"""What each extractor wrote, kept per article, so that a rebuild after a change re-runs only
the extractors the change reaches.

An extractor's entry is keyed by its fingerprint and by the state of the Doc it started from.
Its fingerprint (``stage_fingerprint``) covers its component's config, the source of its
module and of every pipeline module that module imports, the rule files those modules
declare in ``RULE_FILES``, the segmenters' fingerprint (the user dictionary any rule file adds
to) and the name model's (``tagging_fingerprint``, for the stage that reads the model). The
state is a chain of digests: the Doc after segmentation (its text and extension values), then
each extractor's writes (the span groups and user data it changed). A change to one
extractor's rules re-runs it on every article; an extractor after it runs again only where
the writes before it changed. An article's entries are one marshal file named by its first
state, written whole or not at all; a file that does not load is ignored, which costs time,
never a record.
"""
from __future__ import annotations

import ast
import functools
import hashlib
import importlib.util
import json
import marshal
import os
import weakref
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from . import cache, lexicon, segment, spans

SWITCH = "PIPELINE_STAGE_CACHE"   # "0" turns the cache off: every extractor runs
# The fingerprints of each pipeline made by ``pipeline.load``, taken when its components were
# built from the rules on disk; a pipeline put together otherwise keeps nothing.
FINGERPRINTS: weakref.WeakKeyDictionary[Language, dict[str, str]] = weakref.WeakKeyDictionary()


def remember_fingerprints(nlp: Language, names: tuple[str, ...]) -> None:
    FINGERPRINTS[nlp] = {name: stage_fingerprint(nlp, name) for name in names}


def stage_fingerprint(nlp: Language, name: str) -> str:
    component = nlp.get_pipe(name)
    digest = hashlib.sha256(json.dumps(nlp.get_pipe_config(name), sort_keys=True, default=str).encode())
    digest.update(Path(__file__).read_bytes())   # how writes are kept and replayed
    modules = imported_modules(component.__module__)   # a class's instance or a function
    for module in modules:
        digest.update(module.encode() + b"\0" + module_path(module).read_bytes())
    for relative in declared_rule_files(modules):
        digest.update(relative.encode() + b"\0" + (lexicon.RULES_DIR / relative).read_bytes())
    digest.update(segment.segmenters_fingerprint().encode())
    if hasattr(component, "tagging_fingerprint"):   # the names stage reads the model's spans
        digest.update(component.tagging_fingerprint().encode())
    return digest.hexdigest()


def module_path(module: str) -> Path:
    return Path(importlib.util.find_spec(module).origin)


@functools.lru_cache(maxsize=None)
def imported_modules(module: str) -> tuple[str, ...]:
    """``module`` and every module of its package it imports, directly or through another
    (``from . import x``, ``from .x import y``), sorted. The package's ``__init__``, which
    imports every stage to register it, is not followed."""
    seen: set[str] = set()
    waiting = [module]
    while waiting:
        current = waiting.pop()
        if current not in seen:
            seen.add(current)
            waiting.extend(module_facts(current)[0])
    return tuple(sorted(seen))


def declared_rule_files(modules: tuple[str, ...]) -> list[str]:
    """The rule files (relative to the rules folder) the modules' ``RULE_FILES`` patterns match."""
    patterns = {pattern for module in modules for pattern in module_facts(module)[1]}
    return sorted({path.relative_to(lexicon.RULES_DIR).as_posix()
                   for pattern in patterns for path in lexicon.RULES_DIR.glob(pattern)})


@functools.lru_cache(maxsize=None)
def module_facts(module: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The modules of its package ``module`` imports and its ``RULE_FILES``, read from its
    source (one parse): a module is fingerprinted, not run."""
    package = module.partition(".")[0]
    tree = ast.parse(module_path(module).read_bytes())
    imports, patterns = [], ()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            names = [node.module] if node.module else [alias.name for alias in node.names]
            imports += [f"{package}.{name}" for name in names if importlib.util.find_spec(f"{package}.{name}") is not None]
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(target, "id", None) == "RULE_FILES" for target in node.targets):
            patterns = tuple(ast.literal_eval(node.value))
    return tuple(imports), patterns


def enabled() -> bool:
    return os.environ.get(SWITCH, "1") != "0"


class ArticleStages:
    """One article's pass through a pipeline's components. ``process`` runs a component, or
    replays the writes kept for an extractor whose key matches; ``finish`` brings the Doc up
    to date and keeps the entries. A component without a fingerprint (segmentation) runs
    before the chain starts; after it started, such a component ends the chain."""

    def __init__(self, nlp: Language):
        self.fingerprints = FINGERPRINTS.get(nlp, {}) if enabled() else {}
        self.state: str | None = None   # the digest of the Doc's state so far, once started
        self.path: Path | None = None
        self.kept: dict[str, tuple[str, str, bytes]] = {}   # {extractor: (key, state after it, its writes)}
        self.loaded: dict[str, dict] = {}   # the writes read from the file, loaded
        self.waiting: list[dict] = []   # the writes replayed, not yet applied to the Doc
        self.description: Description | None = None   # the Doc's, while no write waits
        self.replayed: list[str] = []
        self.ran = False

    def process(self, name: str, component, doc: Doc) -> Doc:
        if name not in self.fingerprints:
            doc = self.apply_waiting(doc)
            self.fingerprints = self.fingerprints if self.state is None else {}
            return component(doc)
        if self.state is None:
            self.start(doc)
        return doc if self.replays(name) else self.run(name, component, doc)

    def start(self, doc: Doc) -> None:
        text = segment.text_of(doc)
        self.description = described(doc)
        self.state = digest(text, repr(self.description))
        self.path = cache.cache_root() / "stages" / f"{self.state}.marshal"
        self.kept, self.loaded = read_entries(self.path, len(text))

    def key(self, name: str) -> str:
        return digest(self.fingerprints[name], self.state)

    def replays(self, name: str) -> bool:
        entry = self.kept.get(name)
        if entry is None or entry[0] != self.key(name):
            return False
        self.state = entry[1]
        self.waiting.append(self.loaded[name])
        self.replayed.append(name)
        self.description = None
        return True

    def run(self, name: str, component, doc: Doc) -> Doc:
        doc = self.apply_waiting(doc)
        key, before = self.key(name), self.description or described(doc)
        doc = component(doc)
        self.description = described(doc)
        writes = changes(before, self.description, doc.user_data)
        self.state = digest(self.state, repr(changes(before, self.description, self.description[0])))   # by reprs
        self.kept[name] = (key, self.state, marshal.dumps(writes))
        self.ran = True
        return doc

    def finish(self, doc: Doc) -> Doc:
        doc = self.apply_waiting(doc)
        if self.ran and self.fingerprints:
            cache.write_bytes(self.path, marshal.dumps(self.kept))
        doc._.replayed = tuple(self.replayed)
        return doc

    def apply_waiting(self, doc: Doc) -> Doc:
        for writes in self.waiting:
            doc = apply(doc, writes)
        self.waiting = []
        return doc


# The Doc's user data, each value as its repr (values are changed in place), and its spans.
Description = tuple[dict, dict]


def digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def span_offsets(doc: Doc) -> dict[str, list[tuple[int, int, str]]]:
    return {key: [(span.start_char, span.end_char, span.label_) for span in group] for key, group in doc.spans.items()}


def described(doc: Doc) -> Description:
    return {key: repr(value) for key, value in doc.user_data.items()}, span_offsets(doc)


def changes(before: Description, after: Description, values: dict) -> dict:
    """What an extractor wrote: the user data (taken from ``values``: the Doc's, or their
    reprs) and the span groups that are new or changed, and the keys of those it removed."""
    (data_before, spans_before), (data_after, spans_after) = before, after
    return {
        "data": {key: values[key] for key, value in data_after.items() if data_before.get(key) != value},
        "data_removed": [key for key in data_before if key not in data_after],
        "spans": {key: group for key, group in spans_after.items() if spans_before.get(key) != group},
        "spans_removed": [key for key in spans_before if key not in spans_after],
    }


def apply(doc: Doc, writes: dict) -> Doc:
    doc.user_data.update(writes["data"])
    for key in writes["data_removed"]:
        doc.user_data.pop(key, None)
    for key in writes["spans_removed"]:
        del doc.spans[key]
    for key, group in writes["spans"].items():
        labelled = {}
        for label in sorted({label for _, _, label in group}):
            offsets = [(start, end) for start, end, of in group if of == label]
            doc, made = spans.char_spans(doc, offsets, label)
            labelled.update(zip([(start, end, label) for start, end in offsets], made))
        doc.spans[key] = [labelled[item] for item in group]
    return doc


WRITES_KEYS = {"data", "data_removed", "spans", "spans_removed"}


def read_entries(path: Path, length: int) -> tuple[dict, dict]:
    """The entries kept at ``path``, {extractor: (key, state after it, its writes as marshal
    bytes)}, and each one's writes loaded; none when the file is missing or does not load as
    such a table of spans within a text of ``length`` characters."""
    try:
        kept = marshal.loads(path.read_bytes())
        loaded = {name: marshal.loads(writes) for name, (key, state, writes) in kept.items()}
    except (OSError, ValueError, EOFError, TypeError, AttributeError):
        return {}, {}
    if not all(well_formed(writes, length) for writes in loaded.values()):
        return {}, {}
    return kept, loaded


def well_formed(writes, length: int) -> bool:
    try:
        return set(writes) == WRITES_KEYS and isinstance(writes["data"], dict) and all(
            type(start) is int and type(end) is int and 0 <= start <= end <= length and isinstance(label, str)
            for group in writes["spans"].values() for start, end, label in group)
    except (TypeError, ValueError, AttributeError):
        return False

