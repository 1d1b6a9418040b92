"""What each extractor wrote, kept per article (pipeline/stage_cache.py): replayed records
equal a full run's, a change re-runs the extractors it reaches, a damaged entry is ignored,
and each extractor's fingerprint covers the rule files its modules read."""
import json
import marshal
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import pipeline
from pipeline import lexicon, records, stage_cache
from pipeline.reader import Article, extract_metadata, read_article

TEXT = ("10月26日，中共上海市委统战部部长卢正在黄浦区调研，区新联会会长王晓东介绍，"
        "全区建成12个实践创新基地，推行“五化七步”工作法。")
REPORTS = sorted(Path("corpus/seeds").glob("*.txt"))[:3] + sorted(Path("corpus/synthetic").rglob("*.txt"))[:3]


@pytest.fixture()
def cache_root(tmp_path, monkeypatch):
    monkeypatch.setenv("PIPELINE_CACHE", str(tmp_path))
    return tmp_path


def article(text: str = TEXT) -> Article:
    return Article(id="t", path="t.txt", text=text, encoding="utf-8", sha256="0" * 64, metadata=extract_metadata(text))


def record(nlp, item: Article) -> str:
    return json.dumps(records.to_record(pipeline.process(item, nlp)), ensure_ascii=False)


def full_run(nlp, item: Article, monkeypatch) -> str:
    with monkeypatch.context() as patch:
        patch.setenv(stage_cache.SWITCH, "0")
        return record(nlp, item)


@pytest.fixture()
def calls(nlp, monkeypatch):
    """How many times each extractor ran (its class's __call__ counted)."""
    counted: dict[str, int] = {}
    for name in pipeline.EXTRACTORS:
        cls = type(nlp.get_pipe(name))

        def counting(self, doc, _name=name, _call=cls.__call__):
            counted[_name] = counted.get(_name, 0) + 1
            return _call(self, doc)

        monkeypatch.setattr(cls, "__call__", counting)
    return counted


@pytest.mark.parametrize("path", REPORTS, ids=lambda path: path.stem[:12])
def test_replayed_records_equal_a_full_run(nlp, cache_root, path, monkeypatch):
    item = read_article(path)
    expected = full_run(nlp, item, monkeypatch)
    assert record(nlp, item) == expected    # kept
    assert record(nlp, item) == expected    # replayed
    assert len(list((cache_root / "stages").glob("*.marshal"))) == 1


def test_nothing_runs_again_when_nothing_changed(nlp, cache_root, calls):
    first = record(nlp, article())
    calls.clear()
    assert record(nlp, article()) == first
    assert calls == {}


def changed_fingerprint(nlp, monkeypatch, name: str) -> None:
    monkeypatch.setitem(stage_cache.FINGERPRINTS, nlp, {**stage_cache.FINGERPRINTS[nlp], name: "changed"})


def test_a_changed_extractor_runs_again_and_those_after_it_only_where_its_writes_changed(nlp, cache_root, calls, monkeypatch):
    first = record(nlp, article())
    calls.clear()
    changed_fingerprint(nlp, monkeypatch, "zh_counts")
    assert record(nlp, article()) == first
    assert calls == {"zh_counts": 1}    # its writes are the same: the organizations and names replay


def test_the_extractors_after_a_changed_one_run_where_its_writes_changed(nlp, cache_root, calls, monkeypatch):
    record(nlp, article())
    counts = type(nlp.get_pipe("zh_counts"))
    counting = counts.__call__

    def no_counts(self, doc):
        doc = counting(self, doc)
        doc.spans["counts"] = []
        return doc

    monkeypatch.setattr(counts, "__call__", no_counts)
    changed_fingerprint(nlp, monkeypatch, "zh_counts")
    calls.clear()
    replayed = record(nlp, article())
    assert calls == {"zh_counts": 1, "zh_organizations": 1, "zh_names": 1}
    assert json.loads(replayed)["counts"] == []
    assert replayed == full_run(nlp, article(), monkeypatch)


def test_the_switch_turns_the_cache_off(nlp, cache_root, calls, monkeypatch):
    record(nlp, article())
    calls.clear()
    full_run(nlp, article(), monkeypatch)
    assert calls == {name: 1 for name in pipeline.EXTRACTORS}


