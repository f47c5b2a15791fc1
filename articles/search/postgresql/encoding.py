"""How a search document is stored on PostgreSQL: tsvector literals of the analyzer's keys.

Lexemes: a word's exact form as it is, its stem as ``~stem``, its skeleton as ``^skeleton``, its
loose keys (when it has any: hamza on waw or ya, a word in ه) as ``%loose`` (articles.text.analyzer's
key scheme: a lexeme's first character tells its kind, LEXEME_KINDS). All keys of a word share its
position (1-based, counting stop words, continued across fields FIELD_GAP apart so that phrases
never match across fields; clamped to 16383, at most 256 positions per lexeme, as PostgreSQL
would) and carry the field's weight A–D. Keys are made of word characters only, so an exact
lexeme never starts with ``~``, ``%``, ``^`` or ``=`` and never holds a quote or a backslash
(pg_quote escapes them all the same).

Two columns on ``articles_article``, written with ``%s::tsvector`` (never ``to_tsvector``, whose
parser would split the marks), deliberately not model fields so that the ORM never loads one:

- ``search_vector``: the whole document's stem, skeleton and loose lexemes (MATCH_KINDS) and its word
  pairs (`pair_key`, with the stop words between them counted: a two-word phrase is its pair),
  GIN-indexed with the article's publication keys, for matching;
- ``search_head``: the ranking fields (ranking.RANK_FIELDS, weighted by HEAD_WEIGHTS) with all
  three key kinds, small, for ranking.
"""

from collections.abc import Mapping

from articles.search.document import DOCUMENT_FIELDS, Document
from articles.search.ranking import RANK_FIELDS
from articles.text import KINDS, Word, chunk_pieces
from articles.text.tokenize import ChunkCache

STEM_MARK = "~"
SKELETON_MARK = "^"
LOOSE_MARK = "%"
#: Marks the lexemes of word pairs in `search_vector`; the analyzer's keys are made of word
#: characters only, so they never start with it.
PAIR_MARK = "="
#: Positions skipped between two fields of a document.
FIELD_GAP = 100
PG_MAX_POSITION = 16383
PG_MAX_POSITIONS_PER_LEXEME = 256
_WEIGHTS = frozenset("ABCD")
#: The key kinds stored in `search_vector`. A word's exact form always has the same stem, so exact
#: lexemes add nothing to matching: leaving them out makes the vector about 40% smaller (cheaper to
#: read per row); exact forms count in the ranking, from `search_head`.
MATCH_KINDS = ("stem", "skeleton", "loose")
#: The ranking fields' weights in the `search_head` vector: one letter per field, so that a tsquery
#: can be restricted to one field.
HEAD_WEIGHTS = {"headline": "A", "summary": "B", "about": "C"}
_MARKS = {"exact": "", "stem": STEM_MARK, "skeleton": SKELETON_MARK, "loose": LOOSE_MARK}
#: The kind of a stored lexeme by its first character (an exact form has no mark; pairs are not keys).
LEXEME_KINDS = {STEM_MARK: "stem", SKELETON_MARK: "skeleton", LOOSE_MARK: "loose"}
#: The GIN index of `search_vector` with each article's publication keys (migration 0014), as
#: PostgreSQL spells it (bulk loaders drop it while they write and build it again from this).
SEARCH_INDEX_NAME = "article_search_vector_idx"
SEARCH_INDEX_SQL = (
    "CREATE INDEX article_search_vector_idx ON articles_article USING gin (search_vector, "
    "newsroom_publication_keys(published_at))"
)


def lexemes(
    exact: str, stem: str, skeleton: str | None, kinds: tuple[str, ...] = KINDS, *, loose: tuple[str, ...] = ()
) -> tuple[str, ...]:
    """The lexemes of a text word's keys (in KINDS order), limited to ``kinds``."""
    out = []
    if "exact" in kinds:
        out.append(exact)
    if "stem" in kinds:
        out.append(STEM_MARK + stem)
    if skeleton and "skeleton" in kinds:
        out.append(SKELETON_MARK + skeleton)
    if "loose" in kinds:
        out.extend(LOOSE_MARK + key for key in loose)
    return tuple(out)


def word_lexemes(word: Word, kinds: tuple[str, ...] = KINDS) -> tuple[str, ...]:
    """The lexemes that match a query word (Word.keys(): clitic stems, letter variants), limited to
    ``kinds``, in KINDS order. The loose kind is the word's loose lexemes and its loose keys among
    stems (Word.loose_stems: ``'%موتمر' | '~موتمر'`` for مؤتمر)."""
    keys = word.keys()
    out = []
    for kind in KINDS:
        if kind in kinds:
            out.extend(_MARKS[kind] + key for key in keys[kind])
            if kind == "loose":
                out.extend(STEM_MARK + key for key in word.loose_stems())
    return tuple(out)


