"""PostgreSQL: queries compiled to tsquery text for the stored lexemes (see encoding.py).

`to_tsquery` compiles the query language for any key kinds (ranking uses exact forms only);
`match_query` is what `search_vector` is matched with (stems, skeletons and word pairs).
"""

from collections.abc import Iterable
from itertools import pairwise

from django.db.models import BooleanField, Expression

from articles.search.postgresql.encoding import MATCH_KINDS, STEM_MARK, pair_key, pg_quote, word_lexemes
from articles.text import KINDS, Phrase, Query, Word, check_kinds, either


def _pg_word(word: Word, kinds: tuple[str, ...]) -> str:
    return either(pg_quote(lexeme) for lexeme in word_lexemes(word, kinds))


def _pg_phrase(words: tuple[Word, ...], keys: tuple[tuple[str, ...], ...]) -> str:
    """``(k1 <-> k2 <2> k4)``: each non-stop word as ``'k'`` or ``('k' | 'k2' …)``, stop words as gaps."""
    parts: list[str] = []
    distance = 1
    for word, alternatives in zip(words, keys, strict=True):
        if word.stop:
            distance += 1
            continue
        if parts:
            parts.append("<->" if distance == 1 else f"<{distance}>")
        parts.append(either(pg_quote(key) for key in alternatives))
        distance = 1
    return "(" + " ".join(parts) + ")"


def pg_phrase_alternatives(phrase: Phrase) -> list[str]:
    """The tsquery of each way ``phrase`` may match by stems (Phrase.spellings)."""
    return [
        _pg_phrase(phrase.words, tuple(tuple(STEM_MARK + key for key in keys) for keys in spelling))
        for spelling in phrase.spellings()
    ]


def _pg_clause(clause: Word | Phrase, kinds: tuple[str, ...]) -> str:
    if isinstance(clause, Word):
        return _pg_word(clause, kinds)
    if "stem" not in kinds:
        return _pg_phrase(clause.words, tuple((word.exact,) for word in clause.words))
    return either(pg_phrase_alternatives(clause))


def to_tsquery(query: Query, kinds: tuple[str, ...] = KINDS) -> str:
    """The query as tsquery input text, for ``%s::tsquery`` (NOT PostgreSQL's to_tsquery()).

    A word is ``('x' | '~s' | '~bs' | '~ls' | '^k')`` (clitic stems after the stem);
    a phrase ``('~s1' <-> '~s2' <2> '~s4')``, with a word that has variants (variant
    and clitic stems) as ``('~s2' | '~v1' | '~v2')``, one such phrase per word with
    variants, joined with ``|`` (exact forms ``'x1' <-> 'x2'`` without the
    stem kind); an OR group ``(c1 | c2)``; groups are joined with ``&`` and exclusions
    appended as ``& !c``.

    >>> from articles.text import parse_query
    >>> to_tsquery(parse_query("البتكوين -إيران"))
    "('البتكوين' | '~بتكو' | '~ببتكو' | '~لبتكو' | '^بتكن') & !('ايران' | '~ايران' | '^ارن')"
    """
    check_kinds(kinds)
    parts = []
    for group in query.groups:
        parts.append(either(_pg_clause(clause, kinds) for clause in group))
    text = " & ".join(parts)
    for clause in query.excluded:
        text += " & !" + _pg_clause(clause, kinds)
    return text


