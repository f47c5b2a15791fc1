"""Arabic-first text processing for matching and search (pure Python, no Django).

normalize → tokenize → stop words → stem/skeleton → analyze/index_document;
parse_query → to_tsquery / to_fts5; snippet. Key scheme: see analyzer.py;
query language: see query.py.
"""

from articles.text.analyzer import (
    FIELD_GAP,
    KINDS,
    SKELETON_MARK,
    STEM_MARK,
    IndexedDocument,
    Term,
    analyze,
    fts5_column,
    fts5_quote,
    index_document,
    index_keys,
    pg_quote,
)
from articles.text.normalize import normalize
from articles.text.query import (
    Phrase,
    Query,
    QueryError,
    Word,
    either,
    parse_query,
    pg_phrase_alternatives,
    to_fts5,
    to_tsquery,
)
from articles.text.snippet import snippet
from articles.text.stem import skeleton, stem, variant_stems
from articles.text.stopwords import STOP_WORDS
from articles.text.tokenize import Token, tokenize

__all__ = [
    "FIELD_GAP",
    "KINDS",
    "SKELETON_MARK",
    "STEM_MARK",
    "STOP_WORDS",
    "IndexedDocument",
    "Phrase",
    "Query",
    "QueryError",
    "Term",
    "Token",
    "Word",
    "analyze",
    "either",
    "fts5_column",
    "fts5_quote",
    "index_document",
    "index_keys",
    "normalize",
    "parse_query",
    "pg_phrase_alternatives",
    "pg_quote",
    "skeleton",
    "snippet",
    "stem",
    "to_fts5",
    "to_tsquery",
    "tokenize",
    "variant_stems",
]
