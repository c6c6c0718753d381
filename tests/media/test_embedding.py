"""Every way the author embeds media (raw HTML, Markdown, Chirpy includes) renders the plugin's markup."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from plugins.media.model import GeneratedPoster, MediaSettings, PostMedia
from plugins.sitebuild.errors import PostError
from tests.media.pipeline import assert_html, make_markdown, render

FIG_PHOTO = """<figure class="media {place}">
<img src="{{static}}/assets/img/photo.jpg" alt="사진" width="300" height="200">
</figure>"""

IMAGES = [
    pytest.param(
        '<div align="center">\n  <img src="assets/img/wide.png" alt="넓은 그림" width="400">\n</div>\n',
        '<figure class="media media-center">\n<img src="{static}/assets/img/wide.png" alt="넓은 그림" width="400" height="200">\n'
        "</figure>",
        id="div align=center around an img: figure, height kept in ratio, no caption from the alt text (Chirpy's)",
    ),
    pytest.param('<div align="left">\n  <img src="/assets/img/photo.jpg" alt="사진">\n</div>\n',
                 FIG_PHOTO.format(place="media-left"), id="div align=left: figure.media-left, size from the file"),
    pytest.param('<div align="right">\n<img src="/assets/img/photo.jpg" alt="사진">\n</div>\n',
                 FIG_PHOTO.format(place="media-right"), id="div align=right"),
    pytest.param('<p align="center"><img src="/assets/img/photo.jpg" alt="사진"></p>\n',
                 FIG_PHOTO.format(place="media-center"), id="p align=center"),
    pytest.param('<center>\n<img src="/assets/img/photo.jpg" alt="사진">\n</center>\n',
                 FIG_PHOTO.format(place="media-center"), id="center element"),
    pytest.param(
        '<div align="center">\n  <p>설명 <img src="/assets/img/wide.png" alt=""></p>\n</div>\n',
        '<div class="align-center">\n  <p>설명 <img src="{static}/assets/img/wide.png" alt="" width="800" height="400"></p>\n</div>',
        id="div align around text: div.align-center, image left inline",
    ),
    pytest.param('<img src="/assets/img/photo.jpg" alt="사진">\n', FIG_PHOTO.format(place="media-center"),
                 id="raw img alone in a paragraph becomes a figure"),
    pytest.param('글 <img src="/assets/img/photo.jpg" alt="사진" width="30"> 글\n',
                 '<p>글 <img src="{static}/assets/img/photo.jpg" alt="사진" width="30" height="20"> 글</p>',
                 id="raw img inside text stays inline"),
    pytest.param("![사진](/assets/img/photo.jpg)\n", FIG_PHOTO.format(place="media-center"),
                 id="Markdown image: figure, no caption from the alt text (Chirpy's)"),
    pytest.param(
        "![사진](/assets/img/photo.jpg)\n_회색 사진 **굵게**_\n",
        '<figure class="media media-center">\n<img src="{static}/assets/img/photo.jpg" alt="사진" width="300" height="200">\n'
        "<figcaption>회색 사진 <strong>굵게</strong></figcaption>\n</figure>",
        id="Chirpy caption: italic line under the image",
    ),
    pytest.param(
        '![사진](/assets/img/wide.png){: width="400" .shadow .left }\n',
        '<figure class="media left">\n<img src="{static}/assets/img/wide.png" alt="사진" width="400" height="200" class="shadow">\n'
        "</figure>",
        id="IAL width keeps the ratio; .shadow on the img, .left floats the figure",
    ),
    pytest.param(
        '![사진](/assets/img/wide.png){: w="200" h="50" .right }\n',
        '<figure class="media right">\n<img src="{static}/assets/img/wide.png" alt="사진" width="200" height="50">\n'
        "</figure>",
        id="Chirpy w/h and .right",
    ),
    pytest.param(
        '![사진](/assets/img/wide.png){: height="100" .normal }\n',
        '<figure class="media media-left normal">\n<img src="{static}/assets/img/wide.png" alt="사진" width="200" height="100">\n'
        "</figure>",
        id="height only keeps the ratio; .normal is left-aligned",
    ),
    pytest.param(
        "![사진](/assets/img/photo.jpg){: .light }\n",
        '<figure class="media media-center light">\n<img src="{static}/assets/img/photo.jpg" alt="사진" width="300" height="200">\n'
        "</figure>",
        id=".light (and .dark) stay on the figure",
    ),
    pytest.param(
        '<img src="/assets/img/wide.png" alt="x" width="50%">\n',
        '<figure class="media media-center">\n<img src="{static}/assets/img/wide.png" alt="x" width="800" height="400" '
        'style="width: 50%">\n</figure>',
        id="percentage width becomes CSS, the file's size stays in the attributes",
    ),
    pytest.param(
        "![흐름](/assets/img/flow.png)\n",
        '<figure class="media media-center">\n<a class="media-vector" href="{static}/assets/img/flow.svg">'
        '<img src="{static}/assets/img/flow.png" alt="흐름" width="1400" height="800"></a>\n</figure>',
        id="PNG with an SVG beside it links to the SVG",
    ),
    pytest.param(
        '<img src="/assets/img/pic.svg" alt="벡터">\n',
        '<figure class="media media-center">\n<img src="{static}/assets/img/pic.svg" alt="벡터" width="120" height="60">\n'
        "</figure>",
        id="SVG size from width/height",
    ),
    pytest.param(
        '<img src="/assets/img/box.svg" alt="">\n',
        '<figure class="media media-center">\n<img src="{static}/assets/img/box.svg" alt="" width="50" height="25">\n</figure>',
        id="SVG size from the viewBox; empty alt gives no caption",
    ),
    pytest.param(
        "![외부](https://example.com/a.png)\n",
        '<figure class="media media-center">\n<img src="https://example.com/a.png" alt="외부">\n</figure>',
        id="external image: figure, not probed",
    ),
    pytest.param(
        '<img src="/assets/img/photo.jpg?v=2#top" alt="사진" title="제목">\n',
        '<figure class="media media-center">\n<img src="{static}/assets/img/photo.jpg?v=2#top" alt="사진" width="300" height="200" '
        'title="제목">\n</figure>',
        id="query and fragment kept; other attributes kept",
    ),
    pytest.param(
        "글 ![아이콘](/assets/img/photo.jpg){: w=\"30\" .shadow } 글\n",
        '<p>글 <img alt="아이콘" class="shadow" height="20" src="{static}/assets/img/photo.jpg" width="30" /> 글</p>',
        id="Markdown image inside text stays inline",
    ),
]


@pytest.mark.parametrize("source, expected", IMAGES)
def test_images(content, source, expected):
    """The figure's markup; the zoom link around a figure's image is test_figure_image_opens_full_size's."""
    assert_html(ZOOM_RE.sub(r"\1", render(content, source)), expected)


