"""``atau serve`` as a user starts it: a subprocess on 127.0.0.1, stopped
with SIGTERM while a request is in flight (the request is finished first)."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from typer.testing import CliRunner

from toolkit.cli.main import app

REPO = Path(__file__).resolve().parents[2]


def start(env: dict, *args: str) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen([sys.executable, "-m", "toolkit", "serve", "--port", "0", "--threads", "1",
                             "--log-level", "warning", *args],
                            cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    line = b""
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        found = re.search(rb"serving on (http://127\.0\.0\.1:\d+/)", line)
        if found:
            url = found.group(1).decode()
            threading.Thread(target=proc.stderr.read, daemon=True).start()  # keep the pipe drained
            return proc, url
        if not line and proc.poll() is not None:
            break
    proc.kill()
    proc.wait(timeout=30)
    raise AssertionError(f"the server did not start: {line!r}")


def wait_ready(url: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "health", timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("the server never answered /health")


@pytest.fixture
def server_env(argos_dirs, installed_test_model, tmp_path):
    from tests.server.conftest import write_glossary

    env = {**os.environ, **argos_dirs.env, "PYTHONPATH": str(REPO)}
    env["ATAU_GLOSSARY"] = str(write_glossary(tmp_path / "g.tbx"))
    return env


def test_sigterm_finishes_the_request_in_flight(server_env):
    """The request is in flight when the signal comes: its body is still
    arriving (sent in two halves, the signal in between), then it is
    translated; the answer is complete and right, then the server ends."""
    import socket

    proc, url = start(server_env)
    try:
        wait_ready(url)
        text = "\n".join(f"The Mazhilis approved the bill number {k}." for k in range(100))
        body = json.dumps({"q": text, "source": "en", "target": "ru"}).encode()
        host, port = url[len("http://"):-1].split(":")
        with socket.create_connection((host, int(port)), timeout=60) as sock:
            sock.sendall(b"POST /translate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                         b"Content-Length: %d\r\n\r\n" % len(body) + body[:len(body) // 2])
            time.sleep(0.5)
            proc.send_signal(signal.SIGTERM)
            time.sleep(0.5)
            assert proc.poll() is None  # waiting for the request
            sock.sendall(body[len(body) // 2:])
            reply = b""
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                part = sock.recv(65536)
                if not part:
                    break
                reply += part
        # uvicorn finishes the request, then ends by the signal (exit status 143 in a shell)
        assert proc.wait(timeout=120) == -signal.SIGTERM
        head, _sep, payload = reply.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 200 ")
        translated = json.loads(payload)["translatedText"].split("\n")
        assert len(translated) == 100 and translated[0].startswith("Нижняя палата ")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)


def test_a_new_connection_after_sigterm_is_refused(server_env):
    proc, url = start(server_env)
    try:
        wait_ready(url)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=60) == -signal.SIGTERM
        with pytest.raises(OSError):
            urllib.request.urlopen(url + "health", timeout=5)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)


def test_a_public_address_must_be_asked_for():
    result = CliRunner().invoke(app, ["serve", "--host", "0.0.0.0"])
    assert result.exit_code == 2
    assert result.stderr == ("atau: error: --host 0.0.0.0 is not a loopback address: anyone who can reach it "
                             "could use the server; add --public if that is meant\n")


def test_a_bad_api_key_file_is_one_line(tmp_path):
    keys = tmp_path / "keys.txt"
    keys.write_text("key 1 2 3\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["serve", "--api-keys", str(keys)])
    assert result.exit_code == 2
    assert result.stderr == f"atau: error: {keys}:1: expected 'KEY [REQUESTS_PER_MINUTE [CHARS_PER_REQUEST]]'\n"


def test_a_missing_glossary_is_one_line(tmp_path):
    result = CliRunner().invoke(app, ["serve", "--glossary", f"news={tmp_path / 'none.tbx'}"])
    assert result.exit_code == 2
    assert result.stderr == f"atau: error: {tmp_path / 'none.tbx'}: glossary not found\n"


def test_a_port_in_use_is_one_line():
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = CliRunner().invoke(app, ["serve", "--port", str(port)])
    assert result.exit_code == 2
    assert result.stderr == f"atau: error: cannot listen on 127.0.0.1:{port}: Address already in use\n"


def test_glossary_ids():
    from toolkit.cli.serve import _glossaries

    builtin = str(REPO / "toolkit" / "data" / "kazakhstan.tbx")
    assert _glossaries([], "default") == {"default": None}
    assert _glossaries([builtin], "default") == {"default": builtin}
    assert _glossaries([builtin, f"news={builtin}"], "default") == {"default": builtin, "news": builtin}
