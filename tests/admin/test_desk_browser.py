"""The admin as editors use it, in a real browser, in the Arabic and the English UI: workflow
buttons keep what was typed, content direction, the admin's language, time zones, the desk."""

from datetime import UTC, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from articles.models import Article
from tests.support.browser import BROWSER_MARKS, PASSWORD, UI_LANGUAGES, log_in, newsroom_users, shot
from tests.support.content import write_article

S = Article.Status

pytestmark = BROWSER_MARKS


@pytest.fixture
def staff(transactional_db):
    return newsroom_users(reem="Reporter", omar="Editor")


def change_url(base, article):
    return f"{base}/admin/articles/article/{article.pk}/change/"


def typed_transition(page, transition):
    """Fill what a transition needs beside its button (a note, a time)."""
    if transition in ("correct", "retract"):
        page.fill(f"#id_{transition}_note", "ملاحظة للقراء.")
    if transition == "schedule":
        when = timezone.localtime() + timedelta(days=2)
        page.fill(f"#id_{transition}_published_at", when.strftime("%Y-%m-%dT%H:%M"))


# (who, the article's status, the button)
BUTTONS = [
    ("reem", S.DRAFT, "submit"),
    ("reem", S.IN_REVIEW, "return_to_draft"),
    ("omar", S.DRAFT, "publish"),
    ("omar", S.IN_REVIEW, "schedule"),
    ("omar", S.SCHEDULED, "unschedule"),
    ("omar", S.PUBLISHED, "correct"),
    ("omar", S.PUBLISHED, "retract"),
]
TARGETS = {
    "submit": S.IN_REVIEW,
    "return_to_draft": S.DRAFT,
    "publish": S.PUBLISHED,
    "schedule": S.SCHEDULED,
    "unschedule": S.DRAFT,
    "correct": S.CORRECTED,
    "retract": S.RETRACTED,
}


@pytest.mark.parametrize("language", UI_LANGUAGES)
def test_every_transition_button_saves_the_typed_text_first(live_server, browser, staff, language):
    pages = {name: log_in(browser, live_server.url, name, language=language) for name in ("reem", "omar")}
    for who, status, transition in BUTTONS:
        # given an article open on its page, and a summary typed but not saved
        article = write_article(
            headline=f"خبر {transition}",
            body="نص الخبر.",
            summary="الملخص القديم.",
            status=status,
            actor=staff["reem"],
        )
        page = pages[who]
        page.goto(change_url(live_server.url, article))
        page.fill("#id_summary", f"ملخص جديد قبل {transition}.")
        typed_transition(page, transition)

        # when the transition's button is clicked
        page.click(f"#workflow-transitions button[value={transition}]")
        page.wait_for_load_state()

        # then the typed summary is what is stored, and the transition was taken
        stored = Article.objects.get(pk=article.pk)
        assert (transition, stored.summary, stored.status) == (
            transition,
            f"ملخص جديد قبل {transition}.",
            TARGETS[transition],
        )
        assert page.locator(".messagelist .success").count() == 1
    shot(pages["omar"], f"desk-transition-saved-{language}")


@pytest.mark.parametrize("language", UI_LANGUAGES)
def test_a_refused_transition_keeps_the_typed_text_and_saves_nothing(live_server, browser, staff, language):
    article = write_article(headline="خبر للجدولة", body="نص.", summary="الملخص القديم.", status=S.IN_REVIEW)
    page = log_in(browser, live_server.url, "omar", language=language, url=change_url(live_server.url, article))
    page.fill("#id_summary", "ملخص لم يحفظ بعد.")

    # scheduling without a time is refused
    page.click("#workflow-transitions button[value=schedule]")
    page.wait_for_load_state()

    stored = Article.objects.get(pk=article.pk)
    assert (stored.summary, stored.status, stored.version) == ("الملخص القديم.", S.IN_REVIEW, article.version)
    assert page.input_value("#id_summary") == "ملخص لم يحفظ بعد."
    expected = {"ar": "لم يُحفظ", "en": "Not saved"}[language]
    assert expected in page.locator(".errorlist.nonfield").inner_text()
    shot(page, f"desk-transition-refused-{language}")


