"""How matches are ordered: a BM25F-like relevance over the document's fields, times a recency
factor for news. Pure arithmetic on term statistics that both databases deliver identically
(`DocStats`), so the same query ranks the same articles in the same order on PostgreSQL and SQLite.

    score     = relevance × recency
    relevance = Σ over the query's words w:  idf(w) × Σ over the fields f:  FIELD_WEIGHTS[f] × sat(tf_f(w), len_f)
              + Σ over consecutive query words:  PROXIMITY_WEIGHT × min(idf) / distance  (≤ PROXIMITY_WINDOW)
    sat(tf, len) = tf × (K1 + 1) / (tf + K1 × (1 − B + B × len / TYPICAL_LENGTHS[f]))
    tf_f(w)   = the matches of w in f, each weighed by how it matched (KIND_WEIGHTS: exact form >
                stem > spelling key > loose key); outside the head fields (HEAD_FIELDS) the
                database keeps no exact forms, so a stem match there weighs as an exact one
    idf(df)   = ln(1 + IDF_SCALE / (df + 0.5)),  df = the word's matches among all articles
                (any status, counted up to DF_LIMIT: more frequent words weigh alike)
    recency   = RECENCY_FLOOR + (1 − RECENCY_FLOOR) × 0.5 ^ (age / RECENCY_HALF_LIFE_DAYS),
                age = days between the article and the newest match (undated articles: 0)

Each field saturates on its own before the fields are summed, so one mention in the headline
outweighs any number in the body (FIELD_WEIGHTS: a saturated body scores at most
(K1 + 1) × its weight). That also gives every match an upper bound of its score from its head
fields alone (`upper_bound`), which is what lets search rank every match while reading the body
statistics of only a few (results.py). An article that a query word matches only by a weak kind
(not in STRONG_KINDS) ranks below every other match. Ties: the newer publication time, then the
higher id.
"""

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.db.models import F

from articles.search.document import DOCUMENT_FIELDS
from articles.text import KINDS

FIELDS = tuple(name for name, _weight in DOCUMENT_FIELDS)
#: The fields whose statistics are read for every match (they are small, kept in the row on
#: PostgreSQL, with the exact forms of their words); the others are read only for the matches
#: that may reach the page asked for.
HEAD_FIELDS = ("headline", "summary", "about")
RANK_FIELDS = HEAD_FIELDS  # the name encoding.py knows
REST_FIELDS = tuple(name for name in FIELDS if name not in HEAD_FIELDS)

# ------------------------------------------------------------------ the tunable constants

#: How much one field counts (a saturated field scores at most (K1 + 1) × its weight).
FIELD_WEIGHTS = {"headline": 10.0, "summary": 5.0, "about": 5.0, "captions": 0.5, "names": 0.5, "body": 1.0}
#: Length normalisation pivots, in words (BM25's average lengths; fixed, so that a ranking never
#: depends on which articles a database holds besides the matches).
TYPICAL_LENGTHS = {"headline": 10, "summary": 30, "about": 4, "captions": 20, "names": 8, "body": 400}
#: Term-frequency saturation and length normalisation (BM25's k1 and b).
K1 = 1.2
B = 0.75
#: What a match is worth by how it matched; a kind not listed (a new, weaker one) weighs LOOSE_WEIGHT.
KIND_WEIGHTS = {"exact": 1.0, "stem": 0.8, "skeleton": 0.5, "loose": 0.25}
LOOSE_WEIGHT = 0.25
#: The kinds of match that make an article rank among the articles its words find (exact forms,
#: stems, spelling keys); an article that some query word matches only by a weaker kind (a loose
#: key: a relational adjective for its noun, a key collision) ranks below all of those, whatever
#: its score.
STRONG_KINDS = ("exact", "stem", "skeleton")
#: idf is BM25's for an archive of this many articles (so it needs no count of all articles).
IDF_SCALE = 1_000_000
#: Document frequencies are counted up to this many articles (counting costs a row read per match).
DF_LIMIT = 1000
#: Two query words this close (positions apart) add a bonus, 1/distance of PROXIMITY_WEIGHT × idf.
PROXIMITY_WINDOW = 8
PROXIMITY_WEIGHT = 2.0
#: Recency: an article RECENCY_HALF_LIFE_DAYS older than the newest match keeps (1 + FLOOR) / 2 of
#: its relevance; a very old one keeps RECENCY_FLOOR. Set RECENCY_FLOOR = 1 to rank by relevance only.
RECENCY_FLOOR = 0.75
RECENCY_HALF_LIFE_DAYS = 365.0
DAY = 86400.0

