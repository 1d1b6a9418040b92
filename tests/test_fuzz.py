"""Property tests (Hypothesis) over the reader, the numeral and date normalizers and the whole
extraction, with inputs built from a Chinese-news alphabet (tests/fuzz_properties.py says
which properties). Bounded and derandomized, so the file takes seconds and CI sees the same
inputs every run; scripts/fuzz.py runs the same properties over 100,000 inputs."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

import fuzz_properties as properties

FUZZ = settings(max_examples=300, derandomize=True, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.fixture(scope="module", autouse=True)
def loaded(nlp):
    """The shared pipeline loaded before the first example (its load is no example's cost)."""
    return nlp


@FUZZ
@given(properties.article_bytes)
def test_fuzz_reader_reads_or_refuses(data):
    properties.check_reader(data)


@FUZZ
@given(properties.numeral_text)
def test_fuzz_numerals_finite_and_round_trip(text):
    properties.check_number(text)


@FUZZ
@given(properties.numeral_text)
def test_fuzz_dates_normalizer(text):
    properties.check_date(text)


@FUZZ
@given(properties.news_text)
def test_fuzz_counts_and_dates_offsets_and_values(text):
    properties.check_extract(text, kinds=("counts", "dates"))


@FUZZ
@given(properties.news_text)
def test_fuzz_whole_extract(text):
    properties.check_extract(text)
