"""The safety part of every downloaded script: options, checks before the first command, cleanup on failure.

A script may run in a reader's downloads folder next to their own Dockerfile, on a machine with
their own `web` container. So, before running anything, it
- refuses a non-empty folder when it writes files or builds from the folder, unless run with `--here`;
- claims every file and docker object it will create: one that exists and that no blog script made
  in this folder stops it with a message (nothing is overwritten or removed);
- checks that every object it changes or removes (`docker rm`, `sed -i`) was made by a blog script
  in this folder (the folder's `.docker-blog-made` list);
and on failure it removes only what this run created (trap on EXIT). Wait loops get a time limit;
"(선택)" commands run only with `--with-optional`.
"""

from __future__ import annotations

import re
import shlex

from plugins.snippets.effects import (
    COMPOSE,
    CONTAINER,
    FILE,
    FOLDER,
    IMAGE,
    NETWORK,
    PROJECT,
    VOLUME,
    Effects,
)

STATE_FILE = ".docker-blog-made"
WAIT_LIMIT = 120  # seconds a wait loop may take before the script gives up
HERE = "--here"
WITH_OPTIONAL = "--with-optional"
CLAIM_ORDER = (FOLDER, FILE, VOLUME, NETWORK, IMAGE, COMPOSE, CONTAINER)  # cleanup runs it backwards
_WAIT_RE = re.compile(r"^(?P<kind>until|while)\s+(?P<cond>.+?);\s*do\s+sleep\s+(?P<n>\d+(?:\.\d+)?);\s*done\s*$")
DOCKER_GROUP_RE = re.compile(r"\busermod\b.*\bdocker\b|\bgpasswd\b.*\bdocker\b")
DOCKER_GROUP_WARNING = ("docker 그룹에 든 사용자는 sudo 없이도 root와 같은 권한을 얻을 수 있다. "
                        "혼자 쓰는 실습용 VM에서만 하고, 적용하려면 다시 로그인한다.")

FUNCTIONS = r"""# ── 안전장치 (블로그 빌드가 모든 스크립트에 넣는 부분) ─────────────────────────────
# 이 폴더에 원래 있던 파일과 도커 객체(컨테이너, 이미지, 볼륨, 네트워크)는 덮어쓰거나 지우지 않는다.
# 블로그 스크립트가 이 폴더에서 만든 것은 .docker-blog-made에 적어 두고, 그것만 바꾸거나 지운다.
BLOG_STATE=.docker-blog-made
BLOG_HERE=0
BLOG_WITH_OPTIONAL=0
BLOG_NEW=()
blog_usage() {
  echo "쓰는 법: bash $0 [--here] [--with-optional]"
  echo "  --here           비어 있지 않은 지금 폴더에서 실행한다 (원래 있던 파일은 그래도 건드리지 않는다)"
  echo "  --with-optional  (선택) 표시된 명령어도 실행한다"
}
for blog_arg in "$@"; do
  case $blog_arg in
    --here) BLOG_HERE=1 ;;
    --with-optional) BLOG_WITH_OPTIONAL=1 ;;
    -h|--help) blog_usage; exit 0 ;;
    *) echo "알 수 없는 옵션: $blog_arg" >&2; blog_usage >&2; exit 2 ;;
  esac
done
blog_stop() { echo "멈춤: $*" >&2; exit 1; }
blog_optional() { [ "$BLOG_WITH_OPTIONAL" = 1 ]; }
blog_word() {
  case $1 in
    container) echo "컨테이너" ;; image) echo "이미지" ;; network) echo "네트워크" ;; volume) echo "볼륨" ;;
    compose) echo "컴포즈 프로젝트" ;; file) echo "파일" ;; folder) echo "폴더" ;;
  esac
}
blog_owns() { [ -f "$BLOG_STATE" ] && grep -qxF "$1 $2" "$BLOG_STATE"; }
blog_exists() {
  case $1 in
    container) docker container inspect "$2" >/dev/null 2>&1 ;;
    image) docker image inspect "$2" >/dev/null 2>&1 ;;
    network) docker network inspect "$2" >/dev/null 2>&1 ;;
    volume) docker volume inspect "$2" >/dev/null 2>&1 ;;
    compose) [ -n "$(docker ps -aq --filter "label=com.docker.compose.project=$2" 2>/dev/null)$(docker volume ls -q --filter "label=com.docker.compose.project=$2" 2>/dev/null)" ] ;;
    *) [ -e "$2" ] || [ -L "$2" ] ;;
  esac
}
# 만들 것: 이미 있으면 블로그 스크립트가 이 폴더에서 만든 것일 때만 계속한다.
blog_claim() {
  if blog_exists "$1" "$2"; then
    [ "$1" = folder ] || blog_owns "$1" "$2" || blog_stop "$(blog_word "$1") '$2' 이(가) 이미 있다. 이 스크립트가 만든 것이 아니라서 덮어쓰거나 지우지 않고 멈춘다. 다른 폴더나 다른 이름으로 하거나, 필요 없으면 직접 지운 뒤 다시 실행한다."
  else
    BLOG_NEW+=("$1 $2")
  fi
}
# 바꾸거나 지울 것: 블로그 스크립트가 이 폴더에서 만든 것이어야 한다.
blog_need_own() {
  blog_owns "$1" "$2" || blog_stop "$(blog_word "$1") '$2' 은(는) 블로그 스크립트가 이 폴더에서 만든 것이 아니라서 건드리지 않는다. 필요한 앞 블록을 이 폴더에서 먼저 실행한다."
}
blog_folder() {
  if [ "$BLOG_HERE" != 1 ] && [ -n "$(ls -A . 2>/dev/null)" ]; then
    blog_stop "이 폴더($PWD)가 비어 있지 않다. 폴더의 파일이 이미지에 들어가거나 덮어써질 수 있어 멈춘다. 빈 폴더를 만들어 그 안에서 실행하거나(mkdir 실습 && cd 실습), 이 폴더에서 하려면 --here를 붙인다."
  fi
}
blog_commit() {
  local item
  for item in ${BLOG_NEW[@]+"${BLOG_NEW[@]}"}; do echo "$item" >> "$BLOG_STATE"; done
  trap blog_cleanup EXIT
  trap 'exit 130' INT TERM
}
# 실패하면 이번 실행이 새로 만든 것만 거꾸로 지운다. 다시 실행해도 이름이 겹치지 않는다.
blog_cleanup() {
  local status=$? i kind name
  trap - EXIT
  if [ "$status" -ne 0 ] && [ "${#BLOG_NEW[@]}" -gt 0 ]; then
    echo "실패(종료 코드 $status): 이번 실행이 만든 것만 지운다." >&2
    for ((i = ${#BLOG_NEW[@]} - 1; i >= 0; i--)); do
      kind=${BLOG_NEW[i]%% *}; name=${BLOG_NEW[i]#* }
      case $kind in
        container) docker rm -f "$name" ;;
        compose) docker compose -p "$name" down -v ;;
        image) docker rmi "$name" ;;
        network) docker network rm "$name" ;;
        volume) docker volume rm "$name" ;;
        file) rm -f -- "$name" ;;
        folder) rmdir -- "$name" ;;
      esac >/dev/null 2>&1 || true
      if [ -f "$BLOG_STATE" ]; then
        grep -vxF "$kind $name" "$BLOG_STATE" > "$BLOG_STATE.tmp" || true
        mv -f "$BLOG_STATE.tmp" "$BLOG_STATE"
      fi
    done
    [ -s "$BLOG_STATE" ] || rm -f "$BLOG_STATE"
  fi
  exit "$status"
}
# ──────────────────────────────────────────────────────────────────────────────"""

