"""Every write endpoint of the API, for every role, against the policy table (articles.policies.WRITE_RULES).

Each case names an endpoint (URL name and method), the write operation it is, and how to build its
target and body. For every role the case runs on fresh rows, and the answer must be what the table
and the roles (articles/roles.py) say: allowed → the endpoint's success status, refused → 403
(401 for anonymous clients) with nothing changed. The expectation is computed here from the roles'
permissions and the edit rule written out again, independently of articles.policies.

`test_every_write_endpoint_has_a_policy_case` fails for an API write endpoint no case covers: a new
endpoint cannot forget its permission rule.
"""

import itertools
import json
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from articles import policies, roles, services
from articles.models import (
    Article,
    Attribution,
    Caption,
    Entity,
    Mention,
    Quote,
    Source,
    Suggestion,
    WebhookDelivery,
    WebhookSubscription,
)
from articles.policies import SYSTEM
from tests.support.content import write_article
from tests.support.factories import ArticleFactory, EntityFactory, SourceFactory, UserFactory
from tests.support.users import role_users

pytestmark = pytest.mark.django_db

S = Article.Status
BODY = "الفقرة الأولى.\n\nوقال المتحدث إن الوضع مستقر."
ROLES = ("anonymous", "outsider", "reporter", "editor", "chief")


# --------------------------------------------------------------------------- the expectation


def role_permissions(role: str) -> set[str]:
    """The permissions a role holds, from the roles table (articles/roles.py) and the database."""
    if role in ("anonymous", "outsider"):
        return set()
    wanted = roles.ROLES[{"reporter": roles.REPORTER, "editor": roles.EDITOR, "chief": roles.CHIEF_EDITOR}[role]]
    every = {
        f"articles.{codename}"
        for codename in Permission.objects.filter(content_type__app_label="articles").values_list("codename", flat=True)
    }
    granted = every if "articles.*" in wanted else wanted & every
    return granted - roles.NOT_GRANTED


def expected_allowed(role: str, case: "Case", article: Article | None) -> bool:
    permissions, rule = policies.WRITE_RULES[case.operation]
    needed = {permission.format(**case.names) for permission in permissions}
    held = role_permissions(role)
    if not needed <= held:
        return False
    if rule is None:
        return True
    any_article = "articles.change_any_article" in held
    owns = role == "reporter" and case.owner == "reporter"
    if rule == "edit":
        return any_article or (owns and article.status in (S.DRAFT, S.IN_REVIEW))
    return any_article or owns  # the ownership rule of transitions


# --------------------------------------------------------------------------- the cases


@dataclass
class Case:
    id: str
    url_name: str
    method: str
    operation: str
    success: int
    #: Builds the target rows; returns (url kwargs, request body, the article concerned or None).
    build: object
    names: dict = field(default_factory=dict)
    #: Who created the article the write concerns: "reporter" or "editor".
    owner: str = "reporter"
    #: The article's status before the write.
    status: str = S.DRAFT
    if_match: bool = False
    #: Sent as a raw body of this type instead of JSON (the importers).
    content_type: str | None = None


def make_article(ctx, status=None):
    """The case's article, made directly by the factory (fast; the policy does not care how it came
    to be): created by the case's owner, in the case's status."""
    case = ctx["case"]
    status = status or case.status
    timed = status in Article.TIMED_STATUSES
    when = timezone.now() + (timedelta(hours=1) if status == S.SCHEDULED else -timedelta(hours=1))
    return ArticleFactory(
        created_by=ctx["users"][case.owner], body=BODY, status=status, published_at=when if timed else None
    )


def article_detail(ctx, body=None):
    article = make_article(ctx)
    return {"uuid": article.uuid}, body if body is not None else {"headline": "عنوان معدل"}, article


def article_put(ctx):
    return article_detail(ctx, {"headline": "عنوان معدل", "body": BODY})


def article_delete(ctx):
    article = make_article(ctx)
    return {"uuid": article.uuid}, None, article


def article_create(ctx):
    return {}, {"headline": "خبر جديد", "body": BODY}, None


