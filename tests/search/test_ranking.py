"""The relevance model (articles/search/ranking.py): pure arithmetic on term statistics."""

import pytest

from articles.search import ranking
from articles.search.document import field_of, field_spans
from articles.search.ranking import DocStats

LENGTHS = (10, 30, 4, 20, 8, 400)  # the typical lengths: no length normalisation


def stats(counts, near=None, lengths=LENGTHS):
    return DocStats(lengths, counts, near or {})


@pytest.mark.parametrize(
    ("counts", "tf"),
    [
        ({(0, "headline", "exact"): 1, (0, "headline", "stem"): 1, (0, "headline", "skeleton"): 1}, 1.0),
        ({(0, "headline", "stem"): 1, (0, "headline", "skeleton"): 1}, 0.8),
        ({(0, "headline", "skeleton"): 1}, 0.5),
        ({(0, "headline", "loose"): 1}, 0.25),
        ({(0, "headline", "stem"): 2, (0, "headline", "exact"): 1, (0, "headline", "skeleton"): 3}, 1.0 + 0.8 + 0.5),
        ({(0, "body", "stem"): 2}, 2.0),  # no exact forms stored outside the head: a stem counts as exact
    ],
)
def test_each_match_counts_once_at_the_weight_of_its_strongest_kind(counts, tf):
    field = next(iter(counts))[1]
    assert ranking.field_tf(counts, 0, field) == pytest.approx(tf)


def test_one_headline_mention_outweighs_any_number_of_body_mentions():
    idfs = [5.0]
    headline = ranking.score(stats({(0, "headline", "exact"): 1, (0, "headline", "stem"): 1}), idfs, 1.0)
    body = ranking.score(stats({(0, "body", "stem"): 1000}), idfs, 1.0)
    assert headline > body
    assert body[1] < idfs[0] * (ranking.K1 + 1) * ranking.FIELD_WEIGHTS["body"]


def test_a_word_matched_only_loosely_ranks_below_every_other_match_whatever_its_score():
    idfs = [5.0]
    loose = ranking.score(stats({(0, "headline", "loose"): 3, (0, "summary", "loose"): 2}), idfs, 1.0)
    exact = ranking.score(stats({(0, "body", "stem"): 1}), idfs, 0.6)
    assert loose[1] > exact[1]
    assert (loose[0], exact[0]) == (0, 1)
    assert exact > loose


def test_words_close_together_earn_a_bonus_that_falls_with_their_distance():
    idfs = [4.0, 6.0]
    counts = {(0, "body", "stem"): 1, (1, "body", "stem"): 1}
    far = ranking.score(stats(counts, {0: (200,), 1: (300,)}), idfs, 1.0)[1]
    two = ranking.score(stats(counts, {0: (200,), 1: (202,)}), idfs, 1.0)[1]
    side = ranking.score(stats(counts, {0: (200,), 1: (201,)}), idfs, 1.0)[1]
    assert two - far == pytest.approx(ranking.PROXIMITY_WEIGHT * 4.0 / 2)
    assert side - far == pytest.approx(ranking.PROXIMITY_WEIGHT * 4.0)


def test_the_upper_bound_from_the_head_fields_is_never_below_the_score():
    idfs = [3.0, 7.0]
    head = {(0, "headline", "exact"): 1, (0, "headline", "stem"): 1, (1, "summary", "stem"): 2}
    rest = {(0, "body", "stem"): 50, (1, "body", "stem"): 50, (0, "captions", "stem"): 9, (1, "names", "skeleton"): 4}
    full = stats({**head, **rest}, {0: (1, 30), 1: (2, 31)})
    bound = ranking.upper_bound(stats(head), idfs, 0.7)
    assert ranking.score(full, idfs, 0.7) <= bound
    assert ranking.score(stats(rest, {0: (300,), 1: (301,)}), idfs, 1.0)[1] <= ranking.max_rest(idfs)


@pytest.mark.parametrize(
    ("age_days", "factor"), [(0, 1.0), (365, 0.875), (730, 0.8125), (36500, pytest.approx(0.75, abs=1e-9))]
)
def test_recency_halves_what_is_above_the_floor_every_half_life(age_days, factor):
    assert ranking.recency(0.0, age_days * 86400.0) == factor
    assert ranking.recency(None, 1e9) == 1.0  # undated: the newest


def test_positions_are_numbered_across_fields_as_the_vectors_number_them():
    spans = field_spans((3, 0, 2, 0, 0, 5), 100, 16383)
    assert spans == ((1, 3), (1, 0), (104, 105), (1, 0), (1, 0), (206, 210))
    assert [field_of(p, spans) for p in (1, 3, 4, 104, 206, 210, 211)] == [
        "headline",
        "headline",
        None,
        "about",
        "body",
        "body",
        None,
    ]
    assert field_spans((2, 0, 0, 0, 0, 20000), 100, 16383)[5] == (103, 16383)  # clamped as PostgreSQL does
