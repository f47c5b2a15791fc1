"""The desk: the admin's home page, per role. What needs the user (their drafts, what awaits
review), what is coming (scheduled, with the time left), what went out (recently published,
recent corrections and retractions), and four charts (server-side SVG, admin/charts.py)."""

from datetime import timedelta

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from articles import selectors
from articles.admin import charts
from articles.models import Article

#: Days of the “published per day” chart.
CHART_DAYS = 30


def desk_context(request) -> dict:
    now = timezone.now()
    zone = timezone.get_current_timezone()
    rtl = translation.get_language_bidi()
    lists = selectors.desk_lists(user=request.user, now=now)
    today = timezone.localtime(now).date()
    first = today - timedelta(days=CHART_DAYS - 1)
    start = timezone.make_aware(timezone.datetime.combine(first, timezone.datetime.min.time()), zone)
    per_day = selectors.published_per_day(start=start, end=now, time_zone=zone)
    days = [(first + timedelta(days=n)) for n in range(CHART_DAYS)]
    statuses = selectors.status_counts()
    return {
        "desk": {
            "drafts": lists["drafts"],
            "review": lists["review"],
            "scheduled": [(article, article.published_at - now) for article in lists["scheduled"]],
            "published": lists["published"],
            "corrections": lists["corrections"],
            "can_review": request.user.has_perm("articles.publish_article"),
        },
        "charts": [
            (
                _("Articles published per day (last %(days)s days)") % {"days": CHART_DAYS},
                charts.columns(
                    [(day.isoformat(), per_day.get(day, 0)) for day in days],
                    title=_("Articles published per day"),
                    rtl=rtl,
                    top_label=_("most in a day: %(n)s"),
                ),
            ),
            (
                _("Articles by workflow state"),
                charts.bars(
                    [(str(label), statuses.get(value, 0)) for value, label in Article.Status.choices],
                    title=_("Articles by workflow state"),
                    rtl=rtl,
                    empty=_("No articles yet."),
                ),
            ),
            (
                _("Most mentioned this week"),
                charts.bars(
                    selectors.most_mentioned_entities(since=now - timedelta(days=7)),
                    title=_("Most mentioned this week"),
                    rtl=rtl,
                    empty=_("No mentions in this week's articles."),
                ),
            ),
            (
                _("Sources by attributions"),
                charts.bars(
                    selectors.sources_by_attributions(),
                    title=_("Sources by attributions"),
                    rtl=rtl,
                    empty=_("No attributions yet."),
                ),
            ),
        ],
    }