# --------------------------------------------------------------------------- content direction


def direction_of(page, selector):
    return page.get_attribute(selector, "dir")


def test_english_ui_shows_arabic_content_right_to_left(live_server, browser, staff):
    article = write_article(headline="عنوان عربي طويل.", body="فقرة أولى.", status=S.DRAFT, actor=staff["reem"])
    services_add_caption(article)
    page = log_in(browser, live_server.url, "omar", language="en", url=change_url(live_server.url, article))

    assert page.get_attribute("html", "dir") == "ltr"
    assert [direction_of(page, f"#id_{name}") for name in ("headline", "summary", "body", "byline")] == [
        "rtl",
        "rtl",
        "rtl",
        "auto",
    ]
    assert direction_of(page, "#id_captions-0-text") == "rtl"
    # the language typed on the form turns the content's direction at once
    page.fill("#id_language", "en")
    page.locator("#id_language").blur()
    assert direction_of(page, "#id_headline") == "ltr"
    page.goto(f"{live_server.url}/admin/articles/article/")
    assert page.get_attribute("#result_list .field-headline_in_its_direction span", "dir") == "rtl"
    shot(page, "desk-direction-en")


def test_arabic_ui_shows_english_content_left_to_right(live_server, browser, staff):
    article = write_article(headline="An English headline.", body="A paragraph.", language="en", actor=staff["reem"])
    page = log_in(browser, live_server.url, "omar", language="ar", url=change_url(live_server.url, article))

    assert page.get_attribute("html", "dir") == "rtl"
    assert [direction_of(page, f"#id_{name}") for name in ("headline", "body")] == ["ltr", "ltr"]
    page.goto(f"{live_server.url}/admin/articles/article/add/")
    assert direction_of(page, "#id_headline") == "rtl"
    shot(page, "desk-direction-ar")


def services_add_caption(article):
    from articles import services
    from articles.models import Caption
    from articles.policies import SYSTEM

    services.article_part_save(actor=SYSTEM, part=Caption(article=article, text="صورة من الأرشيف", order=1))


# --------------------------------------------------------------------------- the admin's language


def test_admin_opens_in_the_newsrooms_language_whatever_the_browser_asks(live_server, browser, staff):
    context = browser.new_context(locale="en-US")
    page = context.new_page()

    page.goto(f"{live_server.url}/admin/login/")

    assert (page.get_attribute("html", "lang"), page.get_attribute("html", "dir")) == ("ar", "rtl")
    shot(page, "desk-login-default-language")


def test_the_sign_in_page_switches_to_english_before_signing_in(live_server, browser, staff):
    # given the sign-in page, in the newsroom's language
    page = browser.new_context(locale="ar").new_page()
    page.goto(f"{live_server.url}/admin/login/?next=/admin/")
    assert page.get_attribute("html", "lang") == "ar"

    # when English is chosen in its header
    page.select_option("#language-select", "en")
    page.click("#language-form button")
    page.wait_for_load_state()

    # then the same page reads in English, left to right, and signing in keeps English
    assert (page.get_attribute("html", "lang"), page.get_attribute("html", "dir")) == ("en", "ltr")
    assert page.inner_text("label[for=id_username]") == "Username:"
    shot(page, "desk-login-switched-to-english")
    page.fill("#id_username", "omar")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    assert (page.get_attribute("html", "lang"), page.locator("#language-select").input_value()) == ("en", "en")


@pytest.mark.parametrize(("chosen", "direction"), [("en", "ltr"), ("ar", "rtl")])
def test_a_users_language_choice_is_remembered_in_another_browser(live_server, browser, staff, chosen, direction):
    # given an editor whose browser asks for the other language
    other = "ar" if chosen == "en" else "en"
    page = log_in(browser, live_server.url, "omar", language=None, browser_locale=other)

    # when they choose a language with the switcher
    page.select_option("#language-select", chosen)
    page.click("#language-form button")
    page.wait_for_load_state()
    assert page.get_attribute("html", "lang") == chosen

    # then signing in from a fresh browser (no cookie) opens the admin in that language
    fresh = log_in(browser, live_server.url, "omar", language=None, browser_locale=other)
    assert (fresh.get_attribute("html", "lang"), fresh.get_attribute("html", "dir")) == (chosen, direction)
    assert staff["omar"].newsroom_preference.language == chosen


