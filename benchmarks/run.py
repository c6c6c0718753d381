"""Time this site's build against plain Pelican on the same generated posts, and check the budgets.

Usage: python benchmarks/run.py [--sizes 100,1000,5000] [--quick] [--reps 3] [--update-readme]
Every build runs in its own child process (benchmarks/child.py); the order ours/plain alternates
between repetitions; the table shows medians. Writes benchmarks/results/latest.json.
"""

from __future__ import annotations

import argparse
import itertools
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

from benchmarks.generate import generate, post_name

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results"
README = HERE / "README.md"
CHILD = HERE / "child.py"
FLAVORS = ("ours", "plain")
METRICS = ("cold", "cold1", "warm", "edit")  # cold1: a cold build pinned to one CPU (taskset)
MIB = 1024 * 1024
CHILD_TIMEOUT = 3600  # seconds; a build that takes an hour is a result of its own

# The goals (benchmarks/README.md): ratios to plain Pelican on the same posts, in one run.
CPU_RATIO_LIMIT = 1.3  # cold build of 1,000 posts, CPU time
ONE_CORE_RATIO_LIMIT = 1.3  # cold build of 1,000 posts, wall time, both pinned to one CPU
WARM_RATIO_LIMIT = 1.5  # warm build of 1,000 posts (nothing changed), CPU time
SMALL_RATIO_LIMIT = 1.5  # cold build of 100 posts, PDF included, CPU time
GROWTH_LIMIT = 5.5  # this site's cold build, 5,000 / 1,000 posts, CPU time
EDIT_LIMIT_SECONDS = {100: 0.3, 1000: 1.0}  # preview: save → page, wall
MEMORY_RATIO_LIMIT = 3.0  # peak of all processes of a build, at 100 and 1,000 posts
MEMORY_LIMIT_BYTES = 1024 * MIB  # the same at 5,000 posts
ONE_CORE_SIZES = (1000,)  # sizes that also get a cold build pinned to one CPU
SAMPLE_SECONDS = 0.1  # how often the memory of a build's process tree is read


@dataclass(frozen=True)
class Sample:
    posts: int
    flavor: str  # ours | plain | snippets
    metric: str  # cold | warm | edit | snippets | profile
    rep: int
    ok: bool
    seconds: float | None  # the child's own clock: imports + build (edit: save → written page)
    wall: float  # the parent's clock around the whole child process
    cpu: float | None  # user + system CPU seconds of the child and what it waited for (edit: the edit only)
    max_rss: int  # bytes, the peak resident set of the child or of the largest process it waited for (os.wait4)
    peak_tree: int  # bytes, the peak of the child's whole process tree (summed PSS, sampled): what it used
    detail: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Budget:
    name: str
    value: str
    limit: str
    status: str  # PASS | FAIL | SKIP


def _children_of() -> dict[int, list[int]]:
    found: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat", "rb") as stat:
                    parent = int(stat.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue  # gone meanwhile
            found.setdefault(parent, []).append(int(name))
    return found


def tree_pss(root: int) -> int:
    """Bytes of memory the process and all its descendants use now: the sum of their proportional set
    sizes (a page shared by n of them counts 1/n to each), so pages a forked helper shares with the
    build are counted once and pages it copied are counted twice."""
    children, total, todo = _children_of(), 0, [root]
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        try:
            with open(f"/proc/{pid}/smaps_rollup", "rb") as rollup:
                for line in rollup:
                    if line.startswith(b"Pss:"):
                        total += int(line.split()[1]) * 1024
                        break
        except OSError:
            continue
    return total


def run_process(command: list[str], log: Path, pinned: bool = False) -> tuple[int, float, float, int, int]:
    """Run a command with its output in the log; `pinned` runs it (and all it starts) on one CPU.

    Returns (exit code, wall s, CPU s, peak RSS bytes of the largest process, peak bytes of the tree).
    The tree's peak is sampled every SAMPLE_SECONDS, so a spike shorter than that can be missed.
    """
    with log.open("ab") as out:
        out.write(f"\n== {' '.join(command)}\n".encode())
        out.flush()
        started = time.perf_counter()
        if pinned:  # util-linux's taskset execs the command: same pid, so wait4 still sees its CPU time
            command = ["taskset", "-c", str(min(os.sched_getaffinity(0))), *command]
        proc = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT)
        deadline = started + CHILD_TIMEOUT
        tree_peak, next_sample = 0, started
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            now = time.perf_counter()
            if now > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            if now >= next_sample:
                tree_peak = max(tree_peak, tree_pss(proc.pid))
                next_sample = now + SAMPLE_SECONDS
            time.sleep(0.01)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
    # ru_maxrss is KiB on Linux: the peak of the child or of the largest process it waited for (e.g.
    # the search indexer), never a sum, so a forked helper's copies do not show in it; tree_peak does.
    return proc.returncode, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024, tree_peak


