"""Review diff: pairing facts, the Markdown and HTML reports, exit codes, --rev and --fresh."""
import copy
import json
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from pipeline import build, cli, records, review

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "corpus" / "seeds" / "000_2ba991e02224f61e.txt"
ADDED_ORG = "上海统战部门"  # in the seed's text, not found by the rules


@pytest.fixture(scope="module")
def seed_record():
    outcome = next(build.extract_many([str(SEED)]))
    assert outcome.error is None, outcome.error
    return outcome.record


def mutated(record: dict) -> dict:
    """The seed's record with one count removed, one value changed and one organization added."""
    new = copy.deepcopy(record)
    del new["counts"][0]  # 102个, the first count
    next(c for c in new["counts"] if c["text"] == "近万个")["value"] = 1
    start = SEED.read_text(encoding="utf-8").index(ADDED_ORG)
    new["organizations"].append({"text": ADDED_ORG, "start": start, "end": start + len(ADDED_ORG), "sentence": 16,
                                 "name": ADDED_ORG, "kind": "united-front department",
                                 "rule": "organizations/test", "mentions": 1})
    return new


def write_folder(folder: Path, *items: dict) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for record in items:
        (folder / f"{record['id']}.json").write_text(records.dumps(record), encoding="utf-8")
    return folder


@pytest.fixture
def folders(tmp_path, seed_record):
    return (write_folder(tmp_path / "old", seed_record), write_folder(tmp_path / "new", mutated(seed_record)))


def facts(diff: review.Diff) -> set[tuple[str, str, str]]:
    return {(c.kind, c.change, c.item["text"]) for a in diff.articles for c in a.changes}


def run(*argv) -> int:
    return cli.main(["diff", *map(str, argv)])


def test_review_finds_exactly_the_mutations(folders):
    old, new = folders
    diff = review.compare(review.folder_side(old, REPO), review.folder_side(new, REPO))
    assert facts(diff) == {("counts", "removed", "102个"), ("counts", "changed", "近万个"),
                           ("organizations", "added", ADDED_ORG)}
    changed = next(c for c in diff.articles[0].changes if c.change == "changed")
    assert changed.notes == ["value 10000 → 1"]
    assert diff.tally()["counts"] == {"removed": 1, "changed": 1}


def test_review_moved_mention_is_changed():
    old = [{"text": "49个", "start": 10, "end": 13, "value": 49, "unit": "个", "modifier": None, "object": None}]
    new = [{**old[0], "start": 14, "end": 17}]
    [change] = review.compare_kind("counts", old, new)
    assert change.change == "changed" and change.notes == ["moved 10–13 → 14–17"]


def test_review_same_span_other_unit_is_changed():
    old = [{"text": "3万", "start": 0, "end": 2, "value": 30000, "unit": None, "modifier": None, "object": None}]
    new = [{**old[0], "value": 30000.0, "unit": "元"}]
    [change] = review.compare_kind("counts", old, new)
    assert change.change == "changed" and change.notes == ["unit none → 元"]


def test_review_same_value_elsewhere_with_other_text_is_not_paired():
    old = [{"text": "两次", "start": 0, "end": 2, "value": 2, "unit": "次", "modifier": None, "object": None}]
    new = [{"text": "2个", "start": 40, "end": 42, "value": 2, "unit": "个", "modifier": None, "object": None}]
    assert [c.change for c in review.compare_kind("counts", old, new)] == ["removed", "added"]


def test_review_names_match_by_normalized_text():
    old = [{"text": "“梦·享·嘉”", "start": 0, "end": 7, "name": "梦享嘉", "kind": "other"}]
    new = [{"text": "梦享嘉", "start": 1, "end": 4, "name": "梦享嘉", "kind": "association"}]
    [change] = review.compare_kind("organizations", old, new)
    assert change.change == "changed" and change.notes == ["text “梦·享·嘉” → 梦享嘉", "kind other → association",
                                                           "moved 0–7 → 1–4"]


