"""Read SITE_META = {...} from pelicanconf.py into SiteMetaSettings, refusing unknown keys."""

from __future__ import annotations

from dataclasses import dataclass

from plugins.sitebuild.plugin_settings import read_plugin_settings

# No 'unsafe-inline' for scripts: every script is a file under theme/static/js/. Styles allow inline
# attributes because Markdown tables carry style="text-align: ...". The search page adds 'unsafe-eval' for
# Pagefind's WebAssembly (templates/search.html). youtube-nocookie is the media plugin's click-to-load player.
DEFAULT_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; media-src 'self'; connect-src 'self'; "
    "frame-src 'self' https://www.youtube-nocookie.com; form-action 'self' https://www.youtube-nocookie.com; "
    "object-src 'none'; base-uri 'self'"
)


class SiteMetaSettingsError(ValueError):
    """SITE_META in pelicanconf.py is wrong; the message names the key."""


@dataclass(frozen=True)
class SiteMetaSettings:
    csp: str = DEFAULT_CSP
    chars_per_minute: int = 500  # Korean reading speed for the reading time
    og_image: str = "og-default.png"  # the generated default card, at the output root
    css_dir: str = "static/css"  # inside the theme; every *.css in name order becomes one file
    css_save_as: str = "theme/css/site.{hash}.css"
    not_found_slug: str = "404"  # the page written as /404.html (GitHub Pages serves it for missing paths)


def read_settings(value: dict | None) -> SiteMetaSettings:
    return read_plugin_settings(SiteMetaSettings, value, 'site_meta', 'SITE_META', SiteMetaSettingsError)
