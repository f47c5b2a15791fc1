"""The newsroom's content model, split into submodules by concern; import from `articles.models`.

Text is stored exactly as written; every name that is matched against text also has a
`*_normalized` shadow (see articles/text) that the service layer keeps current. Integrity lives in
the database: every choice field has a check constraint and every natural key a unique constraint,
named `<model>_<purpose>_<kind>`.

Submodules depend downwards only: base ← names ← articles ← history, curation.
"""

from articles.models.articles import (
    Article,
    ArticleManager,
    ArticlePart,
    ArticlePartManager,
    ArticleStatus,
    Attribution,
    Caption,
    Correction,
    CorrectionKind,
    Mention,
    MentionOrigin,
    MentionRole,
    Quote,
)
from articles.models.base import (
    BLANK_LINES,
    COUNTRY_VALIDATOR,
    LANGUAGE_TAG_VALIDATOR,
    WIKIDATA_VALIDATOR,
    TimestampedModel,
    choices_constraint,
    paragraphs,
)
from articles.models.curation import Collection, CollectionItem
from articles.models.desk import EditPresence, UserPreference
from articles.models.history import ArticleRevision, AuditEntry
from articles.models.names import (
    Alias,
    Entity,
    EntityAlias,
    EntityKind,
    NamedModel,
    Source,
    SourceAlias,
    SourceKind,
)
from articles.models.suggestions import ArticleImport, Suggestion, SuggestionField, SuggestionKind, SuggestionStatus
from articles.models.syndication import (
    ChangeEvent,
    ChangeFeedPrune,
    DeliveryState,
    FeedReader,
    WebhookAttempt,
    WebhookDelivery,
    WebhookSubscription,
)

__all__ = [
    "BLANK_LINES",
    "COUNTRY_VALIDATOR",
    "LANGUAGE_TAG_VALIDATOR",
    "WIKIDATA_VALIDATOR",
    "Alias",
    "Article",
    "ArticleImport",
    "ArticleManager",
    "ArticlePart",
    "ArticlePartManager",
    "ArticleRevision",
    "ArticleStatus",
    "Attribution",
    "AuditEntry",
    "Caption",
    "ChangeEvent",
    "ChangeFeedPrune",
    "Collection",
    "CollectionItem",
    "Correction",
    "CorrectionKind",
    "DeliveryState",
    "EditPresence",
    "Entity",
    "EntityAlias",
    "EntityKind",
    "FeedReader",
    "Mention",
    "MentionOrigin",
    "MentionRole",
    "NamedModel",
    "Quote",
    "Source",
    "SourceAlias",
    "SourceKind",
    "Suggestion",
    "SuggestionField",
    "SuggestionKind",
    "SuggestionStatus",
    "TimestampedModel",
    "UserPreference",
    "WebhookAttempt",
    "WebhookDelivery",
    "WebhookSubscription",
    "choices_constraint",
    "paragraphs",
]
