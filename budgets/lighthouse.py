"""Run Lighthouse (npm lighthouse@12, from node_modules/) against Debian's Chromium and read its scores."""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

# The flags TOOLS-VERIFIED.md lists for this machine's Chromium.
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --no-first-run --disable-background-networking "
                "--disable-component-update --disable-sync")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


@dataclass(frozen=True)
class LighthouseResult:
    scores: dict[str, float]  # category -> 0..100
    cls: float | None
    failing: tuple[str, ...]  # audits that lost points: "id: title"
    font_bytes: int
    media_bytes: int
    third_party: tuple[str, ...]  # requests to any other host
    error: str = ""


def command(lighthouse: Path, url: str, report: Path) -> list[str]:
    return [str(lighthouse), url, f"--chrome-flags={CHROME_FLAGS}", "--output=json", f"--output-path={report}",
            f"--only-categories={','.join(CATEGORIES)}", "--quiet"]


def read_report(data: dict, origin: str) -> LighthouseResult:
    scores = {c: round((data["categories"][c]["score"] or 0) * 100) for c in CATEGORIES if c in data["categories"]}
    audits = data.get("audits", {})
    failing = []
    for category in data["categories"].values():
        for ref in category.get("auditRefs", []):
            audit = audits.get(ref["id"], {})
            if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
                failing.append(f"{category['id']}: {ref['id']}: {audit.get('title', '')}")
    cls = audits.get("cumulative-layout-shift", {}).get("numericValue")
    requests = audits.get("network-requests", {}).get("details", {}).get("items", [])
    fonts = sum(r.get("transferSize", 0) for r in requests if r.get("resourceType") == "Font")
    media = sum(r.get("transferSize", 0) for r in requests if r.get("resourceType") in ("Image", "Media"))
    third = tuple(sorted({r["url"] for r in requests
                          if r.get("url", "").startswith("http") and not r["url"].startswith(origin)}))
    return LighthouseResult(scores, cls, tuple(failing), fonts, media, third)


def run(lighthouse: Path, url: str, workdir: Path) -> LighthouseResult:
    report = workdir / "lighthouse.json"
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    done = subprocess.run(command(lighthouse, url, report), check=False, capture_output=True, text=True,
                          env=env, timeout=300)
    if done.returncode != 0 or not report.is_file():
        return LighthouseResult({}, None, (), 0, 0, (), error=(done.stderr or done.stdout).strip()[-1500:])
    origin = url.split("/", 3)
    return read_report(json.loads(report.read_text(encoding="utf-8")), "/".join(origin[:3]))


def median(results: list[LighthouseResult]) -> LighthouseResult:
    """The run with the median performance score (Lighthouse's own advice for noisy machines); an error if all failed."""
    good = sorted((r for r in results if not r.error), key=lambda r: r.scores.get("performance", 0))
    if not good:
        return results[-1]
    return good[len(good) // 2]
