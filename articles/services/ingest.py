"""Importing articles: one article at a time through the services, atomically, idempotently by a
stable key (articles/ingest/ parses the formats into `ImportedArticle`s; this writes them).

`article_import` writes one parsed article as a draft: the first time it creates it (one version,
one revision, with its captions, mentions and attributions), later it updates the same article as
one new version when what was imported changed, and does nothing when it did not (the key's
`ArticleImport` row keeps a digest of what was imported). Names the article uses that the database
lacks (a ninjs entity or source) are created through services.names. The analysis runs as on
every write, so the new draft arrives with its suggestions.

`import_articles` runs a whole file: all or nothing (the default: one broken article and nothing
is written), or skipping the broken ones (each article in its own transaction); the report names
each problem's line and field.
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from articles import policies
from articles.errors import NotPermittedError, ServiceError
from articles.history import revisions
from articles.ingest.items import ImportedArticle, ImportProblem, ImportReport
from articles.models import Article, ArticleImport, ArticleRevision, Attribution, Caption, Entity, Mention, Source
from articles.services.articles import article_create, article_part_delete, article_part_save, article_update
from articles.services.names import named_save

NAME_FIELDS = ("name", "name_en", "kind", "wikidata_id", "iptc_subject", "homepage")


def _named(actor, model, spec: dict):
    found = model.objects.filter(slug=spec["slug"]).first()
    if found is not None:
        return found
    data = {
        k: v for k, v in spec.items() if k in ("name", "name_en", "kind", "wikidata_id", "iptc_subject", "homepage")
    }
    return named_save(actor=actor, instance=model(slug=spec["slug"]), data=data)


def _write_parts(actor, article: Article, item: ImportedArticle) -> None:
    for data in item.captions:
        article_part_save(actor=actor, part=Caption(article=article, **data))
    for spec in item.mentions:
        entity = _named(actor, Entity, spec)
        role = spec.get("role") or Mention.Role.MENTIONS
        article_part_save(actor=actor, part=Mention(article=article, entity=entity, role=role))
    for spec in item.attributions:
        source = _named(actor, Source, spec)
        part = Attribution(article=article, source=source, paragraph=spec.get("paragraph") or 1)
        article_part_save(actor=actor, part=part)


def _content(item: ImportedArticle, exclude_pk=None) -> dict:
    data = dict(item.fields)
    if data.get("slug") and Article.objects.filter(slug=data["slug"]).exclude(pk=exclude_pk).exists():
        data["slug"] = ""  # taken by another article: a new one is made from the headline
    return data


@transaction.atomic
def article_import(*, actor, item: ImportedArticle) -> tuple[Article, str]:
    """Write one imported article (see the module docstring); the outcome is "created", "updated"
    or "unchanged"."""
    actor = policies.require(actor, "import.create")
    digest = item.digest()
    record = ArticleImport.objects.select_for_update().filter(key=item.key).select_related("article").first()
    if record is not None and record.digest == digest:
        return record.article, "unchanged"
    article = record.article if record is not None else None
    if article is None and item.uuid:
        article = Article.objects.filter(uuid=item.uuid).first()  # exported from here: update it
    if article is not None:
        policies.require_edit(actor, article)
        with revisions.recording(article, user=actor.audit_user):
            article_update(actor=actor, article=article, data=_content(item, exclude_pk=article.pk))
            for model in (Caption, Mention, Attribution):
                for part in model.objects.filter(article=article):
                    article_part_delete(actor=actor, part=part)
            _write_parts(actor, article, item)
        outcome = "updated"
    else:
        with revisions.recording(None, user=actor.audit_user):
            article = article_create(actor=actor, data=_content(item), article=Article(**_identity(item)))
            _write_parts(actor, article, item)
        _keep_life(article, item)
        outcome = "created"
    ArticleImport.objects.update_or_create(
        key=item.key, defaults={"article": article, "format": item.format, "digest": digest}
    )
    return article, outcome


def _identity(item: ImportedArticle) -> dict:
    return {"uuid": item.uuid} if item.uuid else {}


def _keep_life(article: Article, item: ImportedArticle) -> None:
    """A new article from a document that carries its life (ninjs) keeps its first creation time,
    version and version time; its one revision takes that version number."""
    changes = {}
    if item.first_created:
        changes["created_at"] = item.first_created
    if item.version_created:
        changes["updated_at"] = item.version_created
    if item.version and item.version > article.version:
        ArticleRevision.objects.filter(article=article, version=article.version).update(version=item.version)
        changes["version"] = item.version
    if changes:
        Article.objects.filter(pk=article.pk).update(**changes)
        article.refresh_from_db()


def problem_of(error: Exception, line: int | None) -> ImportProblem:
    """An import problem naming the field of a validation error or a refusal."""
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        name, messages = next(iter(error.message_dict.items()))
        return ImportProblem(line, "" if name == "__all__" else name, " ".join(messages))
    if isinstance(error, ValidationError):
        return ImportProblem(line, "", " ".join(error.messages))
    return ImportProblem(line, "", getattr(error, "message", str(error)))


def import_articles(*, actor, entries: Iterable[ImportedArticle | ImportProblem], skip_broken: bool = False):
    """Import every parsed article of a file; problems found while parsing arrive as
    ImportProblems among them. All or nothing unless `skip_broken`."""
    policies.require(actor, "import.create")
    entries = list(entries)
    report = ImportReport(problems=[e for e in entries if isinstance(e, ImportProblem)])
    items = [e for e in entries if isinstance(e, ImportedArticle)]
    if report.problems and not skip_broken:
        report.written = False
        return report
    if skip_broken:
        for item in items:
            try:
                article, outcome = article_import(actor=actor, item=item)
            except (ServiceError, ValidationError) as error:
                report.problems.append(problem_of(error, item.line))
            else:
                report.articles.append({"line": item.line, "uuid": str(article.uuid), "outcome": outcome})
        return report
    try:
        with transaction.atomic():
            for item in items:
                try:
                    article, outcome = article_import(actor=actor, item=item)
                except NotPermittedError:
                    raise
                except (ServiceError, ValidationError) as error:
                    report.problems.append(problem_of(error, item.line))
                    raise _Abort from error
                report.articles.append({"line": item.line, "uuid": str(article.uuid), "outcome": outcome})
    except _Abort:
        report.articles, report.written = [], False
    return report


class _Abort(Exception):
    """Rolls back an all-or-nothing import."""