def test_review_slogan_components_compared_by_text():
    old = [{"text": "五聚", "start": 50, "end": 52, "components": [{"text": "聚人心", "start": 0, "end": 3}],
            "declared": [5], "consistent": True, "parts": None, "flags": []}]
    moved = [{**old[0], "start": 60, "end": 62, "components": [{"text": "聚人心", "start": 9, "end": 12}]}]
    # The same parts at other offsets: a move, not other components.
    assert review.compare_kind("slogans", old, moved)[0].notes == ["moved 50–52 → 60–62", "components moved"]
    other = [{**old[0], "components": [{"text": "聚共识", "start": 4, "end": 7}]}]
    assert review.compare_kind("slogans", old, other)[0].notes == ['components ["聚人心"] → ["聚共识"]']


def test_review_articles_added_and_removed(tmp_path, seed_record):
    other = {**copy.deepcopy(seed_record), "id": "999_other"}
    old = write_folder(tmp_path / "old", seed_record)
    new = write_folder(tmp_path / "new", other)
    diff = review.compare(review.folder_side(old, REPO), review.folder_side(new, REPO))
    assert diff.article_counts() == {"added": 1, "removed": 1}
    total = sum(len(seed_record[kind]) for kind in review.KINDS)
    assert sum(t["added"] for t in diff.tally().values()) == total


def test_review_exit_code_0_when_nothing_changed(folders, capsys):
    old, _ = folders
    assert run(old, old) == 0
    assert "No change." in capsys.readouterr().out


def test_review_exit_code_1_when_something_changed(folders):
    assert run(*folders) == 1


def test_review_exit_code_2_on_a_bad_path(folders, capsys):
    assert run(folders[0], folders[0].parent / "missing") == 2
    assert "missing: no such folder of records" in capsys.readouterr().err


def test_review_exit_code_2_on_an_unreadable_record(folders, capsys):
    (folders[1] / "broken.json").write_text("{not json", encoding="utf-8")
    assert run(*folders) == 2
    assert "broken.json: unreadable record" in capsys.readouterr().err


def test_review_markdown_lists_each_fact_in_its_sentence(folders, tmp_path):
    out = tmp_path / "review.md"
    assert run(*folders, "--out", out) == 1
    text = out.read_text(encoding="utf-8")
    assert "| counts | +0 | −1 | ~1 |" in text and "| organizations | +1 | −0 | ~0 |" in text
    assert "**Articles touched: 1** (added 0, removed 0)" in text
    assert text.count("<details>") == 1 and "</details>" in text
    assert "− **counts** removed `102个` (102 个) — " in text and "总计**102个**。" in text
    assert "~ **counts** changed `近万个`: value 10000 → 1 — " in text and "打造了**近万个**实践创新基地。" in text
    assert f"+ **organizations** added `{ADDED_ORG}` (united-front department) — " in text
    assert f"**{ADDED_ORG}**积极培育" in text


def test_review_markdown_max_lines_counts_the_rest(folders):
    diff = review.compare(review.folder_side(folders[0], REPO), review.folder_side(folders[1], REPO))
    text = review.markdown(diff, max_lines=1)
    assert text.count("\n- ") == 2  # one fact and the article's "… and 2 more in this article"
    assert "… and 2 more" in text.splitlines()[-1]


class Marks(HTMLParser):
    """The fact marks of a page: their attributes, and the text inside each."""

    def __init__(self):
        super().__init__()
        self.marks, self.open = [], []

    def handle_starttag(self, tag, attrs):
        if tag == "mark" and "fact" in dict(attrs).get("class", "").split():
            self.marks.append({**dict(attrs), "text": ""})
            self.open.append(self.marks[-1])
        elif tag == "mark":
            self.open.append(None)

    def handle_endtag(self, tag):
        if tag == "mark":
            self.open.pop()

    def handle_data(self, data):
        for mark in filter(None, self.open):
            mark["text"] += data


def touched_marks(page: str) -> list[dict]:
    parser = Marks()
    parser.feed(page)
    return [m for m in parser.marks if m["data-change"] != "same"]


def test_review_html_marks_the_facts_in_the_text(folders, tmp_path):
    out = tmp_path / "review.html"
    assert run(*folders, "--format", "html", "--out", out) == 1
    page = out.read_text(encoding="utf-8")
    marks = {(m["data-kind"], m["data-change"]): m for m in touched_marks(page)}
    assert set(marks) == {("counts", "removed"), ("counts", "changed"), ("organizations", "added")}
    assert marks["counts", "removed"]["class"] == "fact removed counts"
    assert marks["counts", "changed"]["title"] == "counts changed: value 10000 → 1"
    assert marks["counts", "changed"]["text"] == "近万个COUNTvalue 10000 → 1"  # fact, label, visible delta
    assert marks["organizations", "added"]["text"].startswith(ADDED_ORG)
    assert 'id="summary"' in page and "<style>" in page