def run_child(spec: dict, log: Path) -> tuple[dict, float, float, int, int]:
    """Run one benchmarks/child.py measurement; return (its result, wall s, CPU s, peak RSS, peak of the tree)."""
    with tempfile.TemporaryDirectory(prefix="bench-spec-") as tmp:
        spec_path, result_path = Path(tmp, "spec.json"), Path(tmp, "result.json")
        spec_path.write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
        code, wall, cpu, rss, tree = run_process([sys.executable, str(CHILD), str(spec_path), str(result_path)], log,
                                                 pinned=bool(spec.get("pinned")))
        if code != 0 or not result_path.is_file():
            return {"ok": False, "problems": [f"child exited with {code}; see {log}"]}, wall, cpu, rss, tree
        return json.loads(result_path.read_text(encoding="utf-8")), wall, cpu, rss, tree


def measure_tiers(content: Path, posts: int, log: Path) -> dict:
    """The snippet tiers (tests/snippet_tiers, run by pytest) on the first `posts` generated posts.

    `--snippet-tier=static` runs the static checks; `sandbox` runs static and sandbox, so the sandbox
    tier's own cost is the difference. Per-snippet times come from pytest's JUnit XML.
    """
    import xml.etree.ElementTree as ET

    plugin = ROOT / "tests" / "snippet_tiers" / "plugin.py"
    if not plugin.is_file():
        return {"skipped": "tests/snippet_tiers/plugin.py does not exist"}
    files = sorted((content / "posts").glob("*.md"))[:posts]
    result: dict = {"posts": len(files)}
    for tier in ("static", "sandbox"):
        with tempfile.TemporaryDirectory(prefix="bench-tiers-") as tmp:
            junit = Path(tmp, "junit.xml")
            command = [sys.executable, "-m", "pytest", "-p", "tests.snippet_tiers.plugin", "-p", "no:cacheprovider",
                       "--rootdir", str(ROOT), "-c", str(ROOT / "pyproject.toml"), f"--snippet-tier={tier}", "-q",
                       "--proof-record=",  # generated posts: the project's proof record is not theirs
                       f"--junitxml={junit}", *map(str, files)]
            code, wall, cpu, _rss, _tree = run_process(command, log)
            cases = list(ET.parse(junit).getroot().iter("testcase")) if junit.is_file() else []
        # A snippet whose own tier is higher than the one asked for runs its static checks, then skips.
        ran_tier = [float(c.get("time", 0)) for c in cases if c.find("skipped") is None]
        all_times = [float(c.get("time", 0)) for c in cases]
        result[tier] = {"exit_code": code, "wall": wall, "cpu": cpu, "snippets": len(cases),
                        "snippets_of_this_tier": len(ran_tier) if tier == "sandbox" else len(cases),
                        "per_snippet_ms": 1000 * statistics.median(all_times) if all_times else None,
                        "per_tier_snippet_ms": 1000 * statistics.median(ran_tier) if ran_tier else None}
        print(f"  tiers up to {tier}: {len(cases)} snippets ({len(ran_tier)} not skipped), {wall:.1f} s wall, "
              f"cpu {cpu:.1f} s (pytest exit {code})", flush=True)
    return result


def site_dirs(work: Path, posts: int, flavor: str) -> dict:
    base = work / f"n{posts}" / flavor
    return {"content": str(work / f"n{posts}" / "content"), "cache": str(base / "cache"),
            "output": str(base / "output")}


def clean(dirs: dict) -> None:
    """Make way for a cold build: move its cache and output into the trash folder beside them.

    Not deleted here: see settle()."""
    for key in ("cache", "output"):
        path = Path(dirs[key])
        if path.exists():
            trash = path.parent.parent.parent / ".trash"
            trash.mkdir(exist_ok=True)
            path.rename(trash / f"{path.parent.name}-{key}-{time.time_ns()}")


