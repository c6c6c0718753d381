"""Write N synthetic posts in the author's Chirpy format into a site folder, deterministically from a seed.

Usage: python benchmarks/generate.py --posts 1000 --seed 1 --out /tmp/bench-site

The posts look like content/posts/2025-11-28-docker-1.md: YAML front matter with +0900 dates,
two-level categories and Hangul tags; Korean prose with <br/>; tables; images under assets/img/
(real PNGs, one small set hard-linked per post so the file count is realistic but the disk use is not);
"각 구문별 해석" command lists; fenced bash, console, Dockerfile and compose blocks with
`{: file="..." }`. Post i is the same whatever N is (each post has its own seeded random source),
so N=100 is a prefix of N=1000.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

FIRST_DATE = datetime(2019, 1, 1, 12, 0, 0)
IMAGE_SIZES = ((64, 48), (120, 80), (200, 120), (96, 96), (160, 90), (240, 160))

CATEGORIES = (
    ("Infra", "Docker"), ("Infra", "Kubernetes"), ("Infra", "Linux"), ("Dev", "Python"),
    ("Dev", "Java"), ("Database", "MariaDB"), ("Database", "Redis"), ("Network", "Nginx"),
)
TAGS = (
    "도커", "인프라", "서버", "리눅스", "이미지", "컨테이너", "볼륨", "네트워크", "컴포즈", "도커파일",
    "쿠버네티스", "배포", "모니터링", "로그", "보안", "캐시", "데이터베이스", "마리아디비", "레디스", "엔진엑스",
    "파이썬", "자바", "스프링", "빌드", "테스트", "운영", "백업", "성능", "설정", "환경변수",
)
SERIES = (("도커", 3), ("쿠버네티스", 7), ("리눅스", 11))  # (name, every k-th post belongs to it)
TOPICS = (
    "도커 이미지 만들기", "컨테이너 다루기", "볼륨과 네트워크", "컴포즈로 묶기", "로그 보는 법", "헬스체크 설정",
    "멀티 스테이지 빌드", "레지스트리 운영", "리소스 제한 걸기", "재시작 정책", "환경 변수 관리", "비밀값 다루기",
    "이미지 크기 줄이기", "빌드 캐시 이해하기", "포트 연결", "DB 컨테이너 백업", "엔진엑스 리버스 프록시",
)
SENTENCES = (
    "처음 일을 시작할때는 개발자는 코드만 잘 작성하면 끝인 사람인 줄 알았다.",
    "근데 연차가 쌓이고, 개발을 하면 할수록 내 범위가 넓어졌다.",
    "도커 이미지란 서비스 하나의 스냅샷이라고 생각하면 된다.",
    "컨테이너는 이미지를 프로세스화 시켜 만든 하나의 인스턴스 서버다.",
    "실무에서 배포하는건 결국 내가 만든 서비스다.",
    "이번 글에서는 지난 글에서 만든 이미지를 조금 더 실무에 가깝게 바꿔 보려고 한다.",
    "명령어는 따로 치트시트에도 정리해 두었다.",
    "한 번 만들어 놓으면 언제, 어디서든 쉽고 빠르게 같은 환경을 띄울 수 있다.",
    "설정 파일은 git 에 같이 올려두면 누가 받아도 똑같이 띄울 수 있다.",
    "처음에 이 둘이 제일 헷갈렸다.",
    "옵션이 많아 보이지만 자주 쓰는건 몇 개 안된다.",
    "여기까지 완료되면 기본 설정은 끝난 것이라고 볼 수 있다.",
    "로그를 먼저 보는 습관을 들이면 문제의 절반은 금방 찾는다.",
    "포트를 127.0.0.1 에만 열어두면 내 PC 안에서만 접속된다.",
    "볼륨을 지우면 데이터도 같이 사라지니 주의해야 한다.",
    "헬스체크는 이 명령이 성공하면 준비 완료라는 기준이다.",
)
QUESTIONS = (
    "이미지는 그냥 남이 만들어 둔거 받아서 쓰면 되는거 아님?",
    "이게 기존 서버 구성과 뭐가 다른거임?",
    "컨테이너 지우면 데이터는 어디감?",
    "compose 는 따로 설치해야 함?",
    "포트는 왜 두 번 적음?",
)
COMMANDS = (
    ("docker version", "현재 설치되어있는 도커의 버전을 확인하는 명령어. 클라이언트/서버가 나누어져 출력된다."),
    ("docker images", "내려받거나 만든 이미지 목록을 보여준다."),
    ("docker ps -a", "멈춘 것까지 포함해 모든 컨테이너 목록을 보여준다."),
    ("docker run -d --name web -p 127.0.0.1:8080:80 nginx:1.22", "nginx 컨테이너를 백그라운드로 띄운다."),
    ("docker logs --tail 20 web", "컨테이너 로그의 마지막 20줄을 본다."),
    ("docker exec -it web sh", "실행중인 컨테이너 안에서 셸을 연다."),
    ("docker stop web", "컨테이너를 멈춘다."),
    ("docker rm web", "멈춘 컨테이너를 지운다."),
    ("docker build -t hello-nginx:1.0 .", "현재 폴더를 빌드 컨텍스트로 삼아 이미지를 만든다."),
    ("docker volume ls", "볼륨 목록을 보여준다."),
    ("docker network create shop-net", "컨테이너끼리 이름으로 통신할 네트워크를 만든다."),
    ("docker compose up -d", "compose.yaml 에 적힌 서비스를 전부 띄운다."),
    ("docker compose down", "띄운 서비스를 내리고 컨테이너를 지운다. 볼륨은 남는다."),
    ("docker inspect --format '{{.State.Status}}' web", "컨테이너의 상태만 뽑아서 본다."),
    ("curl -s http://127.0.0.1:8080", "연결한 포트로 요청을 보내 페이지를 받아온다."),
)
BASE_IMAGES = ("nginx:1.22", "python:3.11-slim", "mariadb:10.11", "redis:7", "eclipse-temurin:21-jre")


@dataclass(frozen=True)
class GeneratedSite:
    root: Path  # the site folder: content/ lives in it
    content: Path
    posts: tuple[Path, ...]


def png_bytes(width: int, height: int, seed: int) -> bytes:
    """A real PNG of the given size (Pillow), with a little seeded colour so files differ."""
    import io

    from PIL import Image

    rnd = random.Random(seed)
    image = Image.new("RGB", (width, height), (rnd.randrange(256), rnd.randrange(256), rnd.randrange(256)))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _prose(rnd: random.Random, lines: int) -> str:
    picked = [rnd.choice(SENTENCES) for _ in range(lines)]
    return "\n".join(f"{s} <br/>" if i < lines - 1 else s for i, s in enumerate(picked))


def _table(rnd: random.Random) -> str:
    rows = rnd.sample(COMMANDS, 4)
    body = "\n".join(f"|`{cmd}`|{text}|{rnd.choice(('자주 씀', '가끔 씀', '<br/>처음 한 번'))}|" for cmd, text in rows)
    return f"|명령|하는 일|빈도|\n|:---|:---|:---|\n{body}"


def _command_list(rnd: random.Random, commands) -> str:
    items = []
    for k, (cmd, text) in enumerate(commands):
        optional = "(선택) " if k == len(commands) - 1 and rnd.random() < 0.3 else ""
        items.append(f"- {optional}`{cmd}`" + ("<br/>" if k == 0 else ""))
        items.append(f"  - {text}")
        if rnd.random() < 0.3:
            items.append("  - 옵션은 `-d`: 백그라운드 실행, `--name`: 컨테이너 이름")
    return "#### 각 구문별 해석\n\n" + "\n".join(items)


def _bash_block(commands) -> str:
    return "```bash\n" + "\n".join(cmd for cmd, _ in commands) + "\n```"


def _install_block(rnd: random.Random) -> str:
    """An install block like the first post's: it changes the host, so the snippet tiers run it in the sandbox."""
    extra = rnd.choice(("docker-buildx-plugin", "docker-compose-plugin", "git"))
    return ("설치는 dnf 로 한다.\n\n```bash\nsudo dnf -y install dnf-plugins-core\n"
            "sudo dnf config-manager --add-repo https://download.docker.com/linux/centos/docker-ce.repo\n"
            f"sudo dnf -y install docker-ce docker-ce-cli containerd.io {extra}\n"
            "sudo systemctl enable --now docker\n```")


