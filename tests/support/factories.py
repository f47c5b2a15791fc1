"""factory_boy factories: valid rows by default, so a test states only what it is about."""

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from articles.models import (
    Article,
    Attribution,
    Caption,
    Entity,
    EntityAlias,
    Mention,
    Quote,
    Source,
    SourceAlias,
)
from articles.text import normalize


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    password = factory.django.Password("correct horse battery staple")


class EntityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Entity

    name = factory.Sequence(lambda n: f"كيان {n}")
    name_en = factory.Sequence(lambda n: f"Entity {n}")
    name_normalized = factory.LazyAttribute(lambda entity: normalize(entity.name))
    slug = factory.Sequence(lambda n: f"entity-{n}")
    kind = Entity.Kind.PERSON


class EntityAliasFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EntityAlias

    entity = factory.SubFactory(EntityFactory)
    name = factory.Sequence(lambda n: f"اسم آخر {n}")
    name_normalized = factory.LazyAttribute(lambda alias: normalize(alias.name))


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    name = factory.Sequence(lambda n: f"مصدر {n}")
    name_en = factory.Sequence(lambda n: f"Source {n}")
    name_normalized = factory.LazyAttribute(lambda source: normalize(source.name))
    slug = factory.Sequence(lambda n: f"source-{n}")
    kind = Source.Kind.NEWS_AGENCY


class SourceAliasFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SourceAlias

    source = factory.SubFactory(SourceFactory)
    name = factory.Sequence(lambda n: f"Alias {n}")
    name_normalized = factory.LazyAttribute(lambda alias: normalize(alias.name))


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    headline = factory.Sequence(lambda n: f"عنوان الخبر رقم {n}")
    slug = factory.Sequence(lambda n: f"article-{n}")
    body = 'الفقرة الأولى من الخبر.\n\nوقال المتحدث إن "الوضع مستقر".'
    status = Article.Status.DRAFT

    class Params:
        published = factory.Trait(
            status=Article.Status.PUBLISHED,
            published_at=factory.LazyFunction(lambda: timezone.now() - timezone.timedelta(hours=1)),
        )


class CaptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Caption

    article = factory.SubFactory(ArticleFactory)
    text = "صورة من الحدث"
    alt_text = "صورة من الحدث"
    order = factory.Sequence(lambda n: n + 1)


class AttributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attribution

    article = factory.SubFactory(ArticleFactory)
    source = factory.SubFactory(SourceFactory)
    phrase = "وفق ما ذكره"
    paragraph = 1


class MentionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mention

    article = factory.SubFactory(ArticleFactory)
    entity = factory.SubFactory(EntityFactory)
    count = 1


class QuoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quote

    article = factory.SubFactory(ArticleFactory)
    text = "الوضع مستقر"
    speaker = factory.SubFactory(EntityFactory)
    paragraph = 2
    order = factory.Sequence(lambda n: n + 1)
