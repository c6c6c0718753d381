"""Split a Chirpy post into YAML front matter and body, and check every key the theme relies on."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

import yaml

from plugins.chirpy_reader.markdown_lines import body_start
from plugins.sitebuild.errors import PostError, SourcePos

PLUGIN = "chirpy_reader"

# Keys Chirpy/Jekyll posts use that this site reads.
KNOWN_KEYS = {
    "title", "date", "categories", "category", "tags", "description", "pin", "toc", "comments",
    "image", "media_subpath", "author", "authors", "slug", "published", "series", "series_index",
    "last_modified_at", "math", "mermaid", "render_with_liquid", "layout", "lang", "img_path",
}

_DATE_RE = re.compile(
    r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:[ T]+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.\d+)?)?)?"
    r"\s*(?P<tz>Z|[+-]\d{2}:?\d{2}|[+-]\d{2})?$"
)
_FILENAME_RE = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})-(?P<slug>.+)$")
# A slug is a folder name and part of every link to the post: nothing a URL, an HTML attribute or a
# file system would read otherwise.
_SAFE_SLUG_RE = re.compile(r"^[^/\\\s?#%\"'<>&`\x00-\x1f\x7f]+$")
_WORD_RE = re.compile(r"\w")
MAX_SLUG_BYTES = 200  # a folder name may be 255 bytes; Hangul takes 3 a letter


@dataclass(frozen=True)
class PostImage:
    path: str  # as written, with media_subpath applied
    alt: str = ""
    lqip: str = ""  # a data: URI, or a path with media_subpath applied


@dataclass(frozen=True)
class FrontMatter:
    """The front matter of one post, checked and typed."""

    title: str
    date: datetime
    slug: str
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    description: str = ""
    pin: bool = False
    toc: bool = True
    comments: bool = True
    published: bool = True
    image: PostImage | None = None
    media_subpath: str = ""
    authors: tuple[str, ...] = ()
    series: str | None = None
    series_index: int | None = None
    last_modified: datetime | None = None
    body_line: int = 1  # 1-based line of the first body line in the file
    slug_line: int | None = None  # line of `slug:`; None when the slug comes from the file name
    raw: dict = field(default_factory=dict, compare=False, repr=False)
    key_lines: dict = field(default_factory=dict, compare=False, repr=False)  # file line of each key


class _StringLoader(yaml.SafeLoader):
    """SafeLoader that leaves timestamps as strings, so dates are parsed (and reported) by us."""


_StringLoader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

if getattr(yaml, "__with_libyaml__", False):
    class _FastStringLoader(yaml.CSafeLoader):
        """_StringLoader's rules on libyaml's parser, for front matter that parses; its marks keep lines."""

    _FastStringLoader.yaml_implicit_resolvers = _StringLoader.yaml_implicit_resolvers
    _LOADERS: tuple[type, ...] = (_FastStringLoader, _StringLoader)
else:
    _LOADERS = (_StringLoader,)


def split_front_matter(text: str, path: str) -> tuple[str, int, str]:
    """Return (yaml text, first body line, body). The file must open with a `---` line."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        first = next((i for i, ln in enumerate(lines) if ln.strip()), None)
        line = (first or 0) + 1
        what = "the file is empty" if first is None else "the file does not start with front matter"
        raise PostError(
            SourcePos(path, line), PLUGIN, what,
            'start the post with a `---` line, `title: "..."`, `date: YYYY-MM-DD HH:MM:SS +0900` and a closing `---`',
        )
    body = body_start(lines)
    if body:
        return "\n".join(lines[1:body - 1]), body + 1, "\n".join(lines[body:])
    raise PostError(
        SourcePos(path, 1), PLUGIN, "the front matter opened here is never closed",
        "add a line with `---` after the last front matter key",
    )


def _load_yaml(source: str, path: str) -> tuple[dict, dict[str, int]]:
    """Parse the YAML mapping; return it and the file line of every key (front matter starts on line 2)."""
    if len(_LOADERS) > 1:
        try:
            return _checked_mapping(*_compose(_LOADERS[0], source), path)
        except yaml.YAMLError:
            pass  # PyYAML's own parser reports it: its messages and positions are the ones authors see
    try:
        data, lines = _compose(_StringLoader, source)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 2 if mark else 1
        bad = source.split("\n")[mark.line] if mark and mark.line < len(source.split("\n")) else ""
        hint = "check the indentation and quoting of this line"
        if re.match(r"^\s*\w+:\s*[\[{]", bad):
            hint = 'a value starting with [ or { is a YAML list or map; quote it, e.g. title: "[도커-1] ..."'
        elif ": " in bad.split(":", 1)[-1]:
            hint = 'a value containing ": " must be quoted, e.g. title: "A: B"'
        raise PostError(SourcePos(path, line), PLUGIN, f"front matter is not valid YAML ({err.problem})", hint) from None
    except yaml.reader.ReaderError as err:
        line = source.count("\n", 0, err.position) + 2
        raise PostError(SourcePos(path, line), PLUGIN, f"front matter contains the control character {err.character:#04x}",
                        "delete it (it is invisible in most editors)") from None
    except yaml.YAMLError as err:
        raise PostError(SourcePos(path, 2), PLUGIN, f"front matter is not valid YAML ({err})", "check its syntax") from None
    return _checked_mapping(data, lines, path)


