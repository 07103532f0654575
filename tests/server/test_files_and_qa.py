"""/translate_file and its downloads, /check and /enforce, glossary reload."""

from __future__ import annotations

import io
import time
import urllib.request
import uuid

import pytest


def upload(server, name: str, data: bytes, **fields):
    boundary = uuid.uuid4().hex
    body = io.BytesIO()
    for key, value in {"source": "en", "target": "ru", **fields}.items():
        body.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode())
    body.write(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
               f"Content-Type: application/octet-stream\r\n\r\n".encode() + data + b"\r\n")
    body.write(f"--{boundary}--\r\n".encode())
    return server.post("/translate_file", raw=body.getvalue(),
                       headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})


def download(url: str) -> tuple[bytes, dict]:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read(), dict(response.headers)


def test_translate_file_and_download(server):
    source = "The Senate adopted 12 laws.\n\n- The Mazhilis approved the bill.\n".encode()
    status, body, _h = upload(server, "news.txt", source)
    assert status == 200
    assert body["translatedText"] == "Сенат принял 12 законов.\n\n- Нижняя палата одобрила законопроект.\n"
    assert body["translatedFileUrl"].startswith(server.url + "download_file/")
    assert body["translatedFileUrl"].endswith("/news.ru.txt")
    edits = body["terminology"]["edits"]
    assert [body["translatedText"][e["start"]:e["end"]] for e in edits] == ["Нижняя палата", "одобрила"]
    data, headers = download(body["translatedFileUrl"])
    assert data.decode() == body["translatedText"]
    assert headers["content-disposition"] == 'attachment; filename="news.ru.txt"'


def test_translate_file_as_po_for_post_editing(server):
    status, body, _h = upload(server, "news.md", b"# Parliament\n\nThe Mazhilis approved the bill.\n", po="true")
    assert status == 200 and body["translatedFileUrl"].endswith("/news.ru.po")
    assert "translatedText" not in body
    assert body["terminology"]["edits"][0]["start"] is None
    data, headers = download(body["translatedFileUrl"])
    po = data.decode()
    assert 'msgstr "Нижняя палата одобрила законопроект."' in po and "X-Atau-Signature: atau:" in po
    assert headers["content-type"].startswith("text/x-gettext-translation")


def test_json_file(server):
    status, body, _h = upload(server, "ui.json", '{"title": "The Senate adopted 12 laws."}'.encode())
    assert status == 200 and "translatedText" not in body
    data, _h = download(body["translatedFileUrl"])
    assert data.decode() == '{"title": "Сенат принял 12 законов."}'


def test_html_file(server):
    page = b"<html><body><h1>News</h1><p>The <b>Mazhilis</b> approved the bill.</p><script>var a = 1;</script></body></html>"
    status, body, _h = upload(server, "news.html", page)
    assert status == 200 and body["translatedFileUrl"].endswith("/news.ru.html")
    data, headers = download(body["translatedFileUrl"])
    html = data.decode()
    assert "<b>Нижняя палата</b> одобрила законопроект." in html and "<script>var a = 1;</script>" in html
    assert headers["content-type"].startswith("text/html")


def test_docx_file(server):
    docx = pytest.importorskip("docx", reason="python-docx writes the test document")
    document = docx.Document()
    document.add_paragraph("The Mazhilis approved the bill.")
    out = io.BytesIO()
    document.save(out)
    status, body, _h = upload(server, "news.docx", out.getvalue())
    assert status == 200 and body["translatedFileUrl"].endswith("/news.ru.docx")
    assert [e["start"] for e in body["terminology"]["edits"]] == [None, None]
    data, _h = download(body["translatedFileUrl"])
    assert [p.text for p in docx.Document(io.BytesIO(data)).paragraphs] == ["Нижняя палата одобрила законопроект."]


@pytest.mark.parametrize("name, data, message", [
    ("report.pdf", b"%PDF-1.4", "Invalid request: file format not supported"),
    ("notes", b"text", "Invalid request: file format not supported"),
    ("win.txt", "Сенат".encode("cp1251"), None),
])
def test_bad_files(server, name, data, message):
    status, body, _h = upload(server, name, data)
    assert status == 400
    if message:
        assert body == {"error": message}
    else:
        assert body["error"].startswith("Invalid request: win.txt:") and "UTF-8" in body["error"]


def test_a_file_name_never_reaches_the_filesystem(server, tmp_path):
    status, body, _h = upload(server, "../../../../tmp/../etc/passwd.txt", b"The Senate adopted 12 laws.\n")
    assert status == 200
    assert body["translatedFileUrl"].endswith("/passwd.ru.txt")
    data, _h = download(body["translatedFileUrl"])
    assert data.decode() == "Сенат принял 12 законов.\n"
    token = body["translatedFileUrl"].split("/")[-2]
    assert server.get(f"/download_file/{token}/other.txt")[:2] == (404, {"error": "Not Found"})
    assert server.get("/download_file/..%2F..%2Fetc/passwd")[0] == 404


