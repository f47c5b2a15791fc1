"""Normalisation of Arabic (and mixed) text: the one matching form used by search, names and linking.

The display text is never changed; this produces the matching "shadow".
Order matters: NFKC first (it turns presentation forms such as ﻷ or ﯼ into
base letters), then the Arabic mappings, then Latin case folding.
"""

import unicodedata

__all__ = ["DROPPED_CHARS", "identifier", "normalize"]


def _ranges(*pairs: tuple[int, int]) -> list[int]:
    return [cp for lo, hi in pairs for cp in range(lo, hi + 1)]


#: Code points removed outright: harakat, superscript alef, Quranic marks,
#: tatweel, and bidi/format controls.
DROPPED_CHARS: frozenset[str] = frozenset(
    chr(cp)
    for cp in _ranges(
        (0x064B, 0x065F),  # harakat (fathatan … wavy hamza below)
        (0x0670, 0x0670),  # superscript (dagger) alef
        (0x06D6, 0x06ED),  # Quranic annotation marks
        (0x0640, 0x0640),  # tatweel
        (0x200B, 0x200F),  # ZWSP, ZWNJ, ZWJ, LRM, RLM
        (0x202A, 0x202E),  # LRE … RLO
        (0x2066, 0x2069),  # LRI … PDI
        (0x061C, 0x061C),  # Arabic letter mark
        (0xFEFF, 0xFEFF),  # BOM / ZWNBSP
    )
)

_MAPPED: dict[str, str] = {
    "أ": "ا",  # U+0623
    "إ": "ا",  # U+0625
    "آ": "ا",  # U+0622
    "ٱ": "ا",  # U+0671 alef wasla
    "ى": "ي",  # U+0649 alef maksura
    "ة": "ه",  # U+0629 teh marbuta
    "ی": "ي",  # U+06CC Farsi yeh
    "ے": "ي",  # U+06D2 yeh barree
    "ک": "ك",  # U+06A9 keheh
    "ۀ": "ه",  # U+06C0 heh with yeh above
    "ہ": "ه",  # U+06C1 heh goal
    "ھ": "ه",  # U+06BE heh doachashmee
}
_MAPPED.update({chr(0x0660 + d): str(d) for d in range(10)})  # Arabic-Indic digits
_MAPPED.update({chr(0x06F0 + d): str(d) for d in range(10)})  # Persian digits
# Every Unicode space separator (category Zs) becomes an ASCII space.
_MAPPED.update({chr(cp): " " for cp in (0x00A0, 0x1680, *range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000)})

_TABLE: dict[int, str | None] = {ord(ch): None for ch in DROPPED_CHARS}
_TABLE.update({ord(src): dst for src, dst in _MAPPED.items()})

_nfkc = unicodedata.normalize
# For long texts a chain of str.replace (one C scan per character present) is
# several times faster than str.translate with a dict; spaces are replaced
# before NFKC (which maps them to U+0020 anyway) so that a single NBSP does
# not push NFKC off its quick-check fast path.
_SPACES = tuple(src for src, dst in _MAPPED.items() if dst == " ")
_REPLACEMENTS = tuple((chr(cp), dst or "") for cp, dst in _TABLE.items())
_SHORT = 64


def normalize(text: str) -> str:
    """Return the matching form of ``text`` (see the module docstring), Latin case-folded.

    >>> normalize("عُقِد في الأردنّ عام ١٩٧٩")
    'عقد في الاردن عام 1979'
    """
    if text.isascii():
        return text.casefold()
    if len(text) <= _SHORT:
        return _nfkc("NFKC", text).translate(_TABLE).casefold()
    for space in _SPACES:
        if space in text:
            text = text.replace(space, " ")
    text = _nfkc("NFKC", text)
    for src, dst in _REPLACEMENTS:
        if src in text:
            text = text.replace(src, dst)
    return text.casefold()


def identifier(text: str) -> str:
    """An identifier (a slug) as stored: its NFKC form, in which compatibility look-alikes (full-width
    ａｘｉｏｓ, ligatures, Arabic presentation forms) are the plain characters. Two identifiers are the
    same one when their `normalize` forms are equal (case, Arabic letter variants and digits)."""
    return _nfkc("NFKC", text)
