"""A synthetic Arabic news corpus for benchmarks (manage.py generate_corpus); see generate.py."""