def entries_file(cache_root: Path) -> Path:
    (path,) = (cache_root / "stages").glob("*.marshal")
    return path


def out_of_range(path: Path) -> bytes:
    """The kept entries with one span moved past the text's end."""
    kept = marshal.loads(path.read_bytes())
    name, (key, state, writes) = next((name, entry) for name, entry in kept.items() if marshal.loads(entry[2])["spans"])
    loaded = marshal.loads(writes)
    group = next(iter(loaded["spans"]))
    loaded["spans"][group] = [(0, 10 ** 6, label) for _, _, label in loaded["spans"][group]]
    kept[name] = (key, state, marshal.dumps(loaded))
    return marshal.dumps(kept)


@pytest.mark.parametrize("damage", ["truncated", "not a table", "wrong entry", "span out of range"])
def test_a_damaged_entry_is_ignored_and_written_anew(nlp, cache_root, calls, damage):
    first = record(nlp, article())
    path = entries_file(cache_root)
    path.write_bytes({"truncated": path.read_bytes()[:40], "not a table": marshal.dumps([1, 2]),
                      "wrong entry": marshal.dumps({"zh_dates": ("key", "state", marshal.dumps({"data": {}}))}),
                      "span out of range": out_of_range(path) if damage == "span out of range" else b""}[damage])
    calls.clear()
    assert record(nlp, article()) == first
    assert calls == {name: 1 for name in pipeline.EXTRACTORS}
    calls.clear()
    assert record(nlp, article()) == first
    assert calls == {}    # the file was written whole again


def test_a_rule_file_changes_the_fingerprints_of_the_extractors_that_read_it(nlp, tmp_path, monkeypatch):
    before = {name: stage_cache.stage_fingerprint(nlp, name) for name in pipeline.EXTRACTORS}
    rules = tmp_path / "rules"
    shutil.copytree(lexicon.RULES_DIR, rules)
    monkeypatch.setattr(lexicon, "RULES_DIR", rules)

    def changed_after_editing(relative: str) -> set[str]:
        path = rules / relative
        original = path.read_bytes()
        path.write_bytes(original + b"\n# an edit\n")
        try:
            return {name for name in pipeline.EXTRACTORS if stage_cache.stage_fingerprint(nlp, name) != before[name]}
        finally:
            path.write_bytes(original)

    assert changed_after_editing("dates.yaml") == {"zh_dates"}
    assert changed_after_editing("places.yaml") == {"zh_names"}
    assert changed_after_editing("organizations/heads.yaml") == {"zh_organizations", "zh_names"}
    # the names stage reads texts with name_grammar, never the organizations' rules
    assert changed_after_editing("organizations/patterns.yaml") == {"zh_organizations"}
    assert changed_after_editing("numerals.yaml") == set(pipeline.EXTRACTORS)


def test_a_module_is_fingerprinted_with_the_modules_it_imports():
    dates = stage_cache.imported_modules("pipeline.dates")
    assert {"pipeline.dates", "pipeline.matching", "pipeline.numerals", "pipeline.lexicon"} <= set(dates)
    assert "pipeline.names" not in dates and "pipeline" not in dates
    names = stage_cache.imported_modules("pipeline.names")
    assert "pipeline.name_grammar" in names and "pipeline.organizations" not in names


TRACE = r'''
import importlib.util, json, sys, traceback
from pathlib import Path
spec = importlib.util.spec_from_file_location("pipeline", "pipeline/__init__.py", submodule_search_locations=["pipeline"])
package = importlib.util.module_from_spec(spec)
sys.modules["pipeline"] = package
from pipeline import lexicon   # alone: the package's __init__ has not run yet
loads = []
current = ["import"]
cached = lexicon.load_rule_file

def traced(relative_path):
    frames = [(Path(frame.filename).stem, frame.name) for frame in traceback.extract_stack()]
    loads.append([relative_path, current[0], frames])
    return cached(relative_path)

lexicon.load_rule_file = traced
spec.loader.exec_module(package)   # imports every stage, running their module-level code
import spacy
from pipeline import reader, segment
nlp = spacy.blank("zh")
nlp.tokenizer = segment.CharTokenizer(nlp.vocab)
nlp.add_pipe("zh_segment")
for name in package.EXTRACTORS:
    current[0] = name
    nlp.add_pipe(name, config={"segmenter": "jieba"} if name in package.SEGMENTING else {})
for path in sys.argv[1:]:
    item = reader.read_article(Path(path))
    doc = nlp.make_doc(item.text)
    doc._.metadata = item.metadata
    for name, component in nlp.pipeline:
        current[0] = name
        doc = component(doc)
json.dump({"loads": loads, "modules": {name: nlp.get_pipe(name).__module__ for name in nlp.pipe_names}}, sys.stdout)
'''