ZOOM_RE = re.compile(r'<a class="media-zoom" href="[^"]*">(<img[^>]*>)</a>')


@pytest.mark.parametrize("source", [
    pytest.param("![사진](/assets/img/photo.jpg)\n", id="Markdown image"),
    pytest.param('<div align="center"><img src="/assets/img/photo.jpg" alt="사진"></div>\n', id="raw HTML image"),
])
def test_figure_image_opens_full_size(content, source):
    """Chirpy's click-to-zoom: the figure's image is a link to the file (the theme shows it in a dialog)."""
    soup = BeautifulSoup(render(content, source), "html.parser")
    link = soup.select_one("figure > a.media-zoom")
    assert link is not None and link["href"] == link.img["src"] == "{static}/assets/img/photo.jpg"


@pytest.mark.parametrize("lqip, expected", [
    pytest.param("data:image/webp;base64,UklGRg==", "data:image/webp;base64,UklGRg==", id="data URI as written"),
    pytest.param("/assets/img/photo.jpg", "data:image/jpeg;base64,", id="a file is inlined"),
])
def test_lqip_is_a_placeholder_background(content, lqip, expected):
    soup = BeautifulSoup(render(content, f'![사진](/assets/img/wide.png){{: lqip="{lqip}" }}\n'), "html.parser")
    img = soup.select_one("img")
    assert "lqip" not in img.attrs
    assert f'background: url("{expected}' in img["style"]


