"""End to end in a real browser: a reporter writes and submits, an editor publishes, readers see it.

Drives the admin in headless Debian Chromium through Playwright against pytest-django's live
server, and saves screenshots of the right-to-left admin pages into test-artifacts/.
"""

import json
import urllib.request

import pytest

from articles.models import Article
from tests.support.browser import BROWSER_MARKS, PASSWORD, newsroom_users, shot

pytestmark = BROWSER_MARKS

HEADLINE = "تعدين البتكوين يرهق شبكة الكهرباء في إيران"
BODY = (
    "قالت صحيفة واشنطن بوست إن تعدين البتكوين يستهلك كمية ضخمة من الطاقة في إيران.\n\n"
    "وأضافت أن انقطاع الكهرباء تكرر في طهران وكرمان."
)
CAPTION = "تعدين البتكوين يستهلك كمية ضخمة من الطاقة (أرشيفية)"


@pytest.fixture
def newsroom_staff(transactional_db):
    return newsroom_users(reem="Reporter", omar="Editor")


def log_in(browser, base_url, username, *, screenshot=None):
    context = browser.new_context(locale="ar", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{base_url}/admin/login/?next=/admin/")
    assert page.get_attribute("html", "dir") == "rtl"
    if screenshot:
        shot(page, screenshot)
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{base_url}/admin/")
    return page


def test_reporter_writes_and_submits_editor_publishes_readers_see_it(live_server, browser, newsroom_staff):
    base = live_server.url

    # given a reporter logged in to the Arabic admin
    page = log_in(browser, base, "reem", screenshot="01-admin-login")

    # when she writes an article with a caption and saves it
    page.goto(f"{base}/admin/articles/article/add/")
    assert page.get_attribute("html", "dir") == "rtl"
    page.fill("#id_headline", HEADLINE)
    page.fill("#id_body", BODY)
    page.click("#captions-group .add-row a")
    page.fill("#id_captions-0-text", CAPTION)
    page.fill("#id_captions-0-alt_text", CAPTION)
    shot(page, "02-article-add-form")
    page.click("input[name=_continue]")
    page.wait_for_url("**/change/")

    # then it is her draft, and the page offers her exactly one transition: submit
    article = Article.objects.get(headline=HEADLINE)
    assert (article.status, article.created_by.username) == ("draft", "reem")
    assert article.slug == "تعدين-البتكوين-يرهق-شبكة-الكهرباء-في-إيران"  # the admin's Unicode slug
    assert page.locator("#workflow-transitions button").all_inner_texts() == ["إرسال للمراجعة"]
    shot(page, "03-article-change-form-reporter")

    # when she submits it for review
    page.click("#workflow-transitions button[value=submit]")
    page.wait_for_load_state()
    assert page.locator(".messagelist .success").count() == 1
    assert Article.objects.get(pk=article.pk).status == "in_review"

    # and an editor publishes it from the same page
    editor = log_in(browser, base, "omar")
    editor.goto(f"{base}/admin/articles/article/{article.pk}/change/")
    assert editor.get_attribute("html", "dir") == "rtl"
    assert editor.locator("#workflow-transitions button").all_inner_texts() == [
        "إعادة إلى المسودة",  # Return to draft
        "نشر",  # Publish
        "جدولة",  # Schedule
    ]
    shot(editor, "04-article-change-form-editor")
    editor.click("#workflow-transitions button[value=publish]")
    editor.wait_for_load_state()
    assert editor.locator(".messagelist .success").count() == 1
    editor.goto(f"{base}/admin/articles/article/")
    assert editor.get_attribute("html", "dir") == "rtl"
    shot(editor, "05-article-changelist")

    # then an anonymous reader finds it, with its caption, in the API
    with urllib.request.urlopen(f"{base}/api/v1/articles/") as response:
        listing = json.loads(response.read().decode("utf-8"))
    [row] = listing["results"]
    assert (row["headline"], row["status"]) == (HEADLINE, "published")
    assert [caption["text"] for caption in row["captions"]] == [CAPTION]
    assert row["paragraphs"] == BODY.split("\n\n")
