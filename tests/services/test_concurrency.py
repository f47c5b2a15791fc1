"""No lost updates: concurrent writers with If-Match, and a history that holds every accepted write.

Each writer appends its own token paragraph to the body, so a lost update would show as a token
missing from the final body; and each accepted write (200) must be exactly one revision, with
versions 1, 2, 3, … without gaps.
"""

import threading

import pytest
from django.db import connection
from rest_framework.test import APIClient

from articles import services
from articles.history import revisions
from articles.models import Article, ArticleRevision, paragraphs
from tests.support.users import user_with_perms

WRITERS = 8
WRITES_PER_WRITER = 5
MAX_ATTEMPTS = 500  # per write; far above what contention needs, so a livelock fails instead of hanging


def article_url(article):
    return f"/api/v1/articles/{article.uuid}/"


def append_with_retry(client, article, token, *, before_first_patch=None):
    """GET, append `token`, PATCH with If-Match; on 412 start again from the fresh article.

    Returns (version of the accepted write, number of 412 answers).
    """
    for stale in range(MAX_ATTEMPTS):  # each pass after the first follows a 412
        current = client.get(article_url(article))
        assert current.status_code == 200, current.content
        if before_first_patch is not None:
            before_first_patch()
            before_first_patch = None
        response = client.patch(
            article_url(article),
            {"body": current.json()["body"] + "\n\n" + token},
            format="json",
            HTTP_IF_MATCH=current["ETag"],
        )
        if response.status_code == 200:
            return response.json()["version"], stale
        assert response.status_code == 412, response.content
        assert response.json()["current_version"] > int(current["ETag"].strip('"'))
    raise AssertionError(f"{token} was refused {MAX_ATTEMPTS} times")


def assert_history_holds_every_accepted_write(article, accepted):
    """accepted: {token: (version, username)} for every 200 answer."""
    article.refresh_from_db()
    history = list(ArticleRevision.objects.filter(article=article).select_related("revision__user").order_by("version"))
    # One revision per accepted write (plus the creation), versions without gaps.
    assert [meta.version for meta in history] == list(range(1, len(accepted) + 2))
    assert article.version == len(accepted) + 1
    # Nothing was silently lost: every accepted token is in the final body, once.
    final = paragraphs(article.body)
    assert sorted(final[1:]) == sorted(accepted)
    # Every accepted write is the revision at its version: by its writer, adding its token.
    by_version = {meta.version: meta for meta in history}
    for token, (version, username) in accepted.items():
        meta = by_version[version]
        after = paragraphs(revisions.snapshot_of_revision(meta.revision).article["body"])
        before = paragraphs(revisions.snapshot_of_revision(by_version[version - 1].revision).article["body"])
        assert (after[-1], token in before) == (token, False)
        assert meta.revision.user.get_username() == username
        assert meta.revision.comment == '[{"changed": {"fields": ["body"]}}]'


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_lose_no_update_and_every_write_is_in_the_history():
    # Given one article and eight writers, each with their own user, client and database connection,
    users = [
        user_with_perms("add_article", "view_article", "change_article", "change_any_article", username=f"writer{n}")
        for n in range(WRITERS)
    ]
    article = services.article_create(data={"headline": "خبر يتنازعه الكتاب", "body": "البداية."}, actor=users[0])
    accepted, stale_answers, failures = {}, [], []
    lock = threading.Lock()
    # All writers read version 1 before any of them writes, so 7 of the 8 first writes must be refused.
    first_round = threading.Barrier(WRITERS)

    def writer(number):
        try:
            client = APIClient()
            client.force_authenticate(users[number])
            for index in range(WRITES_PER_WRITER):
                token = f"فقرة الكاتب {number} رقم {index}"
                version, stale = append_with_retry(
                    client, article, token, before_first_patch=first_round.wait if index == 0 else None
                )
                with lock:
                    accepted[token] = (version, f"writer{number}")
                    stale_answers.append(stale)
        except BaseException as error:  # reported by the main thread
            failures.append(error)
            first_round.abort()
        finally:
            connection.close()

    # When they all append paragraphs at once, retrying on 412 with the fresh ETag,
    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # then every write was eventually accepted, the first round conflicted as it had to,
    assert failures == []
    assert len(accepted) == WRITERS * WRITES_PER_WRITER
    assert sorted(version for version, _user in accepted.values()) == list(range(2, len(accepted) + 2))
    assert sum(stale_answers) >= WRITERS - 1
    # and the history holds every accepted write while the body lost none.
    assert_history_holds_every_accepted_write(article, accepted)


@pytest.mark.django_db
def test_interleaved_writers_lose_no_update_and_every_write_is_in_the_history():
    """The same logic, single-threaded: two editors read the same version, then both write."""
    alice = user_with_perms("add_article", "view_article", "change_article", "change_any_article", username="alice")
    bob = user_with_perms("view_article", "change_article", "change_any_article", username="bob")
    article = services.article_create(data={"headline": "خبر", "body": "البداية."}, actor=alice)
    clients = {}
    for user in (alice, bob):
        clients[user.username] = APIClient()
        clients[user.username].force_authenticate(user)
    accepted = {}

    # Both read version 1; alice writes first and wins; bob's write on version 1 is refused (412),
    seen_by_bob = clients["bob"].get(article_url(article))
    version, stale = append_with_retry(clients["alice"], article, "فقرة أليس")
    accepted["فقرة أليس"] = (version, "alice")
    refused = clients["bob"].patch(
        article_url(article),
        {"body": seen_by_bob.json()["body"] + "\n\nفقرة بوب"},
        format="json",
        HTTP_IF_MATCH=seen_by_bob["ETag"],
    )
    assert (stale, refused.status_code, refused.json()["current_version"]) == (0, 412, 2)
    # so bob starts again from version 2, and both keep writing in turn.
    for round_number in range(3):
        for name in ("bob", "alice"):
            token = f"فقرة {name} {round_number}"
            version, _stale = append_with_retry(clients[name], article, token)
            accepted[token] = (version, name)
    bob_again = "فقرة بوب"
    accepted[bob_again] = (append_with_retry(clients["bob"], article, bob_again)[0], "bob")

    assert Article.objects.get(pk=article.pk).version == 9
    assert_history_holds_every_accepted_write(article, accepted)
