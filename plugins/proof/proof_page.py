"""What the /proof/ page lists: every snippet of every post with its tier, result, engine, date and limits."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from plugins.proof.block_hash import block_hash
from plugins.proof.model import EngineVersions, ProofEntry, release
from plugins.snippets.model import Post, Snippet

TIER_WORDS = {"static": "문법 검사", "sandbox": "샌드박스", "live": "도커 엔진에서 실행"}
RESULT_WORDS = {"passed": "통과", "failed": "실패", "skipped": "제외"}
NO_RECORD = "기록 없음"
CHANGED = "블록이 바뀐 뒤 아직 다시 실행하지 않음"

# What the tiers do not prove, in the words docs/testing.md uses for what is real and what stands in.
LIMITS = (
    ("도커 엔진(dockerd, containerd, BuildKit, Compose)은 데비안 unstable 패키지의 실제 프로그램이다. "
     "runc만 데비안 12의 것이다."),
    ("글이 쓰는 공식 이미지(nginx, mariadb, python 등)는 같은 데비안 패키지로 만든 대역 이미지이고, "
     "레지스트리도 이 대역을 내주는 로컬 미러다. 공식 이미지와 출력이 다를 수 있다."),
    ("샌드박스 단계의 명령(sudo, dnf, systemctl, usermod 등)은 호출을 기록만 하는 대역으로 실행한다. "
     "글의 순서대로 불렀는지는 확인하지만, 실제 Rocky Linux에 패키지를 설치해 본 것은 아니다."),
    "테스트 서버에는 인터넷이 없다. 이미지 pull과 curl은 로컬 미러와 127.0.0.1까지만 확인한다.",
    "테스트 서버는 cgroup v1이라 cgroup v2 경로를 읽는 블록은 실행하지 않는다(아래 목록의 '제외').",
)


@dataclass(frozen=True)
class ProofRow:
    anchor: str  # the snippet's id, also on its post page
    name: str
    line: int
    source: str  # content/posts/x.md
    href: str  # the block on its post page
    tier: str  # Korean
    result: str  # Korean
    state: str  # passed | failed | skipped | stale | none: the CSS class
    date: str
    engine: str  # "Docker Engine 28.5.2, containerd 2.1.9, ..." or ""
    note: str  # what this row does not prove


@dataclass(frozen=True)
class ProofPost:
    title: str
    url: str
    source: str
    rows: tuple[ProofRow, ...]


@dataclass(frozen=True)
class ProofPage:
    posts: tuple[ProofPost, ...]
    limits: tuple[str, ...]
    counts: tuple[tuple[str, int], ...]  # (Korean state word, how many)
    engine: str  # the engine most live proofs ran on, "" when none


def _note(snippet: Snippet, entry: ProofEntry | None) -> str:
    """What the row's proof leaves out; for a block not (re)run, what its tier would run."""
    if entry is not None and entry.result == "skipped":
        return f"실행하지 않음: {entry.reason}"
    if entry is not None and entry.result == "failed":
        return entry.reason
    tier = entry.tier if entry is not None else snippet.tier
    if tier == "sandbox":
        tools = ", ".join(snippet.needs.package_managers) or "호스트를 바꾸는 명령"
        return f"{tools}: 기록용 대역으로 실행, 실제 배포판에서 돌리지 않음"
    if tier == "live":
        return "이미지와 레지스트리는 대역"
    return "실행하지 않고 문법만 확인"


def proof_row(snippet: Snippet, post_url: str, entry: ProofEntry | None, earlier: tuple[Snippet, ...] = ()) -> ProofRow:
    if entry is None:
        state, tier, result, date, engine = "none", TIER_WORDS[snippet.tier], NO_RECORD, "", ""
    elif entry.block != block_hash(snippet, earlier):
        state, tier, result, date, engine = "stale", TIER_WORDS[snippet.tier], CHANGED, "", ""
        entry = None
    else:
        state, tier, result = entry.result, TIER_WORDS[entry.tier], RESULT_WORDS[entry.result]
        date, engine = entry.date, entry.engine.describe() if entry.engine else ""
    return ProofRow(snippet.anchor, snippet.name, snippet.line, snippet.source, f"{post_url}#{snippet.anchor}",
                    tier, result, state, date, engine, _note(snippet, entry))


def main_engine(entries, passed_only: bool = True) -> tuple[EngineVersions, str] | None:
    """The engine most (passing) live entries ran on, with the newest date among them."""
    live = [e for e in entries if e.tier == "live" and e.engine is not None and (e.result == "passed" or not passed_only)]
    if not live:
        return None
    engine, _ = Counter(e.engine for e in live).most_common(1)[0]
    return engine, max(e.date for e in live if e.engine == engine)


def proof_page(posts: list[Post], results: dict[tuple[str, str], ProofEntry]) -> ProofPage:
    shown = []
    for post in posts:
        rows = tuple(proof_row(s, post.url, results.get((s.source, s.name)), post.snippets[:n])
                     for n, s in enumerate(post.snippets))
        if rows:
            shown.append(ProofPost(post.title, post.url, post.source, rows))
    states = Counter(row.result for post in shown for row in post.rows)
    valid = [results[(row.source, row.name)] for post in shown for row in post.rows
             if row.state in ("passed", "failed", "skipped")]
    found = main_engine(valid)
    return ProofPage(tuple(shown), LIMITS, tuple(sorted(states.items(), key=lambda kv: -kv[1])),
                     found[0].describe() if found else "")


def engine_sentence(results: dict[tuple[str, str], ProofEntry]) -> str:
    """For the cheat sheet: on which engine its commands were proven, or "" when the record has none."""
    found = main_engine(results.values())
    if found is None:
        return ""
    engine, date = found
    tools = ", ".join(f"{name} {release(version)}" for name, version in (("Compose", engine.compose), ("buildx", engine.buildx))
                      if version)
    return f"명령어는 {date}에 Docker {release(engine.engine)}{f'({tools})' if tools else ''}에서 실행해 확인했다."