def test_media_subpath_applies_to_relative_paths(content):
    html = render(content, "![사진](photo.jpg)\n\n![넓은](/assets/img/wide.png)\n",
                  front_matter={"media_subpath": "/assets/img"})
    assert 'src="{static}/assets/img/photo.jpg"' in html
    assert 'src="{static}/assets/img/wide.png"' in html


@pytest.mark.parametrize("settings, lazy", [
    pytest.param(MediaSettings(), [False, True, True], id="default: all but the first image lazy"),
    pytest.param(MediaSettings(eager_images=0), [True, True, True], id="eager_images=0: every image lazy"),
    pytest.param(MediaSettings(eager_images=2), [False, False, True], id="eager_images=2"),
])
def test_lazy_loading_after_the_first_images(content, settings, lazy):
    source = ('<div align="center">\n<img src="/assets/img/wide.png" alt="a">\n</div>\n\n'
              "![b](/assets/img/photo.jpg)\n\n<img src=\"/assets/img/wide.png\" alt=\"c\">\n")
    imgs = BeautifulSoup(render(content, source, settings=settings), "html.parser").find_all("img")
    assert [i.get("alt") for i in imgs] == ["a", "b", "c"]
    assert [i.get("loading") == "lazy" and i.get("decoding") == "async" for i in imgs] == lazy


def test_markdown_image_before_raw_html_image_is_the_eager_one(content):
    source = "![b](/assets/img/photo.jpg)\n\n<div align=\"center\">\n<img src=\"/assets/img/photo.jpg\" alt=\"a\">\n</div>\n"
    imgs = BeautifulSoup(render(content, source), "html.parser").find_all("img")
    assert [(i["alt"], i.get("loading")) for i in imgs] == [("b", None), ("a", "lazy")]


def test_media_in_code_is_left_alone(content):
    source = "```html\n<img src=\"/assets/img/missing.png\">\n```\n\n`![x](/nope.png)` 와 `<video src=\"x.mp4\">`\n"
    html = render(content, source)
    assert "missing.png" in html and "<figure" not in html and "{static}" not in html


VIDEO_CLIP = """<figure class="media media-video media-left">
<video controls preload="metadata" playsinline width="160" height="120" poster="{static}/assets/video/clip.poster.jpg" aria-label="시연 영상">
<source src="{static}/assets/video/clip.mp4" type="video/mp4">
<track kind="captions" srclang="ko" label="한국어" src="{static}/assets/video/clip.ko.vtt" default>
시연 영상: <a class="media-download" href="{static}/assets/video/clip.mp4">동영상 파일 내려받기</a>
</video>
</figure>"""

VIDEO_BARE = """<figure class="media media-video media-center">
<video controls preload="metadata" playsinline width="640" height="360" poster="{static}/assets/video/bare.poster.jpg">
<source src="{static}/assets/video/bare.mp4" type="video/mp4">
동영상: <a class="media-download" href="{static}/assets/video/bare.mp4">동영상 파일 내려받기</a>
</video>
</figure>"""

VIDEO_SOURCES = """<figure class="media media-video media-center">
<video controls preload="metadata" playsinline width="320" height="240" poster="{static}/assets/img/photo.jpg" aria-label="제목">
<source src="{static}/assets/video/clip.webm" type="video/webm">
<source src="{static}/assets/video/clip.mp4" type="video/mp4">
<track kind="captions" srclang="ko" label="한국어" src="{static}/assets/video/clip.ko.vtt" default>
제목: <a class="media-download" href="{static}/assets/video/clip.webm">동영상 파일 내려받기</a>
</video>
<figcaption>제목</figcaption>
</figure>"""

