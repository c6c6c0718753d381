"""Reader for Chirpy-style posts: YAML front matter, kramdown/GFM Markdown, two-level categories."""

from chirpy_reader.plugin import register

__all__ = ["register"]
