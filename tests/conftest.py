"""Shared fixtures.

Argos Translate's settings (translation models)
    ``argostranslate.settings`` reads its environment variables and creates
    its directories once, at first import. This file imports it at collection
    time with ``XDG_*_HOME``, ``ARGOS_PACKAGES_DIR`` and ``ARGOS_PACKAGE_INDEX``
    pointing into a temporary directory (the process environment is restored
    right after), so no test touches the real home directory or the internet.
    The ``argos_dirs`` fixture then gives each test its own package directory
    and index by setting the module's attributes, which
    :func:`toolkit.mt.packages.local.locations` reads at call time; ``argos_dirs.env``
    is the environment for a subprocess that must see the same directories.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import hashlib
import http.server
import io
import json
import os
import shutil
import socket
import tempfile
import threading
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
MODELS = TESTS / "data" / "models"
TEST_ARGOSMODEL = MODELS / "translate-en_ru-atau_test.argosmodel"
PREFIX_MODEL = MODELS / "en_xx_prefix"
# The real article lies in ../shared/ beside the repository (CI has it too).
ARTICLE = TESTS.parent.parent / "shared" / "inputs" / "article-en.txt"


def _argos_env(root: Path, index_base: str = "http://127.0.0.1:9/") -> dict[str, str]:
    """Environment that points argostranslate into ``root`` (port 9: nothing listens)."""
    return {
        "XDG_DATA_HOME": str(root / "data"),
        "XDG_CONFIG_HOME": str(root / "config"),
        "XDG_CACHE_HOME": str(root / "cache"),
        "ARGOS_PACKAGES_DIR": str(root / "packages"),
        "ARGOS_PACKAGE_INDEX": index_base,
    }


def _import_argos_settings_isolated() -> None:
    root = Path(tempfile.mkdtemp(prefix="atau-tests-argos-"))
    atexit.register(shutil.rmtree, root, True)
    # Matchers built by the tests are cached here, not in the user's cache.
    os.environ.setdefault("ATAU_CACHE_DIR", str(root / "cache"))
    # No test reads the user's settings file (toolkit.config): this one does not exist.
    os.environ.setdefault("ATAU_CONFIG", str(root / "config" / "atau" / "config.toml"))
    env = _argos_env(root)
    saved = {key: os.environ.get(key) for key in env}
    os.environ.update(env)
    try:
        import argostranslate.settings  # noqa: F401
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


_import_argos_settings_isolated()


@pytest.fixture(autouse=True)
def _own_translation_memory(tmp_path_factory, monkeypatch) -> None:
    """Each test's commands record and reuse translations in a memory of
    their own: never the user's, never another test's."""
    monkeypatch.setenv("ATAU_MEMORY_DIR", str(tmp_path_factory.mktemp("memory")))


@dataclass
class ArgosDirs:
    """Per-test Argos Translate locations (see the module docs)."""

    root: Path
    packages: Path
    index: Path
    downloads: Path
    env: dict = field(default_factory=dict)

    def set_index_url(self, base: str) -> None:
        """Point the remote index at ``base`` (ending in ``/``)."""
        from argostranslate import settings

        settings.remote_package_index = base + "index.json"
        self.env["ARGOS_PACKAGE_INDEX"] = base


@pytest.fixture
def argos_dirs(tmp_path, monkeypatch) -> ArgosDirs:
    """Empty package directory and index for this test (models fixtures)."""
    from argostranslate import settings

    root = tmp_path / "argos"
    dirs = ArgosDirs(root, root / "packages", root / "data" / "argos-translate" / "index.json",
                     root / "cache" / "argos-translate" / "downloads", _argos_env(root))
    for directory in (dirs.packages, dirs.index.parent, dirs.downloads):
        directory.mkdir(parents=True)
    monkeypatch.setattr(settings, "package_data_dir", dirs.packages)
    monkeypatch.setattr(settings, "package_dirs", [dirs.packages])
    monkeypatch.setattr(settings, "local_package_index", dirs.index)
    monkeypatch.setattr(settings, "remote_package_index", "http://127.0.0.1:9/index.json")
    monkeypatch.setattr(settings, "downloads_dir", dirs.downloads)
    return dirs


@functools.lru_cache(maxsize=1)
def _tiny_model_files() -> tuple[tuple[str, bytes], ...]:
    """The model files of the tiny en->ru test package: ``(path below the
    package folder, bytes)``."""
    with zipfile.ZipFile(TEST_ARGOSMODEL) as archive:
        top = archive.namelist()[0].split("/")[0]
        return tuple((name[len(top) + 1:], archive.read(name)) for name in archive.namelist()
                     if name.startswith((f"{top}/model/", f"{top}/sentencepiece.model")) and not name.endswith("/"))


def model_files(top: str) -> dict[str, bytes]:
    """``{archive name: bytes}`` of a working model (the tiny test model's
    CTranslate2 model and SentencePiece model) inside the folder ``top``:
    any package built on it loads and translates, whatever its metadata
    says, so it passes the install's verification."""
    return {f"{top}/{name}": data for name, data in _tiny_model_files()}