#: Order of results of equal score (and of the window of the newest matches): the most recent
#: first (articles without a time count as newest), then the newest row.
RECENCY_ORDERING = (F("published_at").desc(nulls_first=True), F("id").desc())
#: SQL ordering of results by relevance, over an annotated `search_rank` (ties by recency).
RELEVANCE_ORDERING = (F("search_rank").desc(), *RECENCY_ORDERING)
#: SQL ordering of ranked results by their place (results.SearchResults.as_queryset: the admin).
PLACE_ORDERING = (F("search_place").desc(), *RECENCY_ORDERING)


@dataclass
class DocStats:
    """What ranking needs of one matching article, as a backend reads it from its index.

    `lengths`: words per field (FIELDS order; stop words count). `counts[(i, field, kind)]`: how
    many positions of `field` match the query's word `i` by `kind`. `near[i]`: the document-wide
    positions (fields FIELD_GAP apart, as encoding.py numbers them) where word `i` matches by
    its exact form or stem, for proximity. `complete`: False while only the head fields are known.
    """

    lengths: tuple[int, ...]
    counts: dict[tuple[int, str, str], int] = field(default_factory=dict)
    near: dict[int, tuple[int, ...]] = field(default_factory=dict)
    complete: bool = True


def idf(df: int) -> float:
    return math.log(1.0 + IDF_SCALE / (df + 0.5))


def recency(published_at: float | None, newest: float | None) -> float:
    """The recency factor of an article published at `published_at` (POSIX time, None: undated)."""
    if published_at is None or newest is None:
        return 1.0
    age = max(0.0, newest - published_at) / DAY
    return RECENCY_FLOOR + (1.0 - RECENCY_FLOOR) * 0.5 ** (age / RECENCY_HALF_LIFE_DAYS)


def _kind_weight(kind: str) -> float:
    return KIND_WEIGHTS.get(kind, LOOSE_WEIGHT)


def field_tf(counts: Mapping[tuple[int, str, str], int], word: int, name: str) -> float:
    """The weighted term frequency of word `word` in field `name`: each matching position counted
    once, at the weight of the strongest kind that can account for it (kinds in KINDS order, then
    any other kind a backend reports, strongest first)."""
    kinds = {kind: n for (i, f, kind), n in counts.items() if i == word and f == name}
    return _tf(kinds, name in HEAD_FIELDS)


def _tf(kinds: Mapping[str, int], exact_known: bool) -> float:
    stem = kinds.get("stem", 0)
    exact = kinds.get("exact", 0) if exact_known else stem
    tf = _kind_weight("exact") * exact + _kind_weight("stem") * max(0, stem - exact)
    covered = max(stem, exact)
    others = sorted((kind for kind in kinds if kind not in KINDS), key=_kind_weight, reverse=True)
    for kind in (*(kind for kind in KINDS if kind not in ("exact", "stem")), *others):
        n = kinds.get(kind, 0)
        if n > covered:
            tf += _kind_weight(kind) * (n - covered)
            covered = n
    return tf


def saturation(tf: float, length: int, name: str) -> float:
    if tf <= 0.0:
        return 0.0
    norm = 1.0 - B + B * length / TYPICAL_LENGTHS[name]
    return tf * (K1 + 1.0) / (tf + K1 * norm)


