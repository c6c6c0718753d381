"""Snippet names: post, number and what the block is, in ASCII; Hangul headings are never romanized."""

from __future__ import annotations

import pytest

from plugins.snippets.names import ascii_words, container_command, derived_part, file_prefix


@pytest.mark.parametrize(("command", "expected"), [
    ("docker build -t hello-nginx:1.0 .", "build"),
    ("sudo docker run -d --name web nginx", "run"),
    ("docker compose up -d --build --wait", "compose-up"),
    ("docker volume create memo-data", "volume-create"),
    ("docker --context x image ls", "image-ls"),
    ("docker compose -f a.yaml --profile dev up -d", "compose-up"),
    ("DOCKER_HOST=unix:///x docker ps", "ps"),
    ("docker-compose down -v", "compose-down"),
    ("podman pull busybox", "pull"),
    ("curl -s http://127.0.0.1:8080", ""),
    ("docker", ""),
])
def test_container_command(command, expected):
    assert container_command(command) == expected


@pytest.mark.parametrize(("kind", "filename", "commands", "installs", "expected"), [
    ("dockerfile", "Dockerfile.dev", [], False, "dockerfile"),
    ("file", "nginx/default.conf", [], False, "nginx-default-conf"),
    ("list", "", ["docker version", "sudo dnf install docker-ce"], True, "install"),
    ("console", "", ['echo "X=1" > .env', "docker build -t x ."], False, "build"),
    ("console", "", ["curl -s http://127.0.0.1:8080/"], False, "curl"),
    ("shell", "", ["./run.sh --fast"], False, "run-sh"),
    ("shell", "", ["if true; then\n  echo x\nfi"], False, "shell"),
    ("shell", "", ["도커 --버전"], False, "shell"),  # no ASCII word to name it by: its kind
])
def test_derived_part(kind, filename, commands, installs, expected):
    assert derived_part(kind, filename, commands, installs) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("compose.yaml", "compose-yaml"),
    ("각 구문별 해석", ""),  # dropped, never romanized
    ("Docker Compose 설치", "docker-compose"),
    ("a-" * 30, "a-" * 19 + "a"),
])
def test_ascii_words(text, expected):
    assert ascii_words(text) == expected


@pytest.mark.parametrize(("slug", "expected"), [("docker-2", "docker-2"), ("도커-2", "2"), ("도커", "post")])
def test_file_prefix(slug, expected):
    assert file_prefix(slug) == expected
