"""The length rules of the unbounded text columns (articles.models.base.TEXT_LIMITS), for
tests/test_models.py's table of rules: one character over the limit is refused by full_clean() and
by the database."""

from articles.models import Collection, Correction
from articles.models.base import TEXT_LIMITS
from tests.support.factories import ArticleFactory, CaptionFactory, EntityFactory, QuoteFactory


def over(key: str) -> str:
    return "ب" * (TEXT_LIMITS[key] + 1)


def _quote_too_long():
    text = over("quote.text")
    return QuoteFactory.build(
        article=ArticleFactory(body=f"الفقرة الأولى.\n\n{text}"), speaker=EntityFactory(), text=text
    )


BUILDERS = {
    "article.body": lambda: ArticleFactory.build(body=over("article.body")),
    "article.summary": lambda: ArticleFactory.build(summary=over("article.summary")),
    "article.editor_note": lambda: ArticleFactory.build(editor_note=over("article.editor_note")),
    "caption.text": lambda: CaptionFactory.build(article=ArticleFactory(), text=over("caption.text")),
    "caption.alt_text": lambda: CaptionFactory.build(article=ArticleFactory(), alt_text=over("caption.alt_text")),
    "quote.text": _quote_too_long,
    "correction.note": lambda: Correction(article=ArticleFactory(), kind="correction", note=over("correction.note")),
    "collection.description": lambda: Collection(title="ملف", slug="malaf", description=over("collection.description")),
    "entity.description": lambda: EntityFactory.build(description=over("entity.description")),
}


def length_rules(Rule) -> list:
    return [
        Rule(
            f"{key.replace('.', '_')}_length_check",
            BUILDERS[key],
            key.split(".")[1],
            f"Ensure this value has at most {TEXT_LIMITS[key]} characters (it has {TEXT_LIMITS[key] + 1}).",
        )
        for key in TEXT_LIMITS
    ]