VIDEO_INCLUDE = """<figure class="media media-video media-center">
<video controls preload="metadata" playsinline autoplay loop muted width="320" height="240" poster="{static}/assets/img/photo.jpg" aria-label="데모 영상">
<source src="{static}/assets/video/clip.mp4" type="video/mp4">
<source src="{static}/assets/video/clip.webm" type="video/webm">
<source src="{static}/assets/video/clip.ogg" type="video/ogg">
<track kind="captions" srclang="ko" label="한국어" src="{static}/assets/video/clip.ko.vtt" default>
데모 영상: <a class="media-download" href="{static}/assets/video/clip.mp4">동영상 파일 내려받기</a>
</video>
<figcaption>데모 영상</figcaption>
</figure>"""

VIDEOS = [
    pytest.param(
        '<div align="left">\n  <video src="/assets/video/clip.mp4"\n         width="160"\n         controls>\n'
        "    시연 영상\n  </video>\n</div>\n",
        VIDEO_CLIP, (), id="video in div align=left: poster and captions found beside it, download link",
    ),
    pytest.param(
        '<video src="/assets/video/bare.mp4"></video>\n', VIDEO_BARE,
        (GeneratedPoster("assets/video/bare.mp4", "assets/video/bare.poster.jpg", 1.0),),
        id="video without a poster: a frame is taken at build time",
    ),
    pytest.param(
        '<video controls poster="/assets/img/photo.jpg" title="제목">\n  <source src="/assets/video/clip.webm" type="video/webm">\n'
        '  <source src="/assets/video/clip.mp4" type="video/mp4">\n</video>\n',
        VIDEO_SOURCES, (), id="source children, the given poster, title as caption",
    ),
    pytest.param(
        "{% include embed/video.html src='/assets/video/clip.mp4' poster='/assets/img/photo.jpg' title='데모 영상' "
        "autoplay=true loop=true muted=true types='webm|ogg' %}\n",
        VIDEO_INCLUDE, (), id="Chirpy embed/video.html with every parameter",
    ),
    pytest.param(
        "본문\n\n{% include embed/video.html src=\"/assets/video/bare.mp4\" %}\n\n끝\n",
        "<p>본문</p>\n" + VIDEO_BARE + "\n<p>끝</p>",
        (GeneratedPoster("assets/video/bare.mp4", "assets/video/bare.poster.jpg", 1.0),),
        id="Chirpy include with only src, between paragraphs",
    ),
]


@pytest.mark.parametrize("source, expected, posters", VIDEOS)
def test_videos(content, source, expected, posters):
    md = make_markdown(content)
    assert_html(md.convert(source), expected)
    assert md.post.outputs["media"].posters == posters


def test_include_paths_take_media_subpath(content):
    html = render(content, "{% include embed/video.html src='clip.mp4' poster='clip.poster.jpg' %}\n",
                  front_matter={"media_subpath": "assets/video"})
    assert '<source src="{static}/assets/video/clip.mp4"' in html
    assert 'poster="{static}/assets/video/clip.poster.jpg"' in html


def test_youtube_include_loads_nothing_until_clicked(content):
    html = render(content, "{% include embed/youtube.html id='Balreaj8Yqs' %}\n")
    soup = BeautifulSoup(html, "html.parser")
    figure = soup.find("figure")
    assert figure["class"] == ["media", "media-youtube", "media-center"]
    frame = figure.find("iframe")
    assert frame.get("src") is None, "a src would load YouTube with the page"
    inner = BeautifulSoup(frame["srcdoc"], "html.parser")
    form = inner.find("form")
    assert form["action"] == "https://www.youtube-nocookie.com/embed/Balreaj8Yqs"
    assert inner.find("button", type="submit") is not None
    assert not inner.find_all(src=True), "the local page must not load anything"
    assert soup.find("a", class_="media-youtube-link")["href"] == "https://www.youtube.com/watch?v=Balreaj8Yqs"
    assert [t for t in soup.find_all(src=True)] == []


