"""Read a post's series from its title ("[도커-3] 컨테이너 다루기") and front matter."""

from __future__ import annotations

import re

from plugins.series.model import SeriesClaim
from plugins.sitebuild.errors import PostError, SourcePos

PLUGIN = "series"
# Non-greedy name, so "[k8s-basics-2]" is the series "k8s-basics", post 2.
TITLE_RE = re.compile(r"^\[(?P<name>[^\]]+?)-(?P<index>\d+)\]\s*(?P<rest>.*)$")


def claim_from(title: str, series: str | None, series_index: int | None, source: SourcePos) -> SeriesClaim | None:
    """The series a post belongs to, or None.

    `series` is the front matter's: None when absent, "" for `series: false` (no series whatever the
    title says), else the name, which wins over the title's; `series_index` wins over the title's number.
    """
    match = TITLE_RE.match(title.strip())
    short = match.group("rest").strip() if match else title.strip()
    if series == "":
        return None
    name = (series or "").strip() or (match.group("name").strip() if match else "")
    if not name:
        if series_index is not None:
            raise PostError(source, PLUGIN, f"series_index: {series_index} is given but no series",
                            'add series: 이름, or title the post "[이름-N] ..."')
        return None
    index = series_index
    if index is None and match and match.group("name").strip() == name:
        index = int(match.group("index"))
    return SeriesClaim(name=name, index=index, short_title=short or title.strip(), source=source)
