"""The live preview: serve the output folder on 127.0.0.1, rebuild in-process on changes, reload browsers.

livereload supplies the file watcher, the browser reload protocol and the script injection; the
files themselves go through `OutputHandler`, our own small Tornado handler, because livereload's
StaticFileHandler (Tornado's) answers traversal with 403 instead of 404, keeps a process-wide etag
cache that goes stale when a rebuild rewrites a file, and cannot show a failed build's errors.
"""

from __future__ import annotations

import html
import logging
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tornado import autoreload, web
from tornado.ioloop import IOLoop, PeriodicCallback

from workflow.serve_paths import FILE, REDIRECT, resolve_request

# Only this machine can reach the preview: drafts and the error page are nobody else's business.
HOST = "127.0.0.1"
# Shortest time between two browser reloads (livereload's default of 3 s drops quick successive saves).
RELOAD_THROTTLE_SECONDS = 0.5
# How often the preview looks whether its background build has ended.
BACKGROUND_POLL_MS = 250

log = logging.getLogger(__name__)

# livereload's script tag for its client (server.py), with the port fixed: pages load it from the preview itself.
LIVE_SCRIPT = ('<script type="text/javascript">(function(){var s=document.createElement("script");var port=%s;'
               's.src="//"+window.location.hostname+":"+port+ "/livereload.js?port=" + port;'
               'document.head.appendChild(s);})();</script>')


@dataclass
class BuildState:
    """What the last build left: the server shows its problems instead of the pages while it failed.

    Mutable on purpose: it is the one thing the rebuild callback and the request handler share,
    owned by one `Preview` and gone with it.
    """

    ok: bool = True
    problems: tuple[str, ...] = ()
    seconds: float = 0.0
    builds: int = 0


@dataclass(frozen=True)
class Preview:
    """One preview session: what to build, where, and how to report."""

    build: Callable[[], object]  # runs one build, returns a sitebuild.runner.BuildResult
    output: Path
    port: int
    watch: tuple[Path | str, ...] = ()  # folders, files or glob patterns that trigger a rebuild
    root: Path = Path(".")  # shown paths are relative to this
    state: BuildState = field(default_factory=BuildState)
    out: Callable[[str], None] = lambda line: print(line, flush=True)
    err: Callable[[str], None] = lambda line: print(line, file=sys.stderr, flush=True)
    # The fast path for one edited post (sitebuild.incremental.LastBuild.edited) and the full build
    # that follows it in a child process (workflow.background); without them every change is a full build.
    fast: Callable[[str], object] | None = None
    background: object | None = None  # a workflow.background.BackgroundBuild

    def rebuild(self, reason: str = "", changed: str | None = None) -> BuildState:
        """Build once, record the outcome, say how long it took; never raise for a failed build.

        When `changed` is one post whose edit no other page depends on, only its page is written
        here and the rest of the site is rebuilt in the background (see `poll_background`).
        """
        started = time.perf_counter()
        if self.background is not None:
            self.background.cancel()  # it would swap in a site built before this change
        result, only_page = None, False
        try:
            if changed and self.fast is not None:
                result = self.fast(changed).result
                only_page = result is not None
            if result is None:
                result = self.build()
            ok, problems = bool(result.ok), tuple(result.problems)
        except Exception as error:  # noqa: BLE001 - the preview must survive a crashing plugin too
            ok, problems = False, (f"internal error: {type(error).__name__}: {error}",)
        seconds = time.perf_counter() - started
        self._record(ok, problems, seconds)
        why = f" after {reason} changed" if reason else ""
        if ok and only_page:
            self.out(f"preview: rebuilt in {seconds:.2f} s{why} (its page; the rest of the site follows in the background)")
            self.background.start()
        elif ok:
            self.out(f"preview: rebuilt in {seconds:.2f} s{why}")
        else:
            self._report(problems, f"preview: build failed in {seconds:.2f} s{why}")
        return self.state

    def poll_background(self, reload: Callable[[], None] = lambda: None) -> BuildState | None:
        """Record the background build once it has ended; reload the browsers only if it failed."""
        done = self.background.finished() if self.background is not None else None
        if done is None:
            return None
        self._record(done.ok, done.problems, done.seconds)
        if done.ok:
            self.out(f"preview: the rest of the site rebuilt in {done.seconds:.2f} s")
        else:
            self._report(done.problems, f"preview: the background build failed in {done.seconds:.2f} s")
            reload()
        return self.state

    def stop_background(self) -> None:
        if self.background is not None:
            self.background.cancel()

    def _record(self, ok: bool, problems: tuple[str, ...], seconds: float) -> None:
        self.state.ok, self.state.problems, self.state.seconds = ok, problems, seconds
        self.state.builds += 1

    def _report(self, problems: tuple[str, ...], summary: str) -> None:
        for problem in problems:
            self.err(problem)
        self.err(f"{summary}; the browser shows the error until it is fixed")

    def allowed_hosts(self) -> frozenset[str]:
        return frozenset({f"{HOST}:{self.port}", f"localhost:{self.port}"})

    def allowed_origins(self) -> frozenset[str]:
        return frozenset(f"http://{host}" for host in self.allowed_hosts())

    def handlers(self) -> list:
        return [(r"/(.*)", OutputHandler, {"path": str(self.output), "preview": self})]

    def live_handlers(self) -> list:
        """livereload's reload socket, trigger and script, answering only this preview's own pages.

        livereload accepts any Host and any Origin: a page on another site could open the socket (and
        learn when the author saves) or, through a name rebound to 127.0.0.1, trigger reloads.
        """
        from livereload.handlers import ForceReloadHandler, LiveReloadHandler, LiveReloadJSHandler

        preview = self

        class OwnHostOnly(web.RequestHandler):
            def prepare(self) -> None:
                if self.request.host not in preview.allowed_hosts():
                    raise web.HTTPError(404)

        class ReloadSocket(OwnHostOnly, LiveReloadHandler):
            def check_origin(self, origin: str) -> bool:
                return origin in preview.allowed_origins()

        class ReloadTrigger(OwnHostOnly, ForceReloadHandler):
            def prepare(self) -> None:
                super().prepare()
                # A page elsewhere could fire it from an <img>; browsers say where a request comes from.
                origin = self.request.headers.get("Origin")
                site = self.request.headers.get("Sec-Fetch-Site", "none")
                if (origin and origin not in preview.allowed_origins()) or site not in ("same-origin", "none"):
                    raise web.HTTPError(404)

        class ReloadScript(OwnHostOnly, LiveReloadJSHandler):
            pass

        return [(r"/livereload", ReloadSocket), (r"/forcereload", ReloadTrigger), (r"/livereload.js", ReloadScript)]

    def shown(self, path: str | None) -> str:
        if not path:
            return ""
        try:
            return str(Path(path).resolve().relative_to(self.root.resolve()))
        except ValueError:
            return str(path)


