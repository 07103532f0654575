"""The translators' page at ``/``: one HTML file with its script and style
(``static/``), in English, Russian or Kazakh.

The interface language is ``?lang=`` (the page's selector sets it), else the
best match of the browser's ``Accept-Language``, else English. The page's
words are Atau messages like the command line's: marked here, extracted by
``scripts/update_locales.py`` and translated in ``locales/{ru,kk}/LC_MESSAGES/atau.po``;
they are looked up per request in the language asked for, not the server's.
"""

from __future__ import annotations

import functools
import gettext
import html
import json

from ..i18n import DOMAIN, LOCALE_DIR
from ..langtags import language_name

__all__ = ["UI_LANGUAGES", "negotiate", "render_page", "strings"]

#: The page's languages, in the order of its selector.
UI_LANGUAGES = ("en", "ru", "kk")


def _(message: str) -> str:
    """Marks a message of the page (translated per request by :func:`strings`)."""
    return message


_STRINGS = {
    "title": _("Atau: translation that keeps the glossary"),
    "from": _("From"),
    "to": _("To"),
    "auto": _("Detect language"),
    "glossary": _("Glossary"),
    "enforce": _("Enforce the glossary"),
    "source": _("Text to translate"),
    "placeholder": _("Paste text here, or drop a document (.txt, .md, .html, .docx, .xlf, .json)"),
    "open": _("Open a file…"),
    "translate": _("Translate"),
    "shortcut": _("Ctrl+Enter translates"),
    "translation": _("Translation"),
    "download": _("Download the translation"),
    "download_po": _("Download a PO file for post-editing"),
    "unresolved": _("Terms not enforced"),
    "unresolved_none": _("Every glossary term is in place."),
    "needs": _("needs"),
    "edits": _("{n} term(s) fixed, {ok} already right, {unresolved} not enforced"),
    "working": _("Translating…"),
    "error": _("Error"),
    "detected": _("Detected: {language} ({confidence}%)"),
    "reason_deprecated": _("a deprecated term, replaced by the preferred one"),
    "reason_forbidden": _("a forbidden term, replaced by the preferred one"),
    "reason_aligned": _("the model's own wording, replaced by the preferred term"),
    "reason_agreement": _("made to agree with the term put in"),
    "interface": _("Interface language"),
    "legend": _("Highlighted: terms the glossary put in (hover or focus for the reason)."),
    "file_loaded": _("File: {name}"),
    "offline": _("Everything runs on this computer; no text leaves it."),
}


@functools.lru_cache(maxsize=8)
def strings(lang: str) -> dict[str, str]:
    """The page's words in ``lang`` (``en``, ``ru`` or ``kk``)."""
    translation = gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[lang], fallback=True)
    return {key: translation.gettext(message) for key, message in _STRINGS.items()}


def negotiate(asked: str | None, accept_language: str) -> str:
    """The interface language: ``asked`` when it is one of
    :data:`UI_LANGUAGES`, else the first of them in ``Accept-Language``
    (by q-value), else ``"en"``."""
    if asked in UI_LANGUAGES:
        return asked
    ranked = []
    for position, part in enumerate(accept_language.split(",")[:32]):
        tag, _sep, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        primary = tag.strip().split("-")[0].lower()
        if primary in UI_LANGUAGES and quality > 0:
            ranked.append((-quality, position, primary))
    return min(ranked)[2] if ranked else "en"


def render_page(asked: str | None, accept_language: str, glossaries: list[str],
                pairs: dict[str, tuple[str, ...]]) -> str:
    """The page's HTML in the negotiated language, with the server's
    languages and glossaries for its selectors."""
    lang = negotiate(asked, accept_language)
    words = strings(lang)
    codes = sorted(set(pairs) | {t for targets in pairs.values() for t in targets})
    config = {
        "lang": lang,
        "strings": words,
        "pairs": {source: list(targets) for source, targets in pairs.items()},
        "names": {code: language_name(code, lang) for code in codes},
        "glossaries": glossaries,
    }
    options = "".join(
        f'<option value="{code}"{" selected" if code == lang else ""}>{html.escape(language_name(code, code))}</option>'
        for code in UI_LANGUAGES)
    template = (_static("index.html"))
    values = {"lang": lang, "ui_options": options,
              "config": json.dumps(config, ensure_ascii=False).replace("</", "<\\/"),
              **{f"s_{key}": html.escape(value) for key, value in words.items()}}
    return template.format_map(values)


@functools.lru_cache(maxsize=4)
def _static(name: str) -> str:
    from .app import STATIC

    return (STATIC / name).read_text(encoding="utf-8")