def _console_block(rnd: random.Random) -> str:
    cmd, _ = rnd.choice(COMMANDS[:3])
    output = ["CONTAINER ID   IMAGE        STATUS", f"3f2a1b{rnd.randrange(100000):05d}   nginx:1.22   Up 2 minutes"]
    return "```console\n$ " + cmd + "\n" + "\n".join(output) + "\n```"


def _dockerfile(rnd: random.Random) -> str:
    base = rnd.choice(BASE_IMAGES)
    port = rnd.choice((80, 8000, 8080))
    return (
        "```dockerfile\n"
        f"# 베이스 이미지: {base}\nFROM {base}\n\nWORKDIR /app\n\n# 빌드 컨텍스트의 파일을 복사한다\nCOPY . .\n\n"
        f'RUN echo "ok" > health.txt\n\nEXPOSE {port}\nCMD ["sh", "-c", "echo start && sleep infinity"]\n'
        "```\n{: file=\"Dockerfile\" }"
    )


def _compose(rnd: random.Random) -> str:
    name = rnd.choice(("shop", "blog", "memo", "board"))
    return (
        "```yaml\n"
        f"name: {name}\n\nservices:\n  db:\n    image: mariadb:10.11\n    environment:\n"
        f"      MARIADB_ROOT_PASSWORD: root-pass\n      MARIADB_DATABASE: {name}\n    volumes:\n"
        "      - db-data:/var/lib/mysql\n    healthcheck:\n"
        '      test: ["CMD", "mariadb", "-h", "127.0.0.1", "-u", "root", "-proot-pass", "-e", "SELECT 1"]\n'
        "      interval: 2s\n      retries: 30\n\n  app:\n    build: .\n    ports:\n"
        '      - "127.0.0.1:8080:8000"\n    depends_on:\n      db:\n        condition: service_healthy\n\n'
        "volumes:\n  db-data:\n"
        "```\n{: file=\"compose.yaml\" }"
    )


