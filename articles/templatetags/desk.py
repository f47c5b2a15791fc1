"""Template filters of the desk: the reading direction of an article's language."""

from django import template

from articles.admin.direction import text_direction

register = template.Library()


@register.filter
def text_dir(language):
    """“rtl” for an Arabic article, “ltr” for an English one (dir="{{ article.language|text_dir }}")."""
    return text_direction(language)
