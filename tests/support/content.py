"""Content written the way the product writes it: through the services, status by transitions."""

from datetime import timedelta

from django.utils import timezone

from articles import services
from articles.models import Article
from articles.policies import SYSTEM

S = Article.Status


def write_article(*, status: str = S.DRAFT, published_at=None, actor=SYSTEM, **data) -> Article:
    """An article created through the services (so it is indexed and has its history) and brought to
    `status` through the workflow's transitions, as an editor would: published at `published_at`
    (default: now), scheduled for it (default: in an hour)."""
    article = services.article_create(actor=actor, data=data)
    if status == S.IN_REVIEW:
        return services.article_transition(actor=SYSTEM, article=article, name="submit")
    if status == S.SCHEDULED:
        when = published_at or timezone.now() + timedelta(hours=1)
        return services.article_transition(actor=SYSTEM, article=article, name="schedule", published_at=when)
    if status in (S.PUBLISHED, S.CORRECTED, S.RETRACTED):
        article = services.article_transition(actor=SYSTEM, article=article, name="publish", published_at=published_at)
    if status == S.CORRECTED:
        return services.article_transition(actor=SYSTEM, article=article, name="correct", note="Corrected.")
    if status == S.RETRACTED:
        return services.article_transition(actor=SYSTEM, article=article, name="retract", note="Retracted.")
    return article


def published_article(headline: str, body: str = "نص الخبر.", *, hours_ago: float = 1, **data) -> Article:
    """A published article written through the services, published `hours_ago` hours ago."""
    return write_article(
        headline=headline,
        body=body,
        status=S.PUBLISHED,
        published_at=timezone.now() - timedelta(hours=hours_ago),
        **data,
    )