def pg_quote(lexeme: str) -> str:
    """Quote a lexeme for tsvector/tsquery input: '...' with ' doubled and \\ escaped."""
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def _quoted_chunk(chunk: str) -> tuple[tuple[str, ...], ...]:
    """For each token of a chunk, its quoted lexemes (empty for a token that is not indexed)."""
    return tuple(
        tuple(pg_quote(lexeme) for lexeme in lexemes(piece.exact, piece.stem, piece.skeleton, loose=piece.loose))
        if piece.indexed
        else ()
        for piece in chunk_pieces(chunk)
    )


#: Memo of chunk → quoted lexemes of its tokens (news vocabulary is Zipfian).
_quoted = ChunkCache(_quoted_chunk, 32768)


def tsvector(fields: Mapping[str, tuple[str, str]]) -> str:
    """The tsvector literal of a document given as ``{field: (text, weight)}``, weight in A–D.

    Fields are indexed in mapping order; positions start at 1 and continue across fields,
    FIELD_GAP apart.

    >>> tsvector({"title": ("البتكوين في إيران", "A")})
    "'البتكوين':1A '~بتكو':1A '^بتكن':1A 'ايران':3A '~ايران':3A '^ارن':3A"
    """
    postings: dict[str, list[str]] = {}
    get = postings.get
    last = 0
    for _field, (text, weight) in fields.items():
        if weight not in _WEIGHTS:
            raise ValueError(f"weight must be one of A, B, C, D: {weight!r}")
        pos = last + FIELD_GAP if last else 0
        for chunk in text.split():
            for quoted in _quoted[chunk]:
                pos += 1
                if not quoted:
                    continue
                tag = f"{pos if pos < PG_MAX_POSITION else PG_MAX_POSITION}{weight}"
                for lexeme in quoted:
                    positions = get(lexeme)
                    if positions is None:
                        postings[lexeme] = [tag]
                    elif len(positions) < PG_MAX_POSITIONS_PER_LEXEME and positions[-1] != tag:
                        positions.append(tag)
        if pos > (last + FIELD_GAP if last else 0):
            last = pos
    return " ".join(f"{lexeme}:{','.join(positions)}" for lexeme, positions in postings.items())


def index_keys(text: str) -> set[str]:
    """The set of lexemes (unquoted) that ``text`` is indexed under."""
    return {
        lexeme
        for chunk in text.split()
        for piece in chunk_pieces(chunk)
        if piece.indexed
        for lexeme in lexemes(piece.exact, piece.stem, piece.skeleton, loose=piece.loose)
    }


def pair_key(first_stem: str, second_stem: str, gap: int = 0) -> str:
    """The lexeme of two consecutive indexed words of a field, `gap` unindexed words (stop words,
    over-long tokens) apart: ``=a_b`` when they are side by side, ``=a_2_b`` with two stop words
    between them (stems never hold ``_``). So a side-by-side pair says exactly what a phrase of
    those two words asks: that the index has it is the match (see query.match_query)."""
    return f"{PAIR_MARK}{first_stem}_{gap}_{second_stem}" if gap else f"{PAIR_MARK}{first_stem}_{second_stem}"


def pair_lexemes(fields: Mapping[str, tuple[str, str]]) -> str:
    """The quoted pair lexemes of a document (each field's consecutive indexed words, stop words
    between them counted; fields in DOCUMENT_FIELDS order), without positions, space-separated."""
    keys: dict[str, None] = {}
    for field, _weight in DOCUMENT_FIELDS:
        text = fields[field][0] if field in fields else ""
        previous, gap = None, 0
        for chunk in text.split():
            for piece in chunk_pieces(chunk):
                if not piece.indexed:
                    gap += 1
                    continue
                if previous is not None:
                    keys[pair_key(previous, piece.stem, gap)] = None
                previous, gap = piece.stem, 0
    return " ".join(pg_quote(key) for key in keys)


def _matching_lexemes(vector: str) -> str:
    """A tsvector literal without its exact-form lexemes (see MATCH_KINDS)."""
    return " ".join(item for item in vector.split(" ") if item[1:2] in LEXEME_KINDS)


def matching_vector(fields: Document) -> str:
    """The tsvector literal of `search_vector`: stem, skeleton and loose lexemes, then word pairs."""
    ordered = {field: fields.get(field, ("", weight)) for field, weight in DOCUMENT_FIELDS}
    return f"{_matching_lexemes(tsvector(ordered))} {pair_lexemes(ordered)}".strip()


def head_vector(fields: Document) -> str:
    """The tsvector literal of `search_head`: the ranking fields, each with its HEAD_WEIGHTS letter."""
    return tsvector({field: (fields[field][0], HEAD_WEIGHTS[field]) for field in RANK_FIELDS})
