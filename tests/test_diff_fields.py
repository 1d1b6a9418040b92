"""The review gate sees every field: one mutation per field path of a record, each reported.

A record file of ``outputs/`` that differs from the other side in any byte is a change
(exit 1) and the report names what changed: a fact's field (provenance included: sentence,
rule, mentions), its span, the record's source or metadata, or only the file's layout.
"""
import copy
import json
from pathlib import Path

import pytest

from pipeline import cli, records, review

REPO = Path(__file__).resolve().parent.parent
RECORD = REPO / "outputs" / "000_2ba991e02224f61e.json"
MENTION_KINDS = ("counts", "dates")


def richest(items: list[dict]) -> int:
    """The index of the item with the most fields set (a date with `resolved`, a slogan with parts)."""
    return max(range(len(items)), key=lambda i: (sum(v not in (None, [], {}) for v in items[i].values()), -i))


def base_record() -> dict:
    return json.loads(RECORD.read_text(encoding="utf-8"))


def field_paths() -> list[tuple]:
    """Every leaf of the record that a mutation can touch, with the word the report must show."""
    record = base_record()
    paths = [(("id",), "article added")]
    paths += [((key, name), f"{key}.{name}") for key in ("source", "metadata") for name in record[key]]
    for kind in records.KIND_FIELDS:
        index = richest(record[kind])
        for name, value in record[kind][index].items():
            expected = {"start": "moved", "end": "moved",
                        "text": "text" if kind in MENTION_KINDS else "added"}.get(name, name)
            paths.append(((kind, index, name), expected))
            if name == "components" and value:
                paths.append(((kind, index, name, 0, "start"), "components moved"))
                paths.append(((kind, index, name, 0, "text"), "components"))
    return paths


def mutate(value):
    """A different value of a plausible type."""
    if value is None:
        return "x"
    if isinstance(value, bool):
        return not value
    if isinstance(value, (int, float)):
        return value + 1
    if isinstance(value, str):
        return value + "x"
    if isinstance(value, list):
        return [*value, "x"]
    if isinstance(value, dict):
        return {**value, "value": str(value.get("value")) + "x"}
    raise TypeError(value)


def write(folder: Path, record: dict, text: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / RECORD.name).write_text(text if text is not None else records.dumps(record), encoding="utf-8")
    return folder


def diff_markdown(old: Path, new: Path, capsys) -> tuple[int, str]:
    capsys.readouterr()
    code = cli.main(["diff", str(old), str(new)])
    return code, capsys.readouterr().out


@pytest.mark.parametrize("path, expected", field_paths(), ids=lambda p: ".".join(map(str, p)) if isinstance(p, tuple) else None)
def test_diff_reports_a_change_of_every_field(path, expected, tmp_path, capsys):
    record = base_record()
    changed = copy.deepcopy(record)
    holder = changed
    for step in path[:-1]:
        holder = holder[step]
    holder[path[-1]] = mutate(holder[path[-1]])
    code, text = diff_markdown(write(tmp_path / "old", record), write(tmp_path / "new", changed), capsys)
    assert code == 1, text
    assert review.md_escape(expected) in text, text   # as Markdown shows it: components\_rule
    assert "No change." not in text
    assert "file differs byte for byte" not in text  # named as a field, not found only as other bytes


def test_diff_html_names_record_fields(tmp_path):
    record = base_record()
    changed = copy.deepcopy(record)
    changed["metadata"]["title"] += "x"
    changed["source"]["encoding"] = "gbk"
    old, new = write(tmp_path / "old", record), write(tmp_path / "new", changed)
    page = review.html_page(review.compare(review.folder_side(old, REPO), review.folder_side(new, REPO)))
    assert 'data-field="metadata.title"' in page and 'data-field="source.encoding"' in page
    assert 'id="fields-summary"' in page and "metadata 1" in page and "source 1" in page


