"""Batch runs: incremental build, removal, atomic writes, bad input that stops nothing."""
import json
from pathlib import Path

import pytest

from pipeline import build, cli

SEED = Path("corpus/seeds/000_2ba991e02224f61e.txt")


def run_build(corpus, tmp_path):
    return build.build(corpus, tmp_path / "outputs", workers=1, root=tmp_path)


def test_build_writes_records_dataset_and_manifest(corpus, tmp_path):
    report = run_build(corpus, tmp_path)
    out = tmp_path / "outputs"
    assert report.errors == [] and report.written == 2
    assert sorted(p.name for p in out.iterdir()) == ["a.json", "b.json", "dataset.jsonl", "manifest.json"]
    lines = (out / "dataset.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["a", "b"]
    assert json.loads((out / "b.json").read_text(encoding="utf-8"))["source"]["path"] == "corpus/seeds/b.txt"


def test_build_is_incremental(corpus, tmp_path):
    run_build(corpus, tmp_path)
    before = (tmp_path / "outputs" / "a.json").stat().st_mtime_ns
    (corpus / "seeds" / "b.txt").write_text("2024年,全区建成13个基地。", encoding="utf-8")
    report = run_build(corpus, tmp_path)
    assert (report.extracted, report.written) == (1, 1)
    assert (tmp_path / "outputs" / "a.json").stat().st_mtime_ns == before
    assert run_build(corpus, tmp_path).extracted == 0
    from_scratch = build.build(corpus, tmp_path / "scratch", workers=1, root=tmp_path)
    assert from_scratch.errors == []
    for name in ("dataset.jsonl", "manifest.json", "b.json"):
        assert (tmp_path / "outputs" / name).read_bytes() == (tmp_path / "scratch" / name).read_bytes()


def test_build_of_a_corpus_outside_the_root_given_relative(corpus, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    report = build.build(Path("corpus"), Path("outputs"), workers=1, root=tmp_path / "elsewhere")
    assert report.errors == [] and report.extracted == 2
    record = json.loads((tmp_path / "outputs" / "b.json").read_text(encoding="utf-8"))
    assert record["source"]["path"] == (tmp_path / "corpus" / "seeds" / "b.txt").as_posix()


def test_build_paths_are_shown_relative_to_the_root_whatever_it_is(corpus, tmp_path):
    for root, shown in ((tmp_path, "corpus/seeds/b.txt"), (corpus, "seeds/b.txt"), (corpus / "seeds", "b.txt")):
        build.build(corpus, tmp_path / "out", workers=1, root=root)
        record = json.loads((tmp_path / "out" / "b.json").read_text(encoding="utf-8"))
        assert record["source"]["path"] == shown


def test_build_removes_records_of_deleted_articles(corpus, tmp_path):
    run_build(corpus, tmp_path)
    (corpus / "seeds" / "b.txt").unlink()
    report = run_build(corpus, tmp_path)
    assert report.removed == 1 and not (tmp_path / "outputs" / "b.json").exists()


def test_build_bad_article_does_not_stop_the_others(corpus, tmp_path):
    (corpus / "seeds" / "c.txt").write_bytes(b"\x00\x01\x02binary")
    report = run_build(corpus, tmp_path)
    assert len(report.errors) == 1 and "c.txt" in report.errors[0]
    assert (tmp_path / "outputs" / "a.json").exists() and (tmp_path / "outputs" / "b.json").exists()
    assert not (tmp_path / "outputs" / "c.json").exists()


def test_build_output_is_identical_whatever_the_workers(corpus, tmp_path):
    one = build.build(corpus, tmp_path / "one", workers=1, root=tmp_path)
    two = build.build(corpus, tmp_path / "two", workers=2, root=tmp_path)
    assert one.errors == two.errors == []
    for name in ("a.json", "b.json", "dataset.jsonl", "manifest.json"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


def test_build_write_atomic_leaves_no_temporary_file_on_failure(tmp_path, monkeypatch):
    target = tmp_path / "r.json"
    target.write_text("old", encoding="utf-8")

    def fail(*args):
        raise OSError("disk full")

    monkeypatch.setattr(build.os, "replace", fail)
    with pytest.raises(OSError):
        build.write_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["r.json"]


def test_build_files_are_readable_like_any_new_file(corpus, tmp_path):
    run_build(corpus, tmp_path)
    reference = tmp_path / "reference"
    reference.write_text("", encoding="utf-8")
    for name in ("a.json", "dataset.jsonl", "manifest.json"):
        assert (tmp_path / "outputs" / name).stat().st_mode == reference.stat().st_mode


def test_cli_extract_reports_bad_file_and_exits_nonzero(tmp_path, capsys):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00\x00\x00garbage\x00")
    good = tmp_path / "good.txt"
    good.write_text("共建成102个基地。", encoding="utf-8")
    code = cli.main(["extract", str(bad), str(good), "--workers", "1"])
    captured = capsys.readouterr()
    assert code == 1
    assert "bad.txt" in captured.err
    [line] = captured.out.splitlines()
    assert json.loads(line)["counts"][0]["text"] == "102个"


def test_cli_extract_to_folder(tmp_path):
    assert cli.main(["extract", str(SEED), "--out", str(tmp_path / "x"), "--workers", "1"]) == 0
    record = json.loads((tmp_path / "x" / f"{SEED.stem}.json").read_text(encoding="utf-8"))
    assert record["id"] == SEED.stem


def test_cli_normalize(capsys):
    assert cli.main(["normalize", "number", "两百点两", "3.2万", "abc"]) == 0
    assert capsys.readouterr().out == "200.2\n32000\n\n"
    assert cli.main(["normalize", "date", "去年11月", "十七载"]) == 0
    assert capsys.readouterr().out == "XXXX-11\nP17Y\n"
