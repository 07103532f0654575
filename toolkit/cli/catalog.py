"""``atau catalog``: gettext catalogs (build, apply, translate, check)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import InputError
from ..i18n import _, ngettext
from . import output
from .glossary import GlossaryOpt

app = typer.Typer(
    help=_("Gettext catalogs: the glossary as PO/MO files, documents as PO files for "
           "post-editing, machine pre-translation and checks of PO files.\n\n"
           "Example: atau catalog check locales/ru/LC_MESSAGES/messages.po"),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)

FromOpt = Annotated[str, typer.Option("--from", "-f", metavar="LANG",
                                      help=_("Source language of the msgids."))]
JsonOpt = Annotated[bool, typer.Option("--json", help=_("Print a JSON report on standard output."))]


def _short(text: str, limit: int = 120) -> str:
    """``text`` cut to ``limit`` characters with "…": a report line names a
    message, it does not repeat a 10 MB one."""
    return text if len(text) <= limit else text[:limit] + "…"


def _glossary(path: Optional[Path]):
    from ..termbase.store import load_glossary

    return load_glossary(path)


def _langs(value: str) -> list[str]:
    from ..langtags import normalize_tag

    langs = [normalize_tag(v) for v in value.replace(" ", ",").split(",") if v.strip()]
    if not langs:
        raise InputError(_("--langs needs at least one language, e.g. --langs ru,kk"))
    return langs


@app.command(help=_(
    "Write the glossary as gettext catalogs, one PO and MO per target language: msgid "
    "the English preferred term, msgstr the preferred target term, comments with "
    "definitions, notes and variants. An unchanged glossary gives byte-identical "
    "files.\n\nExample: atau catalog build --langs ru,kk --out locales"))
def build(
    glossary: GlossaryOpt = None,
    langs: Annotated[str, typer.Option("--langs", "-l", metavar="LANGS",
                                       help=_("Target languages, comma-separated."))] = "ru,kk",
    out: Annotated[Path, typer.Option("--out", "-o", metavar="DIR",
                                      help=_("Folder for <lang>/LC_MESSAGES/<domain>.po and .mo."))] = Path("locales"),
    domain: Annotated[str, typer.Option("--domain", "-d", help=_("Gettext domain: the file name."))] = "glossary",
    from_code: FromOpt = "en",
) -> None:
    from ..gettext.glossary_catalogs import glossary_catalog, write_glossary_catalogs

    g = _glossary(glossary)
    targets = [g.check_language(lang) for lang in _langs(langs)]
    written = write_glossary_catalogs(g, out, targets, from_code=from_code, domain=domain)
    for lang, po_path in zip(targets, written[::2]):
        entries = glossary_catalog(g, lang, from_code=from_code, domain=domain)
        done = len(entries.translated_entries())
        output.stdout.print(_("{lang}: {done} of {total} terms translated: {po} (and .mo)").format(
            lang=lang, done=done, total=len(entries), po=po_path))


@app.command(help=_(
    "Rebuild the translated document from a post-edited PO file, with the original's "
    "layout (paragraphs, blank lines, headings, whitespace). A Word document also needs "
    "its original file (--original): images, styles and tables come from it. The "
    "reviewed translations go into the translation memory. Sentences without a "
    "translation keep the source text and are listed; the exit code is then "
    "1.\n\nExample: atau catalog apply article.ru.po -o article.ru.txt\n\n"
    "Example: atau catalog apply report.ru.po --original report.docx -o report.ru.docx"))
def apply(
    po_file: Annotated[Path, typer.Argument(metavar="FILE.po", help=_("A post-edited PO file made by 'atau translate --format po'."))],
    out: Annotated[Optional[Path], typer.Option("--output", "-o", metavar="PATH", help=_("Write the document here (default: standard output)."))] = None,
    original: Annotated[Optional[Path], typer.Option("--original", metavar="FILE", help=_("The document the PO file was made from (needed for .docx)."))] = None,
    skip_fuzzy: Annotated[bool, typer.Option("--skip-fuzzy", help=_("Treat fuzzy (unreviewed) translations as untranslated."))] = False,
    no_memory: Annotated[bool, typer.Option("--no-memory", help=_("Do not record the reviewed translations in the translation memory."))] = False,
    json: JsonOpt = False,
) -> None:
    from ..fileio import atomic_write, check_outputs, read_bytes
    from ..gettext.po import load_po
    from ..service import apply_document_po

    check_outputs([po_file, original], [out])
    with output.naming(po_file):
        catalog = load_po(po_file)
    original_bytes = read_bytes(original) if original is not None else None
    with output.naming(po_file):
        applied = apply_document_po(catalog, original=original_bytes, use_fuzzy=not skip_fuzzy,
                                    remember=not no_memory)
    result = applied.document
    if result.data is not None and out is None:
        raise InputError(_("a .{fmt} document is written to a file: give -o FILE.{fmt}").format(fmt=result.fmt))
    if out is not None:
        atomic_write(out, result.data if result.data is not None else result.text)
    if json:
        report = {**result.to_dict(), "remembered": applied.remembered}
        if out is None:
            report["text"] = result.text
        else:
            report["output"] = str(out)
        output.print_json(report)
    else:
        if out is None:
            output.write_text(result.text)
        for item in result.untranslated:
            output.stderr.print(_("{path}: {context} (line {line}): untranslated, source kept: {source}")
                                .format(path=po_file, context=item.context, line=item.line,
                                        source=item.source))
        if result.fuzzy:
            output.stderr.print(ngettext("{n} fuzzy (unreviewed) translation used",
                                         "{n} fuzzy (unreviewed) translations used",
                                         len(result.fuzzy)).format(n=len(result.fuzzy)))
        if applied.remembered:
            output.stderr.print(ngettext("{n} reviewed translation added to the translation memory",
                                         "{n} reviewed translations added to the translation memory",
                                         applied.remembered).format(n=applied.remembered))
    if result.untranslated:
        raise typer.Exit(1)


@app.command("translate", help=_(
    "Pre-translate a template with the installed model: untranslated entries get a "
    "machine translation marked fuzzy, with placeholders kept, every plural form "
    "filled and glossary terms enforced. Entries that have a translation are never "
    "changed. The translation memory takes part: the reviewed translations of the "
    "--update file are recorded, a message a person translated before gets that "
    "translation (fuzzy) instead of a machine one, and close matches are added as "
    "comments.\n\nExample: atau catalog translate messages.pot --to ru -o ru.po"))
def translate_(
    template: Annotated[Path, typer.Argument(metavar="FILE.pot", help=_("Template (POT) or PO file whose messages are to be translated."))],
    to_code: Annotated[str, typer.Option("--to", "-t", metavar="LANG", help=_("Target language (ru, kk)."))],
    out: Annotated[Optional[Path], typer.Option("--output", "-o", metavar="FILE.po", help=_("Write a new PO file (default: standard output)."))] = None,
    update: Annotated[Optional[Path], typer.Option("--update", "-u", metavar="FILE.po", help=_("Merge the template into this PO file (created if missing) and fill only its untranslated entries."))] = None,
    from_code: FromOpt = "en",
    glossary: GlossaryOpt = None,
    no_glossary: Annotated[bool, typer.Option("--no-glossary", help=_("Do not enforce glossary terms."))] = False,
    no_memory: Annotated[bool, typer.Option("--no-memory", help=_("Leave the translation memory out: neither read nor record it."))] = False,
    json: JsonOpt = False,
) -> None:
    from datetime import datetime, timezone

    from ..fileio import atomic_write, check_outputs
    from ..gettext.po import load_po, save_po, write_po
    from ..service import pretranslate_catalog

    if out is not None and update is not None:
        raise InputError(_("use either --output or --update, not both"))
    check_outputs([template], [out, update])
    template_catalog = load_po(template)
    existing = load_po(update) if update is not None and update.exists() else None
    with output.progress(_("translating")) as advance:
        # Only a visible bar makes the translator work in several calls (to report progress).
        on_progress = (lambda done, total: advance(done=done, total=total)) if output.stderr.is_terminal else None
        result = pretranslate_catalog(template_catalog, to_code, from_code=from_code, existing=existing,
                                      glossary=glossary, use_glossary=not no_glossary,
                                      now=datetime.now(timezone.utc), progress=on_progress,
                                      use_memory=not no_memory)
    catalog, report = result.catalog, result.report
    target = update or out
    if target is not None:
        if update is not None:
            buffer = io.StringIO()
            write_po(buffer, catalog)
            atomic_write(update, buffer.getvalue(), backup=update.exists())
        else:
            save_po(catalog, target)
    elif not json:
        buffer = io.StringIO()
        write_po(buffer, catalog)
        output.write_text(buffer.getvalue())
    if json:
        data = {**report.to_dict(), "remembered": result.remembered, "reused": result.reused,
                "suggested": result.suggested}
        data["output"] = str(target) if target is not None else None
        if target is None:
            buffer = io.StringIO()
            write_po(buffer, catalog)
            data["po"] = buffer.getvalue()
        output.print_json(data)
    else:
        output.stderr.print(ngettext("{n} entry machine-translated (marked fuzzy)",
                                     "{n} entries machine-translated (marked fuzzy)",
                                     report.translated).format(n=report.translated)
                            + _(", already translated and kept: {kept}").format(kept=report.kept))
        if result.remembered or result.reused or result.suggested:
            output.stderr.print(_("translation memory: {remembered} reviewed translations recorded, "
                                  "{reused} reused (marked fuzzy), {suggested} entries with suggestions").format(
                remembered=result.remembered, reused=result.reused, suggested=result.suggested))
        for repair in report.repairs:
            output.stderr.print(_("repaired {msgid!r}: {what}").format(msgid=_short(repair.msgid), what=_short(repair.what)))
        for msgid in report.failed:
            output.stderr.print(_("no translation for {msgid!r}").format(msgid=_short(msgid)))
    if report.failed:
        raise typer.Exit(1)


@app.command(help=_(
    "Check a PO file: placeholders (python-format, python-brace-format, c-format, "
    "positional, tags and entities) kept in every msgstr, the number of plural forms, "
    "glossary terms used and forbidden terms avoided. Exit 1 when something is found, "
    "0 when the file is clean.\n\nExample: atau catalog check ru.po --json"))
def check(
    po_file: Annotated[Path, typer.Argument(metavar="FILE.po", help=_("PO file to check."))],
    glossary: GlossaryOpt = None,
    no_glossary: Annotated[bool, typer.Option("--no-glossary", help=_("Skip the glossary checks."))] = False,
    from_code: FromOpt = "en",
    to_code: Annotated[Optional[str], typer.Option("--to", "-t", metavar="LANG", help=_("Target language (default: the PO header's Language)."))] = None,
    json: JsonOpt = False,
) -> None:
    from ..gettext.check import check_catalog
    from ..gettext.po import load_po
    from ..langtags import normalize_tag

    catalog = load_po(po_file)
    g = None if no_glossary else _glossary(glossary)
    tgt = to_code or catalog.metadata.get("Language", "").strip() or None
    if g is not None:
        from ..terms.analysis import require_languages

        if tgt is None:
            raise InputError(_("the file has no Language header: give the target language with --to "
                               "(or skip the glossary checks with --no-glossary)"), po_file)
        require_languages(g, from_code, tgt)
    findings = check_catalog(catalog, glossary=g, from_code=normalize_tag(from_code),
                             to_code=normalize_tag(tgt) if tgt else None)
    if json:
        output.print_json([{"file": str(po_file), **f.to_dict()} for f in findings])
    else:
        for f in findings:
            where = f"{po_file}:{f.line}" if f.line else str(po_file)
            context = f" [{f.msgctxt}]" if f.msgctxt else ""
            fuzzy = " (fuzzy)" if f.fuzzy else ""
            output.stdout.print(f"{where}: {f.code}: {_short(f.message, 500)}{fuzzy} — msgid{context} {_short(f.msgid)!r}")
        if findings:
            output.stderr.print(ngettext("{n} problem found", "{n} problems found",
                                         len(findings)).format(n=len(findings)))
        else:
            output.stderr.print(_("no problems found"))
    if findings:
        raise typer.Exit(1)