def settle(work: Path) -> None:
    """Delete what clean() moved aside, then wait until the kernel no longer counts any file as just deleted.

    ext4 without a journal (this machine's disk) passes over every inode freed in the last
    `vm.dirty_expire_centisecs` when it allocates a new one, so a build started right after an rm -rf
    of the last build's 20,000 files paid a scan over them for each file it wrote: 16 s of kernel time
    in a cold 1,000-post build of this site instead of 6.6 s. That is the harness's doing, not the
    build's, and a journaled file system never pays it."""
    shutil.rmtree(work / ".trash", ignore_errors=True)
    try:
        window = int(Path("/proc/sys/vm/dirty_expire_centisecs").read_text()) / 100
    except (OSError, ValueError):
        window = 30.0
    time.sleep(window + 1)


def measure(kind: str, spec: dict, posts: int, flavor: str, metric: str, rep: int, log: Path) -> Sample:
    result, wall, cpu, rss, tree = run_child({"kind": kind, **spec}, log)
    ok = bool(result.get("ok"))
    cpu = result.get("cpu", cpu)  # an edit times its own CPU: the child's total includes the first build
    sample = Sample(posts, flavor, metric, rep, ok, result.get("seconds"), wall, cpu, rss, tree,
                    {k: v for k, v in result.items() if k not in ("ok", "seconds", "cpu")})
    shown = f"{sample.seconds:.2f} s, cpu {cpu:.2f} s" if ok and sample.seconds is not None else "FAILED"
    print(f"  n={posts:<5} {flavor:<5} {metric:<5} rep {rep}: {shown}  (peak {tree / MIB:.0f} MiB, largest process {rss / MIB:.0f} MiB)", flush=True)
    if not ok:
        for problem in result.get("problems", [])[:5]:
            print(f"      {problem.splitlines()[0] if problem else problem}", flush=True)
    return sample


