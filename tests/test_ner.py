"""The name model: it ships in the repo, loads offline, tags, and fails loudly when broken."""
import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import numpy
import pytest

from pipeline import names, ner, ner_augment, ner_train

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def model():
    return ner.load()


def test_the_committed_model_loads_and_tags_a_known_sentence(model):
    text = "中共上海市委统战部副部长王建国在黄浦区调研。"
    found = {(text[start:end], label) for start, end, label in model.tag([text])[0]}
    assert found == {("中共上海市委统战部", "ORG"), ("王建国", "PER"), ("黄浦区", "LOC")}


def test_the_model_version_names_its_fingerprint(model):
    meta = json.loads((ner.MODEL_DIR / "meta.json").read_text(encoding="utf-8"))
    assert model.version == f"{meta['version']}-{model.fingerprint[:12]}"
    assert set(meta["scores"]) >= {"dev", "test_msra", "test_peoples_daily"}
    assert meta["data"]["train.jsonl.gz"] and meta["files"]


def test_long_texts_are_tagged_in_pieces_with_offsets_into_the_text(model):
    sentence = "中共上海市委统战部副部长王建国在黄浦区调研。"
    text = sentence * 40   # longer than MAX_PIECE
    found = model.tag([text])[0]
    assert all(label in ner.LABELS and 0 <= start < end <= len(text) for start, end, label in found)
    assert sum(text[start:end] == "王建国" for start, end, _ in found) >= 30


@pytest.fixture()
def model_copy(tmp_path):
    copy = tmp_path / "ner"
    shutil.copytree(ner.MODEL_DIR, copy)
    ner.load.cache_clear()
    yield copy
    ner.load.cache_clear()


def test_a_missing_model_names_its_folder(tmp_path):
    with pytest.raises(ner.ModelError, match=f"{tmp_path / 'absent' / 'meta.json'}: the name model is missing"):
        ner.load(tmp_path / "absent")


def test_a_missing_model_file_is_named(model_copy):
    weights = next(p for p in sorted(model_copy.rglob("*")) if p.is_file() and p.name == "model")
    weights.unlink()
    with pytest.raises(ner.ModelError, match=f"{weights}: the name model is incomplete"):
        ner.load(model_copy)


