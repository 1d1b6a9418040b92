"""Check gold files against their articles: YAML parses, every text is in the article, and
where start/end are given, text == article[start:end]. Usage: check_gold.py GOLD.yaml…"""
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from pipeline.reader import read_article  # noqa: E402

KINDS = ("counts", "dates", "organizations", "persons", "places", "slogans")
corpus = Path(__file__).resolve().parent.parent / "corpus"
bad = 0
for name in sys.argv[1:]:
    gold = yaml.safe_load(Path(name).read_text(encoding="utf-8"))
    [article] = [p for p in corpus.rglob(f"{Path(name).stem}.txt") if "gold" not in p.parts]
    text = read_article(article).text
    assert gold["id"] == Path(name).stem, f"{name}: id {gold['id']!r} is not the file's stem"
    for kind in KINDS:
        for item in gold.get(kind) or []:
            problem = None
            if item["text"] not in text:
                problem = "text not in the article"
            elif "start" in item and text[item["start"]:item["end"]] != item["text"]:
                problem = f"text != article[{item['start']}:{item['end']}] = {text[item['start']:item['end']]!r}"
            if problem:
                bad += 1
                print(f"{name}: {kind}: {item['text']!r}: {problem}")
print(f"{len(sys.argv) - 1} files checked, {bad} problems")
sys.exit(1 if bad else 0)
