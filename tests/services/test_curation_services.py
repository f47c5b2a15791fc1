"""Collections: the service layer keeps positions dense, unique and in reading order."""

import pytest

from articles import errors, services
from articles.api.errors import status_of
from articles.errors import ServiceError
from articles.models import Collection, CollectionItem
from articles.policies import SYSTEM
from articles.services import Slot
from tests.support.factories import ArticleFactory
from tests.support.users import user_with_perms

pytestmark = pytest.mark.django_db


def stored(collection):
    """(headline, position, pinned) of every item, by position."""
    return [
        (item.article.headline, item.position, item.pinned)
        for item in CollectionItem.objects.filter(collection=collection).select_related("article").order_by("position")
    ]


def make_collection(*headlines, **data):
    articles = [ArticleFactory(headline=headline) for headline in headlines]
    collection = services.collection_create(
        actor=SYSTEM,
        data={"title": data.pop("title", "الصفحة الرئيسية"), **data},
        items=[Slot(article) for article in articles],
    )
    return collection, articles


def test_create_gives_a_unicode_slug_and_records_the_creator():
    user = user_with_perms("add_collection")

    collection = services.collection_create(data={"title": "ملف إيران"}, actor=user)

    assert collection.slug == "ملف-إيران"
    assert collection.created_by == user


def test_create_with_items_numbers_them_from_one():
    collection, _articles = make_collection("أ", "ب", "ج")

    assert stored(collection) == [("أ", 1, False), ("ب", 2, False), ("ج", 3, False)]


def test_add_without_position_appends_at_the_end():
    collection, _articles = make_collection("أ", "ب")

    services.collection_item_add(actor=SYSTEM, collection=collection, article=ArticleFactory(headline="ج"))

    assert stored(collection) == [("أ", 1, False), ("ب", 2, False), ("ج", 3, False)]


def test_add_at_a_position_shifts_the_rest_down():
    collection, _articles = make_collection("أ", "ب", "ج")

    item = services.collection_item_add(
        actor=SYSTEM, collection=collection, article=ArticleFactory(headline="د"), position=2
    )

    assert item.position == 2
    assert stored(collection) == [("أ", 1, False), ("د", 2, False), ("ب", 3, False), ("ج", 4, False)]


def test_add_beyond_the_end_is_clamped_to_the_end():
    collection, _articles = make_collection("أ")

    item = services.collection_item_add(
        actor=SYSTEM, collection=collection, article=ArticleFactory(headline="ب"), position=99
    )

    assert item.position == 2


def test_adding_an_article_twice_is_refused_with_409():
    collection, articles = make_collection("أ")

    with pytest.raises(errors.ArticleAlreadyInCollectionError) as error:
        services.collection_item_add(actor=SYSTEM, collection=collection, article=articles[0])

    assert status_of(error.value) == 409
    assert stored(collection) == [("أ", 1, False)]


def test_position_zero_is_refused():
    collection, _articles = make_collection("أ")

    with pytest.raises(ServiceError) as error:
        services.collection_item_add(actor=SYSTEM, collection=collection, article=ArticleFactory(), position=0)

    assert error.value.code == "invalid_position"
    assert CollectionItem.objects.filter(collection=collection).count() == 1


def test_moving_down_and_up_keeps_positions_dense_and_unique():
    collection, articles = make_collection("أ", "ب", "ج", "د")

    services.collection_item_update(actor=SYSTEM, collection=collection, article=articles[0], position=3)
    assert stored(collection) == [("ب", 1, False), ("ج", 2, False), ("أ", 3, False), ("د", 4, False)]

    services.collection_item_update(actor=SYSTEM, collection=collection, article=articles[3], position=1)
    assert stored(collection) == [("د", 1, False), ("ب", 2, False), ("ج", 3, False), ("أ", 4, False)]


