"""A small world of names and an article that names them, for the suggestion and import tests."""

from articles.models import Entity, Source
from tests.support.factories import EntityFactory, SourceFactory

#: Paragraph 1: a known speaker quoted through a known agency; 2: an unknown speaker; 3: an outlet
#: the source list does not know, and إيران again.
BODY = (
    "قال وزير الخارجية سامي الحداد لرويترز إن «الاتفاق مع إيران نهائي».\n\n"
    "وقال المتحدث باسم الحكومة إن «الاجتماع كان مثمرا جدا».\n\n"
    'وذكرت صحيفة "الأيام" أن الوفد سيصل إلى إيران غدا.'
)
HEADLINE = "إيران توقع الاتفاق"


def names() -> dict:
    """The entities and the source BODY names: sami (person), iran (place), reuters (agency)."""
    return {
        "sami": EntityFactory(name="سامي الحداد", name_en="Sami al-Haddad", slug="sami", kind=Entity.Kind.PERSON),
        "iran": EntityFactory(name="إيران", name_en="Iran", slug="iran", kind=Entity.Kind.PLACE),
        "reuters": SourceFactory(name="رويترز", name_en="Reuters", slug="reuters", kind=Source.Kind.NEWS_AGENCY),
    }


def described(rows) -> list[tuple]:
    """Suggestions as (kind, field, start, end, text, entity slug, source slug, name), in text order."""
    return sorted(
        (
            s.kind,
            s.field,
            s.start,
            s.end,
            s.text,
            s.entity.slug if s.entity_id else None,
            s.source.slug if s.source_id else None,
            s.name,
        )
        for s in rows
    )
