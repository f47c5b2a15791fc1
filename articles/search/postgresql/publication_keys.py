"""Publication keys: the search index holds each article's UTC day, month and year (migration
0014), so that a window's range of days is an OR of a few dozen keys that the GIN index
intersects with the words' matches before any row is read."""

import calendar
from datetime import UTC, date, timedelta

from django.db.models import BooleanField, Expression


def publication_day(moment) -> date:
    """The UTC day of `moment`: what a window's ranges are made of."""
    return moment.astimezone(UTC).date()


#: Publication keys count days from here (migration 0014).
KEYS_EPOCH = date(1970, 1, 1)


def publication_keys(moment) -> list[str]:
    """The lexemes the search index holds for an article published at `moment`, as the database
    function newsroom_publication_keys() (migration 0014) writes them: its UTC day, month and year,
    each as «d», «m» or «y» and the number of its first day since 1970-01-01."""
    day = publication_day(moment)
    return [f"d{_day_number(day)}", f"m{_day_number(day.replace(day=1))}", f"y{_day_number(date(day.year, 1, 1))}"]


def _day_number(day: date) -> int:
    return (day - KEYS_EPOCH).days


def period_keys(first: date, last: date) -> list[str]:
    """The fewest publication keys that together match every article published from the day
    `first` to the day `last` (UTC, both included) and no other: whole years where they fit, else
    whole months, else days. At most a few dozen, whatever the period."""
    keys, day = [], first
    while day <= last:
        year_end = date(day.year, 12, 31)
        month_end = date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
        if (day.month, day.day) == (1, 1) and year_end <= last:
            kind, end = "y", year_end
        elif day.day == 1 and month_end <= last:
            kind, end = "m", month_end
        else:
            kind, end = "d", day
        keys.append(f"{kind}{_day_number(day)}")
        if end == date.max:
            break
        day = end + timedelta(days=1)
    return keys


class PublishedWithin(Expression):
    """Published from the day `first` to the day `last` (UTC, both included), written
    against the search index's second column (migration 0014) as an OR of the period's
    publication keys (`period_keys`). Undated articles have no keys: they never match it.

    Whole days: a window's first range starts a little before its threshold, which costs a few
    more rows and changes nothing in the result (a range holding a window of matches, whatever its
    start, holds the newest window).
    """

    output_field = BooleanField()

    def __init__(self, first: date, last: date):
        super().__init__()
        self.first, self.last = first, last

    def as_sql(self, compiler, connection):
        alias = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        keys = " | ".join(f"'{key}'" for key in period_keys(self.first, self.last))
        return f"newsroom_publication_keys({alias}.published_at) @@ %s::tsquery", [keys]