def test_missing_file(server):
    assert server.post("/translate_file", form={"source": "en", "target": "ru"})[:2] == \
        (400, {"error": "Invalid request: missing file parameter"})


def test_enforce_endpoint_with_the_real_glossary(server):
    status, body, _h = server.post("/enforce", {
        "source": "en", "target": "ru", "glossary": "kazakhstan",
        "sources": ["The Mazhilis adopted the bill on elections.", "Deputies met at the polling station."],
        "targets": ["Меджлис принял законопроект о выборах.", "Депутаты встретились на избирательной станции."]})
    assert status == 200
    assert body["targets"] == ["Мажилис принял законопроект о выборах.",
                               "Депутаты встретились на избирательном участке."]
    assert [(e["before"], e["after"], e["reason"]) for s in body["segments"] for e in s["edits"]] == [
        ("Меджлис", "Мажилис", "forbidden"), ("избирательной станции", "избирательном участке", "deprecated")]
    assert len(body["signature"]["glossary_sha256"]) == 64


def test_check_endpoint(server):
    status, body, _h = server.post("/check", {
        "source": "en", "target": "ru", "glossary": "kazakhstan",
        "source_text": "The Mazhilis adopted the bill.\nThe akim met voters.",
        "target_text": "Меджлис принял законопроект.\nАким встретился с избирателями."})
    assert status == 200
    assert [(f["segment"], f["code"]) for f in body["findings"]] == [(0, "forbidden")]
    assert body["summary"]["findings"] == 1


@pytest.mark.parametrize("data, message", [
    ({"sources": ["a"], "targets": ["b", "c"]}, "Invalid request: 1 sources but 2 targets"),
    ({"sources": ["a"]}, "Invalid request: targets must be a list of strings"),
    ({}, "Invalid request: missing sources parameter"),
    ({"source_text": "a"}, "Invalid request: missing targets parameter"),
])
def test_qa_bad_requests(server, data, message):
    assert server.post("/check", {"source": "en", "target": "ru", **data})[:2] == (400, {"error": message})


def test_a_changed_glossary_is_reloaded(serve, tmp_path):
    from tests.server.conftest import write_glossary
    from toolkit.termbase.model import Concept, Glossary, Term
    from toolkit.termbase.tbx import dumps_tbx

    path = write_glossary(tmp_path / "live.tbx")
    with serve(glossaries={"default": str(path)}, glossary_interval=0.0) as srv:
        q = {"q": "The Mazhilis approved the bill.", "source": "en", "target": "ru"}
        assert srv.post("/translate", q)[1]["translatedText"] == "Нижняя палата одобрила законопроект."
        path.write_text(dumps_tbx(Glossary([Concept("mazhilis", (
            Term("Mazhilis", "en"), Term("Мажилис", "ru")))])), encoding="utf-8")
        deadline = time.monotonic() + 30
        while srv.state.glossaries.reloads == 0 and time.monotonic() < deadline:
            body = srv.post("/translate", q)[1]
            time.sleep(0.05)
        assert srv.state.glossaries.reloads == 1
        assert srv.post("/translate", q)[1]["translatedText"] == "Мажилис одобрил законопроект."
        path.write_text("<broken", encoding="utf-8")  # a broken edit: the last good glossary stays
        time.sleep(0.05)
        assert srv.post("/translate", q)[1]["translatedText"] == "Мажилис одобрил законопроект."
        assert body is not None


def test_page_language_follows_accept_language_and_the_selector(server):
    from tests.server.conftest import request

    def page(path, accept=""):
        status, body, _h = request(server.url + path, None, {"Accept-Language": accept}, "GET", 30)
        assert status == 200
        return body.decode()

    assert '<html lang="en">' in page("")
    assert '<html lang="ru">' in page("", "ru-RU,ru;q=0.9,en;q=0.8")
    assert '<html lang="kk">' in page("", "de, kk;q=0.5, ru;q=0.4")
    assert '<html lang="kk">' in page("?lang=kk", "ru")
    assert '<html lang="en">' in page("?lang=xx")
    assert "<script src=\"/static/app.js\"></script>" in page("")
    status, body, headers = request(server.url + "static/app.js", None, {}, "GET", 30)
    assert status == 200 and headers["content-type"].startswith("text/javascript")
    assert request(server.url + "static/../app.py", None, {}, "GET", 30)[0] == 404
