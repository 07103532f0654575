"""The HTTP application of ``atau serve``: LibreTranslate's API, Atau's QA
endpoints and the translators' page, on Starlette.

LibreTranslate compatibility (its ``libretranslate/app.py``, version 1.9):

- ``POST /translate``: JSON or form fields ``q`` (a string, or in JSON a
  list), ``source`` (a code or ``auto``), ``target``, ``format``
  (``text``/``html``), ``alternatives``, ``api_key``. The answer is
  ``{"translatedText": ...}`` (a list for a list), with
  ``"detectedLanguage": {"confidence", "language"}`` (a list for a list)
  when ``source`` is ``auto`` and ``"alternatives"`` (always empty: Atau
  returns one translation) when asked for. Atau adds ``terminology`` (what
  enforcement changed, where, and what it could not fix), ``signature``
  (model package, glossary SHA-256, settings) and ``notices``, which
  LibreTranslate clients ignore, and takes ``glossary`` (the id of one of the
  server's glossaries) and ``enforce`` (default true).
- ``POST /detect``, ``GET /languages`` (with ``targets``), ``POST
  /translate_file`` (every document format of Atau: ``.txt``, ``.md``,
  ``.json``, ``.html``, ``.docx``, ``.xlf``; answers
  ``{"translatedFileUrl": ...}``, the file then comes from ``GET
  /download_file/...``; ``po=true`` gives a PO file for post-editing), ``GET /frontend/settings``,
  ``GET /health``.
- Errors are ``{"error": "message"}`` with LibreTranslate's status codes and
  messages: 400 for bad input ("Invalid request: missing q parameter",
  "xx is not supported"...), 403 for an API key the server does not know,
  429 ("Slowdown: N per 1 minute") over the request limit, 500 when
  translation fails. Atau adds 404 and 405 in the same shape, 413 for a body
  over the size limit and 408 for a body that does not arrive in time.
  Messages are English, as LibreTranslate's default, because clients and
  scripts compare them; a traceback never reaches the client (the server's
  log has it).

Atau's own endpoints: ``POST /check`` and ``POST /enforce`` (JSON:
``sources`` and ``targets``, or ``source_text``/``target_text``, ``source``,
``target``, ``glossary``, ``strict``) answer with Atau's reports.

Work that takes CPU (translation, enforcement, detection) runs in worker
threads; the model is called through one
:class:`~toolkit.server.batching.BatchingTranslator` per package, so
requests that arrive together share one model call.
"""

from __future__ import annotations

import json
import logging
from contextlib import asynccontextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import anyio
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..errors import AtauError, GlossaryError, InputError, ModelError, ModelNotFoundError
from ..langtags import language_name, normalize_tag, primary_language
from .state import (DEFAULT_GLOSSARY, FileStore, Glossaries, Models, RateLimiter, ServerConfig,
                    safe_download_name)

__all__ = ["create_app", "ApiError"]

log = logging.getLogger("atau.serve")

STATIC = Path(__file__).with_name("static")

_MEDIA = {"txt": "text/plain; charset=utf-8", "md": "text/markdown; charset=utf-8",
          "json": "application/json", "html": "text/html; charset=utf-8",
          "xliff": "application/xliff+xml",
          "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
          "po": "text/x-gettext-translation; charset=utf-8"}


def file_formats() -> dict[str, str]:
    """Upload suffixes ``/translate_file`` takes (those of Atau's document
    formats, :func:`toolkit.documents.formats`) -> the format of each."""
    from ..documents import format_module, formats

    return {suffix: name for name in formats() for suffix in format_module(name).SUFFIXES}