def transition(name, **data):
    def build(ctx):
        article = make_article(ctx)
        return {"uuid": article.uuid}, {"transition": name, **data}, article

    return build


def revert(ctx):
    case = ctx["case"]
    article = write_article(actor=ctx["users"][case.owner], headline="خبر للاختبار", body=BODY, status=case.status)
    services.article_update(actor=SYSTEM, article=article, data={"headline": "عنوان ثان"})
    first = article.revisions.order_by("version").first()
    return {"article_uuid": article.uuid, "revision_id": first.pk}, None, article


PARTS = {
    "caption": lambda article: {"text": "صورة", "order": 1},
    "attribution": lambda article: {"source": SourceFactory().slug, "phrase": "وفق ما ذكره", "paragraph": 1},
    "mention": lambda article: {"entity": EntityFactory().slug, "count": 1},
    "quote": lambda article: {"text": "الوضع مستقر", "speaker": EntityFactory().slug, "paragraph": 2},
}


def part_create(kind):
    def build(ctx):
        article = make_article(ctx)
        return {}, {"article": str(article.uuid), **PARTS[kind](article)}, article

    return build


def make_part(kind, article):
    made = {
        "caption": lambda: Caption(article=article, text="صورة", order=1),
        "attribution": lambda: Attribution(article=article, source=SourceFactory(), paragraph=1),
        "mention": lambda: Mention(article=article, entity=EntityFactory()),
        "quote": lambda: Quote(article=article, text="الوضع مستقر", speaker=EntityFactory(), paragraph=2),
    }[kind]()
    return services.article_part_save(actor=SYSTEM, part=made)


#: A one-field change of each kind of part (PATCH).
PART_CHANGES = {
    "caption": {"text": "صورة أخرى"},
    "attribution": {"phrase": "بحسب"},
    "mention": {"count": 2},
    "quote": {"order": 2},
}


def part_detail(kind, verb):
    def build(ctx):
        article = make_article(ctx)
        part = make_part(kind, article)
        body = {"patch": PART_CHANGES[kind], "put": {"article": str(article.uuid), **PARTS[kind](article)}}
        return {"pk": part.pk}, body.get(verb), article

    return build


def named_create(model):
    def build(ctx):
        kind = "person" if model is Entity else "news_agency"
        return {}, {"name": "اسم جديد", "name_en": "A new name", "kind": kind}, None

    return build


def named_detail(factory, body):
    def build(ctx):
        row = factory()
        full = {"name": "اسم آخر", "kind": row.kind}
        return {"slug": row.slug}, full if body == "full" else body, None

    return build


def merge(ctx):
    duplicate, survivor = EntityFactory(), EntityFactory()
    return {"slug": duplicate.slug}, {"into": survivor.slug}, None


def collection(ctx):
    return services.collection_create(actor=SYSTEM, data={"title": "ملف"})


def collection_detail(body):
    def build(ctx):
        return {"slug": collection(ctx).slug}, body, None

    return build


def collection_item_add(ctx):
    article = ArticleFactory(published=True)
    return {"slug": collection(ctx).slug}, {"article": str(article.uuid)}, None


def collection_item(body):
    def build(ctx):
        article = ArticleFactory(published=True)
        found = collection(ctx)
        services.collection_item_add(actor=SYSTEM, collection=found, article=article)
        return {"slug": found.slug, "article_uuid": article.uuid}, body, None

    return build


def webhook(ctx):
    return services.webhook_save(
        actor=SYSTEM, subscription=WebhookSubscription(), data={"name": "شريك", "url": "https://partner.example/hook"}
    )


def webhook_detail(body):
    def build(ctx):
        return {"pk": webhook(ctx).pk}, body, None

    return build


def webhook_redeliver(ctx):
    subscription = webhook(ctx)
    delivery = WebhookDelivery.objects.create(
        subscription=subscription,
        event_id=1,
        event_type="article.published",
        payload="{}",
        state=WebhookDelivery.State.DEAD,
    )
    return {"pk": subscription.pk, "delivery_id": delivery.pk}, None, None


