"""Serve a built site on 127.0.0.1 from a background thread (for Lighthouse and the browser tests)."""

from __future__ import annotations

import contextlib
import functools
import http.server
import socket
import threading
from pathlib import Path


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # the budgets report is the output, not the request log
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A browser that stops reading (a video it only needed the start of) is not an error.
        import sys

        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def serving(root: Path, port: int = 0, prefix: str = ""):
    """Yield the base URL; with `prefix` ("/blog") the site answers under that sub-path, as on GitHub Pages."""
    prefix = prefix.rstrip("/")

    class Handler(_QuietHandler):
        def translate_path(self, path):
            if prefix:
                if not (path == prefix or path.startswith(prefix + "/")):
                    return str(Path(root) / "__outside_the_prefix__")
                path = path[len(prefix):] or "/"
            return super().translate_path(path)

    server = _Server(("127.0.0.1", port), functools.partial(Handler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
