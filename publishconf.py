"""Settings for the published site: pelicanconf.py plus the public address and feeds."""

import os

from pelicanconf import *

SITEURL = os.environ.get("SITEURL", "https://docker-notes.github.io")
FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/all.atom.xml"
RELATIVE_URLS = False
LOAD_CONTENT_CACHE = False
SEARCH = {"index": True}  # the Korean search index (Pagefind) over the finished site
# Readers do not see the authors' list of commands still without an explanation.
CHEATSHEET = {**CHEATSHEET, "public_url": SITEURL, "todo": False}