def _image_html(src: str, alt: str, align: str, width: int) -> str:
    return f'<div align="{align}">\n  <img src="{src}" alt="{alt}" width="{width}">\n</div>'


def post_name(i: int) -> tuple[str, str]:
    """(file name, slug) of post i; dates advance a day per post so names never collide."""
    day = FIRST_DATE + timedelta(days=i)
    slug = f"bench-{i + 1}"
    return f"{day:%Y-%m-%d}-{slug}.md", slug


def title_of(i: int, rnd: random.Random) -> str:
    topic = rnd.choice(TOPICS)
    for name, every in SERIES:
        if i % every == 0:
            return f"[{name}-{i // every + 1}] {topic}"
    return f"{topic} 정리 {i + 1}"


def post_text(i: int, seed: int, images: list[str]) -> str:
    """The Markdown of post i, referencing the given image paths (relative to content/)."""
    rnd = random.Random(f"{seed}:{i}")
    day = FIRST_DATE + timedelta(days=i)
    title = title_of(i, rnd)
    cats = rnd.choice(CATEGORIES)
    tags = rnd.sample(TAGS, rnd.randint(2, 4))
    parts = [
        "---",
        f'title: "{title}"',
        f"date: {day:%Y-%m-%d %H:%M:%S} +0900",
        f"categories: [{cats[0]}, {cats[1]}]",
        f"tags: [{', '.join(tags)}]",
        "---",
        "",
        _image_html(images[0], "대표 그림", "center", 500),
        "",
        f"> {rnd.choice(QUESTIONS)}",
        "",
        _prose(rnd, rnd.randint(4, 7)),
        "",
        "<br/>",
        "",
        _install_block(rnd),
    ]
    for section in range(rnd.randint(3, 5)):
        commands = rnd.sample(COMMANDS, rnd.randint(3, 6))
        parts += [
            "",
            f"### {rnd.choice(TOPICS)} {section + 1}",
            "",
            _prose(rnd, rnd.randint(3, 6)),
            "",
        ]
        if section < len(images) - 1:
            parts += [_image_html(images[section + 1], f"그림 {section + 1}", rnd.choice(("center", "left")), 700), ""]
        parts += [_table(rnd), "", "- " + rnd.choice(SENTENCES) + "<br/>", rnd.choice(SENTENCES), ""]
        parts += [_bash_block(commands), "", _prose(rnd, 2), ""]
        kind = section % 3
        if kind == 0:
            parts += [_dockerfile(rnd), ""]
        elif kind == 1:
            parts += [_compose(rnd), ""]
        else:
            parts += [_console_block(rnd), ""]
        parts += [_command_list(rnd, commands), "", "<br/>"]
    parts += ["", f"**결론: {rnd.choice(SENTENCES)}**", ""]
    return "\n".join(parts)


def generate(root: Path, posts: int, seed: int = 1, images_per_post: int = 3) -> GeneratedSite:
    """Write `posts` posts and their images under root/content/; removes what was there."""
    content = root / "content"
    shutil.rmtree(content, ignore_errors=True)
    post_dir = content / "posts"
    img_root = content / "assets" / "img"
    post_dir.mkdir(parents=True)
    pool_dir = img_root / "pool"
    pool_dir.mkdir(parents=True)
    pool = []
    for k, (w, h) in enumerate(IMAGE_SIZES):
        path = pool_dir / f"pool-{k}.png"
        path.write_bytes(png_bytes(w, h, seed * 100 + k))
        pool.append(path)
    written = []
    for i in range(posts):
        name, slug = post_name(i)
        folder = img_root / "posts" / slug
        folder.mkdir(parents=True)
        refs = []
        for k in range(images_per_post):
            source = pool[(i + k) % len(pool)]
            target = folder / f"figure-{k + 1}.png"
            try:
                os.link(source, target)  # same bytes, many names: realistic file count, little disk
            except OSError:
                shutil.copyfile(source, target)
            refs.append(f"assets/img/posts/{slug}/figure-{k + 1}.png")
        path = post_dir / name
        path.write_text(post_text(i, seed, refs), encoding="utf-8")
        written.append(path)
    return GeneratedSite(root, content, tuple(written))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=100, help="how many posts")
    parser.add_argument("--seed", type=int, default=1, help="seed; the same seed writes the same site")
    parser.add_argument("--out", type=Path, required=True, help="site folder; content/ is (re)written in it")
    args = parser.parse_args(argv)
    site = generate(args.out, args.posts, args.seed)
    print(f"wrote {len(site.posts)} posts into {site.content}")


if __name__ == "__main__":
    main()
