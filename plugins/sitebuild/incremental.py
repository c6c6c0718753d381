"""The preview's fast path: write one edited post's page from the last full build kept in memory.

A full build of a large site takes tens of seconds even with Pelican's content cache (every page
is rendered again). While the author writes, the page they look at is the one that changed, so
the preview keeps the generators of its last good full build and, when one post file changes in
a way no other page depends on (same title, date, slug, categories, tags, series, status), reads
that post again and writes only its page. The rest of the site (listings, cheat sheet, snippet
files) follows from a full build the preview runs right after, in the background.

Pelican has no API for this (WRITE_SELECTED still reads and renders every post), so the glue is
ours; it uses Pelican's own reader chain, templates and writer for the one page.

State: a `LastBuild` lives as long as one preview session and is replaced by every full build.
"""

from __future__ import annotations

import gc
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from plugins.sitebuild.errors import problem_text
from plugins.sitebuild.runner import BuildResult, build, logged_problems

# What other pages show of a post, or use to place it: an edit that changes one of these needs a
# full build before the post's own page is right (its series box lists its own title, its
# neighbours depend on its date, ...).
IDENTITY = ("title", "date", "slug", "url", "save_as", "lang", "status", "template", "category",
            "categories", "tags", "authors", "series_name", "series_index", "pin")


@dataclass(frozen=True)
class FastPath:
    """What `LastBuild.edited` decided: a result when it wrote the page, else why it could not."""

    result: BuildResult | None
    reason: str = ""


def identity_change(old, new) -> str:
    """The first identity field that differs between two versions of a post ("" when none does)."""
    for name in IDENTITY:
        if getattr(old, name, None) != getattr(new, name, None):
            return name
    return ""


def carry_over(old, new) -> None:
    """Give the new post what the generators' finalizers added to the old one (neighbours, series place).

    Only valid when `identity_change(old, new)` is "": those values depend on identity fields only.
    """
    for name, value in vars(old).items():
        if name not in vars(new):
            setattr(new, name, value)


class LastBuild:
    """Full builds that keep their generators, and one-post rebuilds from them."""

    def __init__(self, settings_file: str | Path, overrides: dict | None, output: str | Path):
        self.settings_file = settings_file
        self.overrides = dict(overrides or {})
        self.output = Path(output).resolve()
        self._articles = None  # the ArticlesGenerator of the last good full build

    def full(self) -> BuildResult:
        # The last build's posts go before the next build reads its own: kept through it, the two
        # builds' posts would be in memory together (twice a build's memory, in every preview).
        self._articles = None
        gc.collect()  # Pelican's content objects and its context refer to each other
        found: list = []
        result = build(self.settings_file, overrides=self.overrides, output=self.output, observe=found.extend)
        from pelican.generators import ArticlesGenerator

        generators = [g for g in found if isinstance(g, ArticlesGenerator)]
        self._articles = generators[0] if result.ok and generators else None
        return result

    def edited(self, path: str | Path) -> FastPath:
        """Re-read one post and write its page, when nothing else on the site can depend on the edit."""
        started = time.perf_counter()
        generator = self._articles
        if generator is None:
            return FastPath(None, "no full build to start from")
        source = os.path.abspath(path)
        if not os.path.isfile(source):
            return FastPath(None, "the file is gone")  # a removed or renamed post: every listing changes
        old = next((a for a in generator.articles if os.path.abspath(a.source_path) == source), None)
        if old is None:
            return FastPath(None, "not a published post of the last build")
        from plugins.glue import forget_memoized_content

        new, scratch, reason, raised = None, None, "", ""
        with logged_problems() as logged:
            try:
                new, scratch, reason = self._render(generator, source, old)
            except Exception as err:  # noqa: BLE001 -- reported like the full build does
                raised = problem_text(err)
            finally:
                # As a full build ends: Pelican's class-level memo would keep the page just written, and
                # through its post's context every post of this build, past the next full build's
                # gc.collect() and into its reading.
                forget_memoized_content()
        problems = tuple(logged) + ((raised,) if raised and raised not in logged else ())
        if problems:
            if scratch is not None:
                shutil.rmtree(scratch, ignore_errors=True)
            return FastPath(BuildResult(False, self.output, problems, time.perf_counter() - started))
        if scratch is None:
            return FastPath(None, reason)
        self._install(generator, old, new, scratch)
        return FastPath(BuildResult(True, self.output, (), time.perf_counter() - started, 1))

    def _render(self, generator, source: str, old):
        """Read the post again and render its page into a scratch folder beside the output.

        Returns (post, scratch folder, ""), or (None, None, reason) when the edit needs a full build.
        """
        from pelican import signals
        from pelican.contents import Article
        from pelican.writers import Writer

        new = generator.readers.read_file(
            base_path=generator.path, path=os.path.relpath(source, generator.path), content_class=Article,
            context=generator.context, context_signal=signals.article_generator_context, context_sender=generator)
        changed = identity_change(old, new)
        if changed:
            return None, None, f"its {changed} changed"
        carry_over(old, new)
        scratch = Path(tempfile.mkdtemp(prefix=f".{self.output.name}.page-", dir=self.output.parent))
        signals.article_generator_write_article.send(generator, content=new)
        writer = Writer(str(scratch), settings=generator.settings)
        writer.write_file(new.save_as, generator.get_template(new.template), generator.context, article=new,
                          category=new.category, override_output=hasattr(new, "override_save_as"), url=new.url,
                          blog=True, relative_urls=generator.settings["RELATIVE_URLS"])
        return new, scratch, ""

    def _install(self, generator, old, new, scratch: Path) -> None:
        """Put the page in place in one rename and let the kept build know the post's new version."""
        try:
            target = self.output / new.save_as
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(scratch / new.save_as, target)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        generator.articles[generator.articles.index(old)] = new
