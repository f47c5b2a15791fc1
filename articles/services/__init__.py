"""Every write to the content goes through here: views, the admin and commands stay thin.

Each service takes the acting `actor` (articles.policies: a user, an Actor, or SYSTEM; there is
no default) and refuses what the policies refuse, is transactional, and validates before saving.

    articles    article_create (with its parts) / update / delete, article_part_save / delete, article_revert,
                article_history_sync, article_reindex
    names       named_save / named_delete (entities, sources), alias_save / alias_delete
    merge       entity_merge, entities_merge
    workflow    TRANSITIONS, article_transition, article_release_due, available_transitions
    curation    collection_create / update / delete and the item functions
    webhooks    webhook_save / webhook_delete / webhook_redeliver
    desk        user_preferences_update, edit_presence_mark / edit_presence_leave
    suggestions article_analyze, suggestion_confirm / reject / create_name (what the machine proposes)
"""

from articles.services.articles import (
    ARTICLE_PART_KINDS,
    CONTENT_FIELDS,
    REVERTED_FIELDS,
    article_create,
    article_delete,
    article_history_sync,
    article_part_delete,
    article_part_save,
    article_reindex,
    article_revert,
    article_update,
)
from articles.services.curation import (
    Slot,
    collection_create,
    collection_delete,
    collection_item_add,
    collection_item_remove,
    collection_item_update,
    collection_items_set,
    collection_update,
)
from articles.services.desk import (
    edit_presence_leave,
    edit_presence_mark,
    presence_of_others,
    user_preferences_update,
)
from articles.services.merge import entities_merge, entity_merge
from articles.services.names import alias_delete, alias_save, named_delete, named_save
from articles.services.suggestions import (
    article_analyze,
    suggestion_confirm,
    suggestion_create_name,
    suggestion_reject,
)
from articles.services.webhooks import webhook_delete, webhook_redeliver, webhook_save
from articles.services.workflow import (
    TRANSITIONS,
    USER_TRANSITIONS,
    Transition,
    article_release_due,
    article_transition,
    available_transitions,
    get_transition,
)

__all__ = [
    "ARTICLE_PART_KINDS",
    "CONTENT_FIELDS",
    "REVERTED_FIELDS",
    "TRANSITIONS",
    "USER_TRANSITIONS",
    "Slot",
    "Transition",
    "alias_delete",
    "alias_save",
    "article_analyze",
    "article_create",
    "article_delete",
    "article_history_sync",
    "article_part_delete",
    "article_part_save",
    "article_reindex",
    "article_release_due",
    "article_revert",
    "article_transition",
    "article_update",
    "available_transitions",
    "collection_create",
    "collection_delete",
    "collection_item_add",
    "collection_item_remove",
    "collection_item_update",
    "collection_items_set",
    "collection_update",
    "edit_presence_leave",
    "edit_presence_mark",
    "entities_merge",
    "entity_merge",
    "get_transition",
    "named_delete",
    "named_save",
    "presence_of_others",
    "suggestion_confirm",
    "suggestion_create_name",
    "suggestion_reject",
    "user_preferences_update",
    "webhook_delete",
    "webhook_redeliver",
    "webhook_save",
]
