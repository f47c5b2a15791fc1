"""Look-alike identifiers (issue 17, class 5): a slug is stored in its NFKC form and is unique under
the project's one normalisation (articles/text: case, Arabic letter variants, digits), so that
`AXIOS`, full-width `ａｘｉｏｓ`, Persian and Arabic yeh or Arabic-Indic and Latin digits do not make
a second object beside the first; the 400 names the object the slug collides with."""

import pytest
from django.db import IntegrityError, transaction

from articles.models import Article, Collection, Entity, Source
from tests.support.api import API, client_for
from tests.support.factories import ArticleFactory, EntityFactory, SourceFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def chief():
    return client_for(UserFactory(is_staff=True, is_superuser=True))


def collision(existing: str, model: str, name: str) -> dict:
    return {"slug": [f"This slug is the same as “{existing}”, the slug of the {model} “{name}”: choose another."]}


@pytest.mark.parametrize("slug", ["AXIOS", "ａｘｉｏｓ", "Axios", "ＡＸＩＯＳ"])
def test_a_source_slug_that_looks_like_another_is_a_400_naming_it(chief, slug):
    SourceFactory(slug="axios", name="أكسيوس")

    response = chief.post(f"{API}/sources/", {"name": "أكسيوس 2", "kind": "website", "slug": slug}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == collision("axios", "source", "أكسيوس")
    assert Source.objects.count() == 1


@pytest.mark.parametrize(
    ("existing", "slug"),
    [
        ("علي-خامنئي", "علی-خامنئی"),  # Arabic yeh / Persian yeh
        ("كريم", "کریم"),  # Arabic kaf / keheh
        ("قمة-2024", "قمة-٢٠٢٤"),  # Latin / Arabic-Indic digits
        ("قمة-2025", "قمة-۲۰۲۵"),  # Latin / Persian digits
        ("ﻻجئ", "لاجئ"),  # a presentation-form ligature (NFKC)
    ],
)
def test_an_entity_slug_differing_only_by_arabic_letter_variants_or_digits_is_a_400(chief, existing, slug):
    EntityFactory(slug=existing, name="اسم")

    response = chief.post(f"{API}/entities/", {"name": "اسم آخر", "kind": "person", "slug": slug}, format="json")

    assert response.status_code == 400
    stored = Entity.objects.get().slug
    assert response.json()["errors"] == collision(stored, "entity", "اسم")


def test_an_article_and_a_collection_slug_are_unique_regardless_of_case(chief):
    ArticleFactory(slug="iran-talks", headline="محادثات")
    Collection.objects.create(title="ملف", slug="gaza")

    article = chief.post(f"{API}/articles/", {"headline": "x", "body": "y", "slug": "Iran-Talks"}, format="json")
    collection = chief.post(f"{API}/collections/", {"title": "ملف 2", "slug": "GAZA"}, format="json")

    assert (article.status_code, collection.status_code) == (400, 400)
    assert article.json()["errors"] == collision("iran-talks", "article", "محادثات")
    assert collection.json()["errors"] == collision("gaza", "collection", "ملف")


def test_a_full_width_slug_is_stored_in_its_nfkc_form(chief):
    response = chief.post(f"{API}/sources/", {"name": "أكسيوس", "kind": "website", "slug": "ａｘｉｏｓ"}, format="json")

    assert response.status_code == 201
    assert response.json()["slug"] == "axios"
    assert Source.objects.get().slug_key == "axios"


def test_a_slug_made_from_a_name_steps_around_look_alikes(chief):
    SourceFactory(slug="axios")

    response = chief.post(f"{API}/sources/", {"name": "AXIOS", "kind": "website"}, format="json")

    assert response.status_code == 201
    assert response.json()["slug"] == "axios-2"


def test_renaming_an_object_to_its_own_slug_in_another_case_is_allowed(chief):
    SourceFactory(slug="axios")

    response = chief.patch(f"{API}/sources/axios/", {"slug": "Axios"}, format="json")

    assert response.status_code == 200
    assert response.json()["slug"] == "Axios"


def test_the_database_refuses_a_look_alike_slug_written_without_validation():
    ArticleFactory(slug="iran-talks")

    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(slug="IRAN-TALKS")

    assert Article.objects.count() == 1