def test_outputs_list_every_file(content):
    md = make_markdown(content)
    md.convert("![a](/assets/img/flow.png)\n\n<video src=\"/assets/video/clip.mp4\"></video>\n")
    summary = md.post.outputs["media"]
    assert isinstance(summary, PostMedia)
    assert summary.files == (
        "assets/img/flow.png", "assets/video/clip.ko.vtt", "assets/video/clip.mp4", "assets/video/clip.poster.jpg",
    )
    assert summary.posters == ()
    stamps = {path: (size, mtime) for path, size, mtime in summary.stamps}
    assert set(stamps) == {*summary.files, "assets/img/flow.svg"}
    assert stamps["assets/img/flow.png"] == ((content / "assets/img/flow.png").stat().st_size,
                                             (content / "assets/img/flow.png").stat().st_mtime_ns)


def test_outputs_remember_siblings_looked_for_and_absent(content):
    md = make_markdown(content)
    md.convert('<video src="/assets/video/bare.mp4"></video>\n')
    stamps = {path: (size, mtime) for path, size, mtime in md.post.outputs["media"].stamps}
    assert stamps["assets/video/bare.ko.vtt"] == (-1, -1)
    assert stamps["assets/video/bare.poster.jpg"] == (-1, -1)


ERRORS = [
    pytest.param('<div align="center">\n  <img src="assets/img/nope.png">\n</div>\n', {}, 2,
                 "media file 'assets/img/nope.png' does not exist (looked for content/assets/img/nope.png)",
                 id="missing image in raw HTML"),
    pytest.param("본문\n\n![x](/assets/img/nope.png)\n", {}, 3, "media file '/assets/img/nope.png' does not exist",
                 id="missing image in Markdown"),
    pytest.param("![x](nope.png)\n", {"media_subpath": "/assets/img"}, 1, "(looked for content/assets/img/nope.png)",
                 id="missing image under media_subpath"),
    pytest.param('<video\n  src="/assets/video/clip.mp4"\n  poster="/assets/img/none.jpg">\n</video>\n', {}, 3,
                 "media file '/assets/img/none.jpg' does not exist", id="missing poster on the third line of a tag"),
    pytest.param("{% include embed/video.html src='/assets/video/gone.mp4' %}\n", {}, 1,
                 "media file '/assets/video/gone.mp4' does not exist", id="missing video in an include"),
    pytest.param("\n{% include embed/video.html src='/assets/video/clip.mp4' types='mkv' %}\n", {}, 2,
                 "media file '/assets/video/clip.mkv' does not exist", id="include types names a missing file"),
    pytest.param("![x](../../outside.png)\n", {}, 1, "points outside the content folder", id="path escaping content/"),
    pytest.param('<img src="/home/me/pic.png">\n', {}, 1, "looks like a path on your computer", id="absolute path"),
    pytest.param('<img src="file:///C:/pic.png">\n', {}, 1, "is a file on your computer", id="file URL"),
    pytest.param("![x](/assets/img/upper.png)\n", {}, 1, "the file is named 'Upper.PNG'", id="wrong letter case"),
    pytest.param("![x](/assets/img)\n", {}, 1, "is a folder, not a file", id="a folder"),
    pytest.param("![x](/assets/img/notes.png)\n", {}, 1, "content/assets/img/notes.png is not an image",
                 id="not an image"),
    pytest.param("![x](/assets/img/scan.tiff)\n", {}, 1, "is a TIFF image, which browsers do not show", id="TIFF"),
    pytest.param('<video src="/assets/video/notvideo.mp4"></video>\n', {}, 1, "is not a video", id="not a video"),
    pytest.param('<video src="/assets/video/mpeg4.mp4"></video>\n', {}, 1,
                 "browsers cannot play '/assets/video/mpeg4.mp4': its video is mpeg4", id="MPEG-4 part 2 video"),
    pytest.param('<video src="/assets/video/yuv444.mp4"></video>\n', {}, 1, "uses yuv444p pixels", id="4:4:4 H.264"),
    pytest.param('<video src="/assets/video/movie.mov"></video>\n', {}, 1, ".mov videos do not play in every browser",
                 id="QuickTime file"),
    pytest.param('<video src="/assets/video/badcap.mp4"></video>\n', {}, 1, "badcap.ko.vtt is not a WebVTT captions file",
                 id="captions beside the video are not WebVTT"),
    pytest.param("{% include embed/youtube.html id='short' %}\n", {}, 1, "11-character YouTube id", id="bad YouTube id"),
    pytest.param("{% include embed/video.html src='/assets/video/clip.mp4' size='big' %}\n", {}, 1,
                 "embed/video.html does not take size", id="unknown include parameter"),
    pytest.param("{% include embed/video.html title='x' %}\n", {}, 1, "embed/video.html needs src=", id="include without src"),
]


