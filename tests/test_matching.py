"""The overlap rules every extractor shares: longest first, the earlier one on a tie, and
ranges that only touch do not overlap."""
from pipeline.matching import Candidate, RangeSet, longest_first


def spans(candidates):
    return [(c.start, c.end, c.rule) for c in candidates]


def test_matching_range_set_overlaps():
    taken = RangeSet([(3, 6), (10, 12)])
    assert not taken.overlaps(0, 3) and not taken.overlaps(6, 10) and not taken.overlaps(12, 20)
    assert taken.overlaps(2, 4) and taken.overlaps(5, 7) and taken.overlaps(4, 5) and taken.overlaps(0, 20)
    taken.add(6, 10)
    assert taken.overlaps(6, 7)


def test_matching_range_set_holds_part():
    quotes = RangeSet([(3, 9), (12, 14)])
    assert quotes.holds_part(3, 5) and quotes.holds_part(4, 9) and quotes.holds_part(12, 13)
    assert not quotes.holds_part(3, 9)      # the whole range is no part of it
    assert not quotes.holds_part(2, 5) and not quotes.holds_part(8, 10) and not quotes.holds_part(9, 12)
    assert not quotes.holds_part(0, 2) and not quotes.holds_part(15, 16)


def test_matching_longest_first_keeps_touching_candidates():
    kept = longest_first([Candidate(3, 5, "b"), Candidate(0, 3, "a"), Candidate(5, 6, "c")])
    assert spans(kept) == [(0, 3, "a"), (3, 5, "b"), (5, 6, "c")]


def test_matching_longest_first_longest_wins_then_the_earlier():
    kept = longest_first([Candidate(1, 3, "short"), Candidate(0, 5, "long"), Candidate(4, 8, "later")])
    assert spans(kept) == [(0, 5, "long")]  # the longest hides both it overlaps
    kept = longest_first([Candidate(2, 5, "second"), Candidate(0, 3, "first")])
    assert spans(kept) == [(0, 3, "first")]  # the same length: the earlier start wins


def test_matching_same_span_keeps_the_first_rule():
    kept = longest_first([Candidate(0, 3, "first rule"), Candidate(0, 3, "second rule")])
    assert spans(kept) == [(0, 3, "first rule")]
