"""LibreTranslate compatibility, driven by LibreTranslate's own Python
client (libretranslatepy) and by plain HTTP for the shapes it does not read."""

from __future__ import annotations

import pytest

libretranslatepy = pytest.importorskip("libretranslatepy")


@pytest.fixture
def client(server):
    return libretranslatepy.LibreTranslateAPI(server.url)


def test_languages_with_targets(client):
    assert client.languages() == [{"code": "en", "name": "English", "targets": ["ru"]},
                                  {"code": "ru", "name": "Russian", "targets": []}]


def test_translate_enforces_the_glossary(client):
    # the model writes "Мажилис", which the test glossary deprecates
    assert client.translate("The Mazhilis approved the bill.", "en", "ru") == \
        "Нижняя палата одобрила законопроект."


def test_translate_keeps_paragraphs(client):
    text = "The Senate adopted 12 laws.\n\nThe Mazhilis approved the bill."
    assert client.translate(text, "en", "ru") == "Сенат принял 12 законов.\n\nНижняя палата одобрила законопроект."


def test_detect(client):
    assert client.detect("Мәжіліс заң жобасын қабылдады.") == [{"confidence": 100.0, "language": "kk"}]
    assert client.detect("Депутаты одобрили законопроект во втором чтении.")[0] == \
        {"confidence": 100.0, "language": "ru"}
    assert client.detect("The deputies approved the bill.") == [{"confidence": 100.0, "language": "en"}]


def test_detect_without_letters_is_english_with_no_confidence(client):
    assert client.detect("12 345 !!!") == [{"confidence": 0.0, "language": "en"}]


def test_json_list_gives_a_list_and_a_report_per_text(server):
    status, body, headers = server.post("/translate", {
        "q": ["The Mazhilis approved the bill.", "The Senate adopted 12 laws."],
        "source": "en", "target": "ru"})
    assert status == 200 and headers["content-type"] == "application/json"
    assert body["translatedText"] == ["Нижняя палата одобрила законопроект.", "Сенат принял 12 законов."]
    texts = body["terminology"]["texts"]
    assert texts[0]["edits"] == [
        {"start": 0, "end": 13, "before": "Мажилис", "after": "Нижняя палата", "concept": "mazhilis",
         "reason": "deprecated", "form": "nom.sg"},
        {"start": 14, "end": 22, "before": "одобрил", "after": "одобрила", "concept": "mazhilis",
         "reason": "agreement", "form": "nom.sg"}]
    assert texts[1] == {"edits": [], "unresolved": []}
    assert body["terminology"]["summary"]["fixed"] == 1
    signature = body["signature"]
    assert signature["packages"] == [{"name": "translate-en_ru-atau_test", "version": "0.1"}]
    assert len(signature["glossary_sha256"]) == 64 and signature["settings"]["enforce"] is True
    assert "detectedLanguage" not in body and "alternatives" not in body


def test_auto_source_reports_the_detected_language(server):
    status, body, _h = server.post("/translate", {"q": "The Senate adopted 12 laws.", "source": "auto",
                                                  "target": "ru"})
    assert status == 200
    assert body["translatedText"] == "Сенат принял 12 законов."
    assert body["detectedLanguage"] == {"confidence": 100.0, "language": "en"}
    status, body, _h = server.post("/translate", {"q": ["The Senate adopted 12 laws.", "The akim met with residents."],
                                                  "source": "auto", "target": "ru"})
    assert body["detectedLanguage"] == [{"confidence": 100.0, "language": "en"}] * 2


def test_alternatives_asked_for_are_an_empty_list(server):
    _s, body, _h = server.post("/translate", {"q": "The Senate adopted 12 laws.", "source": "en", "target": "ru",
                                              "alternatives": 3})
    assert body["alternatives"] == []
    _s, body, _h = server.post("/translate", {"q": ["The Senate adopted 12 laws."], "source": "en",
                                              "target": "ru", "alternatives": "2"})
    assert body["alternatives"] == [[]]


def test_form_encoded_as_libretranslate_takes_it(server):
    status, body, _h = server.post("/translate", form={"q": "The Senate adopted 12 laws.\r\n", "source": "EN",
                                                      "target": "ru", "format": "text"})
    assert status == 200 and body["translatedText"] == "Сенат принял 12 законов."


def test_enforce_false_gives_the_models_output(server):
    _s, body, _h = server.post("/translate", {"q": "The Mazhilis approved the bill.", "source": "en",
                                              "target": "ru", "enforce": False})
    assert body["translatedText"] == "Мажилис одобрил законопроект."
    assert "terminology" not in body and body["signature"]["settings"]["enforce"] is False


def test_a_glossary_chosen_by_id(server):
    _s, body, _h = server.post("/translate", {"q": "The Mazhilis approved the bill.", "source": "en",
                                              "target": "ru", "glossary": "kazakhstan"})
    assert body["translatedText"] == "Мажилис одобрил законопроект."  # right in the real glossary
    summary = body["terminology"]["summary"]
    assert (summary["terms"], summary["ok"], summary["fixed"]) == (2, 2, 0)  # Mazhilis, bill


def test_html_keeps_the_markup(server):
    _s, body, _h = server.post("/translate", {"q": "<p>The <b>Mazhilis</b> approved the bill.</p>",
                                              "source": "en", "target": "ru", "format": "html"})
    assert body["translatedText"] == "<p><b>Нижняя палата</b> одобрила законопроект.</p>"
    edits = body["terminology"]["edits"]
    assert [body["translatedText"][e["start"]:e["end"]] for e in edits] == ["Нижняя палата", "одобрила"]


def test_frontend_settings(server):
    status, body, _h = server.get("/frontend/settings")
    assert status == 200
    assert body["charLimit"] == 20000 and body["apiKeys"] is False and body["keyRequired"] is False
    assert body["supportedFilesFormat"] == [".docx", ".htm", ".html", ".json", ".markdown", ".md", ".txt",
                                            ".xhtml", ".xlf", ".xliff"]
    assert body["language"] == {"source": {"code": "auto", "name": "Auto Detect"},
                                "target": {"code": "ru", "name": "Russian"}}
    assert body["glossaries"] == ["default", "kazakhstan"]


def test_cors_for_browser_extensions(server):
    import urllib.request

    req = urllib.request.Request(server.url + "translate", method="OPTIONS", headers={
        "Origin": "moz-extension://abc", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "Content-Type"})
    with urllib.request.urlopen(req, timeout=30) as response:
        assert response.status == 200
        assert response.headers["access-control-allow-origin"] == "*"
    _s, _b, headers = server.post("/translate", {"q": "The Senate adopted 12 laws.", "source": "en",
                                                 "target": "ru"}, headers={"Origin": "https://weblate.example"})
    assert headers["access-control-allow-origin"] == "*"


def test_health(server):
    assert server.get("/health")[:2] == (200, {"status": "ok"})
