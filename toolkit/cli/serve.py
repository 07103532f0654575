"""``atau serve``: a LibreTranslate-compatible HTTP API and the translators'
page (:mod:`toolkit.server`). Starlette and uvicorn are imported only here,
when the command runs, so that no other command starts slower."""

from __future__ import annotations

import ipaddress
import socket
from pathlib import Path
from typing import Annotated, List, Optional

import typer

from ..errors import InputError
from ..i18n import _
from . import output


def serve(
    host: Annotated[str, typer.Option("--host", help=_("Address to listen on (loopback by default; any other needs --public)."))] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help=_("Port to listen on (0: any free port)."))] = 5000,
    public: Annotated[bool, typer.Option("--public", help=_("Allow a --host that is not a loopback address: anyone who reaches it can use the server."))] = False,
    api_keys: Annotated[Optional[Path], typer.Option("--api-keys", metavar="FILE", help=_("Require an API key from this file (one per line, optionally with its requests per minute and characters per request)."))] = None,
    threads: Annotated[int, typer.Option("--threads", min=0, max=256, help=_("CPU threads for each model (0: the usable CPUs less one, at least 1, at most 8: the server's own work needs a core)."))] = 0,
    glossary: Annotated[Optional[List[str]], typer.Option("--glossary", "-g", metavar="[ID=]PATH", help=_("A glossary requests can name by ID (repeatable; the first, or the one named 'default', is used when a request names none). Default: the glossary atau would use."))] = None,
    char_limit: Annotated[int, typer.Option("--char-limit", min=-1, help=_("Characters per request, at most (-1: no limit)."))] = 20_000,
    req_limit: Annotated[int, typer.Option("--req-limit", min=-1, help=_("Requests per minute per API key or client address (-1: no limit)."))] = -1,
    batch_limit: Annotated[int, typer.Option("--batch-limit", min=-1, help=_("Texts in one request, at most (-1: no limit)."))] = 1000,
    max_body: Annotated[int, typer.Option("--max-body", min=1024, help=_("Request body size in bytes, at most."))] = 4 * 1024 * 1024,
    beam_size: Annotated[int, typer.Option("--beam-size", min=1, max=16, help=_("Beam width (1: fastest)."))] = 4,
    log_level: Annotated[str, typer.Option("--log-level", metavar="warning|info|debug", help=_("How much the server logs on standard error."))] = "info",
) -> None:
    """Serve translation with the glossary enforced over HTTP, with the
    API of LibreTranslate (Weblate, browser extensions, libretranslatepy)
    and a page for translators at http://127.0.0.1:5000/.

    Models load once, at start; requests that arrive together share one
    model call. The glossary is read again when its file changes. Stop with
    Ctrl+C or SIGTERM: requests in flight are finished first.

    Example: atau serve --glossary newsroom=glossary/ --api-keys keys.txt
    """
    try:
        import uvicorn

        from ..server.app import create_app
        from ..server.state import DEFAULT_GLOSSARY, ServerConfig, read_api_keys
    except ImportError as exc:
        raise InputError(_("atau serve needs the 'serve' extra: pip install 'atau[serve]' ({error})")
                         .format(error=exc)) from None

    if not _loopback(host) and not public:
        raise InputError(_("--host {host} is not a loopback address: anyone who can reach it could use "
                           "the server; add --public if that is meant").format(host=host))
    if log_level not in ("warning", "info", "debug"):
        raise InputError(_("--log-level must be warning, info or debug"))
    glossaries = _glossaries(glossary or [], DEFAULT_GLOSSARY)
    if threads == 0:
        threads = serve_threads()
    config = ServerConfig(glossaries=glossaries, api_keys=read_api_keys(api_keys) if api_keys else None,
                          char_limit=char_limit, req_limit=req_limit, batch_limit=batch_limit,
                          max_body=max_body, threads=threads, beam_size=beam_size)
    sock = _bind(host, port)
    bound = sock.getsockname()
    shown = f"[{bound[0]}]" if ":" in bound[0] else bound[0]
    _configure_logging(log_level)
    server = uvicorn.Server(uvicorn.Config(
        create_app(config), log_level=log_level, access_log=log_level == "debug",
        timeout_keep_alive=5, timeout_graceful_shutdown=60, limit_concurrency=256,
        h11_max_incomplete_event_size=64 * 1024, server_header=False))
    output.stderr.print(_("atau: serving on http://{host}:{port}/ (Ctrl+C to stop)").format(host=shown, port=bound[1]))
    server.run(sockets=[sock])


def serve_threads() -> int:
    """The model threads ``atau serve`` uses by default: the usable CPUs
    less one (at least 1, at most 8). The server's Python work (HTTP,
    segmentation, enforcement of the requests not in the model) runs while
    the model computes; with as many model threads as cores, requests
    stalled for seconds on a loaded 2-core machine (benchmarks/bench_serve.py,
    results/serve-threads2.json)."""
    from ..mt.engine import default_threads

    return max(1, default_threads() - 1)


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _glossaries(values: list[str], default_id: str) -> dict[str, str | None]:
    """``[ID=]PATH`` values -> id -> path; a value without an id is
    ``default`` (the first) or named after its file."""
    if not values:
        return {default_id: None}
    out: dict[str, str | None] = {}
    for value in values:
        name, sep, path = value.partition("=")
        if not sep or not name or "/" in name or Path(value).exists():
            name, path = (default_id if not out else Path(value).stem), value
        if name in out:
            raise InputError(_("--glossary: the id {id!r} is given twice").format(id=name))
        if not Path(path).exists():
            raise InputError(_("glossary not found"), path)
        out[name] = path
    return out


def _bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket on ``host``:``port``.

    Raises:
        InputError: the address cannot be used (taken, not this machine's).
    """
    try:
        family, kind, proto, _name, address = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM)[0]
        sock = socket.socket(family, kind, proto)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(256)
    except OSError as exc:
        raise InputError(_("cannot listen on {host}:{port}: {reason}").format(
            host=host, port=port, reason=exc.strerror or exc)) from None
    sock.set_inheritable(True)
    return sock


def _configure_logging(level: str) -> None:
    import logging

    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("atau: %(levelname)s: %(message)s"))
    logger = logging.getLogger("atau")
    logger.handlers[:] = [handler]
    logger.setLevel(level.upper())
    logger.propagate = False
