"""Pelican glue: register the Chirpy reader and the two-level category listings."""

from __future__ import annotations

from pelican import signals

from chirpy_reader import categories
from chirpy_reader.reader import ChirpyReader


def add_reader(readers) -> None:
    for ext in ChirpyReader.file_extensions:
        readers.reader_classes[ext] = ChirpyReader


def add_category_levels(generator) -> None:
    generator.categories = categories.listings(generator.articles)
    generator.context["categories"] = generator.categories
    generator.context["category_tree"] = categories.tree(generator.articles)


def register() -> None:
    signals.readers_init.connect(add_reader)
    signals.article_generator_finalized.connect(add_category_levels)
