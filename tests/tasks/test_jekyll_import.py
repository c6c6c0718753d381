"""`invoke import` carries posts and media over from a Chirpy site and names what it could not carry."""

from __future__ import annotations

import pytest
from PIL import Image

from workflow.jekyll_import import apply_import, convert_liquid, plan_import

SLUGS = {"2025-11-28-docker-1": "docker-1", "2025-12-05-docker-2": "images"}

LIQUID = [
    # (line as written, converted line, problem messages (start))
    ("[1편]({% post_url 2025-11-28-docker-1 %})", "[1편](/posts/docker-1/)", []),
    ("[2편]({% post_url 2025-12-05-docker-2 %}#x)", "[2편](/posts/images/#x)", []),
    ("[1편]({% link _posts/2025-11-28-docker-1.md %})", "[1편](/posts/docker-1/)", []),
    ("![x]({{ site.baseurl }}/assets/img/x.png)", "![x](/assets/img/x.png)", []),
    ("![x]({{ '/assets/img/x.png' | relative_url }})", "![x](/assets/img/x.png)", []),
    ("{% include embed/youtube.html id='abc' %}", "{% include embed/youtube.html id='abc' %}", []),
    ("{% include embed/video.html src='/a.mp4' %}", "{% include embed/video.html src='/a.mp4' %}", []),
    ("`{{ .Names }}` 형식", "`{{ .Names }}` 형식", []),
    ("{% post_url 2020-01-01-gone %}", "{% post_url 2020-01-01-gone %}", ["{% post_url 2020-01-01-gone %} names a post"]),
    ("{% include toc.html %}", "{% include toc.html %}", ["unknown Liquid tag {% include toc.html %}"]),
    ("{% if page.x %}y{% endif %}", "{% if page.x %}y{% endif %}",
     ["unknown Liquid tag {% if page.x %}", "unknown Liquid tag {% endif %}"]),
    ("제목: {{ page.title }}", "제목: {{ page.title }}", ["Liquid output {{ page.title }}"]),
]


@pytest.mark.parametrize(("line", "converted", "problems"), LIQUID, ids=[c[0] for c in LIQUID])
def test_convert_liquid_line(line, converted, problems):
    text, found = convert_liquid(f"앞\n{line}\n", "p.md", SLUGS)
    assert text == f"앞\n{converted}\n"
    assert [p.line for p in found] == [2] * len(problems)
    assert all(str(p).startswith(f"p.md:2: import: {want}") for p, want in zip(found, problems)), found


def test_code_blocks_raw_and_highlight_are_left_alone():
    source = ("```bash\ndocker ps --format '{{ .Names }}'\n```\n"
              "{% raw %}\n{{ 그대로 }}\n{% endraw %}\n"
              "{% highlight bash linenos %}\necho {{ x }}\n{% endhighlight %}\n"
              "{{ bad }}\n")
    text, found = convert_liquid(source, "p.md", SLUGS)
    assert "```bash\necho {{ x }}\n```\n" in text
    assert "{% raw %}\n{{ 그대로 }}\n{% endraw %}" in text
    assert [str(p) for p in found] == ["p.md:10: import: Liquid output {{ bad }} is not run here; replace it with its value"]


REGIONS = [
    # (source, converted, lines with problems): Liquid regions the importer must recognise as a whole
    ("{%- highlight console -%}\n$ echo {{ x }}\n{%- endhighlight -%}\n", "```console\n$ echo {{ x }}\n```\n", []),
    ("  {% highlight bash %}  \necho\n{% endhighlight %}\n{{ y }}\n", "```bash\necho\n```\n{{ y }}\n", [4]),
    ("{% raw %}{{ a }}{% endraw %} {{ b }}\n{{ c }}\n", "{% raw %}{{ a }}{% endraw %} {{ b }}\n{{ c }}\n", [1, 2]),
    ("{% endraw %}{% raw %}\n{{ kept }}\n{% endraw %}\n", "{% endraw %}{% raw %}\n{{ kept }}\n{% endraw %}\n", []),
    ("{% highlight %}\n", "{% highlight %}\n", [1]),
]


@pytest.mark.parametrize(("source", "converted", "lines"), REGIONS, ids=[c[0].split("\n")[0] for c in REGIONS])
def test_liquid_regions(source, converted, lines):
    text, found = convert_liquid(source, "p.md", SLUGS)
    assert text == converted
    assert [p.line for p in found] == lines, found


