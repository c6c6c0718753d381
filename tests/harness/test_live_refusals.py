"""The live tier refuses containers on the host's network before running the block (the guard cannot hold them)."""

from __future__ import annotations

import pytest

from plugins.snippets.extract import extract_snippets
from tests.snippet_tiers.findings import SnippetFailed
from tests.snippet_tiers.live import refuse_host_network

FENCE = "```"


@pytest.mark.parametrize(("block", "refused"), [
    (f"{FENCE}bash\ndocker run --rm --network host nginx\n{FENCE}\n", "--network host"),
    (f"{FENCE}bash\ndocker run --rm --net=host nginx\n{FENCE}\n", "--net=host"),
    (f"{FENCE}bash\ndocker run --rm --network='host' nginx\n{FENCE}\n", "--network='host"),
    (f'{FENCE}yaml\nservices:\n  web:\n    image: nginx\n    network_mode: "host"\n{FENCE}\n{{: file="compose.yaml" }}\n',
     'network_mode: "host'),
    (f"{FENCE}bash\ndocker run --rm --network mynet nginx\n{FENCE}\n", None),
    (f"{FENCE}bash\ndocker network create hostnet\n{FENCE}\n", None),
    (f"{FENCE}bash\ndocker run -d -p 127.0.0.1:8080:80 nginx\n{FENCE}\n", None),
])
def test_host_network_is_refused_before_running(block, refused):
    (snippet,) = extract_snippets(f"## 실행\n\n{block}", "content/posts/x.md", "x")
    if refused is None:
        refuse_host_network(snippet)
        return
    with pytest.raises(SnippetFailed) as caught:
        refuse_host_network(snippet)
    assert refused in str(caught.value) and "host's network" in str(caught.value)