def test_review_html_is_self_contained(folders, tmp_path):
    out = tmp_path / "review.html"
    run(*folders, "--format", "html", "--out", out)
    page = out.read_text(encoding="utf-8")
    assert "<script" not in page and "src=" not in page and "http" not in page and "@import" not in page


def test_review_html_lists_a_removed_fact_the_text_no_longer_holds(folders, tmp_path):
    old, new = folders
    record = json.loads(next(new.glob("*.json")).read_text(encoding="utf-8"))
    record["source"]["path"] = str(tmp_path / "gone.txt")  # no text: every fact listed apart
    write_folder(new, record)
    diff = review.compare(review.folder_side(old, REPO), review.folder_side(new, REPO))
    page = review.html_page(diff)
    assert 'class="unplaced"' in page and len(touched_marks(page)) == 3


SLOGAN_TEXT = "打造五化七步工作法"


def slogan(words: str) -> dict:
    start = SLOGAN_TEXT.index(words)
    return {"text": words, "start": start, "end": start + len(words), "components": [], "declared": None,
            "consistent": None, "parts": None, "flags": []}


def slogan_side(*slogans: dict) -> review.Side:
    record = {"id": "s", "source": {"path": "s.txt"}, "metadata": {}, "counts": [], "dates": [],
              "organizations": [], "slogans": list(slogans)}
    return review.Side("s", {"s": record}, lambda path: SLOGAN_TEXT)


def test_review_html_nests_marks_and_lists_crossing_ones():
    old = slogan_side(slogan("五化七步"))
    new = slogan_side(slogan("五化七步"), slogan("五化"), slogan("七步工作"))
    page = review.html_page(review.compare(old, new))
    marks = [(m["data-change"], m["text"]) for m in touched_marks(page)]
    assert ("added", "五化SLOGAN") in marks and ("added", "七步工作SLOGAN") in marks
    assert 'data-change="same"' in page.split("五化<span")[0]  # 五化 inside the unchanged 五化七步
    assert page.index('<ul class="unplaced">') < page.index(">七步工作<")  # crosses 五化七步: listed apart

def git(repo: Path, *argv: str) -> None:
    subprocess.run(["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org", *argv],
                   check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")
def test_review_rev_reads_the_committed_outputs(folders, tmp_path, seed_record):
    repo = tmp_path / "repo"
    write_folder(repo / "outputs", seed_record)
    git(repo, "init", "-q")
    git(repo, "add", "outputs")
    git(repo, "commit", "-qm", "outputs")
    assert run("--rev", "HEAD", "--outputs", repo / "outputs") == 0
    assert run("--rev", "HEAD", "--outputs", repo / "outputs", folders[1]) == 1
    write_folder(repo / "outputs", mutated(seed_record))
    assert run("--rev", "HEAD", "--outputs", repo / "outputs") == 1
    assert run("--rev", "no-such-revision", "--outputs", repo / "outputs") == 2


def test_review_fresh_reports_hand_edited_outputs(tmp_path, capsys):
    corpus, outputs = tmp_path / "corpus", tmp_path / "outputs"
    corpus.mkdir()
    shutil.copy(SEED, corpus / SEED.name)
    report = build.build(corpus, outputs, workers=1, root=REPO)
    assert not report.errors
    options = ["--fresh", "--corpus", corpus, "--outputs", outputs, "--workers", "1"]
    assert run(*options) == 0
    path = outputs / f"{SEED.stem}.json"
    record = json.loads(path.read_text(encoding="utf-8"))
    next(c for c in record["counts"] if c["text"] == "近万个")["value"] = 1
    path.write_text(records.dumps(record), encoding="utf-8")
    capsys.readouterr()
    assert run(*options) == 1
    assert "~ **counts** changed `近万个`: value 1 → 10000" in capsys.readouterr().out
