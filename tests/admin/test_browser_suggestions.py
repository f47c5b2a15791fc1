"""In a real browser: the editor sees the machine's suggestions highlighted in the right-to-left
article page and confirms one (screenshots in test-artifacts/)."""

from articles.models import Quote
from tests.admin.test_browser import log_in, newsroom_staff, pytestmark, shot  # noqa: F401 (fixtures)
from tests.admin.test_suggestions_admin import change_url
from tests.support.analysis import BODY, HEADLINE, names
from tests.support.content import write_article


def test_an_editor_sees_the_suggestions_highlighted_and_confirms_one_in_the_browser(
    live_server,
    browser,
    newsroom_staff,  # noqa: F811
):
    names()
    article = write_article(actor=newsroom_staff["omar"], headline=HEADLINE, body=BODY)
    page = log_in(browser, live_server.url, "omar")

    page.goto(f"{live_server.url}{change_url(article)}")
    marks = page.locator("#suggestions mark.suggestion")
    assert marks.count() == 8
    assert (
        page.locator("#suggestions .suggestion-highlighted").first.evaluate("e => getComputedStyle(e).direction")
        == "rtl"
    )
    page.locator("#suggestions").scroll_into_view_if_needed()
    shot(page, "suggestions-01-article-page")
    row = article.suggestions.get(kind="quote", entity__slug="sami")
    page.click(f"#suggestion-{row.pk} button[name=_confirm]")
    page.wait_for_load_state()

    assert page.locator(".messagelist .success").count() == 1
    assert Quote.objects.get(article=article).speaker.slug == "sami"
    assert page.locator(f"#suggestion-{row.pk}").count() == 0
