"""Export: outputs/ records to a SQLite database (sqlite-utils) that a real datasette serves."""
import json
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

import pipeline
from pipeline import cli, export, records
from pipeline.reader import read_article

ARTICLES = {
    "a1": "嘉定区新联会召开年度会议\n\n发布时间:2024-05-06 来源:嘉定统战网\n\n"
          "5月6日，全区共有102个实践创新基地参加交流，区委统战部通报了工作情况。\n\n"
          "会议强调，要坚持“四群八动”工作模式（即：制度引领行动、项目集群推动、组织同步联动、资源有序流动、"
          "品牌逐项带动、平台同频振动、网络支撑活动、局面日益生动）。\n",
    "a2": "城阳区召开推进会\n\n发布时间:2024-06-20 来源:城阳新闻网\n\n新打造12个实践创新基地，组建起425人的代表人士队伍。\n",
}


@pytest.fixture(scope="module")
def outputs(tmp_path_factory, nlp):
    """Records of two articles, extracted by the real pipeline, written as build writes them."""
    root = tmp_path_factory.mktemp("export")
    for article_id, text in ARTICLES.items():
        path = root / "corpus" / f"{article_id}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        record = records.to_record(pipeline.process(read_article(path), nlp))
        (root / "outputs").mkdir(exist_ok=True)
        (root / "outputs" / f"{article_id}.json").write_text(records.dumps(record), encoding="utf-8")
    (root / "outputs" / "manifest.json").write_text("{}", encoding="utf-8")
    return root / "outputs"


@pytest.fixture(scope="module")
def database(outputs, tmp_path_factory):
    path = tmp_path_factory.mktemp("db") / "facts.db"
    assert cli.main(["export", "--sqlite", str(path), "--outputs", str(outputs)]) == 0
    return path


def query(path: Path, sql: str, *params) -> list[tuple]:
    with sqlite3.connect(path) as connection:
        return connection.execute(sql, params).fetchall()


def test_export_tables_keys_and_search(database):
    tables = {name for (name,) in query(database, "select name from sqlite_master where type = 'table'")}
    assert {"articles", "counts", "dates", "organizations", "slogans", "components",
            "articles_fts", "organizations_fts"} <= tables
    assert query(database, "select count(*) from articles") == [(2,)]
    assert ("102个", 102, "个", "实践创新基地") in query(database, "select text, value, unit, object from counts")
    assert query(database, "select month from articles order by id") == [("2024-05",), ("2024-06",)]
    for table in ("counts", "dates", "organizations", "slogans", "components"):
        keys = query(database, f"select \"table\", \"from\" from pragma_foreign_key_list('{table}')")
        assert ("articles", "article_id") in keys
        assert query(database, f"pragma foreign_key_check('{table}')") == []
        assert query(database, f"select count(*) from pragma_index_list('{table}')")[0][0] >= 1
    assert ("slogans", "slogan_id") in query(database, "select \"table\", \"from\" from pragma_foreign_key_list('components')")
    parts = query(database, "select c.text from components c join slogans s on s.id = c.slogan_id "
                            "where s.text = '四群八动' order by c.position")
    assert [p for (p,) in parts][:2] == ["制度引领行动", "项目集群推动"]
    found = query(database, "select a.id from articles a join articles_fts f on f.rowid = a.rowid "
                            "where articles_fts match ? order by a.id", "代表人士队伍")
    assert found == [("a2",)]
    assert query(database, "select o.name from organizations o join organizations_fts f on f.rowid = o.rowid "
                           "where organizations_fts match ?", "统战部") == [("嘉定区委统战部",)]


def test_export_is_deterministic_and_replaces_the_file(outputs, database, tmp_path):
    again = tmp_path / "again.db"
    export.export(outputs, again)
    assert again.read_bytes() == database.read_bytes()
    export.export(outputs, again)   # rebuilt from scratch, not appended to
    assert query(again, "select count(*) from articles") == [(2,)]
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_export_metadata_describes_every_column(database):
    metadata = json.loads(export.metadata_path(database).read_text(encoding="utf-8"))
    described = metadata["databases"]["facts"]["tables"]
    for (table,) in query(database, "select name from sqlite_master where type = 'table' and name not like '%fts%' and name not like 'sqlite_%'"):
        columns = [name for (name,) in query(database, f"select name from pragma_table_info('{table}')")]
        assert described[table]["description"]
        assert list(described[table]["columns"]) == columns, table
    assert set(metadata["databases"]["facts"]["queries"]) == set(export.QUERIES)


def test_export_persons_and_places_get_their_tables(outputs, tmp_path):
    folder = tmp_path / "outputs"
    folder.mkdir()
    record = json.loads((outputs / "a2.json").read_text(encoding="utf-8"))
    record["persons"] = [{"text": "范宇斌", "start": 0, "end": 3, "sentence": 0, "title": "记者", "rule": "persons/x",
                          "mentions": 1}]
    record["places"] = [{"text": "黄浦区", "start": 5, "end": 8, "sentence": 0, "rule": "places/x", "mentions": 2}]
    (folder / "a2.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    export.export(folder, tmp_path / "kinds.db")
    assert query(tmp_path / "kinds.db", "select article_id, text, title from persons") == [("a2", "范宇斌", "记者")]
    assert query(tmp_path / "kinds.db", "select article_id, text, mentions from places") == [("a2", "黄浦区", 2)]


def test_export_without_records_is_a_usage_error(tmp_path, capsys):
    assert cli.main(["export", "--sqlite", str(tmp_path / "x.db"), "--outputs", str(tmp_path)]) == 2
    assert "no record files" in capsys.readouterr().err


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get_json(url: str, timeout: float = 5):
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return json.loads(response.read().decode("utf-8"))


def test_export_served_by_datasette(database):
    """A real datasette on loopback answers a canned query's JSON API with a known fact."""
    pytest.importorskip("datasette")
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "datasette", "serve", str(database), "--host", "127.0.0.1",
                               "--port", str(port), "--metadata", str(export.metadata_path(database))],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/facts"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, server.stdout.read().decode(errors="replace")
            try:
                get_json(f"http://127.0.0.1:{port}/-/versions.json", timeout=2)
                break
            except OSError:
                assert time.monotonic() < deadline, "datasette did not answer within 60 s"
                time.sleep(0.3)
        rows = get_json(f"{base}/counts_by_unit_and_object.json?_shape=array")
        assert {"unit": "个", "object": "实践创新基地", "mentions": 2, "articles": 2, "total": 114} in rows
        by_month = get_json(f"{base}/counts_of_object_by_month.json?_shape=array&"
                            + urllib.parse.urlencode({"object": "实践创新基地"}))
        assert [(row["month"], row["value"]) for row in by_month] == [("2024-05", 102), ("2024-06", 12)]
        slogans = get_json(f"{base}/slogans_with_parts.json?_shape=array")
        assert any(row["text"] == "四群八动" and row["consistent"] == 1 and row["parts"].startswith("制度引领行动、")
                   for row in slogans)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)
        server.stdout.close()