PROJECT_FROM_FOLDER = ("BLOG_PROJECT=$(basename \"$PWD\" | tr '[:upper:]' '[:lower:]' | tr -cd 'a-z0-9_-')"
                       "  # 컴포즈 프로젝트 이름: 폴더 이름")


def _name(name: str, project: str | None) -> str:
    if name == PROJECT:
        return shlex.quote(project) if project else '"$BLOG_PROJECT"'
    return shlex.quote(name)


def checks(effects: Effects, project: str | None, made_elsewhere: Effects | None = None) -> list[str]:
    """The lines that run before the first command: folder check, claims, ownership checks, commit.

    `made_elsewhere`: what the script makes anyway (for the whole post, nothing is outside it).
    """
    lines: list[str] = []
    uses_project = PROJECT in effects.names("made", COMPOSE) + effects.names("changed", COMPOSE)
    if uses_project and not project:
        lines.append(PROJECT_FROM_FOLDER)
    if effects.touches_folder:
        lines.append("blog_folder")
    for kind in CLAIM_ORDER:
        lines += [f"blog_claim {kind} {_name(n, project)}" for n in effects.names("made", kind)]
    for kind in CLAIM_ORDER:
        if kind == FOLDER:
            continue
        lines += [f"blog_need_own {kind} {_name(n, project)}" for n in effects.names("changed", kind)
                  if n not in effects.names("made", kind)]
    lines.append("blog_commit")
    return lines


def timed_wait(command: str) -> list[str] | None:
    """`until COND; do sleep N; done` as a loop that gives up after WAIT_LIMIT seconds; None for others."""
    m = _WAIT_RE.match(command.strip())
    if not m or "\n" in command:
        return None
    return [
        f"# 최대 {WAIT_LIMIT}초까지 기다린다. 그래도 안 되면(예: 다른 비밀번호로 만든 볼륨이 남아 있음) 멈춘다.",
        "blog_waited=0",
        f"{m.group('kind')} {m.group('cond')}; do",
        f'  if [ "$blog_waited" -ge {WAIT_LIMIT} ]; then blog_stop "{WAIT_LIMIT}초를 기다려도 준비되지 않았다"; fi',
        f"  sleep {m.group('n')}; blog_waited=$((blog_waited + {int(float(m.group('n'))) or 1}))",
        "done",
    ]


KIND_WORDS = {CONTAINER: "컨테이너", IMAGE: "이미지", NETWORK: "네트워크", VOLUME: "볼륨", COMPOSE: "컴포즈 프로젝트",
              FILE: "파일", FOLDER: "폴더"}
