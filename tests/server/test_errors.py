"""Errors and limits: LibreTranslate's error shape ``{"error": ...}`` and
status codes, over plain HTTP; never a traceback."""

from __future__ import annotations

import json
import socket
import time

import pytest

EN = {"source": "en", "target": "ru"}


@pytest.mark.parametrize("missing, data", [
    ("q", {"source": "en", "target": "ru"}),
    ("q", {"q": "", "source": "en", "target": "ru"}),
    ("q", {"q": [], "source": "en", "target": "ru"}),
    ("source", {"q": "The Senate adopted 12 laws.", "target": "ru"}),
    ("target", {"q": "The Senate adopted 12 laws.", "source": "en"}),
])
def test_missing_parameters(server, missing, data):
    assert server.post("/translate", data)[:2] == (400, {"error": f"Invalid request: missing {missing} parameter"})


def test_missing_parameters_in_a_form(server):
    assert server.post("/translate", form={"q": "x", "source": "en"})[:2] == \
        (400, {"error": "Invalid request: missing target parameter"})


@pytest.mark.parametrize("raw", [b"{not json", b"[1, 2]", b'"text"', b"[" * 100000])
def test_invalid_json(server, raw):
    assert server.post("/translate", raw=raw, headers={"Content-Type": "application/json"})[:2] == \
        (400, {"error": "Invalid JSON format"})


@pytest.mark.parametrize("data, message", [
    ({"source": "de", "target": "ru"}, "de is not supported"),
    ({"source": "en", "target": "de"}, "de is not supported"),
    ({"source": "ru", "target": "en"}, "English (en) is not available as a target language from Russian (ru)"),
    ({"source": "en", "target": "ru", "format": "pdf"}, "pdf format is not supported"),
    ({"source": "en", "target": "ru", "alternatives": "many"},
     "Invalid request: alternatives parameter is not a number"),
    ({"source": "en", "target": "ru", "enforce": "perhaps"}, "Invalid request: enforce must be true or false"),
    ({"source": "en", "target": "ru", "glossary": "../../etc/passwd"},
     "unknown glossary '../../etc/passwd' (this server has: default, kazakhstan)"),
    ({"source": "en", "target": "ru", "q": ["text", 5]},
     "Invalid request: q must be a string or a list of strings"),
    ({"source": "e n", "target": "ru"}, "e n is not supported"),
])
def test_bad_values(server, data, message):
    data = {"q": "The Senate adopted 12 laws.", **data}
    assert server.post("/translate", data)[:2] == (400, {"error": message})


def test_unknown_route_and_method(server):
    assert server.get("/nothing")[:2] == (404, {"error": "Not Found"})
    assert server.get("/translate")[:2] == (405, {"error": "Method Not Allowed"})
    assert server.get("/download_file/abc/x.txt")[:2] == (404, {"error": "Not Found"})


def test_char_limit_counts_the_whole_request(serve):
    with serve(char_limit=40) as srv:
        ok = srv.post("/translate", {"q": ["The Senate adopted 12 laws."], **EN})
        assert ok[0] == 200
        status, body, _h = srv.post("/translate", {"q": ["The Senate adopted 12 laws."] * 2, **EN})
        assert (status, body) == (400, {"error": "Invalid request: request (54) exceeds text limit (40)"})
        assert srv.get("/frontend/settings")[1]["charLimit"] == 40


def test_batch_limit(serve):
    with serve(batch_limit=2) as srv:
        assert srv.post("/translate", {"q": ["a"] * 3, **EN})[:2] == \
            (400, {"error": "Invalid request: request (3) exceeds text limit (2)"})


