"""Each post's URL worked out once, when every post is final, instead of on every use."""

from __future__ import annotations

from itertools import chain


def pin_article_urls(generator) -> None:
    """Give every article its URL as `override_url` (an article_generator_finalized receiver, the first).

    Pelican's Content.url formats ARTICLE_URL again on every access, copying the metadata and
    working out the source path each time; this theme's listings (index pages, tags, categories,
    series, neighbours, the sitemap) read each post's URL about 35 times, which made it a few
    percent of a build. Slugs, dates and categories are final once the articles generator is, so the
    URL is the one Pelican would give on each access; `override_url` is what Pelican itself reads first.
    """
    for article in chain(generator.articles, generator.translations, generator.hidden_articles,
                         generator.hidden_translations, generator.drafts, generator.drafts_translations):
        if not hasattr(article, "override_url"):
            article.override_url = article.url