def _compose(loader_class: type, source: str) -> tuple[object, dict[str, int]]:
    # Parse once: build the data from the composed node instead of scanning the text a second time.
    loader = loader_class(source)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else {}
        return data, _key_lines(loader, node)
    finally:
        loader.dispose()


def _checked_mapping(data: object, lines: dict[str, int], path: str) -> tuple[dict, dict[str, int]]:
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise PostError(SourcePos(path, 2), PLUGIN, "front matter must be `key: value` lines", "see the first post for an example")
    return data, lines


def _key_lines(loader: yaml.SafeLoader, node) -> dict[str, int]:
    """The file line of every key, under the name the key has once loaded (`~` is None, `yes` stays yes)."""
    lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            try:
                key = loader.construct_object(key_node, deep=True)
            except (yaml.YAMLError, TypeError):
                key = key_node.value
            lines.setdefault(str(key), key_node.start_mark.line + 2)
    return lines


def parse_date(value: str, default_tz: tzinfo) -> datetime:
    """`2025-11-28 12:00:00 +0900` (Chirpy's form), `+09:00`, `Z`, or no offset (site time zone)."""
    m = _DATE_RE.match(value.strip())
    if not m:
        raise ValueError("use YYYY-MM-DD HH:MM:SS +0900")
    parts = {k: int(v) for k, v in m.groupdict().items() if v and k != "tz"}
    naive = datetime(parts["y"], parts["m"], parts["d"], parts.get("H", 0), parts.get("M", 0), parts.get("S", 0))
    tz = m.group("tz")
    if not tz:
        return naive.replace(tzinfo=default_tz)
    if tz == "Z":
        return naive.replace(tzinfo=UTC)
    sign = -1 if tz[0] == "-" else 1
    digits = tz[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:] or 0)
    if hours > 14 or minutes > 59:
        raise ValueError(f"offset {tz} is not a time zone offset")
    return naive.replace(tzinfo=timezone(sign * timedelta(hours=hours, minutes=minutes)))


def _words(value, key: str, err) -> tuple[str, ...]:
    """Jekyll reads a string of categories/tags as space-separated words, a list as given."""
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(value.split())
    if isinstance(value, list) and all(isinstance(v, (str, int, float)) and not isinstance(v, bool) for v in value):
        return tuple(str(v).strip() for v in value if str(v).strip())
    raise err(key, f"{key} must be a list of words", f"e.g. {key}: [Infra, Docker]")


def _bool(value, key: str, err) -> bool:
    if isinstance(value, bool):
        return value
    raise err(key, f"{key} must be true or false (got {value!r})", f"write {key}: true or {key}: false")