def test_request_limit_per_address(serve):
    with serve(req_limit=3) as srv:
        statuses = [srv.post("/translate", {"q": "The Senate adopted 12 laws.", **EN})[0] for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
        assert srv.post("/detect", {"q": "text"})[:2] == (429, {"error": "Slowdown: 3 per 1 minute"})
        # the page's data and the language list are not counted (as LibreTranslate's exempt routes)
        assert srv.get("/languages")[0] == 200 and srv.get("/frontend/settings")[0] == 200


def test_api_keys(serve, tmp_path):
    from toolkit.server.state import read_api_keys

    keys = tmp_path / "keys.txt"
    keys.write_text("# newsroom\nkey-one 2\nkey-two - 10\n", encoding="utf-8")
    with serve(api_keys=read_api_keys(keys)) as srv:
        q = {"q": "The Senate adopted 12 laws.", **EN}
        assert srv.post("/translate", {**q, "api_key": "nope"})[:2] == (403, {"error": "Invalid API key"})
        assert srv.post("/translate", q)[:2] == \
            (400, {"error": "Please contact the server operator to get an API key"})
        assert srv.post("/translate", form={**q, "api_key": "key-one"})[0] == 200
        assert srv.post("/translate", {**q, "api_key": "key-one"})[0] == 200
        assert srv.post("/translate", {**q, "api_key": "key-one"})[0] == 429  # its own limit: 2 a minute
        assert srv.post("/translate", {**q, "api_key": "key-two"})[:2] == \
            (400, {"error": "Invalid request: request (27) exceeds text limit (10)"})
        settings = srv.get("/frontend/settings")[1]
        assert settings["apiKeys"] is True and settings["keyRequired"] is True


@pytest.mark.parametrize("text, line, message", [
    ("key 1 2 3\n", 1, "expected 'KEY [REQUESTS_PER_MINUTE [CHARS_PER_REQUEST]]'"),
    ("a\na 5\n", 2, "duplicate API key 'a'"),
    ("a 0\n", 1, "limit '0' is not a positive whole number (or '-')"),
])
def test_api_key_file_errors(tmp_path, text, line, message):
    from toolkit.errors import InputError
    from toolkit.server.state import read_api_keys

    path = tmp_path / "keys.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_api_keys(path)
    assert str(caught.value) == f"{path}:{line}: {message}"


def test_body_over_the_limit_is_413(serve):
    with serve(max_body=2048) as srv:
        status, body, _h = srv.post("/translate", {"q": "x" * 5000, **EN})
        assert (status, body) == (413, {"error": "Request body too large (limit: 2048 bytes)"})


def test_body_over_the_limit_without_length_is_413(serve):
    """Chunked upload (no Content-Length): counted while it arrives."""
    with serve(max_body=2048) as srv:
        host, port = srv.url[len("http://"):-1].split(":")
        with socket.create_connection((host, int(port)), timeout=30) as sock:
            sock.sendall(b"POST /translate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                         b"Transfer-Encoding: chunked\r\n\r\n")
            chunk = b'{"q": "' + b"x" * 1000
            for _ in range(4):
                sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            reply = _read_reply(sock)
        assert reply.startswith(b"HTTP/1.1 413 ")
        assert json.loads(reply.split(b"\r\n\r\n", 1)[1]) == {"error": "Request body too large (limit: 2048 bytes)"}


def test_a_slow_body_times_out_with_408(serve):
    with serve(body_timeout=0.5) as srv:
        host, port = srv.url[len("http://"):-1].split(":")
        with socket.create_connection((host, int(port)), timeout=30) as sock:
            sock.sendall(b"POST /translate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                         b"Content-Length: 100\r\n\r\n{\"q\":")
            started = time.monotonic()
            reply = _read_reply(sock)
            assert time.monotonic() - started < 20
        assert reply.startswith(b"HTTP/1.1 408 ")
        assert json.loads(reply.split(b"\r\n\r\n", 1)[1]) == {"error": "Request body timeout"}


def _read_reply(sock, limit: float = 20.0) -> bytes:
    sock.settimeout(limit)
    data = b""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        try:
            part = sock.recv(65536)
        except TimeoutError:
            break
        if not part:
            break
        data += part
        head, sep, rest = data.partition(b"\r\n\r\n")
        if sep and b"content-length:" in head.lower():
            length = int(head.lower().split(b"content-length:")[1].split(b"\r\n")[0])
            if len(rest) >= length:
                break
    return data


def test_an_internal_error_is_json_without_a_traceback(server, monkeypatch):
    import toolkit.service

    def broken(*args, **kwargs):
        raise RuntimeError("secret detail /home/someone/file")

    monkeypatch.setattr(toolkit.service, "translate_texts", broken)
    status, body, _h = server.post("/translate", {"q": "The Senate adopted 12 laws.", **EN})
    assert (status, body) == (500, {"error": "internal error (a bug in atau; the server's log has the details)"})


def test_a_failing_model_is_500_with_libretranslates_message(server, monkeypatch):
    import toolkit.service
    from toolkit.errors import ModelError

    def failing(*args, **kwargs):
        raise ModelError("translate-en_ru: translation failed (out of memory)")

    monkeypatch.setattr(toolkit.service, "translate_texts", failing)
    assert server.post("/translate", {"q": "The Senate adopted 12 laws.", **EN})[:2] == \
        (500, {"error": "Cannot translate text: translate-en_ru: translation failed (out of memory)"})
