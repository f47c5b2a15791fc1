"""Unique slugs: the first free one, found with one query however many are taken."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from articles.services.common import unique_slug
from tests.support.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_the_first_free_suffix_is_taken_with_one_query():
    for slug in ("خبر-عاجل", "خبر-عاجل-2", "خبر-عاجل-3", "خبر-عاجل-جديد", "Khabar"):
        ArticleFactory(slug=slug)

    with CaptureQueriesContext(connection) as queries:
        slug = unique_slug(Article, "خبر عاجل", max_length=300)

    assert (slug, len(queries)) == ("خبر-عاجل-4", 1)


def test_the_row_being_renamed_does_not_clash_with_itself():
    article = ArticleFactory(slug="khabar")

    assert unique_slug(Article, "Khabar", exclude_pk=article.pk) == "khabar"
    assert unique_slug(Article, "Khabar") == "khabar-2"