class ApiError(HTTPException):
    """An error answered as ``{"error": message}`` with ``status``."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(status_code=status, detail=message)


def _missing(name: str) -> ApiError:
    return ApiError(400, f"Invalid request: missing {name} parameter")


class Server:
    """The application's state and its request handlers."""

    def __init__(self, config: ServerConfig) -> None:
        self.config = config
        from .batching import Arrivals

        self.arrivals = Arrivals()
        self.models = Models(threads=config.threads, max_wait=config.max_wait, arrivals=self.arrivals)
        self.glossaries = Glossaries(config.glossaries, interval=config.glossary_interval)
        self.limiter = RateLimiter()
        self.files = FileStore(kept=config.files_kept, ttl=config.files_ttl)
        # Requests worked on at once (the others wait in the event loop, which
        # costs nothing): more Python threads than this only fight for the GIL.
        self.threads = anyio.CapacityLimiter(max(1, config.workers))

    # -- plumbing ------------------------------------------------------------
    async def run(self, fn, *args):
        """Run blocking work in a worker thread."""
        return await anyio.to_thread.run_sync(fn, *args, limiter=self.threads)

    async def params(self, request: Request) -> dict[str, Any]:
        """The request's parameters: a JSON object, or form fields
        (urlencoded or multipart; an uploaded file under its field name)."""
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type == "application/json":
            body = await request.body()
            try:
                data = json.loads(body) if body.strip() else {}
            except (ValueError, RecursionError):
                raise ApiError(400, "Invalid JSON format") from None
            if not isinstance(data, dict):
                raise ApiError(400, "Invalid JSON format")
            return data
        if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            try:
                form = await request.form(max_files=1, max_fields=64, max_part_size=self.config.max_body)
            except HTTPException:
                raise
            except Exception:  # noqa: BLE001 - malformed multipart: the parser's own errors
                raise ApiError(400, "Invalid request: malformed form data") from None
            params: dict[str, Any] = {}
            for key, value in form.multi_items():
                params.setdefault(key, value)
            return params
        if request.method == "GET":
            return dict(request.query_params)
        body = await request.body()
        if not body:
            return dict(request.query_params)
        raise ApiError(400, "Invalid request: send JSON or form data (Content-Type)")

    def check_access(self, request: Request, params: dict[str, Any]) -> tuple[int, int]:
        """API key and request limit; returns the (char limit, request
        limit) in force for this request.

        Raises:
            ApiError: 403 for an unknown key, 400 when a key is needed, 429
                over the request limit.
        """
        config = self.config
        key = params.get("api_key")
        key = key if isinstance(key, str) and key else None
        char_limit, req_limit = config.char_limit, config.req_limit
        if config.api_keys is not None:
            if key is None:
                raise ApiError(400, "Please contact the server operator to get an API key")
            entry = config.api_keys.get(key)
            if entry is None:
                raise ApiError(403, "Invalid API key")
            char_limit = entry.char_limit if entry.char_limit is not None else char_limit
            req_limit = entry.req_limit if entry.req_limit is not None else req_limit
        client = f"key:{key}" if key is not None else f"ip:{request.client.host if request.client else '-'}"
        if not self.limiter.allow(client, req_limit):
            raise ApiError(429, f"Slowdown: {req_limit} per 1 minute")
        return char_limit, req_limit

    def languages(self) -> dict[str, tuple[str, ...]]:
        return self.models.pairs()

    def glossary(self, params: dict[str, Any]):
        glossary_id = params.get("glossary")
        if glossary_id is not None and not isinstance(glossary_id, str):
            raise ApiError(400, "Invalid request: glossary must be the id of one of the server's glossaries")
        try:
            return self.glossaries.get(glossary_id or None)
        except KeyError:
            raise ApiError(400, f"unknown glossary {glossary_id!r} (this server has: "
                                f"{', '.join(self.glossaries.ids)})") from None
        except (GlossaryError, OSError) as exc:
            log.error("glossary %s cannot be read: %s", glossary_id or DEFAULT_GLOSSARY, exc)
            raise ApiError(500, "the server's glossary cannot be read (see the server's log)") from None

    # -- handlers --------------------------------------------------------------
    async def translate(self, request: Request) -> Response:
        params = await self.params(request)
        char_limit, _req = self.check_access(request, params)
        q = params.get("q")
        source = _code(params.get("source"))
        target = _code(params.get("target"))
        if not q:
            raise _missing("q")
        if not source:
            raise _missing("source")
        if not target:
            raise _missing("target")
        batch = isinstance(q, list)
        texts = q if batch else [q]
        if not all(isinstance(t, str) for t in texts):
            raise ApiError(400, "Invalid request: q must be a string or a list of strings")
        if isinstance(q, str) and not _is_json(request):
            texts = ["\n".join(q.splitlines())]  # as LibreTranslate: form text gets LF line endings
        alternatives = _whole(params.get("alternatives", 0), "alternatives")
        if batch and 0 <= self.config.batch_limit < len(texts):
            raise ApiError(400, f"Invalid request: request ({len(texts)}) exceeds text limit "
                                f"({self.config.batch_limit})")
        size = sum(len(t) for t in texts)
        if 0 <= char_limit < size:
            raise ApiError(400, f"Invalid request: request ({size}) exceeds text limit ({char_limit})")
        text_format = params.get("format") or "text"
        if text_format not in ("text", "html"):
            raise ApiError(400, f"{text_format} format is not supported")
        enforce = _flag(params.get("enforce", True), "enforce")
        glossary = self.glossary(params) if enforce else None
        detected = None
        if source == "auto":
            detected = await self.run(_detect, "\n".join(texts), tuple(self.languages()))
            source = detected["language"]
        self.check_pair(source, target)
        result = await self.run(self._translate, texts, source, target, text_format, glossary, enforce)
        body: dict[str, Any] = {"translatedText": list(result.texts) if batch else result.texts[0]}
        if detected is not None:
            body["detectedLanguage"] = [detected] * len(texts) if batch else detected
        if alternatives > 0:
            body["alternatives"] = [[] for _ in texts] if batch else []
        if result.terminology is not None:
            per_text = [t.to_dict() for t in result.terminology]
            body["terminology"] = {"summary": result.report.summary,
                                   **({"texts": per_text} if batch else per_text[0])}
        body["signature"] = result.signature.to_dict()
        if result.notices:
            body["notices"] = list(result.notices)
        return JSONResponse(body)

    def _translate(self, texts, source, target, text_format, glossary, enforce):
        from ..service import translate_texts

        engine = self.models.get(source, target)
        self.arrivals.expect()
        try:
            return translate_texts(texts, source, target, markup=text_format, glossary=glossary,
                                   enforce=enforce, engine=engine, beam_size=self.config.beam_size)
        finally:
            self.arrivals.arrived()

    def check_pair(self, source: str, target: str) -> None:
        """As LibreTranslate: a language no package has is "not supported";
        a pair no package (or pivot) translates is "not available"."""
        pairs = self.languages()
        known = set(pairs) | {t for targets in pairs.values() for t in targets}
        for code in (source, target):
            if code not in known:
                raise ApiError(400, f"{code} is not supported")
        if target not in pairs.get(source, ()):
            raise ApiError(400, f"{language_name(target)} ({target}) is not available as a target language "
                                f"from {language_name(source)} ({source})")

    async def detect(self, request: Request) -> Response:
        params = await self.params(request)
        self.check_access(request, params)
        q = params.get("q")
        if not q:
            raise _missing("q")
        text = "\n".join(q) if isinstance(q, list) and all(isinstance(t, str) for t in q) else q
        if not isinstance(text, str):
            raise ApiError(400, "Invalid request: q must be a string or a list of strings")
        found = await self.run(_detections, text, None)
        return JSONResponse(found)

    async def languages_list(self, request: Request) -> Response:
        pairs = self.languages()
        codes = sorted(set(pairs) | {t for targets in pairs.values() for t in targets})
        return JSONResponse([{"code": code, "name": language_name(code), "targets": list(pairs.get(code, ()))}
                             for code in codes])

    async def frontend_settings(self, request: Request) -> Response:
        pairs = self.languages()
        targets = sorted({t for ts in pairs.values() for t in ts})
        target = targets[0] if targets else "en"
        return JSONResponse({
            "charLimit": self.config.char_limit,
            "frontendTimeout": 500,
            "apiKeys": self.config.api_keys is not None,
            "keyRequired": self.config.api_keys is not None,
            "suggestions": False,
            "filesTranslation": True,
            "supportedFilesFormat": sorted(file_formats()),
            "language": {"source": {"code": "auto", "name": "Auto Detect"},
                         "target": {"code": target, "name": language_name(target)}},
            "glossaries": self.glossaries.ids,
        })

    async def translate_file(self, request: Request) -> Response:
        params = await self.params(request)
        self.check_access(request, params)
        upload = params.get("file")
        source = _code(params.get("source"))
        target = _code(params.get("target"))
        if upload is None or isinstance(upload, str):
            raise _missing("file")
        if not source:
            raise _missing("source")
        if not target:
            raise _missing("target")
        filename = upload.filename or ""
        if not filename:
            raise ApiError(400, "Invalid request: empty file")
        suffix = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
        fmt = file_formats().get(suffix)
        if fmt is None:
            raise ApiError(400, "Invalid request: file format not supported")
        data = await upload.read()
        from ..documents import is_binary
        from ..fileio import decode_text

        binary = is_binary(fmt)
        try:
            text = data if binary else decode_text(data, safe_download_name(filename))
        except InputError as exc:
            raise ApiError(400, f"Invalid request: {exc}") from None
        as_po = _flag(params.get("po", False), "po")
        enforce = _flag(params.get("enforce", True), "enforce")
        glossary = self.glossary(params) if (enforce or as_po) else None
        detected = None
        if source == "auto":
            sample = text if isinstance(text, str) else await self.run(_text_of, text, fmt)
            detected = await self.run(_detect, sample, tuple(self.languages()))
            source = detected["language"]
        self.check_pair(source, target)
        result = await self.run(self._translate_document, text, source, target, fmt, as_po, glossary,
                                enforce, safe_download_name(filename))
        stem = safe_download_name(filename).rsplit(".", 1)[0] if "." in filename else "translation"
        name = f"{stem}.{target}.po" if as_po else f"{stem}.{target}{suffix}"
        built = result.translation.data if (binary and not as_po and result.translation is not None) else None
        payload = built if built is not None else result.output.encode("utf-8")
        token = self.files.put(name, payload, _MEDIA.get("po" if as_po else fmt, "application/octet-stream"))
        body: dict[str, Any] = {"translatedFileUrl": str(request.url_for("download_file", token=token,
                                                                        name=name))}
        if detected is not None:
            body["detectedLanguage"] = detected
        if not as_po and fmt in ("txt", "md"):
            body["translatedText"] = result.output
        if result.terminology is not None:
            from ..service import placed_edits

            segments = result.translation.segments
            by_index = {s.index: s for s in result.terminology.segments}
            # places in the translated document; a PO file has none
            edits = placed_edits(result.output, segments, by_index)
            if as_po or binary:
                edits = tuple(replace(e, start=None, end=None) for e in edits)
            body["terminology"] = {
                "summary": result.terminology.summary,
                "edits": [e.to_dict() for e in edits],
                "unresolved": [{"line": line, "source": src, "expected": expected}
                               for line, src, expected, _t in result.unresolved()]}
        body["signature"] = result.signature.to_dict()
        if result.notices:
            body["notices"] = list(result.notices)
        return JSONResponse(body)

    def _translate_document(self, text, source, target, fmt, as_po, glossary, enforce, name):
        from ..service import translate_document_text

        engine = self.models.get(source, target)
        self.arrivals.expect()
        try:
            return translate_document_text(text, source, target, fmt=fmt, as_po=as_po, glossary=glossary,
                                           enforce=enforce, engine=engine, beam_size=self.config.beam_size,
                                           source_name=name)
        finally:
            self.arrivals.arrived()

    async def download_file(self, request: Request) -> Response:
        stored = self.files.get(request.path_params["token"])
        if stored is None or stored.name != request.path_params["name"]:
            raise ApiError(404, "Not Found")
        return Response(stored.data, media_type=stored.media_type,
                        headers={"Content-Disposition": f'attachment; filename="{stored.name}"'})

    async def qa(self, request: Request) -> Response:
        """``/check`` and ``/enforce``."""
        params = await self.params(request)
        char_limit, _req = self.check_access(request, params)
        sources, targets = _segments(params)
        source = _code(params.get("source"))
        target = _code(params.get("target"))
        if not source:
            raise _missing("source")
        if not target:
            raise _missing("target")
        size = sum(len(t) for t in sources) + sum(len(t) for t in targets)
        if 0 <= char_limit < size:
            raise ApiError(400, f"Invalid request: request ({size}) exceeds text limit ({char_limit})")
        if 0 <= self.config.batch_limit < len(targets):
            raise ApiError(400, f"Invalid request: request ({len(targets)}) exceeds text limit "
                                f"({self.config.batch_limit})")
        glossary = self.glossary(params)
        strict = _flag(params.get("strict", False), "strict")
        if request.url.path.endswith("/check"):
            report = await self.run(_check, sources, targets, source, target, glossary, strict)
            return JSONResponse(report.to_dict())
        report = await self.run(_enforce, sources, targets, source, target, glossary)
        data = report.to_dict()
        return JSONResponse({"targets": [s.target for s in report.segments], **data})

    async def health(self, request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def page(self, request: Request) -> Response:
        from .page import render_page

        lang = request.query_params.get("lang")
        return HTMLResponse(render_page(lang, request.headers.get("accept-language", ""),
                                        self.glossaries.ids, self.languages()))


# --------------------------------------------------------------------------
# parameters


def _is_json(request: Request) -> bool:
    return request.headers.get("content-type", "").split(";")[0].strip().lower() == "application/json"


def _code(value: Any) -> str | None:
    """A language code as the server knows them (``EN`` -> ``en``,
    ``ru-RU`` -> ``ru``), ``auto``, or None when missing."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ApiError(400, "Invalid request: language codes are strings")
    if value.strip().lower() == "auto":
        return "auto"
    try:
        return primary_language(normalize_tag(value))
    except InputError:
        raise ApiError(400, f"{value[:20]} is not supported") from None


def _whole(value: Any, name: str) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ApiError(400, f"Invalid request: {name} parameter is not a number") from None
    return max(0, number)


def _flag(value: Any, name: str) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off", ""):
        return False
    raise ApiError(400, f"Invalid request: {name} must be true or false")


def _segments(params: dict[str, Any]) -> tuple[list[str], list[str]]:
    """Aligned segments of a /check or /enforce request: ``sources`` and
    ``targets`` lists, or ``source_text`` and ``target_text`` (one segment
    per line)."""
    sources, targets = params.get("sources"), params.get("targets")
    if sources is None and targets is None:
        source_text, target_text = params.get("source_text"), params.get("target_text")
        if not isinstance(source_text, str) or not source_text:
            raise _missing("sources")
        if not isinstance(target_text, str) or not target_text:
            raise _missing("targets")
        sources, targets = source_text.splitlines(), target_text.splitlines()
    if not isinstance(sources, list) or not all(isinstance(s, str) for s in sources):
        raise ApiError(400, "Invalid request: sources must be a list of strings")
    if not isinstance(targets, list) or not all(isinstance(t, str) for t in targets):
        raise ApiError(400, "Invalid request: targets must be a list of strings")
    if len(sources) != len(targets):
        raise ApiError(400, f"Invalid request: {len(sources)} sources but {len(targets)} targets")
    if not targets:
        raise _missing("targets")
    return sources, targets


# --------------------------------------------------------------------------
# work done in threads


def _text_of(data: bytes, fmt: str) -> str:
    """The sentences of a binary document, for language detection."""
    from ..documents import parse_document

    return "\n".join(s.text for s in parse_document(data, fmt).sentences)


def _detections(text: str, candidates) -> list[dict]:
    from ..langid import detect

    found = [d.to_dict() for d in detect(text, candidates)]
    return found or [{"confidence": 0.0, "language": "en"}]  # LibreTranslate's answer for no letters


def _detect(text: str, sources: tuple[str, ...]) -> dict:
    """The most likely language among those the server translates from."""
    from ..langid import detect

    found = detect(text, sources or None, limit=1) if sources else []
    if not found:
        return {"confidence": 0.0, "language": sources[0] if sources else "en"}
    return found[0].to_dict()


def _check(sources, targets, source, target, glossary, strict):
    from ..service import check_segments

    return check_segments(sources, targets, source, target, glossary=glossary, strict=strict)


def _enforce(sources, targets, source, target, glossary):
    from ..service import enforce_segments

    return enforce_segments(sources, targets, source, target, glossary=glossary)


# --------------------------------------------------------------------------
# errors


async def _http_error(request: Request, exc: HTTPException) -> Response:
    message = exc.detail if isinstance(exc, ApiError) else _REASONS.get(exc.status_code, str(exc.detail))
    return JSONResponse({"error": message}, status_code=exc.status_code, headers=getattr(exc, "headers", None))


_REASONS = {404: "Not Found", 405: "Method Not Allowed", 413: "Request body too large",
            400: "Bad Request"}


async def _atau_error(request: Request, exc: AtauError) -> Response:
    """Errors of the service layer: the input's (400) or the model's (500)."""
    if isinstance(exc, ModelNotFoundError):
        return JSONResponse({"error": f"{exc.from_code}-{exc.to_code}: no model is installed for this pair"},
                            status_code=400)
    if isinstance(exc, ModelError):
        log.error("translation failed: %s", exc)
        return JSONResponse({"error": f"Cannot translate text: {exc}"}, status_code=500)
    if isinstance(exc, GlossaryError):
        return JSONResponse({"error": f"glossary: {exc.message}"}, status_code=400)
    if isinstance(exc, InputError):
        return JSONResponse({"error": f"Invalid request: {exc.message}"}, status_code=400)
    return JSONResponse({"error": f"Invalid request: {exc}"}, status_code=400)


async def _server_error(request: Request, exc: Exception) -> Response:
    log.exception("internal error on %s %s", request.method, request.url.path)
    return JSONResponse({"error": "internal error (a bug in atau; the server's log has the details)"},
                        status_code=500)


class BodyLimit:
    """ASGI middleware: a request body over ``max_body`` bytes is answered
    413, one that has not arrived ``timeout`` seconds after the request
    started 408 (a slow client holds no worker for long)."""

    def __init__(self, app, max_body: int, timeout: float) -> None:
        self.app = app
        self.max_body = max_body
        self.timeout = timeout

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope["headers"]:
            if name == b"content-length":
                if not value.isdigit() or int(value) > self.max_body:
                    await _send_json(send, 413, {"error": f"Request body too large (limit: {self.max_body} bytes)"})
                    return
        received = 0
        started = anyio.current_time()
        more = True

        async def limited():
            nonlocal received, more
            if not more:
                return await receive()
            left = self.timeout - (anyio.current_time() - started)
            if left <= 0:
                raise ApiError(408, "Request body timeout")
            try:
                with anyio.fail_after(left):
                    message = await receive()
            except TimeoutError:
                raise ApiError(408, "Request body timeout") from None
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                more = message.get("more_body", False)
                if received > self.max_body:
                    raise ApiError(413, f"Request body too large (limit: {self.max_body} bytes)")
            return message

        await self.app(scope, limited, send)


async def _send_json(send, status: int, body: dict) -> None:
    data = json.dumps(body).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(data)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": data})


# --------------------------------------------------------------------------


def create_app(config: ServerConfig | None = None) -> Starlette:
    """The ASGI application for ``config``.

    The models of every installed pair are loaded when the application
    starts (``config.preload``), the glossaries at their first use.
    """
    server = Server(config or ServerConfig())

    @asynccontextmanager
    async def lifespan(app):
        if server.config.preload:
            await anyio.to_thread.run_sync(server.models.preload)
        for glossary_id in server.glossaries.ids:  # read once now: a broken glossary shows in the log
            try:
                await anyio.to_thread.run_sync(server.glossaries.get, glossary_id)
            except (GlossaryError, OSError) as exc:
                log.error("glossary %s cannot be read: %s", glossary_id, exc)
        yield
        server.models.close()

    routes = [
        Route("/", server.page, methods=["GET"]),
        Route("/translate", server.translate, methods=["POST"]),
        Route("/detect", server.detect, methods=["POST"]),
        Route("/languages", server.languages_list, methods=["GET", "POST"]),
        Route("/translate_file", server.translate_file, methods=["POST"]),
        Route("/download_file/{token}/{name}", server.download_file, methods=["GET"], name="download_file"),
        Route("/frontend/settings", server.frontend_settings, methods=["GET"]),
        Route("/check", server.qa, methods=["POST"]),
        Route("/enforce", server.qa, methods=["POST"]),
        Route("/health", server.health, methods=["GET"]),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    app = Starlette(
        routes=routes,
        middleware=[
            Middleware(BodyLimit, max_body=server.config.max_body, timeout=server.config.body_timeout),
            Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST"],
                       allow_headers=["Authorization", "Content-Type"], max_age=60 * 60 * 24 * 20),
        ],
        exception_handlers={HTTPException: _http_error, AtauError: _atau_error, Exception: _server_error},
        lifespan=lifespan,
    )
    app.state.server = server
    return app
