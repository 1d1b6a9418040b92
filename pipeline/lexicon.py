"""Rule files: loading, validation and placeholder expansion.

Reads ``rules/**/*.yaml``. A pattern names lexicon entries as ``{NAME}``; the names are
defined under ``placeholders`` in ``rules/lexicon.yaml`` or the rule file itself (word lists
become alternations, longest first, so that 超过 wins over 超, and ``{NAME_FIRST}`` the class
of their first characters) or computed from the numeral tables. Parsed files are kept in a
marshal cache in the temp dir (``marshal_cached``), so a new process starts faster.
"""
from __future__ import annotations

import functools
import hashlib
import marshal
import os
import re
import tempfile
import warnings
from pathlib import Path
from typing import Any, Callable, TypeVar

import regex
import yaml

# The rule files a module reads (patterns in the rules folder), which stage_cache fingerprints.
RULE_FILES = ("lexicon.yaml",)   # the placeholders and modifier words
RULES_DIR = Path(os.environ.get("PIPELINE_RULES", Path(__file__).resolve().parent.parent / "rules"))
PLACEHOLDER = regex.compile(r"\{([A-Z][A-Z0-9_]*)\}")
# libyaml's loader when present: the gazetteer alone is thousands of entries.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
RULE_KEYS = {"name", "pattern", "examples", "in_context", "negatives", "unit", "kind", "engine"}
# The regex engine that scans a rule (a rule's `engine`, else its file's, else regex). The
# standard library's re skips to the characters a match can start with by a bitmap, where
# the regex module tries every position: re scans a pattern that opens with an optional
# part or a class of common characters up to three times faster, the regex module one with
# a required literal inside it. A pattern in the regex module's own syntax (\p{Han}) stays
# with it whatever the setting.
ENGINES = ("regex", "re")
Value = TypeVar("Value")


class RuleError(ValueError):
    """A rule file that cannot be used; the message names the file and the rule."""