# --------------------------------------------------------------------------- time zones


@pytest.mark.parametrize("language", UI_LANGUAGES)
def test_times_are_typed_and_shown_in_the_newsrooms_zone_or_the_users_own(
    live_server, browser, staff, settings, language
):
    settings.TIME_ZONE = "Asia/Riyadh"  # NEWSROOM_TIME_ZONE, UTC+3 all year
    article = write_article(headline="خبر مجدول", body="نص.", status=S.IN_REVIEW)
    tomorrow = (timezone.now() + timedelta(days=1)).date()
    page = log_in(browser, live_server.url, "omar", language=language)

    # an editor in the newsroom schedules the article for 10:00
    page.goto(change_url(live_server.url, article))
    assert "Asia/Riyadh" in page.inner_text("label[for=id_schedule_published_at]")
    page.fill("#id_schedule_published_at", f"{tomorrow.isoformat()}T10:00")
    page.click("#workflow-transitions button[value=schedule]")
    page.wait_for_load_state()

    # it is stored as 07:00 UTC, and shown as 10:00 with its zone
    stored = Article.objects.get(pk=article.pk)
    assert stored.published_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M") == f"{tomorrow.isoformat()} 07:00"
    assert "10:00 +03" in page.inner_text(".workflow-status")
    assert page.text_content("#time-zone") == "Asia/Riyadh"

    # a user who works from Tokyo chooses their own zone: the same time reads 16:00 JST
    page.goto(f"{live_server.url}/admin/preferences/")
    page.select_option("#id_time_zone", "Asia/Tokyo")
    page.click("#preferences-form input[type=submit]")
    page.wait_for_load_state()
    page.goto(change_url(live_server.url, article))
    assert "16:00 JST" in page.inner_text(".workflow-status")
    shot(page, f"desk-time-zone-{language}")


# --------------------------------------------------------------------------- offline API docs


def test_api_docs_render_with_no_network_but_the_site(live_server, browser):
    page = browser.new_context().new_page()
    elsewhere = []

    def only_the_site(route):
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    page.route("**/*", only_the_site)
    page.goto(f"{live_server.url}/api/docs/")
    page.wait_for_selector(".swagger-ui .info .title", timeout=15000)

    assert "Newsroom API" in page.inner_text(".swagger-ui .info .title")
    assert page.locator(".opblock").count() > 10  # the operations of the schema
    assert elsewhere == []
    inline_scripts = page.eval_on_selector_all("script:not([src])", "scripts => scripts.length")
    assert inline_scripts == 0  # a Content-Security-Policy of 'self' lets the page run
    shot(page, "desk-api-docs")


# --------------------------------------------------------------------------- labels, not codes

LABELS = {
    "ar": {
        "draft": "مسودة",
        "published": "منشور",
        "publish": "نشر",
        "comment": "نُشرت (وقت النشر 1 مارس 2026، 10:00 +03).",
    },
    "en": {
        "draft": "Draft",
        "published": "Published",
        "publish": "Publish",
        "comment": "Published (publication time 1 March 2026, 10:00 +03).",
    },
}


