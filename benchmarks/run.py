"""Time this site's build against plain Pelican on the same generated posts, and check the budgets.

Usage: python benchmarks/run.py [--sizes 100,1000,5000] [--quick] [--reps 3] [--update-readme]
Every build runs in its own child process (benchmarks/child.py); the order ours/plain alternates
between repetitions; the table shows medians. Writes benchmarks/results/latest.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import runpy
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import itertools

from generate import generate, post_name

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results"
README = HERE / "README.md"
CHILD = HERE / "child.py"
FLAVORS = ("ours", "plain")
METRICS = ("cold", "warm", "edit")
MIB = 1024 * 1024
CHILD_TIMEOUT = 3600  # seconds; a build that takes an hour is a result of its own

# Budgets from issue 10: (name, what it compares, limit).
BUILD_RATIO_LIMIT = 1.15
EDIT_LIMIT_SECONDS = 1.0
GROWTH_LIMIT = 5.5
MEMORY_LIMIT_BYTES = 1024 * MIB


@dataclass(frozen=True)
class Sample:
    posts: int
    flavor: str  # ours | plain | snippets
    metric: str  # cold | warm | edit | snippets | profile
    rep: int
    ok: bool
    seconds: float | None  # the child's own clock: imports + build (edit: save → written page)
    wall: float  # the parent's clock around the whole child process
    max_rss: int  # bytes, the child's peak resident set (os.wait4)
    detail: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Budget:
    name: str
    value: str
    limit: str
    status: str  # PASS | FAIL | SKIP


def run_child(spec: dict, log: Path) -> tuple[dict, float, int]:
    """Run one child; return (its result, wall seconds, peak RSS in bytes)."""
    with tempfile.TemporaryDirectory(prefix="bench-spec-") as tmp:
        spec_path, result_path = Path(tmp, "spec.json"), Path(tmp, "result.json")
        spec_path.write_text(json.dumps(spec), encoding="utf-8")
        with log.open("ab") as out:
            out.write(f"\n== {json.dumps(spec, ensure_ascii=False)}\n".encode())
            out.flush()
            started = time.perf_counter()
            proc = subprocess.Popen([sys.executable, str(CHILD), str(spec_path), str(result_path)],
                                    stdout=out, stderr=subprocess.STDOUT, cwd=ROOT)
            deadline = started + CHILD_TIMEOUT
            while True:
                pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
                if pid:
                    break
                if time.perf_counter() > deadline:
                    proc.kill()
                    pid, status, usage = os.wait4(proc.pid, 0)
                    break
                time.sleep(0.01)
            wall = time.perf_counter() - started
            proc.returncode = os.waitstatus_to_exitcode(status)
        rss = usage.ru_maxrss * 1024  # Linux reports KiB
        if proc.returncode != 0 or not result_path.is_file():
            return {"ok": False, "problems": [f"child exited with {proc.returncode}; see {log}"]}, wall, rss
        return json.loads(result_path.read_text(encoding="utf-8")), wall, rss


def site_dirs(work: Path, posts: int, flavor: str) -> dict:
    base = work / f"n{posts}" / flavor
    return {"content": str(work / f"n{posts}" / "content"), "cache": str(base / "cache"),
            "output": str(base / "output")}


def clean(dirs: dict) -> None:
    for key in ("cache", "output"):
        shutil.rmtree(dirs[key], ignore_errors=True)


def measure(kind: str, spec: dict, posts: int, flavor: str, metric: str, rep: int, log: Path) -> Sample:
    result, wall, rss = run_child({"kind": kind, **spec}, log)
    ok = bool(result.get("ok"))
    sample = Sample(posts, flavor, metric, rep, ok, result.get("seconds"), wall, rss,
                    {k: v for k, v in result.items() if k not in ("ok", "seconds")})
    shown = f"{sample.seconds:.2f} s" if ok and sample.seconds is not None else "FAILED"
    print(f"  n={posts:<5} {flavor:<5} {metric:<5} rep {rep}: {shown}  (peak {rss / MIB:.0f} MiB)", flush=True)
    if not ok:
        for problem in result.get("problems", [])[:5]:
            print(f"      {problem.splitlines()[0] if problem else problem}", flush=True)
    return sample


def measure_flavor(work: Path, posts: int, flavor: str, rep: int, log: Path) -> list[Sample]:
    """Cold build (no cache, no output), warm build (the cache the cold one left), one-post edit."""
    dirs = site_dirs(work, posts, flavor)
    clean(dirs)
    spec = {"flavor": flavor, **dirs}
    samples = [measure("build", spec, posts, flavor, "cold", rep, log)]
    samples.append(measure("build", spec, posts, flavor, "warm", rep, log))
    edited, _slug = post_name(posts // 2)
    spec = {**spec, "post": str(Path(dirs["content"], "posts", edited))}
    samples.append(measure("edit", spec, posts, flavor, "edit", rep, log))
    return samples


def measure_size(work: Path, posts: int, reps: int, seed: int, log: Path) -> list[Sample]:
    print(f"generating {posts} posts (seed {seed})", flush=True)
    generate(work / f"n{posts}", posts, seed)
    samples: list[Sample] = []
    for rep in range(reps):
        order = FLAVORS if rep % 2 == 0 else tuple(reversed(FLAVORS))
        for flavor in order:
            samples += measure_flavor(work, posts, flavor, rep, log)
        spec = {"content": site_dirs(work, posts, "ours")["content"]}
        samples.append(measure("snippets", spec, posts, "snippets", "snippets", rep, log))
    return samples


def profile(work: Path, posts: int, log: Path) -> dict:
    """Profile a cold build of ours with pyinstrument; reports go next to latest.json."""
    dirs = site_dirs(work, posts, "ours")
    clean(dirs)
    paths = {k: str(RESULTS / f"profile-ours-{posts}.{ext}")
             for k, ext in (("profile_text", "txt"), ("profile_flat", "flat.txt"), ("profile_html", "html"))}
    measure("profile", {"flavor": "ours", **dirs, **paths}, posts, "ours", "profile", 0, log)
    return paths


def median(samples: list[Sample], posts: int, flavor: str, metric: str) -> float | None:
    values = [s.seconds for s in samples if (s.posts, s.flavor, s.metric) == (posts, flavor, metric)
              and s.ok and s.seconds is not None]
    return statistics.median(values) if values else None


def peak(samples: list[Sample], posts: int, flavor: str) -> int | None:
    values = [s.max_rss for s in samples if (s.posts, s.flavor) == (posts, flavor) and s.ok]
    return max(values) if values else None


def summarize(samples: list[Sample], sizes: list[int]) -> dict:
    table: dict = {}
    for n in sizes:
        row: dict = {}
        for metric in METRICS:
            ours, plain = median(samples, n, "ours", metric), median(samples, n, "plain", metric)
            row[metric] = {"ours": ours, "plain": plain, "ratio": ours / plain if ours and plain else None}
        row["peak_rss_mib"] = {f: (peak(samples, n, f) or 0) / MIB or None for f in FLAVORS}
        snip = [s for s in samples if (s.posts, s.flavor) == (n, "snippets") and s.ok]
        seconds = [s.seconds for s in snip if s.seconds is not None]
        row["snippets"] = ({"seconds": statistics.median(seconds), "count": snip[0].detail.get("snippets"),
                            "per_snippet_ms": statistics.median(s.detail["per_snippet_ms"] for s in snip
                                                                if s.seconds is not None and s.detail.get("per_snippet_ms")),
                            "tiers": snip[0].detail.get("tiers")}
                           if seconds else {"skipped": snip[0].detail.get("skipped") if snip else "not run"})
        table[str(n)] = row
    return table


def check_budgets(table: dict) -> list[Budget]:
    def get(n, metric, flavor):
        return table.get(str(n), {}).get(metric, {}).get(flavor)

    budgets = []
    ours, plain = get(1000, "cold", "ours"), get(1000, "cold", "plain")
    budgets.append(_budget("full build, 1,000 posts, ours/plain", ours / plain if ours and plain else None,
                           BUILD_RATIO_LIMIT, "{:.2f}×", "≤ {:.2f}×"))
    budgets.append(_budget("one-post edit, 1,000 posts (save → page)", get(1000, "edit", "ours"),
                           EDIT_LIMIT_SECONDS, "{:.2f} s", "< {:.1f} s"))
    big, small = get(5000, "cold", "ours"), get(1000, "cold", "ours")
    budgets.append(_budget("growth, 5,000 / 1,000 posts (cold build)", big / small if big and small else None,
                           GROWTH_LIMIT, "{:.2f}×", "≤ {:.1f}×"))
    rss = table.get("5000", {}).get("peak_rss_mib", {}).get("ours")
    budgets.append(_budget("peak memory, 5,000 posts", rss, MEMORY_LIMIT_BYTES / MIB, "{:.0f} MiB", "< {:.0f} MiB"))
    return budgets


def _budget(name: str, value: float | None, limit: float, value_fmt: str, limit_fmt: str) -> Budget:
    if value is None:
        return Budget(name, "not measured", limit_fmt.format(limit), "SKIP")
    return Budget(name, value_fmt.format(value), limit_fmt.format(limit), "PASS" if value <= limit else "FAIL")


def _fmt(value: float | None, pattern: str = "{:.2f}") -> str:
    return pattern.format(value) if value is not None else "–"


def render_table(table: dict, budgets: list[Budget], reps: int) -> str:
    lines = [f"Medians of {reps} run(s); seconds include Python start-up imports of Pelican and the plugins.", "",
             "| posts | measure | this site | plain Pelican | ratio |", "|---:|:---|---:|---:|---:|"]
    names = {"cold": "full build, no cache", "warm": "full build, warm cache", "edit": "one-post edit (save → page)"}
    for n, row in table.items():
        for metric in METRICS:
            m = row[metric]
            lines.append(f"| {int(n):,} | {names[metric]} | {_fmt(m['ours'])} s | {_fmt(m['plain'])} s | "
                         f"{_fmt(m['ratio'], '{:.2f}×')} |")
        rss = row["peak_rss_mib"]
        ratio = rss["ours"] / rss["plain"] if rss["ours"] and rss["plain"] else None
        lines.append(f"| {int(n):,} | peak memory | {_fmt(rss['ours'], '{:.0f}')} MiB | "
                     f"{_fmt(rss['plain'], '{:.0f}')} MiB | {_fmt(ratio, '{:.2f}×')} |")
        snip = row["snippets"]
        if "seconds" in snip:
            lines.append(f"| {int(n):,} | snippet extraction ({snip['count']:,} snippets) | {snip['seconds']:.2f} s "
                         f"({snip['per_snippet_ms']:.3f} ms each) | | |")
            tiers = snip.get("tiers") or {}
            if "skipped" in tiers:
                lines.append(f"| {int(n):,} | static + sandbox tiers | skipped: {tiers['skipped']} | | |")
        else:
            lines.append(f"| {int(n):,} | snippet extraction | skipped: {snip['skipped']} | | |")
    sizes = [int(n) for n in table]
    for small, big in itertools.pairwise(sizes):
        for flavor, label in (("ours", "this site"), ("plain", "plain Pelican")):
            a, b = table[str(small)]["cold"][flavor], table[str(big)]["cold"][flavor]
            if a and b:
                lines.append(f"| {big:,} / {small:,} | growth of the cold build, {label} | {b / a:.2f}× "
                             f"(posts ×{big / small:.0f}) | | |")
    lines += ["", "| budget | measured | limit | result |", "|:---|---:|---:|:---|"]
    lines += [f"| {b.name} | {b.value} | {b.limit} | {b.status} |" for b in budgets]
    return "\n".join(lines)


def machine() -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem = next(int(ln.split()[1]) * 1024 for ln in Path("/proc/meminfo").read_text().splitlines()
                   if ln.startswith("MemTotal"))
    except (OSError, StopIteration):
        mem = 0
    import pelican

    def git(*args):
        try:
            return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            return ""

    return {
        "cpu": cpu, "cores": os.cpu_count(), "memory_gib": round(mem / 1024**3, 1),
        "os": platform.platform(), "python": platform.python_version(),
        "pelican": pelican.__version__ if hasattr(pelican, "__version__") else _version("pelican"),
        "commit": git("rev-parse", "--short", "HEAD"),
        "plugins": list(runpy.run_path(str(ROOT / "pelicanconf.py")).get("PLUGINS", [])),
        "theme": runpy.run_path(str(ROOT / "pelicanconf.py")).get("THEME"),
        "load_average": list(os.getloadavg()),
    }


def _version(dist: str) -> str:
    from importlib.metadata import version

    return version(dist)


def update_readme(text: str, info: dict, when: str) -> None:
    start, end = "<!-- results:start -->", "<!-- results:end -->"
    readme = README.read_text(encoding="utf-8")
    if start not in readme or end not in readme:
        print(f"{README} has no {start} … {end} markers; not updated")
        return
    head, rest = readme.split(start, 1)
    _old, tail = rest.split(end, 1)
    block = (f"{start}\nRun {when} at commit `{info['commit']}` (plugins: {', '.join(info['plugins'])}; "
             f"theme: {info['theme']}) on {info['cpu'] or 'an unknown CPU'}, {info['cores']} cores, "
             f"{info['memory_gib']} GiB RAM, {info['os']}, Python {info['python']}, Pelican {info['pelican']}; "
             f"load average at the start {info['load_average'][0]:.2f}. "
             f"Raw numbers: [results/latest.json](results/latest.json).\n\n{text}\n{end}")
    README.write_text(head + block + tail, encoding="utf-8")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,5000", help="post counts, comma-separated")
    parser.add_argument("--quick", action="store_true", help="100 posts only, one repetition of each")
    parser.add_argument("--reps", type=int, default=3, help="repetitions per measurement (median is shown)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the generated posts")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "pelican-bench",
                        help="scratch folder for generated sites, caches and outputs")
    parser.add_argument("--profile", type=int, default=0, metavar="N",
                        help="also profile one cold build of this site on N posts (pyinstrument)")
    parser.add_argument("--json", type=Path, default=RESULTS / "latest.json", help="where to write the results")
    parser.add_argument("--update-readme", action="store_true", help="put the table into benchmarks/README.md")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sizes = [100] if args.quick else [int(s.replace("_", "").replace(",", "")) for s in args.sizes.split(",") if s]
    reps = 1 if args.quick else args.reps
    args.work.mkdir(parents=True, exist_ok=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    log = args.work / "children.log"
    log.write_text("")
    info = machine()
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    print(f"benchmark: sizes {sizes}, {reps} repetition(s), work folder {args.work}, log {log}", flush=True)
    samples: list[Sample] = []
    for n in sizes:
        samples += measure_size(args.work, n, reps, args.seed, log)
    profiles = profile(args.work, args.profile, log) if args.profile else {}
    table = summarize(samples, sizes)
    budgets = check_budgets(table)
    text = render_table(table, budgets, reps)
    print()
    print(text)
    data = {"when": when, "machine": info, "sizes": sizes, "reps": reps, "seed": args.seed, "table": table,
            "budgets": [asdict(b) for b in budgets], "profiles": profiles,
            "samples": [asdict(s) for s in samples]}
    tmp = args.json.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(args.json)
    print(f"\nwrote {args.json}")
    if args.update_readme:
        update_readme(text, info, when)
    return 1 if any(b.status == "FAIL" for b in budgets) else 0


if __name__ == "__main__":
    sys.exit(main())