def suggestion(kind, fields):
    """A pending suggestion of `kind` on the case's article (made directly: the policy does not
    care how the analysis found it)."""

    def build(ctx):
        article = make_article(ctx)
        row = Suggestion.objects.create(
            article=article, kind=kind, start=0, end=5, paragraph=2, key=f"{kind}:x", **fields(ctx)
        )
        return {"pk": row.pk}, {}, article

    return build


#: Makes each imported body new (an import of the same text again is "unchanged": 200, not 201).
FRESH = itertools.count()

CASES = [
    Case("article create", "api:article-list", "post", "article.create", 201, article_create),
    *(
        Case(
            f"article {verb} ({owner}'s {status})",
            "api:article-detail",
            verb,
            "article.update",
            200,
            build,
            owner=owner,
            status=status,
            if_match=True,
        )
        for verb, build in (("patch", article_detail), ("put", article_put))
        for owner, status in (("reporter", S.DRAFT), ("reporter", S.PUBLISHED), ("editor", S.DRAFT))
    ),
    *(
        Case(
            f"article delete ({owner}'s {status})",
            "api:article-detail",
            "delete",
            "article.delete",
            204,
            article_delete,
            owner=owner,
            status=status,
        )
        for owner, status in (("reporter", S.DRAFT), ("reporter", S.PUBLISHED), ("editor", S.DRAFT))
    ),
    *(
        Case(
            f"article revert ({owner}'s {status})",
            "api:article-revision-revert",
            "post",
            "article.revert",
            200,
            revert,
            owner=owner,
            status=status,
            if_match=True,
        )
        for owner, status in (("reporter", S.DRAFT), ("reporter", S.PUBLISHED), ("editor", S.PUBLISHED))
    ),
    Case(
        "submit own draft",
        "api:article-transitions",
        "post",
        "article.transition",
        200,
        transition("submit"),
        names={"transition": "articles.submit_article"},
        if_match=True,
    ),
    Case(
        "submit another's draft",
        "api:article-transitions",
        "post",
        "article.transition",
        200,
        transition("submit"),
        names={"transition": "articles.submit_article"},
        owner="editor",
        if_match=True,
    ),
    Case(
        "publish own article in review",
        "api:article-transitions",
        "post",
        "article.transition",
        200,
        transition("publish"),
        names={"transition": "articles.publish_article"},
        status=S.IN_REVIEW,
        if_match=True,
    ),
    Case(
        "retract a published article",
        "api:article-transitions",
        "post",
        "article.transition",
        200,
        transition("retract", note="سُحب الخبر."),
        names={"transition": "articles.retract_article"},
        status=S.PUBLISHED,
        owner="editor",
        if_match=True,
    ),
    Case(
        "restore a retracted article",
        "api:article-transitions",
        "post",
        "article.transition",
        200,
        transition("restore"),
        names={"transition": "articles.restore_article"},
        status=S.RETRACTED,
        owner="editor",
        if_match=True,
    ),
    *(
        Case(
            f"{kind} create ({owner}'s {status})",
            f"api:{kind}-list",
            "post",
            "part.create",
            201,
            part_create(kind),
            names={"part": kind},
            owner=owner,
            status=status,
        )
        for kind in PARTS
        for owner, status in (("reporter", S.DRAFT), ("reporter", S.PUBLISHED), ("editor", S.DRAFT))
    ),
    *(
        Case(
            f"{kind} {verb} ({owner}'s {status})",
            f"api:{kind}-detail",
            verb,
            operation,
            success,
            part_detail(kind, verb),
            names={"part": kind},
            owner=owner,
            status=status,
        )
        for kind in PARTS
        for verb, operation, success in (
            ("patch", "part.update", 200),
            ("put", "part.update", 200),
            ("delete", "part.delete", 204),
        )
        #: Every owner and state for captions; for the other parts, the case a reporter is refused.
        for owner, status in (
            (("reporter", S.DRAFT), ("reporter", S.PUBLISHED), ("editor", S.DRAFT))
            if kind == "caption"
            else (("reporter", S.PUBLISHED),)
        )
    ),
    *(
        Case(
            f"{model._meta.model_name} create",
            f"api:{model._meta.model_name}-list",
            "post",
            f"{model._meta.model_name}.create",
            201,
            named_create(model),
        )
        for model in (Entity, Source)
    ),
    *(
        Case(f"{name} {verb}", f"api:{name}-detail", verb, f"{name}.{operation}", success, named_detail(factory, body))
        for name, factory in (("entity", EntityFactory), ("source", SourceFactory))
        for verb, operation, success, body in (
            ("patch", "update", 200, {"name_en": "Renamed"}),
            ("put", "update", 200, "full"),
            ("delete", "delete", 204, None),
        )
    ),
    Case("entity merge", "api:entity-merge", "post", "entity.merge", 200, merge),
    Case(
        "collection create",
        "api:collection-list",
        "post",
        "collection.create",
        201,
        lambda ctx: ({}, {"title": "ملف جديد"}, None),
    ),
    Case(
        "collection patch",
        "api:collection-detail",
        "patch",
        "collection.update",
        200,
        collection_detail({"title": "عنوان آخر"}),
    ),
    Case(
        "collection put",
        "api:collection-detail",
        "put",
        "collection.update",
        200,
        collection_detail({"title": "عنوان آخر"}),
    ),
    Case("collection delete", "api:collection-detail", "delete", "collection.delete", 204, collection_detail(None)),
    Case("collection item add", "api:collection-add-item", "post", "collection.items", 201, collection_item_add),
    Case(
        "collection item patch",
        "api:collection-item",
        "patch",
        "collection.items",
        200,
        collection_item({"pinned": True}),
    ),
    Case("collection item delete", "api:collection-item", "delete", "collection.items", 204, collection_item(None)),
    Case(
        "webhook create",
        "api:webhook-list",
        "post",
        "webhook.create",
        201,
        lambda ctx: ({}, {"name": "شريك", "url": "https://partner.example/hook"}, None),
    ),
    Case("webhook patch", "api:webhook-detail", "patch", "webhook.update", 200, webhook_detail({"active": False})),
    Case(
        "webhook put",
        "api:webhook-detail",
        "put",
        "webhook.update",
        200,
        webhook_detail({"name": "شريك آخر", "url": "https://partner.example/other"}),
    ),
    Case("webhook delete", "api:webhook-detail", "delete", "webhook.delete", 204, webhook_detail(None)),
    Case("webhook redeliver", "api:webhook-redeliver", "post", "webhook.update", 200, webhook_redeliver),
    *(
        Case(
            f"suggestion {verb} ({owner}'s {status})",
            f"api:suggestion-{verb}",
            "post",
            f"suggestion.{verb}",
            200,
            suggestion("mention", lambda ctx: {"text": "كيان", "entity": EntityFactory()}),
            names={"part": "mention"},
            owner=owner,
            status=status,
        )
        for verb in ("confirm", "reject")
        for owner, status in (("reporter", S.DRAFT), ("reporter", S.PUBLISHED), ("editor", S.DRAFT))
    ),
    Case(
        "suggestion create a speaker",
        "api:suggestion-create-name",
        "post",
        "suggestion.create_name",
        201,
        suggestion("quote", lambda ctx: {"text": "الوضع مستقر", "name": "المتحدث"}),
        names={"model": "entity", "part": "quote"},
    ),
    Case(
        "import text",
        "api:import-text",
        "post",
        "import.create",
        201,
        lambda ctx: ({}, f"الفقرة الأولى {next(FRESH)}.\n\nالفقرة الثانية.".encode(), None),
        content_type="text/plain; charset=utf-8",
    ),
    Case(
        "import ninjs",
        "api:import-ninjs",
        "post",
        "import.create",
        201,
        lambda ctx: (
            {},
            json.dumps({"uri": f"urn:{next(FRESH)}", "headlines": [{"value": "خبر"}], "bodies": [{"value": "نص."}]}),
            None,
        ),
        content_type="application/json",
    ),
]