@pytest.mark.parametrize("language", UI_LANGUAGES)
def test_history_diff_and_audit_list_show_labels_not_codes(live_server, browser, staff, settings, language):
    from datetime import datetime

    from articles import services
    from articles.models import ArticleRevision

    settings.TIME_ZONE = "Asia/Riyadh"
    article = write_article(headline="خبر", body="نص.")
    services.article_transition(
        actor=staff["omar"], article=article, name="publish", published_at=datetime(2026, 3, 1, 7, 0, tzinfo=UTC)
    )
    latest = ArticleRevision.objects.filter(article=article).order_by("version").last()
    labels = LABELS[language]
    page = log_in(
        browser,
        live_server.url,
        "omar",
        language=language,
        url=f"{live_server.url}/admin/articles/article/{article.pk}/history/",
    )

    assert labels["comment"] in page.inner_text("#content")

    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/history/diff/?revision={latest.pk}")
    status_row = page.inner_text("tr.field-status")
    assert labels["draft"] in status_row
    assert labels["published"] in status_row
    assert "draft" not in status_row.replace(labels["draft"], "")
    assert "+03" in page.inner_text("tr.field-published_at")
    assert "T07:00" not in page.inner_text("tr.field-published_at")
    shot(page, f"desk-diff-labels-{language}")

    page.goto(f"{live_server.url}/admin/articles/auditentry/")
    assert page.inner_text("#result_list tbody tr td.field-action_display") == labels["publish"]


# --------------------------------------------------------------------------- a roomy article form

COUNTS = {
    "ar": ("الكلمات: 10", "الأحرف: 11"),
    "en": ("10 words", "11 characters"),
}


@pytest.mark.parametrize("language", UI_LANGUAGES)
def test_the_article_form_is_roomy_numbers_paragraphs_counts_and_picks_paragraphs_by_text(
    live_server, browser, staff, language
):
    article = write_article(
        headline="عنوان الخبر",
        body="الفقرة الأولى هنا.\n\nقال الوزير إن الاتفاق قريب.\n\nالفقرة الثالثة.",
        actor=staff["omar"],
    )
    add_quote(article, "الاتفاق قريب", paragraph=2)
    page = log_in(
        browser,
        live_server.url,
        "omar",
        language=language,
        viewport=(1440, 1000),
        url=change_url(live_server.url, article),
    )

    # a wide headline and a tall body
    assert page.locator("#id_headline").bounding_box()["width"] >= 600
    assert page.locator("#id_body").bounding_box()["height"] >= 450
    # the paragraphs numbered beside the body, and the counts
    assert page.locator("#id_body_paragraphs li").all_inner_texts() == [
        "الفقرة الأولى هنا.",
        "قال الوزير إن الاتفاق قريب.",
        "الفقرة الثالثة.",
    ]
    body_words, headline_characters = COUNTS[language]
    assert body_words in page.inner_text('[data-counts-for="id_body"]')
    assert headline_characters in page.inner_text('[data-counts-for="id_headline"]')

    # typing a new paragraph renumbers at once; a quote picks its paragraph by its text
    page.fill("#id_body", "فقرة جديدة في البداية.\n\nالفقرة الأولى هنا.\n\nقال الوزير إن الاتفاق قريب.")
    assert page.locator("#id_body_paragraphs li").count() == 3
    assert page.input_value("#id_quotes-0-paragraph") == "2"
    page.select_option("#id_quotes-0-paragraph", label="3 — قال الوزير إن الاتفاق قريب.")
    shot(page, f"desk-article-form-{language}")
    page.click("input[name=_continue]")
    page.wait_for_load_state()
    shot(page, f"desk-article-form-saved-{language}")

    stored = Article.objects.get(pk=article.pk)
    assert [(quote.text, quote.paragraph) for quote in stored.quotes.all()] == [("الاتفاق قريب", 3)]


def add_quote(article, text, *, paragraph):
    from articles import services
    from articles.models import Quote
    from articles.policies import SYSTEM
    from tests.support.factories import EntityFactory

    services.article_part_save(
        actor=SYSTEM, part=Quote(article=article, text=text, paragraph=paragraph, speaker=EntityFactory(), order=1)
    )


# --------------------------------------------------------------------------- make run keeps work