def parse_front_matter(text: str, path: str, filename: str, default_tz: str) -> tuple[FrontMatter, str]:
    """Read and check the front matter of a post; returns it and the body. `default_tz`: for dates without
    an offset (the site's TIMEZONE)."""
    source, body_line, body = split_front_matter(text, path)
    data, key_lines = _load_yaml(source, path)

    def err(key: str, message: str, hint: str = "") -> PostError:
        return PostError(SourcePos(path, key_lines.get(key, 2)), PLUGIN, message, hint)

    for key in data:
        if str(key) not in KNOWN_KEYS:
            raise err(str(key), f"unknown front matter key {key!r}", "remove it or check its spelling")

    title = data.get("title")
    if title is None:
        raise PostError(SourcePos(path, 2), PLUGIN, "the front matter has no title", 'add title: "..."')
    if isinstance(title, list):
        raise err("title", "the title was read as a YAML list because it starts with [",
                  'quote it: title: "[도커-1] 도커란 무엇인가?"')
    if not isinstance(title, (str, int, float)) or not str(title).strip():
        raise err("title", "the title must be text", 'write title: "..."')

    tz = ZoneInfo(default_tz)
    name_match = _FILENAME_RE.match(filename.rsplit(".", 1)[0])
    raw_date = data.get("date")
    if raw_date is None:
        if not name_match:
            raise PostError(SourcePos(path, 2), PLUGIN, "no date in the front matter or the file name",
                            "add date: YYYY-MM-DD HH:MM:SS +0900 or name the file YYYY-MM-DD-slug.md")
        raw_date = name_match.group("date")
    try:
        date = parse_date(str(raw_date), tz)
    except ValueError as e:
        raise err("date", f"the date {str(raw_date)!r} is not a valid date ({e})",
                  "write it like 2025-11-28 12:00:00 +0900") from None

    last_modified = None
    if data.get("last_modified_at") is not None:
        try:
            last_modified = parse_date(str(data["last_modified_at"]), tz)
        except ValueError as e:
            raise err("last_modified_at", f"last_modified_at is not a valid date ({e})",
                      "write it like 2025-11-28 12:00:00 +0900") from None

    slug = _checked_slug(data.get("slug"), name_match, filename, path, err)

    if "categories" in data and "category" in data:
        raise err("category", "both category and categories are given", "keep only categories: [Top, Sub]")
    cat_key = "categories" if "categories" in data else "category"
    categories = _words(data.get(cat_key), cat_key, err)
    if len(categories) > 2:
        raise err(cat_key, f"categories are nested {len(categories)} levels deep ({', '.join(categories)})",
                  "use at most two levels: categories: [Top, Sub]")

    image = data.get("image")
    # img_path is media_subpath's name up to Chirpy 6.
    media_subpath = str(data.get("media_subpath") or data.get("img_path") or "").strip()
    post_image = None
    if image is not None:
        if isinstance(image, str):
            post_image = PostImage(_with_subpath(image, media_subpath))
        elif isinstance(image, dict) and isinstance(image.get("path"), str):
            lqip = str(image.get("lqip") or "").strip()
            post_image = PostImage(_with_subpath(image["path"], media_subpath), str(image.get("alt") or ""),
                                   _with_subpath(lqip, media_subpath) if lqip else "")
        else:
            raise err("image", "image must be a path or {path: ..., alt: ...}", "e.g. image: {path: /assets/img/x.png, alt: 설명}")

    authors_value = data.get("authors", data.get("author"))
    authors = _words(authors_value, "author", err) if not isinstance(authors_value, str) else (authors_value.strip(),)

    series = data.get("series")
    if series is not None and series is not False and not isinstance(series, str):
        raise err("series", "series must be a name or false", "e.g. series: 도커")
    series_index = data.get("series_index")
    if series_index is not None and (not isinstance(series_index, int) or isinstance(series_index, bool) or series_index < 1):
        raise err("series_index", "series_index must be a positive whole number", "e.g. series_index: 2")

    description = data.get("description") or ""
    if not isinstance(description, str):
        raise err("description", "description must be text", 'write description: "..."')

    tags = _words(data.get("tags"), "tags", err)
    for key, words in (("tags", tags), (cat_key, categories)):
        for word in words:
            if not _WORD_RE.search(word):
                raise err(key, f"the {key} entry {word!r} has no letter or digit, so it has no address",
                          "add a word to it, e.g. 도커, or remove it")

    fm = FrontMatter(
        title=str(title).strip(),
        date=date,
        slug=slug,
        categories=categories,
        tags=tags,
        description=description.strip(),
        pin=_bool(data.get("pin", False), "pin", err),
        toc=_bool(data.get("toc", True), "toc", err),
        comments=_bool(data.get("comments", True), "comments", err),
        published=_bool(data.get("published", True), "published", err),
        image=post_image,
        media_subpath=media_subpath,
        authors=authors,
        series=series if series is not False else "",
        series_index=series_index,
        last_modified=last_modified,
        body_line=body_line,
        slug_line=key_lines.get("slug") if data.get("slug") not in (None, "") else None,
        raw=data,
        key_lines={str(k): v for k, v in key_lines.items()},
    )
    return fm, body


def _checked_slug(given, name_match, filename: str, path: str, err) -> str:
    """The post's slug, from `slug:` or the file name, NFC-normalized and checked to make one safe folder."""
    if given is not None and not isinstance(given, (str, int)) or isinstance(given, bool):
        raise err("slug", f"the slug must be text (got {given!r})", 'write slug: "my-post"')
    from_name = given is None or given == ""
    slug = str(given) if not from_name else (name_match.group("slug") if name_match else filename.rsplit(".", 1)[0])
    # macOS writes Hangul file names decomposed (NFD); the same word typed is composed (NFC).
    slug = unicodedata.normalize("NFC", slug)

    def refuse(message: str, hint: str) -> PostError:
        if from_name:
            return PostError(SourcePos(path), PLUGIN, f"the file name gives the slug {slug!r}, which {message}",
                             f"rename the file ({hint}) or give it `slug:` in its front matter")
        return err("slug", f"the slug {slug!r} {message}", hint)

    if not _SAFE_SLUG_RE.match(slug) or slug in (".", ".."):
        raise refuse("cannot be used in a URL", "use letters, digits and hyphens")
    if len(slug.encode("utf-8")) > MAX_SLUG_BYTES:
        raise refuse(f"is {len(slug.encode('utf-8'))} bytes long (at most {MAX_SLUG_BYTES})", "shorten it")
    return slug


def _with_subpath(path: str, subpath: str) -> str:
    if not subpath or path.startswith(("/", "http://", "https://", "data:")):
        return path
    return subpath.rstrip("/") + "/" + path