def measure_flavor(work: Path, posts: int, flavor: str, rep: int, log: Path) -> list[Sample]:
    """Cold build (no cache, no output), warm build (the cache the cold one left), one-post edit; for
    ONE_CORE_SIZES first a cold build pinned to one CPU."""
    dirs = site_dirs(work, posts, flavor)
    spec = {"flavor": flavor, **dirs}
    samples = []
    if posts in ONE_CORE_SIZES:
        clean(dirs)
        samples.append(measure("build", {**spec, "pinned": True}, posts, flavor, "cold1", rep, log))
    clean(dirs)
    samples.append(measure("build", spec, posts, flavor, "cold", rep, log))
    samples.append(measure("build", spec, posts, flavor, "warm", rep, log))
    edited, _slug = post_name(posts // 2)
    spec = {**spec, "post": str(Path(dirs["content"], "posts", edited))}
    samples.append(measure("edit", spec, posts, flavor, "edit", rep, log))
    return samples


def measure_size(work: Path, posts: int, reps: int, seed: int, log: Path) -> list[Sample]:
    print(f"generating {posts} posts (seed {seed})", flush=True)
    generate(work / f"n{posts}", posts, seed)
    for flavor in FLAVORS:
        clean(site_dirs(work, posts, flavor))
    samples: list[Sample] = []
    for rep in range(reps):
        order = FLAVORS if rep % 2 == 0 else tuple(reversed(FLAVORS))
        for flavor in order:
            settle(work)  # also after the other flavor's builds, which replaced (deleted) their outputs
            samples += measure_flavor(work, posts, flavor, rep, log)
        spec = {"content": site_dirs(work, posts, "ours")["content"]}
        samples.append(measure("snippets", spec, posts, "snippets", "snippets", rep, log))
    return samples


def profile(work: Path, posts: int, seed: int, log: Path) -> dict:
    """Profile cold builds: both flavors with cProfile (CPU), this site also with pyinstrument (call tree)."""
    if not (work / f"n{posts}" / "content").is_dir():
        generate(work / f"n{posts}", posts, seed)
    paths = {}
    for flavor, profiler in (("ours", "cprofile"), ("plain", "cprofile"), ("ours", "pyinstrument")):
        dirs = site_dirs(work, posts, flavor)
        clean(dirs)
        settle(work)
        out = RESULTS / f"profile-{flavor}-{posts}.{profiler}.txt"
        measure("profile", {"flavor": flavor, **dirs, "profiler": profiler, "profile_out": str(out)},
                posts, flavor, "profile", 0, log)
        paths[f"{flavor}-{profiler}"] = str(out.relative_to(HERE))
    return paths


def median(samples: list[Sample], posts: int, flavor: str, metric: str, clock: str = "seconds") -> float | None:
    values = [getattr(s, clock) for s in samples if (s.posts, s.flavor, s.metric) == (posts, flavor, metric)
              and s.ok and getattr(s, clock) is not None]
    return statistics.median(values) if values else None


BUILDS = ("cold", "warm")  # the runs whose memory the budget is about; "edit" is a preview session


def peak(samples: list[Sample], posts: int, flavor: str, measure: str = "peak_tree",
         metrics: tuple[str, ...] = BUILDS) -> int | None:
    values = [getattr(s, measure) for s in samples
              if (s.posts, s.flavor) == (posts, flavor) and s.metric in metrics and s.ok]
    return max(values) if values else None


def _ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a and b else None


def summarize(samples: list[Sample], sizes: list[int]) -> dict:
    table: dict = {}
    for n in sizes:
        row: dict = {}
        for metric in METRICS:
            ours, plain = median(samples, n, "ours", metric), median(samples, n, "plain", metric)
            ours_cpu, plain_cpu = median(samples, n, "ours", metric, "cpu"), median(samples, n, "plain", metric, "cpu")
            row[metric] = {"ours": ours, "plain": plain, "ratio": _ratio(ours, plain),
                           "ours_cpu": ours_cpu, "plain_cpu": plain_cpu, "cpu_ratio": _ratio(ours_cpu, plain_cpu)}
        rest = [s.detail["rest_seconds"] for s in samples if (s.posts, s.flavor, s.metric) == (n, "ours", "edit")
                and s.ok and s.detail.get("rest_seconds")]
        row["edit_rest"] = statistics.median(rest) if rest else None
        row["peak_mib"] = {f: (peak(samples, n, f) or 0) / MIB or None for f in FLAVORS}
        row["peak_rss_mib"] = {f: (peak(samples, n, f, "max_rss") or 0) / MIB or None for f in FLAVORS}
        row["peak_session_mib"] = {f: (peak(samples, n, f, metrics=("edit",)) or 0) / MIB or None for f in FLAVORS}
        snip = [s for s in samples if (s.posts, s.flavor) == (n, "snippets") and s.ok]
        seconds = [s.seconds for s in snip if s.seconds is not None]
        row["snippets"] = ({"seconds": statistics.median(seconds), "count": snip[0].detail.get("snippets"),
                            "per_snippet_ms": statistics.median(s.detail["per_snippet_ms"] for s in snip
                                                                if s.seconds is not None and s.detail.get("per_snippet_ms"))}
                           if seconds else {"skipped": snip[0].detail.get("skipped") if snip else "not run"})
        table[str(n)] = row
    return table


def check_budgets(table: dict) -> list[Budget]:
    """Each goal of benchmarks/README.md. Ratios of work use CPU time, which the machine's other load
    disturbs less than wall time; the one-core ratio is the wait on one CPU; the preview is a wait."""
    def get(n, metric, key):
        return table.get(str(n), {}).get(metric, {}).get(key)

    def ratio(n, metric, key="cpu_ratio"):
        return get(n, metric, key)

    budgets = [
        _budget("cold build, 1,000 posts, this site / plain (CPU time)", ratio(1000, "cold"), CPU_RATIO_LIMIT,
                "{:.2f}×", "≤ {:.1f}×"),
        _budget("cold build, 1,000 posts, both on one CPU, this site / plain (wall time)", ratio(1000, "cold1", "ratio"),
                ONE_CORE_RATIO_LIMIT, "{:.2f}×", "≤ {:.1f}×"),
        _budget("growth, 5,000 / 1,000 posts, this site (CPU time, cold)",
                _ratio(get(5000, "cold", "ours_cpu"), get(1000, "cold", "ours_cpu")), GROWTH_LIMIT, "{:.2f}×", "≤ {:.1f}×"),
        _budget("warm build, 1,000 posts, this site / plain (CPU time)", ratio(1000, "warm"), WARM_RATIO_LIMIT,
                "{:.2f}×", "≤ {:.1f}×"),
        _budget("cold build, 100 posts with the cheat sheet PDF, this site / plain (CPU time)", ratio(100, "cold"),
                SMALL_RATIO_LIMIT, "{:.2f}×", "≤ {:.1f}×"),
    ]
    for n, limit in EDIT_LIMIT_SECONDS.items():
        budgets.append(_budget(f"preview, {n:,} posts, save → page (wall)", get(n, "edit", "ours"), limit,
                               "{:.2f} s", "≤ {:.1f} s"))
    for n in (100, 1000):
        mib = table.get(str(n), {}).get("peak_mib", {})
        budgets.append(_budget(f"peak memory of a build, {n:,} posts, this site / plain (all processes)",
                               _ratio(mib.get("ours"), mib.get("plain")), MEMORY_RATIO_LIMIT, "{:.2f}×", "≤ {:.1f}×"))
    used = table.get("5000", {}).get("peak_mib", {}).get("ours")
    budgets.append(_budget("peak memory of a build, 5,000 posts (all its processes)", used, MEMORY_LIMIT_BYTES / MIB,
                           "{:.0f} MiB", "< {:.0f} MiB"))
    return budgets


def _budget(name: str, value: float | None, limit: float, value_fmt: str, limit_fmt: str) -> Budget:
    if value is None:
        return Budget(name, "not measured", limit_fmt.format(limit), "SKIP")
    return Budget(name, value_fmt.format(value), limit_fmt.format(limit), "PASS" if value <= limit else "FAIL")


def _fmt(value: float | None, pattern: str = "{:.2f}") -> str:
    return pattern.format(value) if value is not None else "–"


def render_tiers(tiers: dict) -> list[str]:
    if not tiers:
        return []
    if "skipped" in tiers:
        return ["", f"Snippet tiers: skipped ({tiers['skipped']})."]
    static, sandbox = tiers["static"], tiers["sandbox"]
    return ["", (f"Snippet tiers (pytest with `tests/snippet_tiers`) on the first {tiers['posts']} generated posts, "
            "one run. Each snippet runs up to its own tier; the generated docker commands are live-tier, so with "
            "`--snippet-tier=sandbox` they get their static checks and skip, and only the install blocks run "
            "in the sandbox:"), "",
            "| run | snippets | wall | CPU | median per snippet |", "|:---|---:|---:|---:|---:|",
            (f"| `--snippet-tier=static` | {static['snippets']} | {static['wall']:.1f} s | {static['cpu']:.1f} s | "
            f"{_fmt(static['per_snippet_ms'], '{:.1f}')} ms (static checks) |"),
            (f"| `--snippet-tier=sandbox` | {sandbox['snippets']} | {sandbox['wall']:.1f} s | {sandbox['cpu']:.1f} s | "
            f"{_fmt(sandbox['per_tier_snippet_ms'], '{:.1f}')} ms for the {sandbox['snippets_of_this_tier']} "
            "sandbox-tier snippets (static + sandbox) |")]


def render_table(table: dict, budgets: list[Budget], reps: int, tiers: dict | None = None) -> str:
    lines = [(f"Medians of {reps} run(s). Wall and CPU (user + system) seconds; builds include Python start-up "
             "and the imports of Pelican and the plugins."), "",
             "| posts | measure | this site wall | plain wall | ratio | this site CPU | plain CPU | CPU ratio |",
             "|---:|:---|---:|---:|---:|---:|---:|---:|"]
    names = {"cold": "full build, no cache", "cold1": "full build, no cache, on one CPU",
             "warm": "full build, warm cache", "edit": "one-post edit (save → page)"}
    for n, row in table.items():
        for metric in METRICS:
            m = row[metric]
            if m["ours"] is None and m["plain"] is None:
                continue
            lines.append(f"| {int(n):,} | {names[metric]} | {_fmt(m['ours'])} s | {_fmt(m['plain'])} s | "
                         f"{_fmt(m['ratio'], '{:.2f}×')} | {_fmt(m['ours_cpu'])} s | {_fmt(m['plain_cpu'])} s | "
                         f"{_fmt(m['cpu_ratio'], '{:.2f}×')} |")
        if row.get("edit_rest"):
            lines.append(f"| {int(n):,} | after the edit, the rest of the site (the preview's background build) | "
                         f"{row['edit_rest']:.2f} s | | | | | |")
        for key, label in (("peak_mib", "peak memory of a build (cold or warm), all processes (summed PSS)"),
                           ("peak_rss_mib", "peak RSS of the largest process of a build"),
                           ("peak_session_mib", "peak memory of the edit run: a preview session (summed PSS)")):
            mib = row[key]
            lines.append(f"| {int(n):,} | {label} | {_fmt(mib['ours'], '{:.0f}')} MiB | "
                         f"{_fmt(mib['plain'], '{:.0f}')} MiB | {_fmt(_ratio(mib['ours'], mib['plain']), '{:.2f}×')} | | | |")
        snip = row["snippets"]
        if "seconds" in snip:
            lines.append(f"| {int(n):,} | snippet extraction, {snip['count']:,} snippets | {snip['seconds']:.2f} s "
                         f"({snip['per_snippet_ms']:.3f} ms each) | | | | | |")
        else:
            lines.append(f"| {int(n):,} | snippet extraction | skipped: {snip['skipped']} | | | | | |")
    sizes = [int(n) for n in table]
    for small, big in itertools.pairwise(sizes):
        for flavor, label in (("ours", "this site"), ("plain", "plain Pelican")):
            a, b = table[str(small)]["cold"][flavor], table[str(big)]["cold"][flavor]
            ac, bc = table[str(small)]["cold"][f"{flavor}_cpu"], table[str(big)]["cold"][f"{flavor}_cpu"]
            if a and b and ac and bc:
                lines.append(f"| {big:,} / {small:,} | growth of the cold build, {label} (posts ×{big / small:.0f}) "
                             f"| {b / a:.2f}× | | | {bc / ac:.2f}× | | |")
    lines += render_tiers(tiers or {})
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
    parser.add_argument("--tier-posts", type=int, default=10,
                        help="time the snippet tiers on this many generated posts (0: skip)")
    parser.add_argument("--json", type=Path, default=None,
                        help="where to write the results (default results/latest.json; --quick: results/quick.json)")
    parser.add_argument("--update-readme", action="store_true", help="put the table into benchmarks/README.md")
    return parser.parse_args(argv)


def compile_sources() -> None:
    """Byte-compile the site's own modules once, as an interpreter does at their first import. With
    PYTHONDONTWRITEBYTECODE set (as on shared CI machines) every build would compile them again, a cost
    plain Pelican never pays: pip installed it with its bytecode, while the site is an editable install."""
    import compileall

    for folder in ("plugins", "workflow"):
        compileall.compile_dir(ROOT / folder, quiet=1)
    compileall.compile_file(ROOT / "pelicanconf.py", quiet=1)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sizes = [100] if args.quick else [int(s.replace("_", "").replace(",", "")) for s in args.sizes.split(",") if s]
    reps = 1 if args.quick else args.reps
    args.work.mkdir(parents=True, exist_ok=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    log = args.work / "children.log"
    log.write_text("")
    compile_sources()
    info = machine()
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    print(f"benchmark: sizes {sizes}, {reps} repetition(s), work folder {args.work}, log {log}", flush=True)
    samples: list[Sample] = []
    budgets: list[Budget] = []
    for done, n in enumerate(sizes, 1):
        samples += measure_size(args.work, n, reps, args.seed, log)
        last = done == len(sizes)
        tiers = (measure_tiers(args.work / f"n{sizes[0]}" / "content", args.tier_posts, log)
                 if last and args.tier_posts else {})
        profiles = profile(args.work, args.profile, args.seed, log) if last and args.profile else {}
        # Written after every size, so a long run that is stopped still leaves what it measured.
        budgets = report(args, info, when, samples, sizes[:done], reps, tiers, profiles, final=last)
    return 1 if any(b.status == "FAIL" for b in budgets) else 0


def report(args: argparse.Namespace, info: dict, when: str, samples: list[Sample], sizes: list[int], reps: int,
           tiers: dict, profiles: dict, final: bool) -> list[Budget]:
    """Print the table and the goals, write the JSON and (with --update-readme) the README's block."""
    table = summarize(samples, sizes)
    budgets = check_budgets(table)
    text = render_table(table, budgets, reps, tiers)
    print()
    print(text if final else f"(sizes so far: {sizes})\n{text}", flush=True)
    data = {"when": when, "machine": info, "sizes": sizes, "reps": reps, "seed": args.seed, "table": table,
            "budgets": [asdict(b) for b in budgets], "tiers": tiers, "profiles": profiles,
            "samples": [asdict(s) for s in samples]}
    target = args.json or RESULTS / ("quick.json" if args.quick else "latest.json")
    tmp = target.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(target)
    print(f"\nwrote {target}", flush=True)
    if args.update_readme:
        update_readme(text, info, when)
    return budgets

if __name__ == "__main__":
    sys.exit(main())
