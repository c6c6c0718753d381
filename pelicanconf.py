"""Site settings for local builds and the preview. publishconf.py builds on these."""

AUTHOR = "도커 공부하는 개발자"
SITENAME = "도커 노트"
SITEURL = ""
SITE_DESCRIPTION = "실무 환경 그대로, 직접 실행해 본 명령어로 배우는 도커 시리즈"

PATH = "content"
ARTICLE_PATHS = ["posts"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["assets"]
# The Chirpy reader reads every post; Pelican's own Markdown reader must not see them.
READERS = {}  # the chirpy_reader plugin claims .md and .markdown
OUTPUT_PATH = "output"

TIMEZONE = "Asia/Seoul"
DEFAULT_LANG = "ko"
DEFAULT_DATE_FORMAT = "%Y년 %-m월 %-d일"

# Chirpy's URL scheme, so the old blog's links keep working; Hangul stays Hangul in URLs.
ARTICLE_URL = "posts/{slug}/"
ARTICLE_SAVE_AS = "posts/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
CATEGORY_URL = "categories/{slug}/"
CATEGORY_SAVE_AS = "categories/{slug}/index.html"
CATEGORIES_URL = "categories/"
CATEGORIES_SAVE_AS = "categories/index.html"
TAG_URL = "tags/{slug}/"
TAG_SAVE_AS = "tags/{slug}/index.html"
TAGS_URL = "tags/"
TAGS_SAVE_AS = "tags/index.html"
ARCHIVES_URL = "archives/"
ARCHIVES_SAVE_AS = "archives/index.html"
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""
SLUGIFY_USE_UNICODE = True
SLUGIFY_SOURCE = "basename"

# One plugin: plugins/glue.py connects every plugin under plugins/ to Pelican, in the order it states.
PLUGINS = ["plugins.glue"]

THEME = "theme"

DEFAULT_PAGINATION = 10
FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = None  # feeds need an absolute SITEURL: publishconf.py turns them on
FEED_MAX_ITEMS = 20
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

CACHE_PATH = "cache"
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CHECK_MODIFIED_METHOD = "md5"

RELATIVE_URLS = False

# One language; two posts with one slug are an error (chirpy_reader), not "translations".
ARTICLE_TRANSLATION_ID = None
PAGE_TRANSLATION_ID = None

# The cheat sheet (/cheatsheet/ and its PDF, Markdown, navi, tldr, JSON files): plugins/cheatsheet/.
# "pdf": False leaves the PDF out of the site build; it is cached by content, so only command edits cost.
# "public_url": the address the downloads (PDF, JSON, navi, tldr) link to when SITEURL is relative.
CHEATSHEET = {"pdf": True, "public_url": "https://docker-notes.github.io"}

# Theme (theme/): the menu, page-2 addresses, and the theme plugins' settings (defaults in each plugin's settings.py).
MENUITEMS = (
    ("카테고리", "categories/"),
    ("태그", "tags/"),
    ("시리즈", "series/"),
    ("치트시트", "cheatsheet/"),
    ("아카이브", "archives/"),
    ("소개", "about/"),
)
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)
SERIES = {}
SITE_META = {}
# Pagefind takes seconds per thousand posts, too slow for every preview rebuild: publishconf.py turns it on,
# `invoke search-index` indexes output/ after `invoke build`.
SEARCH = {"index": False}
