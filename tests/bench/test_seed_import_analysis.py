"""Importing the raw seed finds the fixture's mentions, quotes with speakers and sources
(bench/ingest_seed.py reports the same figures)."""

from io import StringIO

import pytest
from django.core.management import call_command

from bench.ingest_seed import seed_scores

pytestmark = pytest.mark.django_db


def test_importing_the_raw_seed_suggests_the_fixtures_mentions_quotes_and_sources():
    call_command("seed", stdout=StringIO())

    scores = seed_scores()

    hits, suggested, expected = scores["mentions"]
    assert (hits, suggested, expected) == (45, 45, 47)
    assert hits / suggested >= 0.95
    assert hits / expected >= 0.95
    assert scores["quotes"] == [5, 5, 5, 5]  # right, with the right speaker, suggested, in the fixture
    assert scores["sources"] == [3, 3, 3]