@pytest.mark.parametrize("language", UI_LANGUAGES)
def test_running_the_seed_again_keeps_an_editors_byline_and_password(live_server, browser, staff, language):
    from io import StringIO

    from django.core.management import call_command

    call_command("seed", stdout=StringIO())
    article = Article.objects.order_by("pk").first()
    page = log_in(browser, live_server.url, "omar", language=language, url=change_url(live_server.url, article))
    page.fill("#id_byline", "عمر، بيروت")
    page.click("input[name=_continue]")
    page.wait_for_load_state()

    # `make run` runs these again
    call_command("seed", "--demo-users", stdout=StringIO())
    call_command("ensure_admin", stdout=StringIO())

    assert get_user_model().objects.get(username="omar").check_password(PASSWORD)  # the password still works
    again = log_in(browser, live_server.url, "omar", language=language, url=change_url(live_server.url, article))
    assert again.input_value("#id_byline") == "عمر، بيروت"
    assert Article.objects.get(pk=article.pk).byline == "عمر، بيروت"


# --------------------------------------------------------------------------- the desk


def desk_content(staff):
    from articles import services

    reem, omar = staff["reem"], staff["omar"]
    write_article(headline="مسودة ريم", body="نص.", actor=reem)
    write_article(headline="مسودة عمر", body="نص.", actor=omar)
    write_article(headline="خبر ريم للمراجعة", body="نص.", status=S.IN_REVIEW, actor=reem)
    write_article(headline="خبر عمر للمراجعة", body="نص.", status=S.IN_REVIEW, actor=omar)
    write_article(
        headline="خبر مجدول", body="نص.", status=S.SCHEDULED, published_at=timezone.now() + timedelta(hours=5)
    )
    published = write_article(headline="خبر منشور", body="نص.", status=S.PUBLISHED)
    services.article_transition(actor=omar, article=published, name="correct", note="صُحّح الاسم.")
    from articles.models import Attribution, Mention
    from articles.policies import SYSTEM
    from tests.support.factories import EntityFactory, SourceFactory

    services.article_part_save(
        actor=SYSTEM, part=Mention(article=published, entity=EntityFactory(name="طهران"), count=3)
    )
    services.article_part_save(
        actor=SYSTEM,
        part=Attribution(article=published, source=SourceFactory(name="رويترز"), phrase="وفق", paragraph=1),
    )


@pytest.mark.parametrize("language", UI_LANGUAGES)
def test_the_desk_shows_each_role_its_work_and_charts_drawn_with_no_network(live_server, browser, staff, language):
    desk_content(staff)
    editor = log_in(browser, live_server.url, "omar", language=language, viewport=(1440, 1000))
    elsewhere = []
    editor.on(
        "request", lambda request: None if request.url.startswith(live_server.url) else elsewhere.append(request.url)
    )

    editor.goto(f"{live_server.url}/admin/")

    def headlines(section):
        return editor.locator(f"#desk-{section} li a[dir]").all_inner_texts()

    assert headlines("drafts") == ["مسودة عمر"]
    assert sorted(headlines("review")) == ["خبر ريم للمراجعة", "خبر عمر للمراجعة"]
    assert headlines("scheduled") == ["خبر مجدول"]
    assert {"ar": "خلال", "en": "in 4"}[language] in editor.inner_text("#desk-scheduled .desk-meta")
    assert headlines("published") == ["خبر منشور"]
    assert "صُحّح الاسم." in editor.inner_text("#desk-corrections")
    assert editor.locator(".desk-chart svg").count() == 4
    assert elsewhere == []
    # right-to-left: a bar's label sits to the right of its bar
    label_x = float(editor.locator(".desk-chart svg text.chart-text").first.get_attribute("x"))
    bar_x = float(editor.locator(".desk-chart svg rect.chart-bar").nth(30).get_attribute("x"))
    assert (label_x > bar_x) == (language == "ar")
    shot(editor, f"desk-home-editor-{language}")

    reporter = log_in(browser, live_server.url, "reem", language=language, url=f"{live_server.url}/admin/")
    assert reporter.locator("#desk-drafts li a[dir]").all_inner_texts() == ["مسودة ريم"]
    assert reporter.locator("#desk-review li a[dir]").all_inner_texts() == ["خبر ريم للمراجعة"]


# --------------------------------------------------------------------------- preview


