"""The preview serves files of the output folder and nothing else: every trick gets a plain 404."""

from __future__ import annotations

import os

import pytest

from workflow.serve_paths import FILE, MISSING, REDIRECT, resolve_request


@pytest.fixture
def served(tmp_path):
    """project/ with a secret beside output/, as pelicanconf.py sits beside the real output/."""
    project = tmp_path / "project"
    out = project / "output"
    (out / "posts" / "docker-1").mkdir(parents=True)
    (out / "posts" / "docker-1" / "index.html").write_text("post")
    (out / "index.html").write_text("home")
    (out / "tags" / "도커").mkdir(parents=True)
    (out / "tags" / "도커" / "index.html").write_text("tag")
    (out / "assets").mkdir()
    (out / "assets" / "a b.png").write_bytes(b"png")
    (out / ".hidden").write_text("hidden")
    (out / "empty").mkdir()
    (project / "pelicanconf.py").write_text("SECRET = 1")
    (project / "output-secret").mkdir()
    (project / "output-secret" / "x.txt").write_text("x")
    os.symlink(project / "pelicanconf.py", out / "link-out.py")
    os.symlink(project, out / "dir-link")
    os.symlink(out / "index.html", out / "link-in.html")
    return out


CASES = [
    # (request path as sent, expected kind, expected file relative to output/ or None)
    ("/", FILE, "index.html"),
    ("/index.html", FILE, "index.html"),
    ("/posts/docker-1/", FILE, "posts/docker-1/index.html"),
    ("/posts/docker-1/?utm=x", FILE, "posts/docker-1/index.html"),
    ("/tags/%EB%8F%84%EC%BB%A4/", FILE, "tags/도커/index.html"),
    ("/assets/a%20b.png", FILE, "assets/a b.png"),
    ("/link-in.html", FILE, "index.html"),
    ("/posts/docker-1", REDIRECT, None),
    ("/../pelicanconf.py", MISSING, None),
    ("/%2e%2e/pelicanconf.py", MISSING, None),
    ("/%2E%2E/pelicanconf.py", MISSING, None),
    ("/..%2fpelicanconf.py", MISSING, None),
    ("/..%2Fpelicanconf.py", MISSING, None),
    ("/%2e%2e%2fpelicanconf.py", MISSING, None),
    ("/..\\pelicanconf.py", MISSING, None),
    ("/..%5cpelicanconf.py", MISSING, None),
    ("/%2e%2e%5cpelicanconf.py", MISSING, None),
    ("/posts/../../pelicanconf.py", MISSING, None),
    ("/posts/%2e%2e/%2e%2e/pelicanconf.py", MISSING, None),
    ("/%252e%252e/pelicanconf.py", MISSING, None),  # decoded once: a literal '%2e%2e' folder, which is not there
    ("/../output-secret/x.txt", MISSING, None),
    ("/./index.html", MISSING, None),
    ("//pelicanconf.py", MISSING, None),
    ("//evil.example/", MISSING, None),
    ("/index.html%00.png", MISSING, None),
    ("/%ff", MISSING, None),
    ("/.hidden", MISSING, None),
    ("/link-out.py", MISSING, None),
    ("/dir-link/pelicanconf.py", MISSING, None),
    ("/empty/", MISSING, None),
    ("/index.html/", MISSING, None),
    ("/nope.html", MISSING, None),
    ("pelicanconf.py", MISSING, None),
]


@pytest.mark.parametrize(("raw", "kind", "expected"), CASES, ids=[c[0] for c in CASES])
def test_resolve_request(served, raw, kind, expected):
    resolved = resolve_request(served, raw)
    assert resolved.kind == kind, resolved.reason
    if expected:
        assert resolved.path == (served / expected).resolve()


def test_redirect_adds_the_slash_and_keeps_the_encoding(served):
    assert resolve_request(served, "/tags/%EB%8F%84%EC%BB%A4?x=1").location == "/tags/%EB%8F%84%EC%BB%A4/"
