import shutil
from pathlib import Path

import pytest

import pipeline


@pytest.fixture(scope="session")
def nlp():
    """The full default pipeline, loaded once for the whole test session."""
    return pipeline.shared_pipeline()


@pytest.fixture(scope="session")
def extract_text(nlp):
    """Run the pipeline on a text and return its record."""
    from pipeline import records
    from pipeline.reader import Article, extract_metadata

    def run(text: str, article_id: str = "t") -> dict:
        article = Article(id=article_id, path=f"{article_id}.txt", text=text, encoding="utf-8",
                          sha256="0" * 64, metadata=extract_metadata(text))
        return records.to_record(pipeline.process(article, nlp))

    return run


@pytest.fixture()
def corpus(tmp_path):
    """A small corpus: a seed report and a one-line article under seeds/, and a gold folder."""
    root = tmp_path / "corpus"
    (root / "seeds").mkdir(parents=True)
    shutil.copy(Path("corpus/seeds/000_2ba991e02224f61e.txt"), root / "seeds" / "a.txt")
    (root / "seeds" / "b.txt").write_text("2023年,全区建成12个基地。", encoding="utf-8")
    (root / "gold").mkdir()
    (root / "gold" / "a.yaml").write_text("id: a\n", encoding="utf-8")
    return root