@pytest.mark.parametrize("language", UI_LANGUAGES)
def test_preview_shows_a_draft_as_readers_will_see_it_marked_and_never_to_anonymous(
    live_server, browser, staff, language
):
    from articles import services
    from articles.models import Caption
    from articles.policies import SYSTEM

    article = write_article(
        headline="مسودة للمعاينة",
        body="الفقرة الأولى.\n\nقال الوزير إن الاتفاق قريب.",
        byline="ريم",
        actor=staff["reem"],
    )
    services.article_part_save(
        actor=SYSTEM,
        part=Caption(article=article, text="صورة من طهران", credit="رويترز", is_archival=True, order=1),
    )
    add_quote(article, "الاتفاق قريب", paragraph=2)
    page = log_in(browser, live_server.url, "omar", language=language, url=change_url(live_server.url, article))

    page.click("#preview-link")
    page.wait_for_load_state()

    assert {"ar": "معاينة", "en": "Preview"}[language] in page.inner_text("#preview-banner")
    assert page.get_attribute("article.reader", "dir") == "rtl"
    assert page.inner_text(".reader-headline") == "مسودة للمعاينة"
    assert page.locator(".reader-body p").all_inner_texts() == ["الفقرة الأولى.", "قال الوزير إن الاتفاق قريب."]
    assert page.inner_text(".reader-figure figcaption") == "صورة من طهران (أرشيفية) رويترز"
    assert "«الاتفاق قريب»" in page.inner_text(".reader-quotes")
    shot(page, f"desk-preview-{language}")

    # an anonymous visitor is sent to the login page, and never sees the draft
    anonymous = browser.new_context().new_page()
    anonymous.goto(f"{live_server.url}/admin/articles/article/{article.pk}/preview/")
    assert "/admin/login/" in anonymous.url
    assert "مسودة للمعاينة" not in anonymous.content()


# --------------------------------------------------------------------------- edit presence

PRESENCE = {"ar": "يحرّر هذه المقالة منذ", "en": "has been editing this article since"}


@pytest.mark.parametrize("language", UI_LANGUAGES)
def test_opening_an_article_someone_edits_says_who_and_allows_take_over(live_server, browser, staff, language):
    article = write_article(headline="خبر يحرره اثنان", body="نص.", actor=staff["reem"])
    omar = log_in(browser, live_server.url, "omar", language=language, url=change_url(live_server.url, article))
    assert omar.is_hidden("#edit-presence")

    # reem opens the same article: she is told omar is editing it, and since when
    reem = log_in(browser, live_server.url, "reem", language=language, url=change_url(live_server.url, article))
    assert reem.is_visible("#edit-presence")
    assert f"omar {PRESENCE[language]}" in reem.inner_text("#edit-presence")
    shot(reem, f"desk-presence-{language}")

    # she takes over: omar's page says so at its next beat
    reem.click("#take-over")
    reem.wait_for_load_state()
    assert reem.is_hidden("#edit-presence")
    omar.evaluate("window.deskPresenceBeat()")
    omar.wait_for_selector("#edit-presence", state="visible")
    assert f"reem {PRESENCE[language]}" in omar.inner_text("#edit-presence")

    # saves stay protected by the version: reem saves first, omar's save is refused
    reem.fill("#id_summary", "ملخص ريم.")
    reem.click("input[name=_continue]")
    reem.wait_for_load_state()
    omar.fill("#id_summary", "ملخص عمر.")
    omar.click("input[name=_continue]")
    omar.wait_for_load_state()
    assert Article.objects.get(pk=article.pk).summary == "ملخص ريم."
    assert omar.locator(".errornote").count() == 1


# --------------------------------------------------------------------------- save and submit / publish

SAVE_AND = {
    "ar": {"submit": "احفظ وأرسل للمراجعة", "publish": "احفظ وانشر"},
    "en": {"submit": "Save and submit for review", "publish": "Save and publish"},
}