def field_score(stats: DocStats, idfs: Sequence[float], names: Sequence[str]) -> float:
    """Σ over words and the fields `names` of idf × weight × saturation."""
    grouped: dict[tuple[int, str], dict[str, int]] = {}
    for (i, name, kind), n in stats.counts.items():
        if n and name in names:
            grouped.setdefault((i, name), {})[kind] = n
    total = 0.0
    # in one order whatever the backend's (floating-point sums depend on their order)
    for (i, name), kinds in sorted(grouped.items(), key=lambda item: (item[0][0], _FIELD_INDEX[item[0][1]])):
        length = stats.lengths[_FIELD_INDEX[name]]
        total += idfs[i] * FIELD_WEIGHTS[name] * saturation(_tf(kinds, name in HEAD_FIELDS), length, name)
    return total


_FIELD_INDEX = {name: index for index, name in enumerate(FIELDS)}


def proximity(stats: DocStats, idfs: Sequence[float]) -> float:
    """The bonus of consecutive query words found close together (in the same field: fields lie
    FIELD_GAP > PROXIMITY_WINDOW positions apart)."""
    total = 0.0
    for i in range(len(idfs) - 1):
        a, b = stats.near.get(i, ()), stats.near.get(i + 1, ())
        if not a or not b:
            continue
        distance = _min_distance(a, b)
        if 0 < distance <= PROXIMITY_WINDOW:
            total += PROXIMITY_WEIGHT * min(idfs[i], idfs[i + 1]) / distance
    return total


def _min_distance(a: Sequence[int], b: Sequence[int]) -> int:
    """The smallest |x − y| > 0 of sorted position lists (0 if they share every position)."""
    best, i, j = 0, 0, 0
    while i < len(a) and j < len(b):
        d = abs(a[i] - b[j])
        if d and (not best or d < best):
            best = d
        if a[i] < b[j]:
            i += 1
        else:
            j += 1
    return best


def max_proximity(idfs: Sequence[float]) -> float:
    return sum(PROXIMITY_WEIGHT * min(idfs[i], idfs[i + 1]) for i in range(len(idfs) - 1))


def max_rest(idfs: Sequence[float]) -> float:
    """The most the fields outside the head can add to a relevance (each saturated), with proximity."""
    return sum(idfs) * (K1 + 1.0) * sum(FIELD_WEIGHTS[name] for name in REST_FIELDS) + max_proximity(idfs)


def only_loosely(stats: DocStats, words: int) -> bool:
    """Whether some query word matches the article by a weak kind only (not in STRONG_KINDS)."""
    for i in range(words):
        kinds = {kind for (word, _name, kind), n in stats.counts.items() if word == i and n}
        if kinds and not kinds & set(STRONG_KINDS):
            return True
    return False


def score(stats: DocStats, idfs: Sequence[float], factor: float) -> tuple[int, float]:
    """The score of a match whose statistics are complete: (tier, score), compared in that order;
    tier 0 for an article that some query word matches only loosely (`only_loosely`), else 1."""
    value = (field_score(stats, idfs, FIELDS) + proximity(stats, idfs)) * factor
    return (0 if only_loosely(stats, len(idfs)) else 1), value


def upper_bound(stats: DocStats, idfs: Sequence[float], factor: float, rest: float | None = None) -> tuple[int, float]:
    """The most the score of a match can be, knowing only its head fields (`rest`: max_rest(idfs))."""
    return 1, (field_score(stats, idfs, HEAD_FIELDS) + (max_rest(idfs) if rest is None else rest)) * factor


def sort_key(score_: tuple[int, float], published_at: float | None, pk: int) -> tuple:
    """The sort key (descending) of a match: score, then undated first, then time, then id."""
    return *score_, published_at is None, published_at or 0.0, pk
