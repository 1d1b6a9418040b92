"""What a record depends on: each part of ``build.fingerprint`` (article, rules, code,
segmenter) changes it, and a change of each makes ``build`` re-extract."""
import shutil
from pathlib import Path

import pytest

from pipeline import build, lexicon

SEED = Path("corpus/seeds/000_2ba991e02224f61e.txt")
ARTICLE = "2023年,全区建成12个基地。".encode()


def test_fingerprint_is_stable():
    assert build.fingerprint(ARTICLE, "jieba") == build.fingerprint(ARTICLE, "jieba")


def test_fingerprint_changes_with_the_article():
    assert build.fingerprint(ARTICLE, "jieba") != build.fingerprint(ARTICLE + b" ", "jieba")


def test_fingerprint_changes_with_the_segmenter():
    assert build.fingerprint(ARTICLE, "jieba") != build.fingerprint(ARTICLE, "pkuseg")


def test_fingerprint_changes_with_the_rules(monkeypatch):
    before = build.fingerprint(ARTICLE, "jieba")
    monkeypatch.setattr(lexicon, "rules_fingerprint", lambda: "other rules")
    assert build.fingerprint(ARTICLE, "jieba") != before


def test_fingerprint_changes_with_the_code(monkeypatch):
    before = build.fingerprint(ARTICLE, "jieba")
    monkeypatch.setattr(build, "code_fingerprint", lambda: "other code")
    assert build.fingerprint(ARTICLE, "jieba") != before


@pytest.fixture
def rules_copy(tmp_path, monkeypatch):
    """A copy of rules/ read in place of the real one (the fingerprint is cached per process)."""
    rules = tmp_path / "rules"
    shutil.copytree(lexicon.RULES_DIR, rules)
    monkeypatch.setattr(lexicon, "RULES_DIR", rules)
    lexicon.rules_fingerprint.cache_clear()
    yield rules
    lexicon.rules_fingerprint.cache_clear()


def test_rules_fingerprint_reads_every_rule_file(rules_copy):
    before = lexicon.rules_fingerprint()
    for path in sorted(rules_copy.rglob("*.yaml")):
        original = path.read_bytes()
        path.write_bytes(original + b"\n# edited\n")
        lexicon.rules_fingerprint.cache_clear()
        assert lexicon.rules_fingerprint() != before, path.name
        path.write_bytes(original)
    lexicon.rules_fingerprint.cache_clear()
    assert lexicon.rules_fingerprint() == before


def test_code_fingerprint_covers_the_package_source():
    package = Path(build.__file__).resolve().parent
    sources = sorted(package.rglob("*.py"))
    assert package / "dates.py" in sources and package / "build.py" in sources
    assert len(build.code_fingerprint()) == 64


@pytest.mark.parametrize("part", ["rules", "code", "segmenter"])
def test_build_re_extracts_when_a_part_changes(part, tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "b.txt").write_bytes(ARTICLE)
    assert build.build(corpus, tmp_path / "out", workers=1, root=tmp_path).extracted == 1
    assert build.build(corpus, tmp_path / "out", workers=1, root=tmp_path).extracted == 0
    segmenter = "jieba"
    if part == "rules":
        monkeypatch.setattr(lexicon, "rules_fingerprint", lambda: "other rules")
    elif part == "code":
        monkeypatch.setattr(build, "code_fingerprint", lambda: "other code")
    else:
        segmenter = "pkuseg"
        monkeypatch.setattr(build, "extract_many",
                            lambda paths, segmenter, workers, scheduler=None, timeout=None: (
                                build.Outcome(p, error="not extracted in this test") for p in paths))
    report = build.build(corpus, tmp_path / "out", segmenter, workers=1, root=tmp_path)
    assert report.extracted == 1
