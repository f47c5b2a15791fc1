"""The integrity rules of the Suggestion and ArticleImport models, for tests/test_models.py's table of rules."""

from django.core.exceptions import NON_FIELD_ERRORS

from articles.models import ArticleImport, Suggestion
from tests.support.factories import ArticleFactory


def _suggestion(**fields):
    return Suggestion(
        **{"article": ArticleFactory(), "kind": "mention", "start": 0, "end": 5, "text": "إيران", "key": "k", **fields}
    )


def _duplicate_import():
    ArticleImport.objects.create(key="feed:1", article=ArticleFactory(), format="feed", digest="0")
    return ArticleImport(key="feed:1", article=ArticleFactory(), format="feed", digest="0")


def suggestion_rules(Rule, blank: str) -> list:
    return [
        Rule(
            "suggestion_kind_valid_check",
            lambda: _suggestion(kind="guess"),
            "kind",
            "Value 'guess' is not a valid choice.",
        ),
        Rule(
            "suggestion_status_valid_check",
            lambda: _suggestion(status="maybe"),
            "status",
            "Value 'maybe' is not a valid choice.",
        ),
        Rule(
            "suggestion_field_valid_check",
            lambda: _suggestion(field="byline"),
            "field",
            "Value 'byline' is not a valid choice.",
        ),
        Rule(
            "suggestion_span_check",
            lambda: _suggestion(start=5, end=4),
            NON_FIELD_ERRORS,
            "Constraint “suggestion_span_check” is violated.",
        ),
        Rule("suggestion_key_not_empty_check", lambda: _suggestion(key=""), "key", blank),
        Rule(
            "articleimport_key_not_empty_check",
            lambda: ArticleImport(key="", article=ArticleFactory(), format="text", digest="0"),
            "key",
            blank,
        ),
        Rule(
            "articles_articleimport_key_key",
            _duplicate_import,
            "key",
            "Article import with this Import key already exists.",
            "articles_articleimport.key",
        ),
    ]
