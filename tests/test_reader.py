"""Read stage: encodings, metadata, and hostile input (a clean article or a clear error)."""
import codecs

import pytest

from pipeline.reader import ReadError, decode, read_article

TEXT = "城阳区新的社會階層人士联谊会成立,共12个基地。"
SIMPLIFIED = "城阳区新的社会阶层人士联谊会成立,共12个基地。"


@pytest.mark.parametrize("data, encoding", [
    (SIMPLIFIED.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + SIMPLIFIED.encode("utf-8"), "utf-8-sig"),
    (SIMPLIFIED.encode("utf-16"), "utf-16"),
    (SIMPLIFIED.encode("gbk"), "gb18030"),
    (SIMPLIFIED.encode("gb18030"), "gb18030"),
])
def test_reader_decodes_simplified(data, encoding):
    assert decode(data) == (SIMPLIFIED, encoding)


def test_reader_decodes_big5():
    traditional = "臺北市新的社會階層人士聯誼會成立，共十二個基地，會員三百餘人。"
    assert decode(traditional.encode("big5"))[0] == traditional


def test_reader_keeps_text_exactly(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(codecs.BOM_UTF8 + "  首行\r\n第二行 \n".encode("utf-8"))
    article = read_article(path)
    assert article.text == "  首行\r\n第二行 \n"
    assert article.id == "a"


def test_reader_empty_file_is_an_empty_article(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert read_article(path).text == ""


def test_reader_binary_file_is_a_clear_error(tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(ReadError, match=r"image\.txt: binary data"):
        read_article(path)


def test_reader_invalid_utf8_names_file_and_reason(tmp_path):
    path = tmp_path / "broken.txt"
    path.write_bytes("正常的文字".encode("utf-8") + b"\xff\xfe\xfa\x80\x80" * 3)
    with pytest.raises(ReadError, match=r"broken\.txt: not decodable"):
        read_article(path)


def test_reader_missing_file_names_it(tmp_path):
    with pytest.raises(ReadError, match=r"nope\.txt"):
        read_article(tmp_path / "nope.txt")


def test_reader_metadata_of_a_seed():
    article = read_article("corpus/seeds/000_2ba991e02224f61e.txt")
    assert article.metadata == {
        "title": "如何凝聚“海上新力量”?实践创新基地是重要抓手",
        "published": "2024-11-23 08:26:56",
        "source": "sp20241123",
        "dateline": "中新网 上海10月26日电",
        "reporter": "范宇斌",
        "editor": "刘阳禾",
    }


@pytest.mark.parametrize("head, published", [
    ("标题\n来源:宝安日报发布时间:2021-03-22 10:56\n正文", "2021-03-22 10:56:00"),   # a label run on
    ("标题\n作者:admin 发布日期：2022年3月5日 14时30分\n正文", "2022-03-05 14:30:00"),   # Chinese date and time
    ("标题\n\n来源:本网\n2023-08-01\n\n7月20日,会议召开。", "2023-08-01"),   # a page's date line
    ("标题\n2019-11-25 17:14:30  来源:  作者:\n正文", "2019-11-25 17:14:30"),
    ("标题\n一\n二\n三\n四\n五\n六\n2019-11-25 会议召开", None),   # a date deep in the text dates no page
])
def test_reader_publication_time_as_pages_write_it(head, published):
    from pipeline.reader import extract_metadata

    assert extract_metadata(head).get("published") == published


def test_reader_a_stray_nul_byte_is_text_not_binary(tmp_path):
    path = tmp_path / "nul.txt"
    path.write_bytes("2023年,建成\x0012个基地。".encode("utf-8"))
    article = read_article(path)
    assert (article.text, article.encoding) == ("2023年,建成\x0012个基地。", "utf-8")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_reader_utf16_without_bom_is_recognized(tmp_path, encoding):
    text = "10月26日,上海市新联会102个基地挂牌。\nAbout 30 bases.\n"
    path = tmp_path / "u16.txt"
    path.write_bytes(text.encode(encoding))
    article = read_article(path)
    assert (article.text, article.encoding) == (text, encoding)


def test_reader_gbk_is_not_taken_for_utf16(tmp_path):
    text = "区新联会在10月26日成立。" * 3
    path = tmp_path / "gbk.txt"
    path.write_bytes(text.encode("gbk"))
    assert read_article(path).text == text
