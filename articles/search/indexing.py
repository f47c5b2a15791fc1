"""Writing search documents: after every write (the services) and all at once (`reindex`)."""

from collections.abc import Iterable

from django.db import connections, router
from django.db.models import Value

from articles.models import Article, EntityAlias, Mention, SourceAlias
from articles.search.backends import backend_for
from articles.search.document import NameBook, article_document, batches, documents


def index_articles(article_ids: Iterable[int], *, batch_size: int = 1000, using: str | None = None) -> int:
    """(Re)build the search documents of the given articles; returns how many were indexed.

    Works in batches of `batch_size` articles: for each, one query per table read (articles,
    captions, confirmed mentions, attributions, and the names of entities and sources not seen in
    an earlier batch) and one write by the backend. Ids of articles that no longer exist are
    skipped (their separate rows, on SQLite, are removed). Safe to run again: the result depends
    only on the current data.
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    using = using or router.db_for_write(Article)
    connection = connections[using]
    write = backend_for(connection).write_documents
    book = NameBook(using)
    indexed = 0
    for batch in batches(article_ids, batch_size):
        found = documents(batch, book, using)
        write(connection, batch, found)
        indexed += len(found)
    return indexed


def index_loaded_article(article: Article, parts, *, using: str | None = None) -> None:
    """(Re)build one article's search document from its parts already read (a write holds them):
    `parts` maps captions, attributions (with their source) and mentions (with their entity) to
    their rows in document order. Reads only the aliases of the entities and sources named (one
    query), then writes; the document is the one `index_articles` builds from the tables."""
    using = using or router.db_for_write(Article)
    connection = connections[using]
    captions = [(caption.text, caption.alt_text) for caption in parts["captions"]]
    mentions = [mention for mention in parts["mentions"] if mention.origin == Mention.Origin.CONFIRMED]
    attributions = list(parts["attributions"])
    aliases: dict[tuple[str, int], list[str]] = {}
    entity_ids = {mention.entity_id for mention in mentions}
    source_ids = {attribution.source_id for attribution in attributions}
    if entity_ids or source_ids:
        rows = (
            EntityAlias.objects.using(using)
            .filter(entity_id__in=entity_ids)
            .order_by()
            .values_list(Value("entity"), "entity_id", "name")
            .union(
                SourceAlias.objects.using(using)
                .filter(source_id__in=source_ids)
                .order_by()
                .values_list(Value("source"), "source_id", "name"),
                all=True,
            )
        )
        for kind, owner, name in sorted(rows, key=lambda row: row[2]):
            aliases.setdefault((kind, owner), []).append(name)

    def names(kind: str, row) -> list[str]:
        return [row.name, row.name_en, *aliases.get((kind, row.pk), ())]

    about, others = [], []
    for mention in mentions:
        (about if mention.role == Mention.Role.ABOUT else others).extend(names("entity", mention.entity))
    for attribution in attributions:
        others.extend(names("source", attribution.source))
    document = article_document(article, captions=captions, about_names=about, other_names=others)
    backend_for(connection).write_documents(connection, [article.pk], {article.pk: document})


def index_all_articles(*, batch_size: int = 1000, using: str | None = None, progress=None) -> int:
    """(Re)build the search document of every article, a batch at a time (keyset pagination: each
    batch starts after the last id done, so memory stays flat); `progress(done)` after each batch.
    Returns how many were indexed."""
    using = using or router.db_for_write(Article)
    done, last = 0, 0
    while ids := list(
        Article.objects.using(using).filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:batch_size]
    ):
        done += index_articles(ids, batch_size=batch_size, using=using)
        last = ids[-1]
        if progress is not None:
            progress(done)
    return done


def article_unindex(article_ids: Iterable[int], *, using: str | None = None) -> None:
    """Forget the search documents of deleted articles."""
    using = using or router.db_for_write(Article)
    connection = connections[using]
    backend_for(connection).unindex(connection, [int(pk) for pk in article_ids])
