"""The translators' page in a real headless browser (Debian's chromium,
driven by Playwright): it loads with no network but the server, translates
a paste, shows the enforced term highlighted with its reason, works from
the keyboard and speaks Russian and Kazakh.

Skipped, with the reason, when chromium or Playwright is not installed
(.ci/run installs both)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("ATAU_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOT = os.environ.get("ATAU_PAGE_SCREENSHOT")  # set to write the README's picture

if not Path(CHROMIUM).is_file():
    pytest.skip(f"no chromium at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")

TIMEOUT_MS = 30_000


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, timeout=TIMEOUT_MS,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--no-first-run"])
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(locale="en-US", viewport={"width": 1200, "height": 760})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    outside: list[str] = []

    def only_the_server(route):
        if route.request.url.startswith(server.url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_the_server)
    yield page
    context.close()
    assert outside == [], f"the page asked for something outside the server: {outside}"


def test_translate_a_paste_and_see_the_highlighted_edit(page, server):
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(server.url)
    assert page.title() == "Atau: translation that keeps the glossary"
    assert page.locator("#source").input_value() == "en"
    assert page.locator("#target").input_value() == "ru"
    page.locator("#text").fill("The Prime Minister reported to the Mazhilis.\n\nThe Senate adopted 12 laws.")
    page.locator("#translate").click()
    mark = page.locator("#output mark.term").first
    mark.wait_for()
    assert page.locator("#output").inner_text() == \
        "Премьер-министр отчитался перед Нижней палатой.\n\nСенат принял 12 законов."
    assert mark.inner_text() == "Нижней палатой"
    assert mark.get_attribute("title") == \
        "Мажилисом → Нижней палатой: a deprecated term, replaced by the preferred one (ins.sg)"
    assert page.locator("#status").inner_text() == "1 term(s) fixed, 1 already right, 0 not enforced"
    assert page.locator("#unresolved").inner_text() == "Every glossary term is in place."
    assert page.locator("#download").is_enabled()
    if SCREENSHOT:
        page.screenshot(path=SCREENSHOT)
    assert errors == []


def test_keyboard_only(page, server):
    page.goto(server.url)
    page.keyboard.press("Tab")  # the interface language selector comes first
    assert page.evaluate("document.activeElement.id") == "ui-lang"
    page.locator("#text").focus()
    page.keyboard.type("The Mazhilis approved the bill.")
    page.keyboard.press("Control+Enter")
    page.locator("#output mark.term").first.wait_for()
    assert page.locator("#output").inner_text() == "Нижняя палата одобрила законопроект."
    # the highlighted term takes the focus, and says why
    page.locator("#output").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "term"
    assert "deprecated" in page.evaluate("document.activeElement.getAttribute('aria-label')")


def test_unresolved_terms_are_listed(page, server):
    page.goto(server.url)
    page.locator("#glossary").select_option("kazakhstan")
    page.locator("#text").fill("The Mazhilis approved the bill.")
    page.locator("#translate").click()
    page.locator("#unresolved li").first.wait_for()
    assert page.locator("#output").inner_text() == "Мажилис одобрил законопроект."
    assert page.locator("#status").inner_text() == "0 term(s) fixed, 2 already right, 0 not enforced"


def test_a_file_and_its_download(page, server, tmp_path):
    source = tmp_path / "news.md"
    source.write_text("# News\n\nThe Mazhilis approved the bill.\n", encoding="utf-8")
    page.goto(server.url)
    page.locator("#file").set_input_files(str(source))
    page.locator("#file-name").wait_for()
    assert page.locator("#file-name").inner_text() == "File: news.md"
    page.locator("#translate").click()
    page.locator("#output mark.term").first.wait_for()
    with page.expect_download() as info:
        page.locator("#download").click()
    download = info.value
    assert download.suggested_filename == "news.ru.md"
    assert Path(download.path()).read_text(encoding="utf-8").endswith("\n\nНижняя палата одобрила законопроект.\n")
    with page.expect_download() as info:
        page.locator("#download-po").click()
    assert info.value.suggested_filename == "news.ru.po"


@pytest.mark.parametrize("accept, lang, button", [("ru-RU,ru;q=0.9", "ru", "Перевести"),
                                                  ("kk-KZ,kk;q=0.9", "kk", "Аудару")])
def test_russian_and_kazakh_interfaces(browser, server, accept, lang, button):
    context = browser.new_context(locale=lang, extra_http_headers={"Accept-Language": accept})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    try:
        page.goto(server.url)
        assert page.locator("html").get_attribute("lang") == lang
        assert page.locator("#translate").inner_text() == button
        page.locator("#ui-lang").select_option("en")
        page.wait_for_url("**/?lang=en")
        assert page.locator("#translate").inner_text() == "Translate"
    finally:
        context.close()