# --------------------------------------------------------------------------- the tests


def refusal(role: str, case: Case, article: Article | None) -> int:
    """How a refused write is answered: 401 to anonymous clients; 404 (410 when retracted) where the
    endpoint looks the article up among those the client may see (transitions) and it may not see
    it; else 403."""
    if role == "anonymous":
        return 401
    hidden = article is not None and article.status not in Article.PUBLIC_STATUSES
    if case.url_name == "api:article-transitions" and hidden and "articles.view_article" not in role_permissions(role):
        return 410 if article.status == S.RETRACTED else 404  # a retracted article's URL answers Gone
    return 403


def answer(case: Case, role: str, users: dict):
    """Run `case` as `role` on fresh rows: (status, the article's version before, after)."""
    from rest_framework.test import APIClient

    kwargs, body, article = case.build({"case": case, "users": users})
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    if role != "anonymous":
        client.force_authenticate(users[role])
    before = Article.objects.get(pk=article.pk).version if article is not None else None
    headers = {"HTTP_IF_MATCH": f'"{before}"'} if case.if_match else {}
    url = reverse(case.url_name, kwargs=kwargs)
    if case.content_type:
        response = getattr(client, case.method)(url, body, content_type=case.content_type, **headers)
    else:
        response = getattr(client, case.method)(url, body, format="json", **headers)
    after = Article.objects.filter(pk=article.pk).values_list("version", flat=True).first() if article else None
    return response, article, before, after


