"""Cheat sheets for the tests: the real series read from content/posts/, and small ones made from text."""

from __future__ import annotations

from pathlib import Path

from plugins.cheatsheet.collect import build_sheet
from plugins.cheatsheet.forms import file_forms, file_staples
from plugins.cheatsheet.model import CheatSheet, CheatsheetSettings, PostSource
from plugins.cheatsheet.sources import post_source, text_source

ROOT = Path(__file__).resolve().parents[2]
SITEURL = "https://example.com"

# The first post's six commands, in order: (command, first explanation line, optional).
FIRST_POST = (
    ("docker version", "현재 설치되어있는 도커의 버전을 확인하는 명령어. 클라이언트/서버가 나누어져 출력된다.", False),
    ("sudo dnf config-manager --add-repo https://download.docker.com/linux/centos/docker-ce.repo",
     "Rocky Linux와 호환되는 도커의 CentOS/RHEL 도커 공식 저장소를 추가한다.", False),
    ("sudo dnf install docker-ce docker-ce-cli containerd.io docker-buildx-plugin docker-compose-plugin",
     "도커를 구성하는 데 필요한 모든 핵심 소프트웨어 패키지들을 시스템에 최신 버전으로 설치한다.", False),
    ("systemctl status docker", "도커 서비스의 현재 상태를 확인한다.", False),
    ("systemctl start docker", "도커 서비스 기동시킨다.", False),
    ("sudo usermod -aG docker $USER", "현재 사용자에게 도커 소켓에 접근할 권한 그룹을 추가한다.", True),
    # the editor's notes after the author's list
    ("sudo dnf -y install dnf-plugins-core", "config-manager 명령이 들어 있는 dnf 플러그인 패키지를 설치한다.", False),
    ("sudo dnf config-manager --add-repo https://download.docker.com/linux/rhel/docker-ce.repo",
     "도커의 RHEL용 공식 저장소를 추가한다.", False),
    ("sudo systemctl enable --now docker", "부팅할 때 도커가 자동으로 뜨게 등록하고, 지금 바로 띄운다.", False),
    ("docker run hello-world", "이미지를 받아 컨테이너를 띄운다. \"Hello from Docker!\"로 시작하는 안내문이 나오면 된다.", False),
)


# Their general forms, from content/cheatsheet/forms.yaml (the first post's text stays as written).
FIRST_POST_FORMS = (
    "docker version",
    "sudo dnf config-manager --add-repo <저장소주소>",
    "sudo dnf install docker-ce docker-ce-cli containerd.io docker-buildx-plugin docker-compose-plugin",
    "systemctl status docker",
    "sudo systemctl start docker",
    "sudo usermod -aG docker <사용자>",
    "sudo dnf -y install dnf-plugins-core",
    "sudo dnf config-manager --add-repo https://download.docker.com/linux/rhel/docker-ce.repo",
    "sudo systemctl enable --now docker",
    "docker run hello-world",
)
FORMS_FILE = ROOT / "content" / "cheatsheet" / "forms.yaml"


def series_sheet(siteurl: str = SITEURL, settings: CheatsheetSettings | None = None) -> CheatSheet:
    sources = [post_source(p, ROOT, siteurl) for p in sorted((ROOT / "content" / "posts").glob("*.md"))]
    forms = file_forms(FORMS_FILE, "content/cheatsheet/forms.yaml")
    staples = file_staples(FORMS_FILE, "content/cheatsheet/forms.yaml")
    return build_sheet([s for s in sources if s], settings or CheatsheetSettings(), siteurl, forms=forms,
                       staples=staples)


def text_post(text: str, slug: str = "demo", title: str = "[도커-9] 데모", date: str = "2025-01-01T00:00:00+09:00",
              siteurl: str = SITEURL) -> PostSource:
    source = f"content/posts/2025-01-01-{slug}.md"
    return text_source(text, source, slug, title, date, f"{siteurl}/posts/{slug}/")


def text_sheet(*texts: str, siteurl: str = SITEURL) -> CheatSheet:
    posts = [text_post(t, slug=f"demo-{i}", title=f"[데모-{i}] 글 {i}") for i, t in enumerate(texts, start=1)]
    return build_sheet(posts, CheatsheetSettings(), siteurl)
