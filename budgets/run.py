"""Build the site for 127.0.0.1, then measure every budget of issue 6 against it."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from budgets import lighthouse
from budgets.model import Measure
from budgets.serve import free_port, serving
from budgets.weight import page_weight

PAGE = "posts/docker-1/"  # the first post
WEIGHT_LIMIT_KB = 60
SCORES = {"performance": 95, "accessibility": 100, "best-practices": 95, "seo": 100}


def weight_measures(site: Path, page: str, siteurl: str) -> list[Measure]:
    resources = page_weight(site, page, siteurl)
    outside = [r.path for r in resources if r.gzipped < 0]
    total = sum(r.gzipped for r in resources if r.gzipped >= 0)
    parts = ", ".join(f"{kind} {sum(r.gzipped for r in resources if r.kind == kind) / 1024:.1f}"
                      for kind in ("html", "css", "js"))
    out = [Measure(f"{page} HTML+CSS+JS gzipped", round(total / 1024, 1), WEIGHT_LIMIT_KB, unit=" KB",
                   note=f"({parts} KB)")]
    out.append(Measure("third-party hosts in HTML/CSS/JS links", len(outside), 0, note=", ".join(outside)))
    return out


def lighthouse_measures(result: lighthouse.LighthouseResult) -> list[Measure]:
    if result.error:
        return [Measure("Lighthouse", None, 1, note=result.error.splitlines()[-1] if result.error else "")]
    out = [Measure(f"Lighthouse {name}", result.scores.get(name), limit, at_most=False)
           for name, limit in SCORES.items()]
    out.append(Measure("Lighthouse cumulative layout shift", round(result.cls or 0, 3), 0.0))
    out.append(Measure("requests to other hosts", len(result.third_party), 0, note=", ".join(result.third_party[:3])))
    out.append(Measure("fonts loaded (counted apart)", round(result.font_bytes / 1024, 1), None, unit=" KB"))
    out.append(Measure("images and video loaded (counted apart)", round(result.media_bytes / 1024, 1), None, unit=" KB"))
    return out


def measure(settings_file: Path, build: Callable, lighthouse_bin: Path, validate: Callable | None,
            page: str = PAGE, runs: int = 3, out: Callable[[str], None] = print) -> tuple[list[Measure], list[str]]:
    """All measures, and the lines explaining failures (Lighthouse audits that lost points, invalid HTML)."""
    details: list[str] = []
    with tempfile.TemporaryDirectory(prefix="budgets-") as tmp:
        work = Path(tmp)
        port = free_port()
        siteurl = f"http://127.0.0.1:{port}"
        out(f"building with SITEURL={siteurl}")
        result = build(settings_file, overrides={"SITEURL": siteurl, "FEED_DOMAIN": siteurl,
                                                 "CACHE_PATH": str(work / "cache"),
                                                 "SEARCH": {"index": True}}, output=work / "site")
        if not result.ok:
            return [Measure("build", None, 1, note="; ".join(result.problems)[:300])], list(result.problems)
        site = result.output
        measures = weight_measures(site, page, siteurl)
        if lighthouse_bin.exists():
            out(f"Lighthouse on {siteurl}/{page}, {runs} runs (the median counts; about 20 s each)")
            with serving(site, port) as url:
                reports = [lighthouse.run(lighthouse_bin, f"{url}/{page}", work) for _ in range(runs)]
            report = lighthouse.median(reports)
            measures += lighthouse_measures(report)
            details += [f"lost points: {line}" for line in report.failing]
        else:
            measures.append(Measure("Lighthouse", None, 1, note=f"{lighthouse_bin} is missing; run `npm ci`"))
        if validate is not None:
            pages = sum(1 for _ in site.rglob("*.html"))
            out(f"validating {pages} pages with the Nu HTML checker")
            checked = validate(site)
            measures.append(Measure(f"invalid pages (Nu checker, {pages} pages)", len(checked.problems), 0))
            details += list(checked.problems)[:40]
    return measures, details