@pytest.fixture
def users():
    found = role_users()
    found["outsider"] = UserFactory(username="outsider")
    return found


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_each_role_may_make_exactly_the_writes_the_policy_table_allows(case, users):
    expected, got = {}, {}
    for role in ROLES:
        response, article, before, after = answer(case, role, users)
        allowed = expected_allowed(role, case, article)
        expected[role] = case.success if allowed else refusal(role, case, article)
        got[role] = response.status_code
        if not allowed and article is not None:
            assert after == before, f"{role}: a refused write changed the article"
    assert got == expected


def test_a_reporter_cannot_revert_someone_elses_published_article(users):
    # Given an editor's published article with an earlier revision
    article = write_article(actor=users["editor"], headline="العنوان الأول", body=BODY, status=S.PUBLISHED)
    services.article_update(actor=users["editor"], article=article, data={"headline": "العنوان المصحح"})
    first = article.revisions.order_by("version").first()
    from rest_framework.test import APIClient

    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(users["reporter"])

    # When a reporter asks for the revert
    url = reverse("api:article-revision-revert", kwargs={"article_uuid": article.uuid, "revision_id": first.pk})
    response = client.post(url, HTTP_IF_MATCH=f'"{article.version}"')

    # Then it is refused and readers still see the corrected headline
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert Article.objects.get(pk=article.pk).headline == "العنوان المصحح"


def _write_routes(resolver=None, prefix="") -> set[tuple[str, str]]:
    """(URL name, method) of every route of the API that accepts a write method."""
    resolver = resolver or get_resolver()
    found = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            found |= _write_routes(pattern, namespace)
        elif isinstance(pattern, URLPattern) and prefix.startswith("api:") and pattern.name:
            actions = getattr(pattern.callback, "actions", None) or {}
            for method in actions:
                if method in ("post", "put", "patch", "delete"):
                    found.add((f"{prefix}{pattern.name}", method))
    return found


#: API writes that are not content writes.
NOT_CONTENT_WRITES: set[tuple[str, str]] = set()


def test_every_write_endpoint_has_a_policy_case():
    covered = {(case.url_name, case.method) for case in CASES}
    assert _write_routes() - NOT_CONTENT_WRITES - covered == set()


def test_every_write_operation_of_the_policy_table_is_exercised():
    assert {case.operation for case in CASES} == set(policies.WRITE_RULES) - {
        "entityalias.create",
        "entityalias.update",
        "entityalias.delete",
        "sourcealias.create",
        "sourcealias.update",
        "sourcealias.delete",
    }  # aliases have no API endpoint: the admin tests cover them (tests/admin/test_write_policy_admin.py)
