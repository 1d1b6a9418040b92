"""Ingest: saved pages (GBK, UTF-8), JSON Lines feeds and text into corpus/<source>/<id>.txt."""
import json
from pathlib import Path

import jsonschema
import opencc
import pytest

import pipeline
from pipeline import cli, ingest, records
from pipeline.reader import read_article

# What a government site wraps around a report: menus, a view counter, previous/next links,
# a footer with its own date. No fact may come from any of these.
BOILERPLATE = ["首页", "统战要闻", "基层动态", "理论研究", "浏览次数：4321次",
               "上一篇：浦东新区召开15个街镇座谈会", "下一篇：青浦区成立8个服务站",
               "版权所有：上海市档案局", "沪ICP备12345678号", "2019/06/21", "访问量：98765"]
BODY = ["5月6日，嘉定区新的社会阶层人士联谊会召开年度会议，全区共有102个实践创新基地参加交流。",
        "会上，区委统战部通报了2023年以来的工作情况，30余家单位作了发言。",
        "会议强调，要坚持“四群八动”工作模式，进一步凝聚新的社会阶层人士。"]


def government_page(body: list[str] = BODY, dated: bool = True, charset: str = "gbk") -> str:
    info = "发布时间：2024-05-06 09:30 " if dated else ""
    paragraphs = "".join(f"<p>{line}</p>\n" for line in body)
    return f"""<!DOCTYPE html><html><head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>嘉定区新联会召开年度会议_统战新闻</title></head><body>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/a">统战要闻</a></li>
<li><a href="/b">基层动态</a></li><li><a href="/c">理论研究</a></li></ul></div>
<div class="article"><h1>嘉定区新联会召开年度会议</h1>
<div class="info">{info}来源：嘉定区委统战部 浏览次数：4321次</div>
<div class="content"><![CDATA[
{paragraphs}]]></div>
<div class="pager">上一篇：<a href="/p1">浦东新区召开15个街镇座谈会</a>
下一篇：<a href="/p2">青浦区成立8个服务站</a></div></div>
<div class="footer">版权所有：上海市档案局 沪ICP备12345678号 2019/06/21 访问量：98765</div>
</body></html>"""


def ingested(corpus: Path) -> list[Path]:
    return sorted(corpus.rglob("*.txt"))


def run_cli(*args) -> int:
    return cli.main(["ingest", *map(str, args)])


def test_ingest_gbk_page_without_boilerplate(tmp_path, nlp):
    page = tmp_path / "pages" / "report.html"
    page.parent.mkdir()
    page.write_bytes(government_page().encode("gbk"))
    corpus = tmp_path / "corpus"
    summary = ingest.ingest([page], corpus)
    assert (summary.added, summary.failed) == (1, [])
    [path] = ingested(corpus)
    assert path.parent.name == ingest.DEFAULT_SOURCE   # a saved page with no URL names no site
    article = read_article(path)
    assert article.metadata["title"] == "嘉定区新联会召开年度会议"
    assert article.metadata["published"] == "2024-05-06"
    for line in BODY:
        assert line in article.text
    for junk in BOILERPLATE + ["]]>", "<p>", "CDATA"]:
        assert junk not in article.text
    record = records.to_record(pipeline.process(article, nlp))
    facts = [item["text"] for kind in ("counts", "dates", "organizations") for item in record[kind]]
    assert "102个" in facts and "区委统战部" in facts
    for fact in facts:
        assert not any(fact in junk for junk in BOILERPLATE), fact
    five_six = next(item for item in record["dates"] if item["text"] == "5月6日")
    assert five_six["resolved"]["value"] == "2024-05-06"   # resolved from the published date


def test_ingest_footer_date_is_no_publication_date(tmp_path):
    page = tmp_path / "undated.html"
    page.write_bytes(government_page(dated=False).encode("gbk"))
    ingest.ingest([page], tmp_path / "corpus")
    [path] = ingested(tmp_path / "corpus")
    assert "published" not in read_article(path).metadata
    assert "2019" not in path.read_text(encoding="utf-8")


