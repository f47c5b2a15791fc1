"""The change feed's shape (the documents come from articles.syndication.payload)."""

from django.utils.translation import gettext_lazy
from rest_framework import serializers

from articles.history.changes import EVENT_TYPES, OBJECT_TYPES


class ChangedObjectSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=sorted(OBJECT_TYPES.values()))
    id = serializers.CharField(
        help_text=gettext_lazy("An article's UUID; the slug of an entity, source or collection.")
    )
    url = serializers.URLField(help_text=gettext_lazy("Its API address (404 or 410 once deleted or retracted)."))
    version = serializers.IntegerField(
        allow_null=True, help_text=gettext_lazy("An article's version after the change; null for other objects.")
    )


class ChangeEventSerializer(serializers.Serializer):
    id = serializers.CharField(help_text=gettext_lazy("evt_<n>: the event's idempotency key (webhooks send it too)."))
    cursor = serializers.CharField(help_text=gettext_lazy("Pass as ?after= to resume after this event."))
    type = serializers.ChoiceField(choices=EVENT_TYPES)
    occurred_at = serializers.DateTimeField()
    object = ChangedObjectSerializer()
    data = serializers.DictField(
        help_text=gettext_lazy(
            "Details: an article's status, published_at and headline, a correction's note, a merge's survivor, …"
        )
    )


class ChangeFeedSerializer(serializers.Serializer):
    events = ChangeEventSerializer(many=True)
    next_cursor = serializers.CharField(
        allow_null=True,
        help_text=gettext_lazy("Where to resume (?after=); null while the feed is empty. Store it after each page."),
    )
    has_more = serializers.BooleanField(help_text=gettext_lazy("More events are waiting: ask again at once."))
    next = serializers.URLField(allow_null=True, help_text=gettext_lazy("The next page, if has_more."))
