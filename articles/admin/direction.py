"""Which way content reads: from the article's language, whatever the admin's language.

An Arabic article's headline, body and captions read right-to-left even in the English admin, and
an English article's left-to-right in the Arabic admin. Fields that often mix scripts (a byline, a
photo credit, the internal note) take `auto`: the browser follows their first strong letter.
"""

from django.utils.translation import get_language_info

#: BCP 47 primary language subtags written right-to-left.
RTL_LANGUAGES = frozenset({"ar", "arc", "ckb", "dv", "fa", "he", "ks", "ku", "ps", "sd", "syr", "ug", "ur", "yi"})

#: Content fields of an article and its parts that read in the article's language.
CONTENT_FIELDS = frozenset({"headline", "slug", "summary", "body", "text", "alt_text", "phrase", "note", "title"})
#: Fields that often mix scripts.
MIXED_FIELDS = frozenset({"byline", "credit", "editor_note", "description"})


def text_direction(language: str | None) -> str:
    """ "rtl" or "ltr" for a BCP 47 tag (e.g. "ar", "ar-EG", "en"); "auto" when there is none."""
    if not language:
        return "auto"
    return "rtl" if language.split("-")[0].lower() in RTL_LANGUAGES else "ltr"


def language_name(tag: str | None) -> str:
    """A BCP 47 tag as people read it, in the admin's language: "ar" → «العربية» / "Arabic",
    "ar-EG" → "Arabic (ar-EG)"; a language Django does not know keeps its tag."""
    if not tag:
        return ""
    try:
        info = get_language_info(tag.split("-")[0].lower())
    except KeyError:
        return tag
    name = str(info["name_translated"])
    return name if "-" not in tag else f"{name} ({tag})"


def apply_direction(form, language: str | None) -> None:
    """Give the content inputs of `form` the direction (and `lang`) of `language`."""
    direction = text_direction(language)
    for name, field in form.fields.items():
        if name in CONTENT_FIELDS:
            field.widget.attrs.update({"dir": direction, "lang": language or ""})
        elif name in MIXED_FIELDS:
            field.widget.attrs["dir"] = "auto"


class ContentDirectionFormMixin:
    """A form whose content inputs read in its article's language (`article_language`, else the
    instance's own `language`, else the form's initial language)."""

    article_language: str | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        language = self.article_language or getattr(self.instance, "language", None)
        if language is None and getattr(self.instance, "article_id", None):
            language = self.instance.article.language
        if self.is_bound and "language" in self.fields:
            language = self.data.get(self.add_prefix("language")) or language
        if not language and "language" in self.fields:
            language = self.fields["language"].initial or self.initial.get("language")
        apply_direction(self, language)


def article_language_of(obj) -> str:
    """The language of an article being edited, or the default language of a new one."""
    from articles.models import Article

    return obj.language if obj is not None else Article._meta.get_field("language").default