@pytest.mark.parametrize("language", UI_LANGUAGES)
def test_save_and_submit_or_publish_in_one_click_where_the_role_allows(live_server, browser, staff, language):
    labels = SAVE_AND[language]
    reporter = log_in(
        browser, live_server.url, "reem", language=language, url=f"{live_server.url}/admin/articles/article/add/"
    )
    assert reporter.locator("#save-and button").all_inner_texts() == [labels["submit"]]
    reporter.fill("#id_headline", "خبر جديد للمراجعة")
    reporter.fill("#id_body", "نص الخبر.")
    reporter.click("#save-and button[value=submit]")
    reporter.wait_for_load_state()
    written = Article.objects.get(headline="خبر جديد للمراجعة")
    assert (written.status, written.created_by.username) == (S.IN_REVIEW, "reem")

    editor = log_in(browser, live_server.url, "omar", language=language, url=change_url(live_server.url, written))
    assert editor.locator("#save-and button").all_inner_texts() == [labels["publish"]]
    editor.fill("#id_headline", "خبر جديد راجعه محرر")
    shot(editor, f"desk-save-and-{language}")
    editor.click("#save-and button[value=publish]")
    editor.wait_for_load_state()
    written.refresh_from_db()
    assert (written.headline, written.status) == ("خبر جديد راجعه محرر", S.PUBLISHED)
    assert editor.locator(".messagelist .success").count() == 1


# --------------------------------------------------------------------------- bulk actions


def run_bulk(page, base, articles, action):
    page.goto(f"{base}/admin/articles/article/")
    for article in articles:
        page.check(f"input[name=_selected_action][value='{article.pk}']")
    page.select_option("select[name=action]", action)
    page.click("button[name=index]")
    page.wait_for_load_state()


@pytest.mark.parametrize("language", UI_LANGUAGES)
def test_bulk_actions_run_each_article_through_the_workflow_and_report_each(live_server, browser, staff, language):
    from articles.models import Correction

    base = live_server.url
    ready = [write_article(headline=f"جاهز {n}", body="نص.", status=S.IN_REVIEW) for n in range(2)]
    retracted = write_article(headline="مسحوب", body="نص.", status=S.RETRACTED)
    draft = write_article(headline="مسودة للجدولة", body="نص.")
    page = log_in(browser, base, "omar", language=language)

    # publish three: two are published, the retracted one is refused, each reported
    run_bulk(page, base, [*ready, retracted], "publish_selected")
    assert [Article.objects.get(pk=a.pk).status for a in (*ready, retracted)] == [S.PUBLISHED, S.PUBLISHED, S.RETRACTED]
    assert page.locator(".messagelist .info").count() == 2
    assert page.locator(".messagelist .error").count() == 1
    assert "مسحوب" in page.inner_text(".messagelist .error")
    shot(page, f"desk-bulk-results-{language}")

    # schedule one, with the time typed once
    run_bulk(page, base, [draft], "schedule_selected")
    when = timezone.localtime() + timedelta(days=1)
    page.fill("#id_published_at", when.strftime("%Y-%m-%dT%H:%M"))
    page.click("input[type=submit].default")
    page.wait_for_load_state()
    assert Article.objects.get(pk=draft.pk).status == S.SCHEDULED

    # retract the two published with one note
    run_bulk(page, base, ready, "retract_selected")
    page.fill("#id_note", "نُشرا قبل التحقق.")
    page.click("input[type=submit].default")
    page.wait_for_load_state()
    assert [Article.objects.get(pk=a.pk).status for a in ready] == [S.RETRACTED, S.RETRACTED]
    assert list(Correction.objects.filter(article__in=ready).values_list("note", flat=True)) == ["نُشرا قبل التحقق."] * 2

    # a reporter submits her drafts in bulk
    mine = [write_article(headline=f"مسودة ريم {n}", body="نص.", actor=staff["reem"]) for n in range(2)]
    reporter = log_in(browser, base, "reem", language=language)
    run_bulk(reporter, base, mine, "submit_selected")
    assert [Article.objects.get(pk=a.pk).status for a in mine] == [S.IN_REVIEW, S.IN_REVIEW]