def preview_overrides(settings: dict, cache: Path) -> dict:
    """Settings for preview builds: keep compiled templates between rebuilds (Jinja's bytecode cache).

    Pelican makes a new Jinja environment per build, so without this every rebuild compiles every
    template again. Entries are keyed by the template's source, so an edited template is recompiled.
    """
    from jinja2 import FileSystemBytecodeCache

    cache.mkdir(parents=True, exist_ok=True)
    return {"JINJA_ENVIRONMENT": {**settings.get("JINJA_ENVIRONMENT", {}), "bytecode_cache": FileSystemBytecodeCache(str(cache))}}


def error_page(problems: tuple[str, ...], seconds: float) -> str:
    """The page shown instead of the site while the last build failed (the live script reloads it)."""
    items = "\n".join(f"<li><pre>{html.escape(p)}</pre></li>" for p in problems)
    return f"""<!doctype html>
<html lang="ko">
<head>
<meta charset="utf-8">
<title>빌드 실패</title>
<style>
body {{ font-family: sans-serif; margin: 2rem; background: #fff4f4; color: #3a0000; }}
pre {{ white-space: pre-wrap; font-size: 0.95rem; }}
li {{ margin-bottom: 1rem; }}
</style>
</head>
<body>
<h1>빌드에 실패했습니다</h1>
<p>아래 문제를 고치고 저장하면 다시 빌드하고 이 페이지를 새로 고칩니다. ({seconds:.2f}초)</p>
<ol id="build-problems">
{items}
</ol>
</body>
</html>
"""