def test_a_damaged_model_file_is_named(model_copy):
    weights = next(p for p in sorted(model_copy.rglob("*")) if p.is_file() and p.name == "model")
    data = bytearray(weights.read_bytes())
    data[len(data) // 2] ^= 0xFF
    weights.write_bytes(bytes(data))
    with pytest.raises(ner.ModelError, match=f"{weights}: the name model is damaged"):
        ner.load(model_copy)


def test_an_unreadable_meta_is_named(model_copy):
    (model_copy / "meta.json").write_text("{", encoding="utf-8")
    with pytest.raises(ner.ModelError, match="meta.json: the name model's meta cannot be read"):
        ner.load(model_copy)


def test_the_cli_stops_on_a_damaged_model_and_names_the_file(model_copy, tmp_path):
    weights = next(p for p in sorted(model_copy.rglob("*")) if p.is_file() and p.name == "model")
    weights.write_bytes(b"not a model")
    article = tmp_path / "a.txt"
    article.write_text("中共上海市委统战部在黄浦区调研。\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "pipeline", "extract", str(article)], cwd=ROOT, capture_output=True,
                         text=True, env={**os.environ, "PIPELINE_NER_MODEL": str(model_copy)}, timeout=300)
    assert run.returncode == 2
    assert str(weights) in run.stderr and "damaged" in run.stderr
    assert run.stdout == ""


@pytest.mark.parametrize("tags, expected", [
    (["B-ORG", "I-ORG", "E-ORG", "O", "S-PER"], [(0, 3, "ORG"), (4, 5, "PER")]),
    (["B-LOC", "E-LOC", "B-ORG", "E-ORG"], [(0, 2, "LOC"), (2, 4, "ORG")]),
    (["I-ORG", "E-ORG", "O"], [(0, 2, "ORG")]),                   # read forgivingly
    (["B-ORG", "I-ORG"], [(0, 2, "ORG")]),                        # closed at the end
    (["B-ORG", "B-PER", "E-PER"], [(0, 1, "ORG"), (1, 3, "PER")]),
    ([], []),
])
def test_spans_of_tags(tags, expected):
    assert ner.spans_of_tags(tags) == expected


def test_tags_of_spans_round_trip():
    spans = [(0, 3, "ORG"), (4, 5, "PER"), (5, 7, "LOC")]
    assert ner.spans_of_tags(ner.tags_of_spans(8, spans)) == spans


def test_best_paths_keep_bioes_well_formed():
    labels = ["O", "B-ORG", "I-ORG", "E-ORG", "S-ORG", "B-LOC", "I-LOC", "E-LOC", "S-LOC"]
    # Each character alone would take B-LOC then I-ORG: not a sequence BIOES allows.
    logits = numpy.full((2, len(labels)), -5.0, dtype="float32")
    logits[0, labels.index("B-LOC")], logits[0, labels.index("B-ORG")] = 3.0, 2.5
    logits[1, labels.index("I-ORG")], logits[1, labels.index("E-ORG")] = 3.0, 2.9
    assert ner.best_paths([logits, numpy.zeros((0, len(labels)))], labels) == [["B-ORG", "E-ORG"], []]


def test_training_marks_every_occurrence_longest_first():
    text = "上海市黄浦区和上海市"
    assert ner_train.mark_names(text, [("上海市", "LOC"), ("上海市黄浦区", "LOC")]) == [(0, 6, "LOC"), (7, 10, "LOC")]


def test_the_cache_answers_without_the_model_and_retags_a_damaged_entry(tmp_path):
    cache = names.TagCache(tmp_path, "f" * 64)
    calls = []

    def tag():
        calls.append(1)
        return [(0, 2, "PER")]

    assert cache.get("张三来了", tag) == [(0, 2, "PER")]
    assert cache.get("张三来了", tag) == [(0, 2, "PER")] and len(calls) == 1
    entry = next((tmp_path / ("f" * 16)).glob("*.json"))
    entry.write_text("[[0, 2", encoding="utf-8")
    assert cache.get("张三来了", tag) == [(0, 2, "PER")] and len(calls) == 2
    for damaged in ("[[0, 2]]", '[[0, 9, "PER"]]', '[[0, 2, "XYZ"]]', '{"a": 1}', '[["0", 2, "PER"]]'):
        entry.write_text(damaged, encoding="utf-8")
        assert cache.get("张三来了", tag) == [(0, 2, "PER")]
    assert len(calls) == 7
    assert not list((tmp_path / ("f" * 16)).glob("*.tmp"))


def test_train_ner_without_data_is_a_one_line_error(tmp_path, capsys):
    from pipeline import cli

    assert cli.main(["train-ner", "--data", str(tmp_path)]) == 2
    assert f"{tmp_path / 'train.jsonl.gz'}: no training data there" in capsys.readouterr().err


def test_evaluate_ner_without_test_splits_is_a_one_line_error(tmp_path, capsys):
    from pipeline import cli

    assert cli.main(["evaluate", "--ner", "--ner-data", str(tmp_path)]) == 2
    assert "test_msra.jsonl.gz: no such test split" in capsys.readouterr().err


@pytest.mark.parametrize("held_out", ["test/x01_*", "synthetic_test/sc_01"])
def test_the_held_out_sets_are_never_trained_on(held_out):
    with pytest.raises(ValueError, match="the held-out sets are never trained on"):
        ner_train.project_articles([held_out])


SWAP_ROWS = [("王晓东在上海市统战部讲话", [(0, 3, "PER"), (4, 10, "ORG")]),
             ("李明到江苏省泰州市委统战部", [(0, 2, "PER"), (3, 6, "LOC"), (6, 13, "ORG")]),
             ("约翰·史密斯访问北京", [(0, 6, "PER"), (8, 10, "LOC")])]


def test_swapped_names_keep_their_labels_and_offsets():
    swapper = ner_augment.NameSwapper.from_rows(SWAP_ROWS)
    rng = random.Random(0)
    for text, spans in SWAP_ROWS * 20:
        swapped_text, swapped = swapper.swap(text, spans, rng)
        assert [label for _, _, label in swapped] == [label for _, _, label in sorted(spans)]
        assert between_names(swapped_text, swapped) == between_names(text, spans)


def between_names(text, spans):
    cuts = [0] + [cut for start, end, _ in sorted(spans) for cut in (start, end)] + [len(text)]
    return [text[start:end] for start, end in zip(cuts[::2], cuts[1::2])]


def test_a_han_person_takes_a_surname_and_a_given_name_and_a_place_keeps_its_head():
    swapper = ner_augment.NameSwapper.from_rows(SWAP_ROWS)
    rng = random.Random(1)
    people = {swapper.replacement("王晓东", "PER", rng) for _ in range(200)}
    assert people <= {s + g for s in "王李" for g in ("晓东", "明")} and len(people) == 4
    assert swapper.heads["泰州市委统战部"] == "统战部"
    organizations = {swapper.replacement("泰州市委统战部", "ORG", rng) for _ in range(50)}
    assert organizations == {"上海市统战部", "泰州市委统战部"}
    assert {swapper.replacement("北京", "LOC", rng) for _ in range(50)} == {"北京", "江苏省"}
    assert swapper.replacement("约翰·史密斯", "PER", rng) in {"王晓东", "李明", "约翰·史密斯"}


def test_recall_is_split_between_names_seen_in_training_and_new_ones(model):
    from pipeline import ner_score

    text = "中共上海市委统战部副部长王建国在黄浦区调研。"
    rows = [(text, [(0, 9, "ORG"), (12, 15, "PER"), (16, 19, "LOC")])]
    known = ner_score.names_of([("王建国来了", [(0, 3, "PER")]), ("黄浦区", [(0, 3, "ORG")])])
    recalls = ner_score.recall_by_novelty(model, rows, known)
    assert {key: value["gold"] for key, value in recalls.items()} == {
        "ORG seen": 0, "ORG new": 1, "PER seen": 1, "PER new": 0, "LOC seen": 0, "LOC new": 1}
    assert recalls["PER seen"]["r"] == recalls["LOC new"]["r"] == 1.0   # the known sentence's names


def test_only_the_labels_asked_for_are_swapped():
    swapper = ner_augment.NameSwapper.from_rows(SWAP_ROWS)
    text, spans = SWAP_ROWS[1]
    for seed in range(10):
        swapped_text, swapped = swapper.swap(text, spans, random.Random(seed), labels=("PER",))
        assert swapped_text.endswith("到江苏省泰州市委统战部") and swapped_text[:-len("到江苏省泰州市委统战部")] in {"王晓东", "李明", "王明", "李晓东"}


def test_lexicon_features_read_jiebas_dictionary_beyond_the_segmentation():
    text = "中国致公党召开大会"
    words = ner.jieba_words(text)
    places, starting, ending = ner.lexicon_features(text, words)
    assert len(places) == len(starting) == len(ending) == len(text)
    assert places[:5] == ["nt|B", "nt|M", "nt|M", "nt|M", "nt|E"]   # 中国致公党, one word tagged nt
    assert starting[0] == "nt5" and ending[4] == "nt5"
    assert starting[1] == "-" and ending[0] == "-"                  # 国致… and …中 are no words
    assert ner.word_places(["委员会", "是"]) == ["委员会|B", "委员会|M", "委员会|E", "是|S"]


def test_the_source_of_a_text_is_a_feature_of_every_character(model):
    doc = ner.with_source(model.nlp.make_doc("王建国在黄浦区"), "msra")
    assert set(doc.to_array([ner.SOURCE]).tolist()) == {ner.feature_ids["msra"]}
    assert len(ner.with_source(model.nlp.make_doc(""), "msra")) == 0


def test_a_test_split_is_read_as_the_corpus_it_comes_from_and_as_unknown(tmp_path, model):
    import gzip
    from pipeline import ner_score
    rows = [{"text": "王建国在黄浦区", "ents": [[0, 3, "PER"]], "source": "msra_test"},
            {"text": "李明来了", "ents": [[0, 2, "PER"]], "source": "peoples_daily_test"}]
    for split in ner_score.TEST_SPLITS:
        with gzip.open(tmp_path / f"{split}.jsonl.gz", "wt", encoding="utf-8") as out:
            out.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    assert ner_score.read_sources(tmp_path / "test_msra.jsonl.gz") == ["msra", "peoples_daily_1998"]
    scores = ner_score.score_splits(model, tmp_path)
    assert set(scores) == {"test_msra", "test_msra, source unknown", "test_peoples_daily", "test_peoples_daily, source unknown"}


def test_a_share_of_the_training_sources_is_hidden_the_same_way_every_time():
    sources = ["msra"] * 1000
    blind = ner_train.blind_sources(sources, 0.25, 0)
    assert blind == ner_train.blind_sources(sources, 0.25, 0)
    assert set(blind) == {"msra", ner.UNKNOWN_SOURCE} and 200 < blind.count(ner.UNKNOWN_SOURCE) < 300


def test_a_two_character_model_person_opens_with_a_surname(nlp):
    from pipeline.matching import RangeSet

    text = "凝心聚力，李明说，顶格推进。"
    persons = nlp.get_pipe("zh_names").persons(text, [(0, 2), (5, 7), (10, 12)], RangeSet())
    assert [text[p.start:p.end] for p in persons] == ["李明"]


def test_a_village_is_named_by_nouns_not_by_a_clause(nlp):
    stage = nlp.get_pipe("zh_names")

    def village(name):
        return stage.names_village(name, 0, len(name))

    assert village("寨门村") and village("大观楼社区")
    assert not village("软弱涣散村")   # a verb and an adjective: a kind of village
    assert not village("新村") and not village("寨门镇")   # a stem of one character; no village


def test_a_town_before_a_village_is_read_from_where_a_word_starts(nlp):
    stage = nlp.get_pipe("zh_names")
    for text, town in [("服务团走进龙舟坪镇望家村", "龙舟坪镇"), ("走访了偏岭镇双河村", "偏岭镇"), ("在石狗鎮蓮塘村", "石狗鎮")]:
        village = text.index(town) + len(town)
        assert text[stage.town_before(text, village):village] == town   # not 舟坪镇 (龙舟 is a word)
    assert stage.town_before("在城镇望家村", 4) is None   # 城 + 镇: a stem of one character