def match_query(query: Query, *, superset: bool = False) -> str:
    """The tsquery that `search_vector` is matched with (the analyzer's to_tsquery, adapted).

    Words match by stem or skeleton (MATCH_KINDS). A phrase matches by stems at the phrase's
    distances, as on SQLite, one of its words possibly by the stem of a nearby spelling
    (Phrase.spellings, stem.variant_stems), and is prefixed with its word pairs:
    ``('=a_b' & '=b_c' & (~a <-> ~b <-> ~c))``, or, when b has variant stems b2 and b3,
    ``(('=a_b' | '=a_b2' | '=a_b3') & ('=b_c' | '=b2_c' | '=b3_c') & (~a <-> (~b | ~b2 | ~b3) <-> ~c))``
    (with several words that have variants, each pair lists the spellings of both its words,
    and the phrases of the words, one word spelled differently in each, are joined with ``|``).
    The pairs let the GIN index narrow a phrase of common words down to the articles that have
    those words, or those spellings, side by side: a variant pair that no article has costs one
    index lookup. Every match has these pairs, so the result is that of the phrases alone. A
    phrase of two words side by side is its pair alone (`pairs_are_the_phrase`): the index
    answers it without reading any row's positions.

    With `superset`, a looser query that every match also matches, made for the GIN index and
    the planner's estimates: a phrase becomes its first pair (with its spellings) and an excluded
    phrase is left out. (PostgreSQL multiplies the selectivities of all the lexemes of a query,
    which for a phrase's pairs and words, all strongly correlated, underestimates a common phrase
    a hundredfold.)
    """

    def word(item: Word) -> str:
        return either(pg_quote(lexeme) for lexeme in word_lexemes(item, MATCH_KINDS))

    def any_of(keys: Iterable[str]) -> str:
        return either(pg_quote(key) for key in dict.fromkeys(keys))

    def clause(item) -> str:
        if isinstance(item, Word):
            return word(item)
        indexed = [i for i, w in enumerate(item.words) if not w.stop]
        spellings = item.spellings()
        pairs = [
            any_of(pair_key(a, b, j - i - 1) for spelling in spellings for a in spelling[i] for b in spelling[j])
            for i, j in pairwise(indexed)
        ]
        if superset or pairs_are_the_phrase(item):
            return pairs[0]
        phrases = pg_phrase_alternatives(item)
        return "(" + " & ".join([*pairs, either(phrases)]) + ")"

    parts = []
    for group in query.groups:
        parts.append(either(clause(item) for item in group))
    text = " & ".join(parts)
    for item in query.excluded:
        if not (superset and isinstance(item, Phrase)):
            text += " & !" + clause(item)
    return text


def pairs_are_the_phrase(phrase: Phrase) -> bool:
    """Whether `phrase` is two indexed words side by side (stop words at its ends do not count):
    then an article matches it exactly when its search_vector has the phrase's pair (pair_key;
    both match by stem, spellings included, within one field)."""
    indexed = [i for i, word in enumerate(phrase.words) if not word.stop]
    return len(indexed) == 2 and indexed[1] == indexed[0] + 1


def needs_positions(query: Query) -> bool:
    """Whether matching `query` needs the positions of words (a phrase that its pairs do not answer)."""
    clauses = [*(item for group in query.groups for item in group), *query.excluded]
    return any(isinstance(item, Phrase) and not pairs_are_the_phrase(item) for item in clauses)


class VectorMatch(Expression):
    """``search_vector @@ '<tsquery>'`` (see match_query).

    A query with a phrase becomes ``search_vector @@ '<superset>' AND ts_match_vq(search_vector,
    '<query>')``: the index and the estimates see the superset, and the exact test (a function
    call, which the planner does not multiply in) runs on the rows it lets through. With
    `superset`, only the first part: what the index returns, for estimating a window's work.
    """

    output_field = BooleanField()

    def __init__(self, query: Query, *, superset: bool = False):
        super().__init__()
        self.query = query
        self.superset = superset  # the index's part only (for estimates)

    def as_sql(self, compiler, connection):
        column = f"{compiler.quote_name_unless_alias(compiler.query.get_initial_alias())}.search_vector"
        if self.superset or not needs_positions(self.query):
            return f"{column} @@ %s::tsquery", [match_query(self.query, superset=self.superset)]
        sql = f"({column} @@ %s::tsquery AND ts_match_vq({column}, %s::tsquery))"
        return sql, [match_query(self.query, superset=True), match_query(self.query)]
