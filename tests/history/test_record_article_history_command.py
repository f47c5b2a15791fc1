"""manage.py record_article_history: history for articles written without the services."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from articles.models import ArticleRevision
from tests.support.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("record_article_history", *args, stdout=out)
    return out.getvalue()


def test_records_one_revision_per_article_without_history_and_is_idempotent():
    articles = ArticleFactory.create_batch(2)

    first, second = run(), run()

    assert "Done: 2 of 2 articles needed a revision." in first
    assert "Done: 0 of 2 articles needed a revision." in second
    assert sorted(ArticleRevision.objects.values_list("article_id", "version")) == [(a.pk, 1) for a in articles]


def test_can_be_limited_to_some_articles():
    chosen, _other = ArticleFactory.create_batch(2)

    output = run(str(chosen.uuid))

    assert "Done: 1 of 1 articles needed a revision." in output
    assert list(ArticleRevision.objects.values_list("article_id", flat=True)) == [chosen.pk]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("nope", "“nope” is not an article UUID."),
        ("00000000-0000-0000-0000-000000000000", "No article with UUID 00000000-0000-0000-0000-000000000000."),
    ],
)
def test_bad_uuids_are_refused_with_a_clear_message(value, message):
    with pytest.raises(CommandError) as refused:
        run(value)

    assert str(refused.value) == message
