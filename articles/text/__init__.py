"""Arabic-first text processing for matching and search (pure Python: no Django, no database).

normalize → tokenize → stop words → stem/skeleton → analyze; parse_query (the search-box
language); snippet. How the keys are stored and queries compiled for each database is
articles/search's business.
"""

from articles.text.analyzer import KINDS, Piece, Term, analyze, chunk_pieces, matching_spans, pieces
from articles.text.normalize import identifier, normalize
from articles.text.query import Phrase, Query, QueryError, Word, check_kinds, either, parse_query
from articles.text.snippet import snippet
from articles.text.stem import skeleton, stem, variant_stems
from articles.text.stopwords import STOP_WORDS
from articles.text.tokenize import MAX_TOKEN_LENGTH, Token, tokenize

__all__ = [
    "KINDS",
    "MAX_TOKEN_LENGTH",
    "STOP_WORDS",
    "Phrase",
    "Piece",
    "Query",
    "QueryError",
    "Term",
    "Token",
    "Word",
    "analyze",
    "check_kinds",
    "chunk_pieces",
    "either",
    "identifier",
    "matching_spans",
    "normalize",
    "parse_query",
    "pieces",
    "skeleton",
    "snippet",
    "stem",
    "tokenize",
    "variant_stems",
]
