"""The words of an article's phrases, kept on disk between runs (segment.ArticleWords)."""
import json

import pytest

from pipeline import segment

TEXT = ("10月26日，中共上海市委统战部部长卢正在黄浦区调研，区新联会会长王晓东介绍，"
        "全区建成12个实践创新基地，推行“五化七步”工作法。")


@pytest.fixture()
def cache_root(tmp_path, monkeypatch):
    monkeypatch.setenv("PIPELINE_CACHE", str(tmp_path))
    monkeypatch.setenv("PIPELINE_STAGE_CACHE", "0")   # every extractor runs: the words are read
    return tmp_path


def kept_file():
    files = list(segment.words_cache_dir().glob("*.json"))
    assert len(files) == 1
    return files[0]


def test_a_rebuild_reads_the_words_kept_and_cuts_nothing(cache_root, extract_text, monkeypatch):
    first = extract_text(TEXT)
    assert json.loads(kept_file().read_text(encoding="utf-8"))["jieba"]   # the phrases cut were kept
    segment.cut_cached.cache_clear()

    def no_segmenter(name):
        raise AssertionError("a phrase was cut again")

    monkeypatch.setattr(segment, "get_segmenter", no_segmenter)
    assert extract_text(TEXT) == first


@pytest.mark.parametrize("damage", ["{not json", "[1, 2]", '{"jieba": [1]}', "BAD_ENDS"])
def test_damaged_kept_words_are_cut_again(cache_root, extract_text, damage):
    first = extract_text(TEXT)
    path = kept_file()
    if damage == "BAD_ENDS":   # every phrase's ends run backwards: none can be its words
        tables = json.loads(path.read_text(encoding="utf-8"))
        damage = json.dumps({key: {phrase: ends[::-1] for phrase, ends in table.items()}
                             for key, table in tables.items()})
    path.write_text(damage, encoding="utf-8")
    segment.cut_cached.cache_clear()
    assert extract_text(TEXT) == first
    assert json.loads(path.read_text(encoding="utf-8"))["jieba"]   # written whole again


@pytest.mark.parametrize("phrase, ends, words", [
    ("统战部长", [2, 4], (("统战", 0, 2), ("部长", 2, 4))), ("", [], ()), ("基地", [2], (("基地", 0, 2),)),
    ("统战部长", [2, 3], None),        # does not reach the phrase's end
    ("统战部长", [3, 2, 4], None),     # not rising
    ("统战部长", [0, 4], None),        # an empty word
    ("统战部长", [2.0, 4], None), ("统战部长", [True, 4], None), ("统战部长", "24", None), ("统战部长", None, None),
])
def test_words_ending_at(phrase, ends, words):
    assert segment.words_ending_at(phrase, ends) == words


def test_words_are_kept_apart_per_user_dictionary(cache_root, monkeypatch):
    """A term added to a rule file's user dictionary changes jieba's words: the words kept
    with the old dictionary are not read."""
    before = segment.words_cache_dir()
    with monkeypatch.context() as patch:
        patch.setattr(segment, "user_dictionary", lambda: ("四群八动新词",))
        segment.segmenters_fingerprint.cache_clear()
        try:
            assert segment.words_cache_dir() != before
        finally:
            segment.segmenters_fingerprint.cache_clear()
    assert segment.words_cache_dir() == before


def test_a_save_keeps_the_phrases_it_did_not_use(cache_root):
    """The phrases kept for extractors that replayed their writes (stage_cache) stay kept
    when another extractor cuts a new phrase."""
    path = segment.words_cache_dir() / "article.json"
    first = segment.ArticleWords(path)
    first.cut("jieba", "统战部长", True)
    first.save()
    second = segment.ArticleWords(path)
    second.cut("jieba", "实践创新基地", True)
    second.save()
    assert set(json.loads(path.read_text(encoding="utf-8"))["jieba"]) == {"统战部长", "实践创新基地"}
