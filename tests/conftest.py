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