POST = """---
title: "[도커-{n}] 글 {n}"
date: 2025-11-{d} 12:00:00 +0900
categories: [Infra, Docker]
tags: [도커]
{extra}---

본문 {n}. <br/>

{body}
"""


def jekyll_site(tmp_path, posts: dict[str, str], media: tuple[str, ...] = ()):
    site = tmp_path / "old-blog"
    (site / "_posts").mkdir(parents=True)
    for name, text in posts.items():
        (site / "_posts" / name).write_text(text, encoding="utf-8")
    for n, path in enumerate(media):
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        Image.new("RGB", (8 + n, 8), (n * 40 % 256, 90, 160)).save(site / path, "PNG")
    (site / "assets" / "css").mkdir(parents=True, exist_ok=True)
    (site / "assets" / "css" / "theme.scss").write_text("// theme file, not referenced")
    return site


def test_plan_reports_liquid_and_missing_media_with_lines(tmp_path):
    site = jekyll_site(tmp_path, {
        "2025-11-28-docker-1.md": POST.format(n=1, d=28, extra="", body='<img src="assets/img/a.png" alt="a">\n\n'
                                                                          "![b](/assets/img/missing.png)"),
        "2025-11-29-docker-2.md": POST.format(n=2, d=29, extra="media_subpath: /assets/img/p2\nimage: cover.png\n",
                                              body="[앞 글]({% post_url 2025-11-28-docker-1 %})\n\n"
                                                   "![c](c.png)\n\n{% include toc.html %}"),
        "2025-11-30-broken.md": "---\ntitle: [도커-3] 따옴표 없음\n---\n",
    }, media=("assets/img/a.png", "assets/img/p2/c.png", "assets/img/p2/cover.png"))
    plan = plan_import(site, "Asia/Seoul", tmp_path)
    assert [p.target for p in plan.posts] == ["posts/2025-11-28-docker-1.md", "posts/2025-11-29-docker-2.md"]
    assert [m.target for m in plan.media] == ["assets/img/a.png", "assets/img/p2/c.png", "assets/img/p2/cover.png"]
    problems = [str(p) for p in plan.problems]
    assert problems[0].startswith("old-blog/_posts/2025-11-30-broken.md:2: import: front matter is not valid YAML")
    assert problems[1].startswith("old-blog/_posts/2025-11-28-docker-1.md:12: import: missing media assets/img/missing.png")
    assert problems[2].startswith("old-blog/_posts/2025-11-29-docker-2.md:16: import: unknown Liquid tag {% include toc.html %}")
    assert len(problems) == 3
    assert "[앞 글](/posts/docker-1/)" in plan.posts[1].text


def test_apply_never_replaces_a_different_file_or_takes_a_slug(tmp_path):
    site = jekyll_site(tmp_path, {
        "2025-11-28-docker-1.md": POST.format(n=1, d=28, extra="", body="![a](/assets/img/a.png)"),
        "2025-11-29-taken.md": POST.format(n=2, d=29, extra="", body=""),
    }, media=("assets/img/a.png",))
    content = tmp_path / "content"
    (content / "assets" / "img").mkdir(parents=True)
    (content / "assets" / "img" / "a.png").write_bytes(b"different")
    plan = plan_import(site, "Asia/Seoul", tmp_path)
    result = apply_import(plan, content, {"taken": "2025-01-01-taken.md"})
    assert result.written == ("posts/2025-11-28-docker-1.md",)
    assert [str(c).split(": import: ")[1].split(";")[0] for c in result.conflicts] == [
        "the slug 'taken' is already used by content/posts/2025-01-01-taken.md",
        "content/assets/img/a.png already exists and differs",
    ]
    assert (content / "assets" / "img" / "a.png").read_bytes() == b"different"
    again = apply_import(plan, content, {"taken": "2025-01-01-taken.md", "docker-1": "2025-11-28-docker-1.md"},
                         overwrite=True)
    assert again.unchanged == ("posts/2025-11-28-docker-1.md",) and again.written == ("assets/img/a.png",)


def test_not_a_jekyll_site(tmp_path):
    plan = plan_import(tmp_path, "Asia/Seoul", tmp_path)
    assert [p.message for p in plan.problems] == ["no _posts/ folder: is this a Jekyll site?"]
