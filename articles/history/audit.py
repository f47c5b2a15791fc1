"""The audit log: who did what, when and from where. Rows are only ever added, here."""

from django.db.models import Model

from articles.models import AuditEntry
from articles.models.validation import validate
from articles.policies import Actor, actor_of


def audit_record(*, actor: Actor, action: str, target: Model | None = None, details=None) -> AuditEntry:
    """Append one entry to the audit log, with the actor's user, address and user agent."""
    actor = actor_of(actor)
    entry = AuditEntry(action=action, details=details or {})
    if actor.audit_user is not None:
        entry.actor, entry.actor_name = actor.audit_user, actor.audit_user.get_username()
    if target is not None:
        entry.target_type = target._meta.label_lower
        entry.target_id = str(getattr(target, "uuid", None) or target.pk)
        entry.target_repr = str(target)[:300]
    entry.ip_address = actor.ip_address
    entry.user_agent = actor.user_agent[:300]
    validate(entry, trusted=["actor"])  # the acting user, as the request or the service has it
    entry.save()
    return entry
