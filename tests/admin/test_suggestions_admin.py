"""The article page shows the machine's suggestions highlighted in the text; editors confirm,
reject, or turn an unknown speaker or outlet into a new entity or source with one button."""

import pytest

from articles.models import Mention, Quote, Source, Suggestion
from tests.support.analysis import BODY, HEADLINE, names
from tests.support.content import write_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(db):
    names()
    return write_article(headline=HEADLINE, body=BODY)


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def action_url(article, row, verb):
    return f"/admin/articles/article/{article.pk}/suggestions/{row.pk}/{verb}/"


def test_the_article_page_highlights_every_pending_suggestion_in_its_text(staff_client, article):
    staff_client.cookies["django_language"] = "en"  # the admin's language is the user's choice, not the browser's
    html = staff_client.get(change_url(article)).content.decode()

    for row in article.suggestions.all():
        assert f'data-suggestion="{row.pk}"' in html
        assert f'id="suggestion-{row.pk}"' in html
    quote = article.suggestions.get(kind="quote", entity__slug="sami")
    mention = article.suggestions.get(kind="mention", entity__slug="iran", start=53)
    # The mention of إيران is marked inside the marked quote.
    assert (
        f'<mark class="suggestion suggestion-quote" data-suggestion="{quote.pk}" title="quote of سامي الحداد">'
        f'الاتفاق مع <mark class="suggestion suggestion-mention" data-suggestion="{mention.pk}" '
        'title="إيران (Place)">إيران</mark> نهائي</mark>'
    ) in html


def test_confirm_button_writes_the_mention_and_returns_to_the_page(staff_client, article):
    row = article.suggestions.get(field="headline")

    response = staff_client.post(action_url(article, row, "confirm"))

    assert response.status_code == 302
    assert response["Location"] == change_url(article) + "#suggestions"
    assert Mention.objects.get(article=article).count == 3


def test_reject_button_removes_the_suggestion_from_the_page(staff_client, article):
    row = article.suggestions.get(field="headline")

    staff_client.post(action_url(article, row, "reject"))

    html = staff_client.get(change_url(article)).content.decode()
    assert f'data-suggestion="{row.pk}"' not in html
    assert Suggestion.objects.get(pk=row.pk).status == "rejected"


def test_one_click_turns_an_unknown_outlet_into_a_source_with_its_attribution(staff_client, article):
    row = article.suggestions.get(kind="source", source__isnull=True)

    staff_client.post(action_url(article, row, "create"))

    source = Source.objects.get(name="الأيام")
    assert source.kind == "newspaper"
    assert article.attributions.get(source=source).paragraph == 3


def test_one_click_turns_an_unknown_speaker_into_a_person_with_the_quote(staff_client, article):
    row = article.suggestions.get(kind="quote", entity__isnull=True)

    staff_client.post(action_url(article, row, "create"))

    quote = Quote.objects.get(article=article)
    assert (quote.speaker.name, quote.speaker.kind, quote.paragraph) == ("المتحدث باسم الحكومة", "person", 2)


def test_confirming_a_quote_without_a_speaker_shows_the_reason_in_arabic_and_changes_nothing(staff_client, article):
    row = article.suggestions.get(kind="quote", entity__isnull=True)

    response = staff_client.post(action_url(article, row, "confirm"), follow=True)

    assert Quote.objects.filter(article=article).count() == 0
    messages = [str(m) for m in response.context["messages"]]
    assert messages == ["المتحدث في هذا الاقتباس ليس كياناً معروفاً: أنشئه أولاً (أو اختر كياناً)."]


def test_a_reporter_cannot_decide_on_another_reporters_published_article(client, role_users):
    names()
    article = write_article(actor=role_users["editor"], headline=HEADLINE, body=BODY, status="published")
    row = article.suggestions.get(field="headline")
    client.force_login(role_users["reporter"])

    response = client.post(action_url(article, row, "confirm"))

    assert response.status_code == 403
    assert Suggestion.objects.get(pk=row.pk).status == "pending"


def test_a_get_on_an_action_is_refused(staff_client, article):
    row = article.suggestions.get(field="headline")

    assert staff_client.get(action_url(article, row, "confirm")).status_code == 405
    assert staff_client.post(action_url(article, row, "explode")).status_code == 404