def test_removing_closes_the_gap():
    collection, articles = make_collection("أ", "ب", "ج")

    services.collection_item_remove(actor=SYSTEM, collection=collection, article=articles[1])

    assert stored(collection) == [("أ", 1, False), ("ج", 2, False)]
    assert articles[1].__class__.objects.filter(pk=articles[1].pk).exists()


def test_removing_an_article_not_in_the_collection_is_404():
    collection, _articles = make_collection("أ")

    with pytest.raises(errors.ArticleNotInCollectionError) as error:
        services.collection_item_remove(actor=SYSTEM, collection=collection, article=ArticleFactory())

    assert status_of(error.value) == 404


def test_pinning_moves_an_item_to_the_bottom_of_the_pinned_group():
    collection, articles = make_collection("أ", "ب", "ج", "د")
    services.collection_item_update(actor=SYSTEM, collection=collection, article=articles[2], pinned=True)
    assert stored(collection) == [("ج", 1, True), ("أ", 2, False), ("ب", 3, False), ("د", 4, False)]

    services.collection_item_update(actor=SYSTEM, collection=collection, article=articles[3], pinned=True)

    assert stored(collection) == [("ج", 1, True), ("د", 2, True), ("أ", 3, False), ("ب", 4, False)]


def test_an_unpinned_item_cannot_be_placed_above_a_pinned_one():
    collection, articles = make_collection("أ", "ب", "ج")
    services.collection_item_update(actor=SYSTEM, collection=collection, article=articles[2], pinned=True)

    services.collection_item_update(actor=SYSTEM, collection=collection, article=articles[1], position=1)

    assert stored(collection) == [("ج", 1, True), ("ب", 2, False), ("أ", 3, False)]


def test_unpinning_puts_the_item_first_among_the_unpinned():
    collection, articles = make_collection("أ", "ب", "ج")
    services.collection_item_update(actor=SYSTEM, collection=collection, article=articles[1], pinned=True)
    services.collection_item_update(actor=SYSTEM, collection=collection, article=articles[2], pinned=True)

    services.collection_item_update(actor=SYSTEM, collection=collection, article=articles[1], pinned=False)

    assert stored(collection) == [("ج", 1, True), ("ب", 2, False), ("أ", 3, False)]


def test_adding_a_pinned_item_without_position_goes_after_the_pinned_ones():
    collection, articles = make_collection("أ", "ب")
    services.collection_item_update(actor=SYSTEM, collection=collection, article=articles[1], pinned=True)

    services.collection_item_add(actor=SYSTEM, collection=collection, article=ArticleFactory(headline="ج"), pinned=True)

    assert stored(collection) == [("ب", 1, True), ("ج", 2, True), ("أ", 3, False)]


def test_setting_the_whole_list_adds_keeps_drops_and_renumbers():
    collection, articles = make_collection("أ", "ب", "ج")
    new = ArticleFactory(headline="د")

    services.collection_items_set(
        actor=SYSTEM, collection=collection, items=[Slot(articles[2]), Slot(new, pinned=True), Slot(articles[0])]
    )

    assert stored(collection) == [("د", 1, True), ("ج", 2, False), ("أ", 3, False)]


def test_setting_a_list_that_names_an_article_twice_is_refused_and_changes_nothing():
    collection, articles = make_collection("أ", "ب")

    with pytest.raises(ServiceError) as error:
        services.collection_items_set(actor=SYSTEM, collection=collection, items=[Slot(articles[0]), Slot(articles[0])])

    assert error.value.code == "duplicate_article"
    assert stored(collection) == [("أ", 1, False), ("ب", 2, False)]


def test_reversing_a_long_list_never_breaks_the_position_constraint():
    collection, articles = make_collection(*[f"خبر {n}" for n in range(1, 13)])

    services.collection_items_set(
        actor=SYSTEM, collection=collection, items=[Slot(article) for article in reversed(articles)]
    )

    assert [position for _headline, position, _pinned in stored(collection)] == list(range(1, 13))
    assert [headline for headline, _position, _pinned in stored(collection)] == [f"خبر {n}" for n in range(12, 0, -1)]