def test_every_rule_file_an_extractor_reads_is_declared_by_its_modules(tmp_path):
    """Each load of a rule file, traced in a fresh process: at import, by the module whose
    code runs; while an extractor is built or runs, by that extractor. The file must be among
    the RULE_FILES of the loader's modules; the user dictionary every file may add to is in
    the segmenters' fingerprint instead."""
    done = subprocess.run([sys.executable, "-c", TRACE, *map(str, REPORTS[:2])], capture_output=True, text=True,
                          timeout=300, env={**__import__("os").environ, "PIPELINE_CACHE": str(tmp_path)})
    assert done.returncode == 0, done.stderr[-2000:]
    traced = json.loads(done.stdout)
    undeclared = set()
    for relative, stage, frames in traced["loads"]:
        if ("segment", "user_dictionary") in [tuple(frame) for frame in frames]:
            continue
        if stage in traced["modules"]:
            loader = traced["modules"][stage]
        else:
            loader = "pipeline." + next(stem for stem, function in reversed(frames)
                                        if function == "<module>" and stem != "lexicon")
        if relative not in stage_cache.declared_rule_files(stage_cache.imported_modules(loader)):
            undeclared.add((relative, loader))
    assert traced["loads"] and not undeclared


def test_what_an_extractor_removes_is_removed_on_replay(cache_root, monkeypatch):
    """Two components on a blank pipeline: one writes user data and a span group, the next
    removes both; replayed, the Doc ends as it did when they ran."""
    import spacy

    nlp = spacy.blank("zh")
    ran: list[str] = []

    def writer(doc):
        ran.append("writer")
        doc.user_data["x"] = [1]
        doc.spans["g"] = [doc[0:2]]
        return doc

    def remover(doc):
        ran.append("remover")
        del doc.user_data["x"]
        del doc.spans["g"]
        doc.spans["h"] = [doc[1:3]]
        return doc

    monkeypatch.setitem(stage_cache.FINGERPRINTS, nlp, {"writer": "w", "remover": "r"})

    def run() -> tuple[dict, dict, tuple]:
        doc, stages = nlp.make_doc("统战工作"), stage_cache.ArticleStages(nlp)
        for name, component in (("writer", writer), ("remover", remover)):
            doc = stages.process(name, component, doc)
        doc = stages.finish(doc)
        data = {key: value for key, value in doc.user_data.items() if key != ("._.", "replayed", None, None)}
        return data, stage_cache.span_offsets(doc), doc._.replayed

    first = run()
    assert ran == ["writer", "remover"] and "x" not in first[0] and set(first[1]) == {"h"} and first[2] == ()
    assert run() == (*first[:2], ("writer", "remover")) and ran == ["writer", "remover"]


def test_a_build_says_which_extractors_replayed(corpus, cache_root, tmp_path, capsys):
    from pipeline import cli

    arguments = ["build", "--corpus", str(corpus), "--workers", "1", "--outputs"]
    assert cli.main([*arguments, str(tmp_path / "first")]) == 0
    assert "stage cache" not in capsys.readouterr().err    # nothing kept yet: every extractor ran
    assert cli.main([*arguments, str(tmp_path / "second")]) == 0
    said = capsys.readouterr().err.splitlines()[-1]
    assert said == ("stage cache: kept writes replayed by zh_dates in 2, zh_slogans in 2, zh_counts in 2, "
                    "zh_organizations in 2, zh_names in 2 of the 2 extracted; the rest ran")
    assert (tmp_path / "first" / "a.json").read_bytes() == (tmp_path / "second" / "a.json").read_bytes()
