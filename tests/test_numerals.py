"""Numeral normalizer beyond the rule file's corpus: spacing, width, signs, non-numerals."""
import pytest

from pipeline.numerals import is_year_like, normalize_number, parse_number


@pytest.mark.parametrize("text, value", [
    ("１４０ 万", 1400000), ("1 234", 1234), ("一千二百三十四万五千六百七十八", 12345678),
    ("两千", 2000), ("两百五十", 250), ("负十二点五", -12.5), ("零", 0), ("十一", 11),
    ("一万零一", 10001), ("五十万", 500000), ("3千", 3000), ("二十亿", 2000000000),
])
def test_numerals_values(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["", "  ", "十七载", "个人", "3.2.1万", "--3"])
def test_numerals_reject_non_numerals(text):
    assert parse_number(text) is None


def test_numerals_integral_values_are_ints():
    assert isinstance(parse_number("3.0万"), int)
    assert normalize_number("两百点两") == "200.2"
    assert normalize_number("3.2万") == "32000"


def test_numerals_year_like():
    assert is_year_like("2023") and is_year_like("二〇二三")
    assert not is_year_like("十七") and not is_year_like("102")
