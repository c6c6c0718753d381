"""Two-level categories (Chirpy's `categories: [Top, Sub]`): every level gets a listing page."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CategoryNode:
    category: object  # pelican.urlwrappers.Category
    articles: tuple
    children: tuple  # CategoryNode of the second level


def listings(articles) -> list[tuple[object, list]]:
    """(category, articles) for every category at either level, sorted by name."""
    by_category: dict = {}
    for article in articles:
        for category in getattr(article, "categories", None) or [article.category]:
            by_category.setdefault(category, []).append(article)
    return sorted(by_category.items(), key=lambda item: item[0].name.lower())


def tree(articles) -> tuple[CategoryNode, ...]:
    """Top-level categories with their subcategories, for the categories page."""
    tops: dict = {}
    for article in articles:
        cats = getattr(article, "categories", None) or [article.category]
        top = cats[0]
        entry = tops.setdefault(top, {"articles": [], "subs": {}})
        entry["articles"].append(article)
        if len(cats) > 1:
            entry["subs"].setdefault(cats[1], []).append(article)
    return tuple(
        CategoryNode(top, tuple(v["articles"]),
                     tuple(CategoryNode(sub, tuple(arts), ()) for sub, arts in sorted(v["subs"].items(), key=lambda i: i[0].name.lower())))
        for top, v in sorted(tops.items(), key=lambda i: i[0].name.lower())
    )
