"""Exact spans on a Doc whose tokens do not line up with the entities (another tokenizer)."""
import spacy
from spacy.tokens import Doc

from pipeline import extensions, spans


def test_spans_split_tokens_and_keep_earlier_groups():
    extensions.register()
    nlp = spacy.blank("zh")
    text = "全区共建成102个市级基地,近万个阵地。"
    words = ["全区共建成102个市级基地", ",", "近万个阵地", "。"]
    doc = Doc(nlp.vocab, words=words, spaces=[False] * len(words))
    doc, [late] = spans.char_spans(doc, [(14, 17)], "COUNT")
    late._.value = 10000
    doc.spans["late"] = [late]
    doc, [early] = spans.char_spans(doc, [(5, 9)], "COUNT")
    assert (early.text, early.start_char, early.end_char) == ("102个", 5, 9)
    [kept] = doc.spans["late"]
    assert (kept.text, kept._.value) == ("近万个", 10000)
    assert doc.text == text


def test_spans_char_tokens_need_no_rebuild(nlp):
    doc = nlp.make_doc("共102个")
    same, [span] = spans.char_spans(doc, [(1, 5)], "COUNT")
    assert same is doc and span.text == "102个"