def test_diff_a_fact_moved_to_another_rule_and_sentence(tmp_path, capsys):
    record = base_record()
    changed = copy.deepcopy(record)
    for item in changed["counts"]:
        item["rule"] = "counts/other"
        item["sentence"] += 1
    code, text = diff_markdown(write(tmp_path / "old", record), write(tmp_path / "new", changed), capsys)
    assert code == 1
    n = len(record["counts"])
    assert f"| counts | +0 | −0 | ~{n} |" in text
    assert f"rule {n}" in text and f"sentence {n}" in text
    assert "rule counts/number-unit → counts/other" in text


def test_diff_same_fields_other_layout_is_a_change(tmp_path, capsys):
    record = base_record()
    old = write(tmp_path / "old", record)
    new = write(tmp_path / "new", record, json.dumps(record, ensure_ascii=False, indent=2))
    code, text = diff_markdown(old, new, capsys)
    assert code == 1 and "file differs byte for byte: same fields, other layout or key order" in text


def test_diff_an_integer_written_as_a_float_is_a_change(tmp_path, capsys):
    record = base_record()
    changed = copy.deepcopy(record)
    changed["counts"][0]["value"] = float(changed["counts"][0]["value"])
    code, text = diff_markdown(write(tmp_path / "old", record), write(tmp_path / "new", changed), capsys)
    assert code == 1 and "file differs byte for byte: counts\\[0\\].value" in text


def empty_record(article_id: str) -> dict:
    return {"id": article_id, "source": {"path": f"corpus/x/{article_id}.txt", "sha256": "0" * 64, "encoding": "utf-8"},
            "metadata": {}, "counts": [], "dates": [], "organizations": [], "slogans": []}


@pytest.mark.parametrize("side", ["added", "removed"])
def test_diff_an_article_without_facts_added_or_removed(side, tmp_path, capsys):
    record = base_record()
    with_empty = tmp_path / "with"
    write(with_empty, record)
    (with_empty / "zzz_empty.json").write_text(records.dumps(empty_record("zzz_empty")), encoding="utf-8")
    without = write(tmp_path / "without", record)
    old, new = (without, with_empty) if side == "added" else (with_empty, without)
    code, text = diff_markdown(old, new, capsys)
    assert code == 1
    assert f"**Articles touched: 1** ({'added 1, removed 0' if side == 'added' else 'added 0, removed 1'})" in text
    assert f"<code>zzz_empty</code> <b>article {side}</b>" in text and "no facts" in text


def test_diff_identical_folders_exit_0(tmp_path, capsys):
    record = base_record()
    code, text = diff_markdown(write(tmp_path / "old", record), write(tmp_path / "new", record), capsys)
    assert code == 0 and "No change." in text and "Fields changed" not in text


@pytest.mark.parametrize("argv, message", [
    ([], "give two folders OLD NEW"),
    (["one"], "give two folders OLD NEW"),
    (["a", "b", "c"], "give two folders OLD NEW"),
    (["--fresh", "a"], "--fresh takes no FOLDER"),
    (["--rev", "HEAD", "a", "b"], "--rev takes at most one FOLDER"),
])
def test_diff_usage_errors_exit_2(argv, message, capsys):
    assert cli.main(["diff", *argv]) == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize("argv", [["--rev", "HEAD", "--fresh"], ["--format", "pdf", "a", "b"], ["--max-lines", "x"]])
def test_diff_argument_errors_exit_2(argv, capsys):
    with pytest.raises(SystemExit) as stop:
        cli.main(["diff", *argv])
    assert stop.value.code == 2
    assert "error:" in capsys.readouterr().err


def test_diff_touching_mentions_with_the_same_value_are_not_paired():
    """两次 then 2个 right after it: the same value, spans that touch but do not overlap."""
    old = [{"text": "两次", "start": 0, "end": 2, "value": 2, "unit": "次", "modifier": None, "object": None}]
    new = [{"text": "2个", "start": 2, "end": 4, "value": 2, "unit": "个", "modifier": None, "object": None}]
    assert [c.change for c in review.compare_kind("counts", old, new)] == ["removed", "added"]
    widened = [{**new[0], "text": "两次2", "start": 0, "end": 3}]
    [change] = review.compare_kind("counts", old, widened)
    assert change.change == "changed" and "moved 0–2 → 0–3" in change.notes
