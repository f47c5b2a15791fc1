"""SQL functions that SQLite lacks and search needs, registered on every new connection."""

import re
from functools import lru_cache

#: The name of pg_trgm's similarity() on SQLite.
SIMILARITY_FUNCTION = "newsroom_similarity"

_TRIGRAM_WORD_RE = re.compile(r"[^\W_]+")


@lru_cache(maxsize=65536)
def _trigrams(text: str) -> frozenset[str]:
    """pg_trgm's trigrams: each alphanumeric word, lower-cased, padded with two spaces before and one after."""
    out = set()
    for word in _TRIGRAM_WORD_RE.findall(text.lower()):
        padded = f"  {word} "
        out.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return frozenset(out)


def trigram_similarity(a: str | None, b: str | None) -> float:
    """pg_trgm's similarity(a, b): shared trigrams over all distinct trigrams of both (0 if either has none)."""
    if not a or not b:
        return 0.0
    ta, tb = _trigrams(a), _trigrams(b)
    if not ta or not tb:
        return 0.0
    common = len(ta & tb)
    return common / (len(ta) + len(tb) - common)


def register_functions(connection) -> None:
    """Give a new SQLite connection `newsroom_similarity(a, b)` (pg_trgm's similarity, ported)."""
    connection.connection.create_function(SIMILARITY_FUNCTION, 2, trigram_similarity, deterministic=True)
