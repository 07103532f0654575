"""A running ``atau serve`` for the tests: uvicorn in a thread on
127.0.0.1 (a port the system chose), the tiny test package installed in a
temporary package folder, and a small glossary in which the model's own
"Мажилис" is deprecated (so that enforcement has something to do; the
tiny model is a stand-in: only the code path is tested).

``serve(**config)`` starts another server with other settings (limits, API
keys); every server is stopped when its test (or module) ends.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import TEST_ARGOSMODEL, _argos_env

pytest.importorskip("starlette")
pytest.importorskip("uvicorn")

START_TIMEOUT = 60.0


def write_glossary(path: Path) -> Path:
    from toolkit.termbase.model import Concept, Glossary, Term
    from toolkit.termbase.tbx import dumps_tbx

    path.write_text(dumps_tbx(Glossary([
        Concept("mazhilis", (Term("Mazhilis", "en"), Term("Нижняя палата", "ru"),
                             Term("Мажилис", "ru", status="deprecated"))),
        Concept("senate", (Term("Senate", "en"), Term("Сенат", "ru"))),
    ])), encoding="utf-8")
    return path


@dataclass
class Running:
    """A server in this process."""

    url: str
    app: object

    @property
    def state(self):
        return self.app.state.server

    def post(self, path: str, data: dict | None = None, *, form: dict | None = None,
             raw: bytes | None = None, headers: dict | None = None, timeout: float = 60):
        """POST JSON (``data``), a form (``form``) or raw bytes; returns
        ``(status, parsed JSON body, headers)``."""
        import urllib.parse

        headers = dict(headers or {})
        if data is not None:
            body = json.dumps(data).encode()
            headers.setdefault("Content-Type", "application/json")
        elif form is not None:
            body = urllib.parse.urlencode(form).encode()
            headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
        else:
            body = raw or b""
        return request(self.url + path.lstrip("/"), body, headers, "POST", timeout)

    def get(self, path: str, timeout: float = 60):
        return request(self.url + path.lstrip("/"), None, {}, "GET", timeout)


def request(url: str, body: bytes | None, headers: dict, method: str, timeout: float):
    req = urllib.request.Request(url, data=body, headers=headers, method=method)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            raw = response.read()
            status, response_headers = response.status, dict(response.headers)
    except urllib.error.HTTPError as exc:
        raw = exc.read()
        status, response_headers = exc.code, dict(exc.headers)
    try:
        parsed = json.loads(raw)
    except ValueError:
        parsed = raw
    return status, parsed, response_headers


@contextlib.contextmanager
def running(config) -> "Running":
    """Start ``create_app(config)`` with uvicorn on 127.0.0.1:<free port>
    in a thread; stop it (bounded waits) on exit."""
    import uvicorn

    from toolkit.server.app import create_app

    app = create_app(config)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", timeout_keep_alive=5,
                                           timeout_graceful_shutdown=10))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + START_TIMEOUT
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            raise RuntimeError("the server did not start")
        time.sleep(0.02)
    try:
        yield Running(f"http://127.0.0.1:{port}/", app)
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()


@pytest.fixture(scope="module")
def served_packages(tmp_path_factory):
    """The tiny en->ru package installed into a package folder of its own
    for the module's tests (argostranslate's settings point at it)."""
    if not TEST_ARGOSMODEL.is_file():
        pytest.skip(f"test model not built: {TEST_ARGOSMODEL}")
    from argostranslate import settings

    from toolkit.mt.packages.archive import install_file

    root = tmp_path_factory.mktemp("serve-argos")
    env = _argos_env(root)
    with pytest.MonkeyPatch.context() as mp:
        (root / "packages").mkdir()
        mp.setattr(settings, "package_data_dir", root / "packages")
        mp.setattr(settings, "package_dirs", [root / "packages"])
        install_file(TEST_ARGOSMODEL)
        yield env


@pytest.fixture(scope="session")
def glossary_file(tmp_path_factory) -> Path:
    return write_glossary(tmp_path_factory.mktemp("serve-glossary") / "test.tbx")


@pytest.fixture(scope="module")
def server(served_packages, glossary_file):
    """A server with default limits, the test glossary as ``default`` and
    the repository's glossary as ``kazakhstan``."""
    from toolkit.server.state import ServerConfig
    from toolkit.termbase.store import PACKAGED_GLOSSARY

    config = ServerConfig(glossaries={"default": str(glossary_file), "kazakhstan": str(PACKAGED_GLOSSARY)},
                          threads=1, glossary_interval=0.0)
    with running(config) as srv:
        yield srv


@pytest.fixture
def serve(served_packages, glossary_file):  # noqa: ARG001 - the packages must be installed
    """``serve(**settings)``: a context manager running a server with these
    :class:`~toolkit.server.state.ServerConfig` settings."""
    from toolkit.server.state import ServerConfig

    def start(**settings):
        settings.setdefault("glossaries", {"default": str(glossary_file)})
        settings.setdefault("threads", 1)
        return running(ServerConfig(**settings))

    return start
