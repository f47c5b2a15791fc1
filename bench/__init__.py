"""Benchmarks and their data (not part of the product). Also a small Django app (no model, no
URL), installed so that `manage.py generate_corpus` is available to build benchmark corpora."""
