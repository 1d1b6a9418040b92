"""Chinese news reports to structured records: counts, dates, organizations, slogans.

``load()`` builds the spaCy pipeline; ``process(article, nlp)`` runs it on an article read
by ``reader.read_article`` and returns the Doc, whose span groups ``records.to_record``
turns into the JSON record.
"""
from __future__ import annotations

import os

# One worker per core: the name model's matrix products on one thread each (OpenBLAS's own
# threads made them a tenth slower here, and two workers' threads would fight for the cores).
# Set before numpy loads; a caller's own setting stands.
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

import functools  # noqa: E402

import spacy  # noqa: E402
from spacy.language import Language  # noqa: E402
from spacy.tokens import Doc  # noqa: E402

from . import counts, dates, extensions, names, organizations, segment, slogans, stage_cache  # noqa: F401,E402  (registers the factories)
from .reader import Article  # noqa: E402

__version__ = "0.1.0"

# Dates first: their numerals are not counts. Slogans before counts for the same reason.
# Names last: they merge the model's organizations with the rules'.
EXTRACTORS = ("zh_dates", "zh_slogans", "zh_counts", "zh_organizations", "zh_names")
# The extractors that read words (on short windows) take the segmenter as their config.
SEGMENTING = ("zh_counts", "zh_organizations", "zh_names")
# spaCy's default limit (1M characters) guards its parser's memory; these components are linear.
MAX_ARTICLE_CHARS = 200_000_000


def load(segmenter: str = "jieba") -> Language:
    """The whole pipeline on a blank Chinese spaCy pipeline with one token per character."""
    segment.Segmenter(segmenter)  # reject an unknown name now, not at the first count
    nlp = spacy.blank("zh")
    nlp.max_length = MAX_ARTICLE_CHARS
    nlp.tokenizer = segment.CharTokenizer(nlp.vocab)
    nlp.add_pipe("zh_segment")
    for name in EXTRACTORS:
        nlp.add_pipe(name, config={"segmenter": segmenter} if name in SEGMENTING else {})
    stage_cache.remember_fingerprints(nlp, EXTRACTORS)
    return nlp


@functools.lru_cache(maxsize=None)
def shared_pipeline(segmenter: str = "jieba") -> Language:
    """One pipeline per process and segmenter: loading rules and models costs more than a report."""
    return load(segmenter)


def process(article: Article, nlp: Language | None = None) -> Doc:
    nlp = nlp or shared_pipeline()
    doc = nlp.make_doc(article.text)
    doc._.article_id = article.id
    doc._.source = {"path": article.path, "sha256": article.sha256}
    doc._.encoding = article.encoding
    doc._.metadata = article.metadata
    stages = stage_cache.ArticleStages(nlp)   # what each extractor wrote, kept per article
    with segment.remembered_words(article.text):
        for name, component in nlp.pipeline:
            doc = stages.process(name, component, doc)
        doc = stages.finish(doc)
    return doc