def build_fake_package(path: Path, from_code: str = "en", to_code: str = "ru", version: str = "1.0",
                       *, top: str | None = None, extra: dict | None = None,
                       metadata: dict | None = None) -> Path:
    """Write an .argosmodel for any pair: the metadata asked for around the
    tiny test model's files (:func:`model_files`; a model that translates
    nonsense, but loads and translates). ``extra`` maps archive names to
    bytes (replacing or adding files)."""
    top = top or f"translate-{from_code}_{to_code}-{version.replace('.', '_')}"
    meta = {"package_version": version, "argos_version": "1.0", "from_code": from_code,
            "to_code": to_code, "from_name": from_code, "to_name": to_code, "type": "translate"}
    meta.update(metadata or {})
    entries = {f"{top}/metadata.json": json.dumps(meta).encode(), **model_files(top)}
    entries.update(extra or {})
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return path


@pytest.fixture
def fake_package(tmp_path):
    """``fake_package(from, to, version, **kw) -> Path`` builds a fake package file."""
    counter = iter(range(10 ** 6))

    def build(from_code: str = "en", to_code: str = "ru", version: str = "1.0", **kwargs) -> Path:
        return build_fake_package(tmp_path / f"fake-{next(counter)}.argosmodel", from_code, to_code,
                                  version, **kwargs)

    return build


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - http.server's naming
        server = self.server
        server.requests.append(self.path)
        entry = server.files.get(self.path)
        if entry is None:
            self.send_error(404, "Not Found")
            return
        data, mode, delay = entry
        if mode == "redirect":
            self.send_response(302)
            self.send_header("Location", data.decode())
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        if mode == "endless":
            self.end_headers()  # no length: the body ends when the connection closes
            with contextlib.suppress(OSError):
                for _ in range(ENDLESS_BYTES // len(data)):  # bounded; the client stops first
                    self.wfile.write(data)
            self.close_connection = True
            return
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if mode == "truncate":
            self.wfile.write(data[: len(data) // 2])
            self.wfile.flush()
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
            return
        if mode == "slow":
            with contextlib.suppress(OSError):
                for k in range(len(data)):  # one byte every `delay` seconds
                    self.wfile.write(data[k:k + 1])
                    self.wfile.flush()
                    if server.stop.wait(delay):
                        break
            self.close_connection = True
            return
        self.wfile.write(data)

    def log_message(self, *args):  # quiet
        pass


ENDLESS_BYTES = 256 * 1024 ** 2
"""What an "endless" body sends at most (the client is meant to stop long before)."""


@dataclass
class IndexServer:
    """A package index on 127.0.0.1 (see the ``index_server`` fixture)."""

    base: str
    files: dict
    requests: list

    def put(self, path: str, data: bytes, mode: str = "ok", delay: float = 0.0) -> str:
        """Serve ``data`` at ``path``. Returns the URL.

        Modes: ``"ok"``; ``"truncate"``: announce the full length, send half
        and close; ``"slow"``: announce the length, then send one byte every
        ``delay`` seconds; ``"endless"``: no length, ``data`` repeated (up to
        :data:`ENDLESS_BYTES`); ``"redirect"``: 302 to the URL ``data``.
        """
        self.files["/" + path.lstrip("/")] = (data, mode, delay)
        return self.base + path.lstrip("/")

    def put_index(self, entries: list[dict]) -> None:
        self.put("index.json", json.dumps(entries).encode())

    def entry(self, from_code: str, to_code: str, url: str, version: str = "1.0", **extra) -> dict:
        """An index entry in the argospm index format."""
        return {"package_version": version, "argos_version": "1.0", "from_code": from_code,
                "from_name": from_code, "to_code": to_code, "to_name": to_code,
                "type": "translate", "links": [url], **extra}


@pytest.fixture
def index_server(argos_dirs):
    """An HTTP server on 127.0.0.1 (port 0) in a thread; argostranslate's
    index URL points at it."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.files = {}
    server.requests = []
    server.stop = threading.Event()  # ends slow responses at teardown
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    argos_dirs.set_index_url(base)
    try:
        yield IndexServer(base, server.files, server.requests)
    finally:
        server.stop.set()
        server.shutdown()
        server.server_close()


@pytest.fixture
def refused_url() -> str:
    """A loopback URL on which nothing listens."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


def sha256_of(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def installed_pairs() -> list[tuple[str, str, str]]:
    """``(from, to, version)`` of each installed package (this test's folder)."""
    from toolkit.mt.packages.local import installed_packages

    return [(p.from_code, p.to_code, p.version) for p in installed_packages()]


def leftovers(directory: Path) -> list[str]:
    """Names in a package folder, the install lock excepted."""
    return sorted(p.name for p in directory.iterdir() if p.name != ".atau.lock")


# ---------------------------------------------------------------- real test models


@pytest.fixture(scope="session")
def test_argosmodel() -> Path:
    """The tiny real en->ru Argos package (skips when not built)."""
    if not TEST_ARGOSMODEL.is_file():
        pytest.skip(f"test model not built: {TEST_ARGOSMODEL}")
    return TEST_ARGOSMODEL


@pytest.fixture
def installed_test_model(argos_dirs, test_argosmodel):
    """The tiny en->ru package installed into this test's package directory."""
    from toolkit.mt.packages.archive import install_file
    return install_file(test_argosmodel)


@pytest.fixture(scope="session")
def prefix_model_dir() -> Path:
    """The tiny NLLB-style model directory (model/, sentencepiece.model); skips when absent."""
    if not (PREFIX_MODEL / "model" / "model.bin").is_file():
        pytest.skip(f"prefix test model not built: {PREFIX_MODEL}")
    return PREFIX_MODEL


@pytest.fixture(scope="session")
def en_ru_corpus() -> list[tuple[str, str]]:
    """(English, Russian) pairs the tiny models were trained on."""
    path = TESTS / "data" / "corpus" / "en-ru.tsv"
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if "\t" in line:
            en, ru = line.split("\t", 1)
            pairs.append((en, ru))
    return pairs


@pytest.fixture
def fake_engine():
    """``fake_engine(fn=str.upper)``: a Translator whose translation of a
    sentence is ``fn(sentence)``; counts calls and sentences."""
    from toolkit.mt.engine import EngineInfo, Hypothesis

    class FakeEngine:
        def __init__(self, fn=None, attention=False):
            self.fn = fn or (lambda s: s.upper())
            self.calls: list[list[str]] = []
            self.attention = attention
            self.info = EngineInfo("en", "ru", (("fake-en_ru", "0.1"),))

        def translate_batch(self, sources, *, target_prefixes=None, beam_size=4,
                            return_attention=False, progress=None):
            self.calls.append(list(sources))
            out = []
            for source in sources:
                target = self.fn(source)
                src_tokens = tuple("▁" + w for w in source.split())
                tgt_tokens = tuple("▁" + w for w in target.split())
                attention = None
                if return_attention and self.attention:
                    attention = tuple(tuple(1.0 if i == j else 0.0 for j in range(len(src_tokens)))
                                      for i in range(len(tgt_tokens)))
                out.append(Hypothesis(target, tgt_tokens, -0.25, src_tokens, attention))
            if progress:
                progress(len(sources), len(sources))
            return out

    return FakeEngine


def read_zip_names(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.namelist()
