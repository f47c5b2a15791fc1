"""The publication keys of the search index (migration 0014): what a window's date ranges are
made of (articles.publication_keys.publication_keys, period_keys). Pure functions: checked on either database;
that PostgreSQL writes the same keys is checked in test_search_window."""

from datetime import date, datetime

import pytest

from articles.search.postgresql import publication_keys


@pytest.mark.parametrize(
    ("moment", "day"),
    [
        ("2026-12-02T00:00:00+00:00", "2026-12-02"),
        ("2026-12-02T23:59:59+00:00", "2026-12-02"),
        ("2026-12-02T01:30:00+03:00", "2026-12-01"),  # Riyadh just after midnight: the day before in UTC
        ("2026-12-01T22:30:00-02:00", "2026-12-02"),
    ],
)
def test_the_publication_day_is_the_utc_day(moment, day):
    assert publication_keys.publication_day(datetime.fromisoformat(moment)) == date.fromisoformat(day)


MOMENTS = [
    ("2026-12-02T00:00:00+00:00", ["d20789", "m20788", "y20454"]),
    ("2026-12-02T01:30:00+03:00", ["d20788", "m20788", "y20454"]),  # the day before in UTC
    ("2027-01-01T00:00:00+00:00", ["d20819", "m20819", "y20819"]),
    ("1969-12-31T23:59:59+00:00", ["d-1", "m-31", "y-365"]),
    ("0001-01-01T00:00:00+00:00", ["d-719162", "m-719162", "y-719162"]),
]


@pytest.mark.parametrize(("moment", "keys"), MOMENTS)
def test_the_publication_keys_are_the_utc_day_month_and_year_counted_from_1970(moment, keys):
    assert publication_keys.publication_keys(datetime.fromisoformat(moment)) == keys


@pytest.mark.parametrize(
    ("first", "last", "keys"),
    [
        ("2026-12-02", "2026-12-02", ["d20789"]),
        ("2026-11-29", "2026-12-02", ["d20786", "d20787", "d20788", "d20789"]),
        ("2026-11-01", "2026-11-30", ["m20758"]),  # a whole month
        ("2026-11-01", "2026-11-29", [f"d{n}" for n in range(20758, 20787)]),  # a month but a day
        ("2026-01-01", "2026-12-31", ["y20454"]),  # a whole year
        # days up to a month, months up to a year, years, then months and days again
        ("2024-11-30", "2027-02-01", ["d20057", "m20058", "y20089", "y20454", "m20819", "d20850"]),
        ("9999-12-30", "9999-12-31", ["d2932895", "d2932896"]),  # the last day there is
        ("2026-12-02", "2026-12-01", []),  # nothing
    ],
)
def test_a_period_is_the_fewest_publication_keys_that_cover_its_days(first, last, keys):
    assert publication_keys.period_keys(date.fromisoformat(first), date.fromisoformat(last)) == keys