@pytest.mark.parametrize("source, front_matter, line, message", ERRORS)
def test_broken_media_fail_with_file_and_line(content, source, front_matter, line, message):
    with pytest.raises(PostError) as caught:
        render(content, source, front_matter=front_matter)
    text = str(caught.value)
    assert text.startswith(f"content/posts/x.md:{line}: media: "), text
    assert message in text, text
    assert "\n" not in text


def test_every_missing_file_of_a_post_is_reported(content, caplog):
    """The author fixes every missing file after one build, not one a build."""
    source = "![a](/assets/img/one.png)\n\n글\n\n![b](/assets/img/two.png)\n\n![c](/assets/img/three.png)\n"
    with pytest.raises(PostError) as caught:
        render(content, source)
    logged = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    reported = [*logged, str(caught.value)]
    assert [(r.split(": ")[0], r.split("'")[1]) for r in reported] == [
        ("content/posts/x.md:1", "/assets/img/one.png"),
        ("content/posts/x.md:5", "/assets/img/two.png"),
        ("content/posts/x.md:7", "/assets/img/three.png"),
    ]


@pytest.mark.parametrize("written, path", [
    pytest.param("/other/hidden.png", "other/hidden.png", id="root path outside STATIC_PATHS, as Jekyll serves it"),
    pytest.param("hidden.png", "other/hidden.png", id="through media_subpath"),
])
def test_root_path_names_the_file_wherever_it_lies(content, written, path):
    html = render(content, f"![x]({written})\n", front_matter={"media_subpath": "/other/"})
    assert f'src="{{static}}/{path}"' in html


@pytest.mark.parametrize("source, line", [
    pytest.param('\n<img src="/assets/img/photo.jpg">\n', 2, id="raw img without alt"),
    pytest.param("\n\n![](/assets/img/photo.jpg)\n", 3, id="Markdown image with empty alt"),
])
def test_image_without_alt_is_reported_with_its_line(content, caplog, source, line):
    render(content, source)
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert warnings == [(f"content/posts/x.md:{line}: media: image '/assets/img/photo.jpg' has no alt text; "
                        'describe it: alt="..." or ![설명](...)')]