def test_ingest_utf8_page_with_br_paragraphs(tmp_path, nlp):
    page = tmp_path / "br.htm"
    page.write_text("<html><head><meta charset='utf-8'><title>城阳区新联会成立</title>"
                    "<link rel='canonical' href='https://www.example.gov.cn/news/1.html#top'></head>"
                    "<body><article><p>" + "<br>".join(BODY) + "</p></article></body></html>", encoding="utf-8")
    corpus = tmp_path / "corpus"
    ingest.ingest([page], corpus)
    [path] = ingested(corpus)
    assert path.parent.name == "example.gov.cn"
    article = read_article(path)
    assert article.metadata["url"] == "https://www.example.gov.cn/news/1.html"
    assert path.stem == ingest.Page(text="", url="https://www.example.gov.cn/news/1.html").article_id()
    body = article.text.split("原文链接:https://www.example.gov.cn/news/1.html\n\n", 1)[1]
    assert body == "\n\n".join(BODY) + "\n"   # one paragraph per <br> line
    record = records.to_record(pipeline.process(article, nlp))
    jsonschema.validate(record, records.schema())   # metadata.url is in the schema
    assert not [item for item in record["counts"] + record["dates"] if "example" in item["text"]]


def feed_line(url: str, title: str, text: str | None = None, html: str | None = None,
              published: str = "2024-03-26T10:00:00+08:00") -> str:
    item = {"url": url, "title": title, "published": published}
    item.update({"text": text} if text is not None else {"html": html})
    return json.dumps(item, ensure_ascii=False)


