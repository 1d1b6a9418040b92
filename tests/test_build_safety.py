"""build never loses or misstates the dataset: it removes only what it wrote, re-extracts what
it cannot vouch for, and a kill at any point followed by a rebuild gives a clean build's bytes."""
import errno
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline import build

SEED = Path("corpus/seeds/000_2ba991e02224f61e.txt")
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def loaded(nlp):
    """The pipeline loaded here first: forked workers share it instead of loading their own."""


@pytest.fixture()
def corpus(corpus):
    """conftest's corpus with a third article."""
    (corpus / "seeds" / "c.txt").write_text("10月26日,300余家企业参加。", encoding="utf-8")
    return corpus


def run_build(corpus, outputs, **options):
    return build.build(corpus, outputs, workers=1, root=corpus.parent, **options)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture()
def clean(corpus, tmp_path):
    """The bytes of a clean build of the corpus, and the folder it is in."""
    run_build(corpus, tmp_path / "clean")
    return snapshot(tmp_path / "clean")


def test_build_removes_only_files_it_wrote(corpus, tmp_path):
    outputs = tmp_path / "outputs"
    outputs.mkdir()
    (outputs / "package.json").write_text("{}", encoding="utf-8")
    run_build(corpus, outputs)
    (corpus / "seeds" / "c.txt").unlink()
    report = run_build(corpus, outputs)
    assert report.removed == 1 and not (outputs / "c.json").exists()
    assert (outputs / "package.json").read_text(encoding="utf-8") == "{}"


def test_a_killed_builds_temporary_files_are_removed_and_nothing_else(corpus, tmp_path):
    outputs = tmp_path / "outputs"
    outputs.mkdir()
    leftovers = [outputs / ".manifest.json.6ht30_ko.tmp", outputs / ".a.json.x8k2ab9q.tmp"]
    for path in leftovers:
        path.write_text("{", encoding="utf-8")
    (outputs / ".notes.tmp").write_text("mine", encoding="utf-8")
    run_build(corpus, outputs)
    assert not any(path.exists() for path in leftovers)
    assert (outputs / ".notes.tmp").read_text(encoding="utf-8") == "mine"


def test_a_missing_corpus_is_an_error_that_removes_nothing(corpus, tmp_path):
    outputs = tmp_path / "outputs"
    run_build(corpus, outputs)
    before = snapshot(outputs)
    with pytest.raises(build.BuildError, match=r"corpu: cannot read the corpus: no such folder"):
        run_build(tmp_path / "corpu", outputs)
    assert snapshot(outputs) == before


def test_an_empty_corpus_removes_records_only_with_prune(corpus, tmp_path):
    outputs = tmp_path / "outputs"
    run_build(corpus, outputs)
    before = snapshot(outputs)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(build.BuildError, match=r"no \.txt articles found; the 3 records .* --prune"):
        run_build(empty, outputs)
    assert snapshot(outputs) == before
    report = run_build(empty, outputs, prune=True)
    assert report.removed == 3
    assert sorted(p.name for p in outputs.iterdir()) == ["dataset.jsonl", "manifest.json"]


def test_a_second_build_of_the_same_folder_is_refused_with_its_holder(corpus, tmp_path):
    outputs = tmp_path / "outputs"
    outputs.mkdir()
    with build.BuildLock(outputs):
        with pytest.raises(build.BuildError, match=rf"another build of this folder is running \(pid {os.getpid()} on "):
            run_build(corpus, outputs)
    assert run_build(corpus, outputs).errors == []
    assert not (outputs / build.LOCK).exists()


@pytest.mark.parametrize("damage", ["truncate", "edit", "delete"])
def test_a_damaged_record_is_re_extracted_and_said(corpus, tmp_path, clean, damage):
    outputs = tmp_path / "outputs"
    run_build(corpus, outputs)
    record = outputs / "a.json"
    if damage == "truncate":
        record.write_bytes(record.read_bytes()[:100])
    elif damage == "edit":
        record.write_text(record.read_text(encoding="utf-8").replace("102个", "103个"), encoding="utf-8")
    else:
        record.unlink()
    report = run_build(corpus, outputs)
    assert (report.extracted, report.repaired) == (1, 1)
    assert any("a.json: missing or damaged record, re-extracted" in note for note in report.notes)
    assert snapshot(outputs) == clean


def test_a_damaged_dataset_line_is_made_anew(corpus, tmp_path, clean):
    outputs = tmp_path / "outputs"
    run_build(corpus, outputs)
    lines = (outputs / "dataset.jsonl").read_bytes().splitlines(keepends=True)
    (outputs / "dataset.jsonl").write_bytes(lines[0] + lines[1][:40] + b"\n" + b"garbage\n")
    assert run_build(corpus, outputs).extracted == 0
    assert snapshot(outputs) == clean