class OutputHandler(web.StaticFileHandler):
    """Serves files of the output folder only (anything else is 404); the error page while a build fails."""

    def initialize(self, path: str, preview: Preview) -> None:  # type: ignore[override]
        super().initialize(path=path)
        self.preview = preview

    async def get(self, path: str, include_body: bool = True) -> None:
        if self.request.host not in self.preview.allowed_hosts():
            # A page elsewhere can rebind its own name to 127.0.0.1; only our own names get answers.
            raise web.HTTPError(404)
        resolved = resolve_request(Path(self.root), self.request.path)
        if not self.preview.state.ok and self._is_page(resolved):
            self.set_status(500)
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.set_header("Cache-Control", "no-store")
            if include_body:
                self.write(error_page(self.preview.state.problems, self.preview.state.seconds))
            return
        await super().get(path, include_body)

    @staticmethod
    def _is_page(resolved) -> bool:
        if resolved.kind == FILE:
            return resolved.path.suffix == ".html"
        return True  # a missing page may be the one the failed build did not write

    @classmethod
    def get_absolute_path(cls, root: str, path: str) -> str:
        return root  # not used: validate_absolute_path resolves the raw request path itself

    def validate_absolute_path(self, root: str, absolute_path: str) -> str | None:
        # Tornado's own path joining is ignored: the raw request path goes through our resolver.
        resolved = resolve_request(Path(root), self.request.path)
        if resolved.kind == REDIRECT:
            self.redirect(resolved.location, permanent=False)
            return None
        if resolved.kind != FILE:
            log.debug("404 for %r: %s", self.request.path, resolved.reason)
            raise web.HTTPError(404)
        return str(resolved.path)

    def compute_etag(self) -> str | None:
        return None  # Tornado caches etags per path for the whole process; rebuilt files must not 304

    def should_return_304(self) -> bool:
        return False

    def set_extra_headers(self, path: str) -> None:
        self.set_header("Cache-Control", "no-store")

    def write_error(self, status_code: int, **kwargs) -> None:
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish(f"{status_code}\n")


def serve_live(preview: Preview) -> None:
    """Build, serve and rebuild on every change until Ctrl-C; browsers reload after each build."""
    from livereload import Server
    from livereload.handlers import LiveReloadHandler
    from livereload.server import LiveScriptInjector
    from tornado import escape

    class _Server(Server):
        def get_web_handlers(self, script):
            return preview.handlers()

        def application(self, port, host, liveport=None, debug=None, live_css=True):
            """livereload's own, with its reload handlers replaced by ones that check Host and Origin."""
            LiveReloadHandler.watcher = self.watcher
            LiveReloadHandler.live_css = live_css

            class Inject(LiveScriptInjector):
                script = escape.utf8(LIVE_SCRIPT % port)

            app = web.Application(handlers=preview.live_handlers() + preview.handlers(), transforms=[Inject])
            app.listen(port, address=host)

    LiveReloadHandler.DEFAULT_RELOAD_TIME = RELOAD_THROTTLE_SECONDS
    server = _Server()

    def on_change() -> None:
        changed = server.watcher.filepath
        preview.rebuild(preview.shown(changed), changed)

    for target in preview.watch:
        server.watch(str(target), on_change, ignore=_not_a_rebuild_reason)
    preview.rebuild()
    _restart_on_code_change(preview)
    PeriodicCallback(lambda: preview.poll_background(LiveReloadHandler.reload_waiters), BACKGROUND_POLL_MS).start()
    # Said once the loop runs, i.e. after the socket is bound: tests and scripts wait for this line.
    IOLoop.current().add_callback(preview.out, f"preview: http://{HOST}:{preview.port}/ (Ctrl-C stops it)")
    try:
        server.serve(port=preview.port, host=HOST, root=str(preview.output), debug=False, restart_delay=0)
    finally:
        preview.stop_background()


def serve_static(preview: Preview) -> None:
    """Serve the output folder as it is, without watching or rebuilding."""
    app = web.Application(preview.handlers())
    app.listen(preview.port, address=HOST)
    preview.out(f"preview: http://{HOST}:{preview.port}/ serving {preview.output} as it is (Ctrl-C stops it)")
    try:
        IOLoop.current().start()
    except KeyboardInterrupt:
        pass


def _not_a_rebuild_reason(path: str) -> bool:
    """Python files restart the preview instead; hidden files and editor droppings are never sources."""
    from plugins.sitebuild.sources import ignored_reason

    return _is_python(path) or ignored_reason(os.path.basename(path)) is not None


def _is_python(path: str) -> bool:
    return path.endswith(".py")


def _restart_on_code_change(preview: Preview) -> None:
    """Python cannot reload plugin modules in place: when one changes, start the preview afresh.

    Tornado's autoreload watches every imported module's file: the plugins, tasks.py, workflow/,
    and pelicanconf.py (Pelican imports it as a module).
    """
    autoreload.add_reload_hook(lambda: preview.out("preview: Python code changed, restarting"))
    autoreload.add_reload_hook(preview.stop_background)
    autoreload.start()