def test_ingest_feed_with_duplicate_and_bad_inputs(tmp_path, capsys):
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    first = feed_line("https://news.example.cn/a/1.html", "城阳区召开推进会", text="3月25日,推进会在城阳区召开。\n打造实践创新基地12个。")
    second = feed_line("https://news.example.cn/a/2.html", "第二篇", html=f"<html><body><article><p>{BODY[0]}</p>"
                       f"<p>{BODY[1]}</p></article></body></html>", published="Tue, 26 Mar 2024 10:00:00 +0800")
    (inputs / "feed.jsonl").write_text("\n".join([first, second, first, "{not json", "[1]"]) + "\n", encoding="utf-8")
    (inputs / "empty.html").write_bytes(b"")
    (inputs / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (inputs / "report_files").mkdir()   # a saved page's assets: not read from a folder
    (inputs / "report_files" / "style.css").write_text("body { color: red; }", encoding="utf-8")
    corpus = tmp_path / "corpus"
    assert run_cli(inputs, inputs / "image.png", "--corpus", corpus) == 1
    err = capsys.readouterr().err
    assert "ingest: 2 added, 0 updated, 1 unchanged, 4 failed" in err
    assert f"{inputs / 'empty.html'}: empty page" in err
    assert f"{inputs / 'image.png'}: binary data" in err
    assert f"{inputs / 'feed.jsonl'}:4: not JSON" in err and f"{inputs / 'feed.jsonl'}:5: not a JSON object" in err
    paths = ingested(corpus)
    assert [p.parent.name for p in paths] == ["news.example.cn"] * 2
    metadata = {read_article(p).metadata["url"]: read_article(p).metadata for p in paths}
    assert metadata["https://news.example.cn/a/1.html"]["published"] == "2024-03-26 10:00:00"
    assert metadata["https://news.example.cn/a/2.html"]["title"] == "第二篇"
    assert metadata["https://news.example.cn/a/2.html"]["source"] == "news.example.cn"


def test_ingest_changed_page_updates_its_article(tmp_path, capsys):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(feed_line("https://a.example.cn/1", "标题", text="共有102个基地。") + "\n", encoding="utf-8")
    corpus = tmp_path / "corpus"
    assert run_cli(feed, "--corpus", corpus, "--source", "mysite") == 0
    feed.write_text(feed_line("https://a.example.cn/1#comments", "标题", text="共有103个基地。") + "\n", encoding="utf-8")
    assert run_cli(feed, "--corpus", corpus) == 0   # found in mysite/, not copied to a.example.cn/
    assert "ingest: 0 added, 1 updated, 0 unchanged, 0 failed" in capsys.readouterr().err
    [path] = ingested(corpus)
    assert path.parent.name == "mysite" and "103个" in path.read_text(encoding="utf-8")


def test_ingest_usage_errors(tmp_path, capsys):
    assert run_cli(tmp_path, "--source", "../x") == 2
    assert run_cli(tmp_path, "--source", "gold") == 2
    with pytest.raises(SystemExit) as usage:
        cli.main(["ingest"])
    assert usage.value.code == 2


def test_ingest_published_dates():
    assert ingest.normalize_published("2024-03-26T10:00:00Z") == "2024-03-26 10:00:00"
    assert ingest.normalize_published("2024-03-26") == "2024-03-26"
    assert ingest.normalize_published("2024年3月6日 9:05") == "2024-03-06 09:05:00"
    assert ingest.normalize_published("soon") is None


ENCODINGS = ("utf-8", "gbk", "gb18030", "big5", "utf-8-sig")
TO_TRADITIONAL = opencc.OpenCC("s2t")


def test_ingest_fifty_pages_and_a_feed_twice(tmp_path, capsys):
    """50 saved pages in five encodings (declared or not) and a feed: re-running changes nothing."""
    folder = tmp_path / "saved"
    folder.mkdir()
    for number in range(50):
        encoding = ENCODINGS[number % len(ENCODINGS)]
        body = [f"第{number}号报道：全区共有{number + 10}个实践创新基地，{number + 3}家单位参加。",
                "会上，区委统战部通报了2023年以来的工作情况。", "会议强调，要进一步凝聚新的社会阶层人士。"]
        declared = "utf-8" if encoding == "utf-8-sig" else encoding
        html = government_page(body, charset=declared if number % 2 else "")
        if encoding == "big5":   # Big5 has no simplified characters: a traditional-script page
            html = TO_TRADITIONAL.convert(html)
        (folder / f"page{number:02d}.html").write_bytes(html.encode(encoding, errors="strict"))
    (folder / "feed.jsonl").write_text("\n".join(feed_line(f"https://f.example.cn/{n}", f"快讯{n}", text=f"新增{n}个基地。")
                                                 for n in range(5)) + "\n", encoding="utf-8")
    corpus = tmp_path / "corpus"
    assert run_cli(folder, "--corpus", corpus) == 0
    assert "ingest: 55 added, 0 updated, 0 unchanged, 0 failed" in capsys.readouterr().err
    paths = ingested(corpus)
    assert len(paths) == 55
    before = {p: p.read_bytes() for p in paths}
    assert run_cli(folder, "--corpus", corpus) == 0
    assert "ingest: 0 added, 0 updated, 55 unchanged, 0 failed" in capsys.readouterr().err
    assert {p: p.read_bytes() for p in ingested(corpus)} == before
    texts = {read_article(p).text for p in paths if p.parent.name == ingest.DEFAULT_SOURCE}
    assert any("第7号报道" in t for t in texts) and any("第3號報道" in t for t in texts)
    assert not any("浏览次数" in t or "瀏覽次數" in t or "2019/06/21" in t for t in texts)


def test_ingest_decodes_by_declaration_else_detection():
    page = government_page(charset="utf-8")   # declared UTF-8, saved as GBK: detected instead
    assert ingest.decode_page(page.encode("gbk")) == page
    gb18030_only = "<html><head><meta charset='gb2312'></head><body>𠀀镕</body></html>"
    assert ingest.decode_page(gb18030_only.encode("gb18030")) == gb18030_only   # GB2312 read as its superset
    with pytest.raises(ingest.IngestError, match="binary data"):
        ingest.decode_page(b"<html>\x00\x01\x02</html>")