@pytest.mark.parametrize("front_matter, text, error", [
    pytest.param({"image": {"path": "/assets/img/gone.png", "alt": "x"}}, "---\ntitle: x\nimage:\n  path: /assets/img/gone.png\n---\n",
                 "content/posts/x.md:3: media: media file '/assets/img/gone.png' does not exist", id="missing {path}"),
    pytest.param({"image": "notes.png", "media_subpath": "/assets/img"}, "---\nmedia_subpath: /assets/img\nimage: notes.png\ntitle: x\n---\n",
                 "content/posts/x.md:3: media: content/assets/img/notes.png is not an image", id="not an image"),
    pytest.param({"image": "photo.jpg", "media_subpath": "/assets/img"}, "---\nimage: photo.jpg\ntitle: x\n---\n", None,
                 id="found under media_subpath"),
])
def test_front_matter_preview_image_is_checked(content, tmp_path, front_matter, text, error):
    import dataclasses

    from plugins.chirpy_reader.post import parse_post

    md = make_markdown(content, front_matter=front_matter)
    model = parse_post(text + "\n본문\n", "content/posts/x.md", "2025-11-28-x.md", "UTC")
    md.post = dataclasses.replace(md.post, model=model)
    if error is None:
        assert "본문" in md.convert("본문\n")
        return
    with pytest.raises(PostError) as caught:
        md.convert("본문\n")
    assert str(caught.value).startswith(error), str(caught.value)


@pytest.mark.parametrize("cdn, subpath, written, src", [
    pytest.param("https://cdn.example.com", "", "/assets/img/photo.jpg", "https://cdn.example.com/assets/img/photo.jpg",
                 id="cdn alone"),
    pytest.param("https://cdn.example.com/", "/assets/img/", "photo.jpg", "https://cdn.example.com/assets/img/photo.jpg",
                 id="cdn and media_subpath compose as [cdn/][media_subpath/]file"),
    pytest.param("", "/assets/img", "photo.jpg", "{static}/assets/img/photo.jpg", id="media_subpath alone"),
])
def test_cdn_and_media_subpath_compose(content, cdn, subpath, written, src):
    md = make_markdown(content, front_matter={"media_subpath": subpath} if subpath else {},
                       settings=MediaSettings(cdn=cdn))
    soup = BeautifulSoup(md.convert(f"![사진]({written})\n"), "html.parser")
    assert soup.img["src"] == src


@pytest.mark.parametrize("source, front_matter, selector, expected", [
    pytest.param("{%\n  include embed/video.html\n  src='/assets/video/clip.mp4'\n  title='Demo video'\n  muted=true\n%}\n",
                 {}, "figure.media-video figcaption", "Demo video", id="video include split over lines, as Chirpy documents it"),
    pytest.param("{%\n  include embed/audio.html\n  src='/assets/audio/talk.mp3'\n  types='ogg'\n  title='Demo audio'\n%}\n",
                 {}, "figure.media-audio figcaption", "Demo audio", id="audio include"),
    pytest.param("{% include embed/twitch.html id='1634779211' %}\n", {}, "figure.media-external a",
                 "Twitch에서 동영상 보기", id="twitch: a link, nothing loaded from Twitch"),
    pytest.param("{% include embed/bilibili.html id='BV1Q44y1B7Wf' %}\n", {}, "figure.media-external a",
                 "bilibili에서 동영상 보기", id="bilibili"),
    pytest.param("![사진](photo.jpg)\n", {"img_path": "/assets/img/"}, "img", "", id="img_path is media_subpath"),
])
def test_chirpy_embeds(content, source, front_matter, selector, expected):
    soup = BeautifulSoup(render(content, source, front_matter=front_matter), "html.parser")
    found = soup.select_one(selector)
    assert found is not None, soup
    assert found.get_text().strip() == expected


def test_audio_sources_and_types(content):
    soup = BeautifulSoup(render(content, "{% include embed/audio.html src='/assets/audio/talk.mp3' types='ogg' %}\n"),
                         "html.parser")
    assert [(s["src"], s["type"]) for s in soup.select("audio source")] == [
        ("{static}/assets/audio/talk.mp3", "audio/mpeg"), ("{static}/assets/audio/talk.ogg", "audio/ogg")]


def test_includes_are_text_when_liquid_is_off(content):
    md = make_markdown(content, front_matter={"render_with_liquid": False})
    html = md.convert("{% include embed/video.html src='/assets/video/gone.mp4' %}\n")
    assert "{% include embed/video.html src='/assets/video/gone.mp4' %}" in html and "<video" not in html
