from articles.text.normalize import normalize

__all__ = ["normalize"]