def test_deleting_a_collection_keeps_its_articles():
    collection, articles = make_collection("أ", "ب")

    services.collection_delete(actor=SYSTEM, collection=collection)

    assert not Collection.objects.filter(pk=collection.pk).exists()
    assert CollectionItem.objects.count() == 0
    assert articles[0].__class__.objects.filter(pk__in=[a.pk for a in articles]).count() == 2


def test_deleting_an_article_takes_it_out_of_its_collections():
    collection, articles = make_collection("أ", "ب")

    articles[0].delete()

    assert stored(collection) == [("ب", 2, False)]


def test_any_sequence_of_edits_keeps_positions_dense_and_in_reading_order():
    """A fixed pseudo-random walk of adds, moves, pins and removals, checked against a plain list."""
    import random

    rng = random.Random(4)
    collection, _articles = make_collection()
    pool = [ArticleFactory(headline=f"خبر {n}") for n in range(10)]
    expected: list[tuple[str, bool]] = []  # (headline, pinned) in reading order

    def place(entry, position):
        group_start = 0 if entry[1] else sum(1 for _h, pinned in expected if pinned)
        group_end = sum(1 for _h, pinned in expected if pinned) if entry[1] else len(expected)
        index = group_end if position is None else min(max(position - 1, group_start), group_end)
        expected.insert(index, entry)

    steps = 0
    for _step in range(80):
        present = {headline for headline, _pinned in expected}
        operation = rng.choice(["add", "move", "pin", "remove"])
        candidates = [article for article in pool if article.headline not in present]
        if (operation == "add" or not expected) and candidates:
            article, pinned = rng.choice(candidates), rng.random() < 0.3
            position = rng.choice([None, *range(1, len(expected) + 3)])
            services.collection_item_add(
                actor=SYSTEM, collection=collection, article=article, position=position, pinned=pinned
            )
            place((article.headline, pinned), position)
            assert stored(collection) == [(h, n, p) for n, (h, p) in enumerate(expected, start=1)]
            steps += 1
            continue
        if not expected:
            continue
        headline, pinned = rng.choice(expected)
        article = next(article for article in pool if article.headline == headline)
        expected.remove((headline, pinned))
        if operation == "remove":
            services.collection_item_remove(actor=SYSTEM, collection=collection, article=article)
        elif operation == "move":
            position = rng.randint(1, len(expected) + 2)
            services.collection_item_update(actor=SYSTEM, collection=collection, article=article, position=position)
            place((headline, pinned), position)
        else:
            services.collection_item_update(actor=SYSTEM, collection=collection, article=article, pinned=not pinned)
            pinned_count = sum(1 for _h, other in expected if other)
            expected.insert(pinned_count, (headline, not pinned))

        assert stored(collection) == [(h, n, p) for n, (h, p) in enumerate(expected, start=1)]
        steps += 1

    assert steps == 80


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_adds_to_one_collection_all_land_with_dense_positions():
    """Eight writers add at once; the row lock on the collection queues them, so none fails or collides."""
    import threading

    from django.db import connection

    collection, _articles = make_collection("أ")
    articles = [ArticleFactory(headline=f"متزامن {n}") for n in range(8)]
    barrier = threading.Barrier(len(articles))
    errors = []

    def add(article):
        try:
            barrier.wait()
            services.collection_item_add(
                actor=SYSTEM, collection=Collection.objects.get(pk=collection.pk), article=article, position=1
            )
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=add, args=(article,)) for article in articles]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    rows = stored(collection)
    assert [position for _headline, position, _pinned in rows] == list(range(1, 10))
    assert sorted(headline for headline, _position, _pinned in rows) == sorted(["أ", *(a.headline for a in articles)])
    assert rows[-1][0] == "أ"