def test_a_corrupt_manifest_is_said_and_everything_rebuilt(corpus, tmp_path, clean):
    outputs = tmp_path / "outputs"
    run_build(corpus, outputs)
    (outputs / "manifest.json").write_text('{"articles": [', encoding="utf-8")
    report = run_build(corpus, outputs)
    assert report.extracted == 3 and "unreadable manifest" in report.notes[0]
    assert snapshot(outputs) == clean


def test_a_write_that_fails_stops_the_build_naming_the_file(corpus, tmp_path, monkeypatch):
    write = build.write_atomic_bytes

    def full_disk_after_the_manifest(path, data, durable):
        if path.name != build.MANIFEST:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        write(path, data, durable)

    monkeypatch.setattr(build, "write_atomic_bytes", full_disk_after_the_manifest)
    with pytest.raises(build.BuildError, match=r"a\.json: cannot write the record: No space left on device"):
        run_build(corpus, tmp_path / "outputs")
    monkeypatch.undo()  # the disk has room again: the claimed records are all built
    assert run_build(corpus, tmp_path / "outputs").written == 3


def test_an_article_past_the_time_limit_fails_by_name_and_the_others_are_built(corpus, tmp_path, monkeypatch):
    extract = build.extract_one

    def slow_on_b(path, segmenter="jieba", data=None):
        if path.endswith("b.txt"):
            time.sleep(30)
        return extract(path, segmenter, data)

    monkeypatch.setattr(build, "extract_one", slow_on_b)
    report = run_build(corpus, tmp_path / "outputs", timeout=1.0)
    assert report.errors == [f"{corpus / 'seeds' / 'b.txt'}: timed out after 1 s (--timeout)"]
    assert sorted(p.name for p in (tmp_path / "outputs").glob("?.json")) == ["a.json", "c.json"]


def test_a_killed_worker_names_its_article_and_the_others_are_built(corpus, tmp_path, monkeypatch):
    extract = build.extract_one

    def dies_on_a(path, segmenter="jieba", data=None):
        if path.endswith("a.txt"):
            os.kill(os.getpid(), signal.SIGKILL)
        return extract(path, segmenter, data)

    monkeypatch.setattr(build, "extract_one", dies_on_a)
    report = run_build(corpus, tmp_path / "outputs")
    assert report.errors == [f"{corpus / 'seeds' / 'a.txt'}: the worker process died while extracting it "
                             f"(killed by signal 9)"]
    assert sorted(p.name for p in (tmp_path / "outputs").glob("?.json")) == ["b.json", "c.json"]


def test_a_file_name_that_is_not_utf8_is_named_and_the_others_are_built(corpus, tmp_path):
    os.rename(os.fsencode(corpus / "seeds" / "c.txt"), os.fsencode(corpus / "seeds") + b"/\xff.txt")
    report = run_build(corpus, tmp_path / "outputs")
    assert report.errors == ["'corpus/seeds/\\udcff.txt': the file name is not valid UTF-8; rename the file"]
    assert sorted(p.name for p in (tmp_path / "outputs").glob("?.json")) == ["a.json", "b.json"]


def many_articles(folder: Path, count: int) -> None:
    folder.mkdir(parents=True)
    text = SEED.read_text(encoding="utf-8")
    for i in range(count):
        (folder / f"n{i:04d}.txt").write_text(f"{i}年,建成{i}个基地。\n" + text[: 300 + 7 * i], encoding="utf-8")


def build_in_child(corpus: Path, outputs: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "pipeline", "build", "--corpus", str(corpus),
                             "--outputs", str(outputs), "--workers", "2"],
                            cwd=REPO, stderr=subprocess.PIPE, start_new_session=True)


def kill_after(process: subprocess.Popen, seconds: float) -> None:
    time.sleep(seconds)
    os.killpg(process.pid, signal.SIGKILL)  # the whole group: workers too, as a machine crash would
    process.wait()


def test_kill_at_several_points_after_a_changed_then_reverted_corpus_rebuilds_clean(tmp_path):
    corpus, outputs = tmp_path / "corpus", tmp_path / "outputs"
    many_articles(corpus / "news", 60)
    originals = {p: p.read_bytes() for p in sorted((corpus / "news").iterdir())}
    assert build_in_child(corpus, outputs).wait() == 0
    clean = snapshot(outputs)
    for delay in (0.7, 1.8):  # scripts/kill_build.py (run by CI) kills a 2,000-article build more
        for path in originals:  # edit every article, kill the build part way, restore them
            path.write_bytes(originals[path].replace("基地".encode(), "站点".encode()))
        kill_after(build_in_child(corpus, outputs), delay)
        for path, data in originals.items():
            path.write_bytes(data)
        rebuilt = build_in_child(corpus, outputs)
        assert rebuilt.wait() == 0, rebuilt.stderr.read().decode()
        after = snapshot(outputs)
        assert after.keys() == clean.keys(), f"after a kill at {delay} s"
        assert [name for name in clean if after[name] != clean[name]] == [], f"after a kill at {delay} s"
