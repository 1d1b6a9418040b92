"""``--segmenter pkuseg`` end to end: the CLI builds with pkuseg (its model ships with the
package, nothing is downloaded), records its choice, and finds the same facts as jieba
(the segmenter only reads short windows: a count's object may differ)."""
import json
import shutil
from pathlib import Path

import jsonschema

from pipeline import cli, records, segment

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "corpus" / "seeds" / "000_2ba991e02224f61e.txt"
SEGMENTER_FIELDS = {"object"}  # read from the words after a count


def without(item: dict, fields: set) -> dict:
    return {k: v for k, v in item.items() if k not in fields}


def built(options: list[str], outputs: Path, segmenter: str) -> dict:
    assert cli.main([*options, "--segmenter", segmenter]) == 0
    manifest = json.loads((outputs / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["segmenter"] == segmenter
    record = json.loads((outputs / f"{SEED.stem}.json").read_text(encoding="utf-8"))
    jsonschema.validate(record, records.schema())
    return record


def test_pkuseg_build_end_to_end(tmp_path, capsys):
    corpus, outputs = tmp_path / "corpus", tmp_path / "outputs"
    corpus.mkdir()
    shutil.copy(SEED, corpus / SEED.name)
    options = ["build", "--corpus", str(corpus), "--outputs", str(outputs), "--workers", "1"]
    jieba = built(options, outputs, "jieba")
    capsys.readouterr()
    pkuseg = built(options, outputs, "pkuseg")
    assert "1 extracted" in capsys.readouterr().err  # the segmenter is part of the fingerprint
    for kind in ("counts", "dates", "organizations", "slogans"):
        assert [without(i, SEGMENTER_FIELDS) for i in pkuseg[kind]] == [without(i, SEGMENTER_FIELDS) for i in jieba[kind]]
    assert sum(bool(c["object"]) for c in pkuseg["counts"]) >= len(pkuseg["counts"]) // 2  # pkuseg's words name objects
    # The words came from pkuseg itself (the build ran in this process: workers 1).
    assert type(segment.get_segmenter("pkuseg").backend).__module__.startswith("pkuseg")
    assert type(segment.get_segmenter("jieba").backend).__module__.startswith("jieba")
