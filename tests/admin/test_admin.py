"""The editors' admin: every page answers in Arabic, search ignores spelling variants, saves and
actions go through the services, and English is one click away."""

from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.authtoken.models import Token

from articles import services
from articles.history.audit import audit_record
from articles.models import Article, AuditEntry, Caption, Entity, Quote, Source, UserPreference
from articles.search import search_articles
from tests.support.factories import (
    ArticleFactory,
    AttributionFactory,
    CaptionFactory,
    EntityAliasFactory,
    EntityFactory,
    MentionFactory,
    QuoteFactory,
    SourceAliasFactory,
    SourceFactory,
    UserFactory,
)
from tests.syndication import admin_rows

pytestmark = pytest.mark.django_db

RTL_ARABIC = '<html lang="ar" dir="rtl">'
BODY = 'عُقِد الاجتماع في الأردن.\n\nوقال المتحدث إن "الوضع مستقر".'


# --------------------------------------------------------------------------- forms as a browser sends them


class FormReader(HTMLParser):
    """The fields of the page's main form with the values a browser would submit unchanged."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.fields = form_id, False, {}
        self._textarea = self._select = None
        self._option_value = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or "__prefix__" in (attrs.get("name") or ""):
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.fields[name] = attrs.get("value", "on")
            else:
                self.fields[name] = attrs.get("value") or ""
        elif tag == "textarea" and name:
            self._textarea, self.fields[name] = name, ""
        elif tag == "select" and name:
            self._select = name
            self.fields.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields[self._select] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self._textarea:
            # Browsers drop the newline that follows <textarea>.
            self.fields[self._textarea] = self.fields[self._textarea].removeprefix("\n")
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data


def form_fields(response) -> dict:
    model_name = response.context["opts"].model_name
    reader = FormReader(f"{model_name}_form")
    reader.feed(response.content.decode())
    assert reader.fields, "no form on the page"
    return reader.fields


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def found(article, q) -> bool:
    """Whether the search engine finds `article` for `q` (its search document is current)."""
    return article.pk in {hit.pk for hit in search_articles(Article.objects.all(), q)}


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


# --------------------------------------------------------------------------- every page


@pytest.fixture
def content(superuser):
    """One row of every model the admin shows, written in Arabic."""
    admin_rows.subscribe(superuser)
    article = ArticleFactory(headline="اجتماع الجنرالات في المنامة", body=BODY, published=True)
    entity = EntityFactory(name="هرتسي هاليفي", slug="هرتسي-هاليفي")
    source = SourceFactory(name="أكسيوس", slug="axios", entity=entity)
    CaptionFactory(article=article, text="صورة الاجتماع (أرشيفية)", is_archival=True)
    AttributionFactory(article=article, source=source, phrase="وفق ما ذكره")
    MentionFactory(article=article, entity=entity)
    QuoteFactory(article=article, speaker=entity, source=source, text="الوضع مستقر", paragraph=2)
    EntityAliasFactory(entity=entity, name="هاليفي")
    SourceAliasFactory(source=source, name="موقع أكسيوس")
    Group.objects.create(name="المحررون")
    Token.objects.create(user=superuser)
    superuser.first_name = "رئيس التحرير"
    superuser.save()
    collection = services.collection_create(data={"title": "ملف البحرين"}, actor=superuser)
    services.collection_item_add(collection=collection, article=article, actor=superuser)
    audit_record(action="article.publish", actor=superuser, target=article)
    admin_rows.deliver_once()
    return article


REGISTERED = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)
MODEL_IDS = [model._meta.label for model, _ in REGISTERED]


@pytest.mark.parametrize(("model", "model_admin"), REGISTERED, ids=MODEL_IDS)
def test_every_changelist_answers_in_arabic(staff_client, content, model, model_admin):
    response = staff_client.get(reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"))

    assert response.status_code == 200
    page = response.content.decode()
    assert RTL_ARABIC in page
    assert "تسجيل الخروج" in page  # "Log out"
    assert response.context["cl"].result_count == model.objects.count() >= 1


def test_the_entity_and_source_lists_count_what_names_each_row_without_joining_the_table(staff_client):
    gaza = EntityFactory(name="غزة")
    EntityFactory(name="القدس")
    EntityFactory(name="بيروت")
    EntityAliasFactory.create_batch(2, entity=gaza)
    MentionFactory.create_batch(3, entity=gaza)
    reuters = SourceFactory(name="رويترز")
    SourceFactory(name="وفا")
    AttributionFactory.create_batch(2, source=reuters)

    with CaptureQueriesContext(connection) as queries:
        entities = staff_client.get(reverse("admin:articles_entity_changelist")).context["cl"]
        sources = staff_client.get(reverse("admin:articles_source_changelist")).context["cl"]
    lists = [q["sql"] for q in queries if 'FROM "articles_entity"' in q["sql"] or 'FROM "articles_source"' in q["sql"]]
    by_count = staff_client.get(reverse("admin:articles_entity_changelist") + "?o=-6").context["cl"]

    assert [(row.name, row.alias_total, row.mention_total) for row in entities.result_list] == [
        ("القدس", 0, 0),
        ("بيروت", 0, 0),
        ("غزة", 2, 3),
    ]
    assert [(row.name, row.attribution_total) for row in sources.result_list] == [("رويترز", 2), ("وفا", 0)]
    # most mentioned first, ties by name
    assert [row.name for row in by_count.result_list] == ["غزة", "القدس", "بيروت"]
    # each list's counts are plain counts of the table, and a row's counts are sub-queries on the
    # foreign key's index, not a join grouped over the whole table
    counts = [sql for sql in lists if sql.startswith("SELECT COUNT(*)")]
    tables = ("entity", "entity", "source", "source")
    assert counts == [f'SELECT COUNT(*) AS "__count" FROM "articles_{table}"' for table in tables]
    assert [sql for sql in lists if "JOIN" in sql] == []


@pytest.mark.parametrize(("model", "model_admin"), REGISTERED, ids=MODEL_IDS)
def test_every_add_page_answers_in_arabic(staff_client, content, model, model_admin):
    response = staff_client.get(reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add"))

    if model is AuditEntry or model in admin_rows.READ_ONLY_MODELS:  # written by the software only
        assert response.status_code == 403
        return
    assert response.status_code == 200
    page = response.content.decode()
    assert RTL_ARABIC in page
    assert "حفظ" in page  # "Save"


@pytest.mark.parametrize(("model", "model_admin"), REGISTERED, ids=MODEL_IDS)
def test_every_change_page_answers_in_arabic(staff_client, content, model, model_admin):
    obj = model.objects.first()

    response = staff_client.get(change_url(obj))

    assert response.status_code == 200
    page = response.content.decode()
    assert RTL_ARABIC in page
    # The audit log is read-only: its page has a "Close" link instead of "Save".
    assert ("إغلاق" if model is AuditEntry or model in admin_rows.READ_ONLY_MODELS else "حفظ") in page


@pytest.mark.parametrize(
    "model",
    [Article, Caption, Entity, Source, Quote],
    ids=lambda model: model.__name__,
)
def test_a_change_page_shows_the_arabic_text_of_its_row(staff_client, content, model):
    obj = model.objects.first()

    response = staff_client.get(change_url(obj))

    assert str(obj) in response.content.decode()


def test_every_model_of_the_app_is_in_the_admin():
    from django.apps import apps

    shown = {model for model in admin.site._registry if model._meta.app_label == "articles"}
    # Shown inside their article or collection (inlines, the History page), not on pages of their own.
    inside = {"ArticleRevision", "Correction", "CollectionItem", "EditPresence"}
    # Set by each user from the header (language and time zone), not by an administrator.
    inside |= {"UserPreference"}
    # Suggestions are shown on their article's page.
    inside |= {"Suggestion"}
    # The importers' stable keys (which document made which article): bookkeeping, not content.
    inside |= {"ArticleImport"}
    content_models = {model for model in apps.get_app_config("articles").get_models() if model.__name__ not in inside}

    assert content_models - shown == set()


def test_the_article_change_page_has_the_parts_and_corrections_inlines(staff_client, content):
    response = staff_client.get(change_url(content))

    prefixes = [formset.formset.prefix for formset in response.context["inline_admin_formsets"]]
    assert prefixes == ["captions", "attributions", "mentions", "quotes", "corrections"]
    page = response.content.decode()
    for text in ("صورة الاجتماع (أرشيفية)", "وفق ما ذكره", "الوضع مستقر"):
        assert text in page


def test_autocomplete_finds_entities_by_normalised_name(staff_client, content):
    response = staff_client.get(
        reverse("admin:autocomplete"),
        {"term": "هاليفى", "app_label": "articles", "model_name": "quote", "field_name": "speaker"},
    )

    assert response.status_code == 200
    assert [row["text"] for row in response.json()["results"]] == ["هرتسي هاليفي"]


# --------------------------------------------------------------------------- search


@pytest.fixture
def searchable():
    from articles import services

    jordan = ArticleFactory(headline="قمة في عمّان", body="عُقِد الاجتماع في الأردن أمس.")
    cairo = ArticleFactory(headline="زيارة القاهرة", body="وصل الوفد إلى القاهرة.")
    ArticleFactory(headline="خبر آخر", body="لا علاقة له.")
    for article in Article.objects.all():
        services.article_reindex(article)
    return jordan, cairo


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("الاردن", ["قمة في عمّان"]),  # hamza
        ("الأردن", ["قمة في عمّان"]),
        ("عقد", ["قمة في عمّان"]),  # diacritics
        ("القاهره", ["زيارة القاهرة"]),  # ta marbuta
        ("عمان", ["قمة في عمّان"]),  # shadda
        ("زياره القاهره", ["زيارة القاهرة"]),
        ("بيروت", []),
    ],
)
def test_article_search_ignores_diacritics_hamza_and_ta_marbuta(staff_client, searchable, term, expected):
    response = staff_client.get(reverse("admin:articles_article_changelist"), {"q": term})

    assert [article.headline for article in response.context["cl"].result_list] == expected


@pytest.mark.parametrize(
    ("url", "term", "expected"),
    [
        ("admin:articles_entity_changelist", "سنتكوم", ["القيادة المركزية الأميركية"]),  # by alias
        ("admin:articles_entity_changelist", "الاميركيه", ["القيادة المركزية الأميركية"]),
        ("admin:articles_source_changelist", "اكسيوس", ["أكسيوس"]),
        ("admin:articles_source_changelist", "axios", ["أكسيوس"]),  # by alias, case folded
        ("admin:articles_entityalias_changelist", "سنتكوم", ["سنتكوم"]),
        ("admin:articles_mention_changelist", "سنتكوم", ["القيادة المركزية الأميركية ×1"]),
    ],
)
def test_name_search_ignores_spelling_variants_and_finds_aliases(staff_client, url, term, expected):
    centcom = EntityFactory(name="القيادة المركزية الأميركية")
    EntityAliasFactory(entity=centcom, name="سنتكوم")
    EntityFactory(name="طهران")
    SourceAliasFactory(source=SourceFactory(name="أكسيوس"), name="Axios")
    SourceFactory(name="إرنا")
    MentionFactory(entity=centcom)

    response = staff_client.get(reverse(url), {"q": term})

    assert [str(row) for row in response.context["cl"].result_list] == expected


def test_a_punctuation_only_search_finds_nothing_and_says_why(staff_client, searchable):
    response = staff_client.get(reverse("admin:articles_article_changelist"), {"q": "..."})

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == []
    assert messages_of(response) == ["لا يحتوي البحث على كلمات: أدخل حروفًا أو أرقامًا، لا علامات ترقيم فقط."]


# --------------------------------------------------------------------------- saving through services


def test_saving_an_article_bumps_its_version_and_rebuilds_its_search_text(staff_client, content):
    page = staff_client.get(change_url(content))
    data = form_fields(page)
    data["body"] = BODY + "\n\nوأضاف أن المباحثات ستستمر في القاهرة."

    response = staff_client.post(change_url(content), data)

    assert response.status_code == 302, response.context and response.context["errors"]
    content.refresh_from_db()
    assert content.version == 2
    assert found(content, '"المباحثات ستستمر في القاهرة"')
    assert len(content.paragraphs) == 3


def test_adding_a_caption_inline_is_a_new_version_and_searchable(staff_client, content):
    data = form_fields(staff_client.get(change_url(content)))
    data.update(
        {
            "captions-TOTAL_FORMS": "2",
            "captions-1-order": "2",
            "captions-1-text": "مزارع البيتكوين في كرمان",
            "captions-1-alt_text": "",
            "captions-1-article": str(content.pk),
        }
    )

    response = staff_client.post(change_url(content), data)

    assert response.status_code == 302
    content.refresh_from_db()
    assert content.captions.count() == 2
    assert content.version > 1
    assert found(content, '"مزارع البيتكوين في كرمان"')


def test_a_body_typed_in_a_browser_keeps_its_paragraphs(staff_client, content):
    # Browsers send textarea line breaks as CRLF.
    data = form_fields(staff_client.get(change_url(content)))
    data["body"] = BODY.replace("\n", "\r\n")

    response = staff_client.post(change_url(content), data)

    assert response.status_code == 302
    content.refresh_from_db()
    assert content.paragraphs == ["عُقِد الاجتماع في الأردن.", 'وقال المتحدث إن "الوضع مستقر".']
    assert content.quotes.get().paragraph == 2


def test_adding_an_article_with_inlines_in_one_save(staff_client, superuser):
    data = form_fields(staff_client.get(reverse("admin:articles_article_add")))
    speaker = EntityFactory(name="المتحدث")
    data.update(
        {
            "headline": "خبر جديد",
            "slug": "خبر-جديد",
            "body": BODY,
            "captions-TOTAL_FORMS": "1",
            "captions-0-order": "1",
            "captions-0-text": "صورة",
            "quotes-TOTAL_FORMS": "1",
            "quotes-0-text": "الوضع مستقر",
            "quotes-0-speaker": str(speaker.pk),
            "quotes-0-paragraph": "2",
            "quotes-0-order": "1",
        }
    )

    response = staff_client.post(reverse("admin:articles_article_add"), data)

    assert response.status_code == 302, response.context and response.context["errors"]
    article = Article.objects.get(slug="خبر-جديد")
    assert (article.captions.count(), article.quotes.count(), article.created_by) == (1, 1, superuser)
    assert found(article, '"الوضع مستقر"')


def test_a_new_article_with_a_quote_past_its_last_paragraph_is_a_form_error(staff_client):
    data = form_fields(staff_client.get(reverse("admin:articles_article_add")))
    data.update(
        {
            "headline": "خبر جديد",
            "slug": "خبر-جديد",
            "body": BODY,
            "quotes-TOTAL_FORMS": "1",
            "quotes-0-text": "الوضع مستقر",
            "quotes-0-speaker": str(EntityFactory().pk),
            "quotes-0-paragraph": "9",
            "quotes-0-order": "1",
        }
    )

    response = staff_client.post(reverse("admin:articles_article_add"), data)

    assert response.status_code == 200
    errors = response.context["inline_admin_formsets"][3].formset.errors
    assert errors == [{"paragraph": ["في المقالة 2 فقرات؛ لا توجد فقرة رقم 9."]}]
    assert not Article.objects.exists()


def test_a_new_article_with_misquoted_words_is_a_form_error(staff_client):
    data = form_fields(staff_client.get(reverse("admin:articles_article_add")))
    data.update(
        {
            "headline": "خبر جديد",
            "slug": "خبر-جديد",
            "body": BODY,
            "quotes-TOTAL_FORMS": "1",
            "quotes-0-text": "كلام لم يقل",
            "quotes-0-speaker": str(EntityFactory().pk),
            "quotes-0-paragraph": "2",
            "quotes-0-order": "1",
        }
    )

    response = staff_client.post(reverse("admin:articles_article_add"), data)

    assert response.status_code == 200
    errors = response.context["inline_admin_formsets"][3].formset.errors
    assert errors == [{"text": ["يجب أن يرد الكلام المقتبس حرفيًا في الفقرة 2 من المتن."]}]
    assert not Article.objects.exists()


def test_replacing_a_caption_by_a_new_one_with_its_order_in_one_save(staff_client, content):
    # Given the article's caption 1, deleted, and a new caption 1 added in the same save
    order = content.captions.get().order
    data = form_fields(staff_client.get(change_url(content)))
    data.update(
        {
            "captions-0-DELETE": "on",
            "captions-TOTAL_FORMS": "2",
            "captions-1-order": str(order),
            "captions-1-text": "الصورة الجديدة",
            "captions-1-article": str(content.pk),
        }
    )

    response = staff_client.post(change_url(content), data)

    assert response.status_code == 302, response.context and response.context["errors"]
    assert list(content.captions.values_list("order", "text")) == [(order, "الصورة الجديدة")]


def test_replacing_an_alias_by_the_same_name_in_one_save(staff_client):
    alias = EntityAliasFactory(name="سنتكوم")
    entity = alias.entity
    data = form_fields(staff_client.get(change_url(entity)))
    data.update(
        {
            "aliases-0-DELETE": "on",
            "aliases-TOTAL_FORMS": "2",
            "aliases-1-name": "سنتكوم",
            "aliases-1-language": "ar",
            "aliases-1-entity": str(entity.pk),
        }
    )

    response = staff_client.post(change_url(entity), data)

    assert response.status_code == 302, response.context and response.context["errors"]
    assert list(entity.aliases.values_list("name", flat=True)) == ["سنتكوم"]


def test_saving_an_entity_fills_its_normalised_name_and_reindexes_articles(staff_client, content):
    entity = content.mentions.get().entity
    data = form_fields(staff_client.get(change_url(entity)))
    data["name"] = "رئيس الأركان هرتسي هاليفي"

    response = staff_client.post(change_url(entity), data)

    assert response.status_code == 302
    entity.refresh_from_db()
    content.refresh_from_db()
    assert entity.name_normalized == "رئيس الاركان هرتسي هاليفي"
    assert found(content, '"رئيس الأركان"')


def test_adding_a_quote_on_its_own_page_is_a_new_version_of_its_article(staff_client, content):
    data = form_fields(staff_client.get(reverse("admin:articles_quote_add")))
    data.update(
        {
            "article": str(content.pk),
            "text": "مستقر",
            "speaker": str(EntityFactory().pk),
            "paragraph": "2",
            "order": "2",
        }
    )

    response = staff_client.post(reverse("admin:articles_quote_add"), data)

    assert response.status_code == 302
    content.refresh_from_db()
    assert (content.quotes.count(), content.version) == (2, 2)


# --------------------------------------------------------------------------- publish and retract actions
# (They go through the workflow: tests/admin/test_workflow_admin.py covers them for every role.)


def run_action(client, action, *articles):
    return client.post(
        reverse("admin:articles_article_changelist"),
        {"action": action, "_selected_action": [article.pk for article in articles], "index": "0"},
        follow=True,
    )


def test_actions_need_the_change_permission(client):
    from tests.support.users import user_with_perms

    viewer = user_with_perms("view_article", is_staff=True)
    client.force_login(viewer)
    draft = ArticleFactory()

    response = run_action(client, "publish_selected", draft)

    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.status == "draft"


# --------------------------------------------------------------------------- language


def test_the_admin_offers_a_language_switcher(staff_client):
    page = staff_client.get(reverse("admin:index")).content.decode()

    assert '<form id="language-form" action="/admin/preferences/" method="post">' in page
    assert '<option value="ar" lang="ar" dir="rtl" selected>العربيّة</option>' in page
    assert '<option value="en" lang="en" dir="ltr">English</option>' in page
    assert '<input name="next" type="hidden" value="/admin/">' in page


def test_switching_to_english_makes_the_admin_left_to_right(staff_client):
    response = staff_client.post(reverse("admin:preferences"), {"language": "en", "next": "/admin/articles/"})

    assert response.status_code == 302
    assert response["Location"] == "/admin/articles/"
    page = staff_client.get("/admin/articles/").content.decode()
    assert '<html lang="en" dir="ltr">' in page
    assert "Log out" in page
    assert '<option value="en" lang="en" dir="ltr" selected>English</option>' in page


def test_switching_back_to_arabic(staff_client):
    staff_client.post(reverse("admin:preferences"), {"language": "en", "next": "/admin/"})

    staff_client.post(reverse("admin:preferences"), {"language": "ar", "next": "/admin/"})

    assert RTL_ARABIC in staff_client.get("/admin/").content.decode()


def test_the_login_page_is_arabic_by_default(client):
    page = client.get(reverse("admin:login")).content.decode()

    assert RTL_ARABIC in page


def test_a_browser_asking_for_english_still_opens_the_newsrooms_arabic_admin(client):
    page = client.get(reverse("admin:login"), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert RTL_ARABIC in page


def test_a_language_choice_is_saved_as_the_users_preference(staff_client, superuser):
    staff_client.post(reverse("admin:preferences"), {"language": "en", "next": "/admin/"})
    staff_client.cookies.clear()
    staff_client.force_login(superuser)

    page = staff_client.get("/admin/").content.decode()

    assert '<html lang="en" dir="ltr">' in page
    assert superuser.newsroom_preference.language == "en"


def sign_in_after_choosing(client, user, language):
    """Choose `language` on the sign-in page (None: choose nothing), then sign in through the form."""
    if language:
        client.post(reverse("admin:preferences"), {"language": language, "next": "/admin/login/"})
    client.post("/admin/login/?next=/admin/", {"username": user.username, "password": "sign-in-42"})
    return client.get("/admin/").content.decode()


@pytest.fixture
def arabic_reader(db):
    """A staff user whose saved preference is Arabic."""
    user = UserFactory(username="layla", is_staff=True, is_superuser=True, password="sign-in-42")
    UserPreference.objects.create(user=user, language="ar")
    return user


def test_a_language_chosen_on_the_sign_in_page_replaces_the_saved_one(client, arabic_reader):
    page = sign_in_after_choosing(client, arabic_reader, "en")

    assert '<html lang="en" dir="ltr">' in page
    assert UserPreference.objects.get(user=arabic_reader).language == "en"


def test_a_language_cookie_from_an_earlier_visit_does_not_replace_the_saved_one(client, arabic_reader):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    page = sign_in_after_choosing(client, arabic_reader, None)

    assert RTL_ARABIC in page
    assert UserPreference.objects.get(user=arabic_reader).language == "ar"


def test_an_unknown_language_or_time_zone_changes_nothing(staff_client, superuser):
    staff_client.post(reverse("admin:preferences"), {"language": "xx", "next": "/admin/"})
    response = staff_client.post(reverse("admin:preferences"), {"time_zone": "Mars/Olympus", "next": "/admin/"})

    assert response.status_code == 302
    assert not UserPreference.objects.filter(user=superuser).exclude(language="", time_zone="").exists()
    assert RTL_ARABIC in staff_client.get("/admin/").content.decode()


def test_the_article_list_names_languages_and_says_what_its_filters_filter(staff_client, content):
    english = ArticleFactory(headline="Budget passed", body="One.", language="en-GB")
    AttributionFactory(article=english, source=SourceFactory(name="Reuters", slug="reuters"))
    url = reverse("admin:articles_article_changelist")

    page = staff_client.get(url).content.decode()
    english_only = staff_client.get(url, {"language": "en-GB"})

    assert '<td class="field-language_label">العربية</td>' in page
    assert '<td class="field-language_label">الإنجليزية (en-GB)</td>' in page
    assert "نوع الكيان المذكور" in page
    assert "المصدر المنسوب إليه" in page
    assert [row.headline for row in english_only.context["cl"].result_list] == ["Budget passed"]
