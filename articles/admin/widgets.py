"""Widgets of the roomy article form: a wide headline, a tall body with its paragraphs numbered
beside it and word/character counts, and a paragraph picker that shows each paragraph's text.
The live parts (numbers and counts while typing) are articles/static/articles/admin/desk.js."""

from django import forms
from django.utils.translation import gettext_lazy as _

from articles.models import paragraphs

#: How many characters of a paragraph its choice shows.
EXCERPT_LENGTH = 48


def excerpt(text: str, length: int = EXCERPT_LENGTH) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"


def paragraph_choices(body: str) -> list[tuple[int, str]]:
    """[(1, "1 — first words…"), …] for the paragraphs of `body`."""
    return [(number, f"{number} — {excerpt(text)}") for number, text in enumerate(paragraphs(body or ""), start=1)]


class CountedMixin:
    """Shows “N words · M characters” under the input, kept current while typing."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["counts_label"] = _("%(words)s words · %(characters)s characters")
        return context


class HeadlineInput(CountedMixin, forms.TextInput):
    template_name = "articles/widgets/counted_input.html"

    def __init__(self, attrs=None):
        super().__init__({"class": "desk-headline", "data-counted": "", **(attrs or {})})


class CountedTextarea(CountedMixin, forms.Textarea):
    template_name = "articles/widgets/counted_textarea.html"

    def __init__(self, attrs=None, rows=4):
        super().__init__({"class": "desk-text", "rows": rows, "data-counted": "", **(attrs or {})})


class BodyTextarea(CountedMixin, forms.Textarea):
    """The body, tall, with its paragraphs numbered beside it (quotes and attributions name them)."""

    template_name = "articles/widgets/body.html"

    def __init__(self, attrs=None):
        super().__init__({"class": "desk-body", "rows": 24, "data-counted": "", "data-body": "", **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["paragraphs"] = [excerpt(text, 140) for text in paragraphs(value or "")]
        context["widget"]["paragraphs_label"] = _("Paragraphs")
        context["widget"]["paragraphs_label_count"] = _("%(paragraphs)s paragraphs")
        return context


class ParagraphSelect(forms.Select):
    """A paragraph number chosen by its text; desk.js refreshes the choices as the body is edited."""

    def __init__(self, choices=(), attrs=None):
        super().__init__({"data-paragraph-select": "", "class": "desk-paragraph", **(attrs or {})}, choices)

    def get_context(self, name, value, attrs):
        # A number the body no longer has (the body was shortened) stays visible and selected.
        if value not in (None, "") and str(value) not in {str(number) for number, _label in self.choices}:
            self.choices = [*self.choices, (value, f"{value} — ?")]
        return super().get_context(name, value, attrs)
