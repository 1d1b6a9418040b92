"""What the costly steps keep between runs, one file per article: the name model's spans
(``names.TagCache``) and the words of the phrases the extractors cut (``segment.ArticleWords``),
in JSON, and what each extractor wrote (``stage_cache``), in marshal.

A rebuild after a change to rules or extractor code reads them back and runs only the rule
stages. Each file is named by a fingerprint of what made it and the article text's sha256;
it is written to a temporary file and renamed, so a reader sees a whole file or none, and
its reader checks what it holds: a file that fails the check is made again.
"""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def cache_root() -> Path:
    """$PIPELINE_CACHE, by default .cache in the repo."""
    return Path(os.environ.get("PIPELINE_CACHE", REPO / ".cache"))


def read_json(path: Path):
    """The value kept at ``path``, or None when there is none or it does not parse."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_json(path: Path, value) -> None:
    write_bytes(path, json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def write_bytes(path: Path, data: bytes) -> None:
    """Keep ``data`` at ``path``, whole or not at all; a read-only or full disk costs time,
    never a record."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, suffix=".tmp", delete=False) as out:
            out.write(data)
        os.replace(out.name, path)
    except OSError:
        pass