def marshal_cached(key: str, build: Callable[[], Value]) -> Value:
    """``build()``, kept in the temp dir as a marshal file named by ``key`` (which must
    change whenever the result would): a process starts by reading it back, ten times
    faster than parsing YAML or jieba's dictionary again. Without a writable temp dir,
    or for a value marshal cannot hold, it is built each time."""
    cache = Path(tempfile.gettempdir()) / f"pipeline-{key}.marshal"
    try:
        return marshal.loads(cache.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        pass
    value = build()
    try:
        handle, temporary = tempfile.mkstemp(dir=cache.parent, suffix=".tmp")
        with os.fdopen(handle, "wb") as stream:
            stream.write(marshal.dumps(value))
        os.replace(temporary, cache)  # whole or not at all: workers may race to write it
    except (OSError, ValueError):
        pass
    return value


@functools.lru_cache(maxsize=None)
def load_rule_file(relative_path: str) -> dict[str, Any]:
    path = RULES_DIR / relative_path
    try:
        source = path.read_bytes()
    except OSError as error:
        raise RuleError(f"{path}: cannot be loaded: {error}") from error
    data = marshal_cached(f"rules-{hashlib.sha256(source).hexdigest()[:32]}", lambda: parse_yaml(path, source))
    if not isinstance(data, dict):
        raise RuleError(f"{path}: expected a mapping at the top level")
    return data


def parse_yaml(path: Path, source: bytes) -> Any:
    try:
        return yaml.load(source.decode("utf-8"), Loader=YAML_LOADER)
    except (UnicodeDecodeError, yaml.YAMLError) as error:
        raise RuleError(f"{path}: cannot be loaded: {error}") from error


def rule_files() -> list[Path]:
    return sorted(RULES_DIR.rglob("*.yaml"))


@functools.lru_cache(maxsize=None)
def rules_fingerprint() -> str:
    """sha256 over every rule file's path and bytes: changes whenever any rule changes."""
    digest = hashlib.sha256()
    for path in rule_files():
        digest.update(str(path.relative_to(RULES_DIR)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def alternation(words) -> str:
    """A non-capturing group matching any of ``words``, the longest first where several match,
    shaped as a character trie: a position is given up after its first character or two,
    not after trying every word in turn (a flat alternation of 150 measure words did that
    at every numeral of a report)."""
    return f"(?:{trie_pattern(words)})"


def trie_pattern(words) -> str:
    """The body of ``alternation``. The words that match at one position are prefixes of one
    another; a greedy optional tail tries the longer of them first, as longest-first order does."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = [regex.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


@functools.lru_cache(maxsize=None)
def placeholders() -> dict[str, str]:
    from . import numerals  # numerals reads its tables through this module

    expanded = pattern_table(load_rule_file("lexicon.yaml")["placeholders"])
    tables = numerals.tables()
    cn_chars = regex.escape(tables.chinese_chars)
    # A numeral starts where a run of its characters starts and is at most max_length long:
    # a scan meets a run of n numeral characters once, tries at most max_length ends, and
    # skips the run's other positions at once (unbounded, every position of the run tried
    # every shorter end: seconds for a few thousand digits). Longer runs hold no numeral.
    most = f"{{1,{tables.max_length}}}"
    expanded.setdefault("CN_NUM", f"(?<![{cn_chars}])[{cn_chars}]{most}(?:[点點][{cn_chars}]{most})?")
    expanded.setdefault("NUMERAL_CHAR", f"[0-9０-９{cn_chars}]")  # any character a numeral starts with
    expanded.setdefault("AR_NUM", f"(?:(?<![0-9０-９])[0-9０-９]{most}(?:[,，][0-9０-９]{{3}}){{0,{tables.max_length // 4}}}"
                                  f"(?:[.．][0-9０-９]{most})?|(?<![0-9０-９A-Za-z.．])[.．][0-9０-９]{most})")  # .77
    return expanded


def modifier_words() -> dict[str, str]:
    """Approximation words and the modifier each one gives (over, about, under)."""
    return load_rule_file("lexicon.yaml")["modifiers"]


def pattern_table(values: dict) -> dict[str, str]:
    """Placeholders as patterns: a word list as its ``alternation`` under its own name, and
    the class of its words' first characters as NAME_FIRST (for a lookahead that lets the
    engine skip to where a match can start)."""
    table = {}
    for name, value in values.items():
        if isinstance(value, (list, dict)):
            table[name] = alternation(list(value))
            table[f"{name}_FIRST"] = "[" + regex.escape("".join(sorted({word[0] for word in value if word}))) + "]"
        else:
            table[name] = str(value)
    return table


def expand(pattern: str, where: str, local: dict | None = None) -> str:
    """Replace every {NAME} in ``pattern`` (a rule file's own ``placeholders`` first, then
    the shared ones); ``where`` names the file and rule for errors."""
    table = {**placeholders(), **pattern_table(local or {})}

    def substitute(match: regex.Match) -> str:
        name = match.group(1)
        if name not in table:
            raise RuleError(f"{where}: undefined placeholder {{{name}}}")
        return expand(table[name], where, local) if PLACEHOLDER.search(table[name]) else table[name]

    return PLACEHOLDER.sub(substitute, pattern)


def compile_rules(relative_path: str, extra: dict[str, str] | None = None) -> list[tuple[dict[str, Any], regex.Pattern | re.Pattern]]:
    """The file's rules with their compiled patterns, validated (names unique, keys known).
    ``extra`` placeholders (computed by an extractor from its lexicon) come before the file's own."""
    data = load_rule_file(relative_path)
    local = {**(extra or {}), **(data.get("placeholders") or {})}
    compiled = []
    seen: set[str] = set()
    for rule in data.get("rules", []):
        name = rule.get("name")
        where = f"{RULES_DIR / relative_path}: rule {name!r}"
        unknown = set(rule) - RULE_KEYS
        if not name or name in seen:
            raise RuleError(f"{where}: missing or duplicate name")
        if unknown:
            raise RuleError(f"{where}: unknown keys {sorted(unknown)}")
        if not (rule.get("examples") or rule.get("in_context") or rule.get("negatives")):
            raise RuleError(f"{where}: a rule needs examples, in_context or negatives")
        engine = rule.get("engine", data.get("engine", "regex"))
        if engine not in ENGINES:
            raise RuleError(f"{where}: unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
        seen.add(name)
        compiled.append((rule, compile_pattern(expand(rule["pattern"], where, local), engine, where)))
    return compiled


def compile_pattern(pattern: str, engine: str, where: str) -> regex.Pattern | re.Pattern:
    if engine == "re":
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error")  # re's FutureWarning: a set it would read otherwise
                return re.compile(pattern)
        except (re.error, FutureWarning):
            pass  # the regex module's own syntax
    try:
        return regex.compile(pattern)
    except regex.error as error:
        raise RuleError(f"{where}: bad pattern: {error}") from error
