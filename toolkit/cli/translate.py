"""``atau translate``: translate a document offline, keeping its layout."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import InputError
from ..i18n import _, ngettext
from . import output


def translate(
    from_code: Annotated[str, typer.Option("--from", "-f", help=_("Source language code, e.g. en."))],
    to_code: Annotated[str, typer.Option("--to", "-t", help=_("Target language code, e.g. ru or kk."))],
    file: Annotated[Optional[str], typer.Argument(metavar="[FILE|-]", help=_("Document to translate (default or '-': standard input)."))] = None,
    out: Annotated[Optional[Path], typer.Option("--output", "-o", metavar="OUT", help=_("Write the translation here (atomically) instead of standard output."))] = None,
    fmt: Annotated[Optional[str], typer.Option("--format", metavar="txt|md|json|po", help=_("Document format (default: from the file name; txt for standard input); po writes a PO file for post-editing, with glossary notes."))] = None,
    beam_size: Annotated[int, typer.Option("--beam-size", min=1, max=16, help=_("Beam width (1: fastest)."))] = 4,
    device: Annotated[str, typer.Option("--device", metavar="auto|cpu|cuda", help=_("Where to run the model."))] = "auto",
    threads: Annotated[int, typer.Option("--threads", min=0, max=256, help=_("CPU threads for the model (0: all available, at most 8)."))] = 0,
    json: Annotated[bool, typer.Option("--json", help=_("Print a JSON report (segments with scores and flags, run metadata) on standard output."))] = False,
    no_enforce: Annotated[bool, typer.Option("--no-enforce", help=_("Do not enforce the glossary on the translation."))] = False,
    glossary: Annotated[Optional[Path], typer.Option("--glossary", "-g", metavar="PATH", help=_("Glossary to enforce (default: $ATAU_GLOSSARY, ./glossary/, your edited copy, then the built-in one)."))] = None,
) -> None:
    """Translate a document with an installed model, offline.

    Layout is kept: paragraphs, blank lines, headings, list markers, line
    endings; numbers, dates, URLs, e-mail addresses and markup come out
    unchanged. Segments the model drops, echoes or loops on are flagged.

    The glossary is enforced: preferred terms, correctly inflected, in place
    of deprecated ones; a terminology summary goes to stderr. With --format
    po the result is a PO file for post-editing (machine translation as fuzzy
    msgstr, glossary terms in comments); without an installed model that PO
    has empty msgstr.

    Example: atau translate article.txt --from en --to ru -o article.ru.txt
    """
    from ..mt.engine import default_threads, load_engine
    from ..terms.enforce import Enforcer
    from ..errors import ModelNotFoundError
    from ..fileio import atomic_write, check_outputs, decode_text, read_text
    from ..documents.segment import FORMATS, format_for_path
    from ..mt.pipeline import translate_document

    check_outputs([file], [out])
    if file in (None, "-"):
        text = decode_text(sys.stdin.buffer.read(), "<stdin>")
        doc_fmt = "txt"
    else:
        text = read_text(file)
        doc_fmt = format_for_path(file)
    as_po = fmt == "po"
    if fmt is not None and not as_po:
        doc_fmt = fmt
    if doc_fmt not in FORMATS:
        raise InputError(_("--format must be one of: {formats}").format(formats=", ".join(FORMATS + ("po",))))
    terms = None if no_enforce and not as_po else _load_glossary(glossary)
    try:
        engine = load_engine(from_code, to_code, device=device, threads=threads or default_threads())
    except ModelNotFoundError:
        if not as_po:
            raise
        engine = None
        output.stderr.print(_("atau: no model for {src}->{tgt}: writing a PO file without translations, "
                              "with glossary notes").format(src=from_code, tgt=to_code))
    result = hook = None
    if engine is not None and terms is not None and not no_enforce:
        from ..errors import GlossaryError
        from ..terms.analysis import require_languages

        try:
            require_languages(terms, from_code, to_code)
        except GlossaryError as exc:  # a pair the glossary does not cover: translate all the same
            output.stderr.print(_("atau: the glossary is not enforced: {reason}").format(reason=exc))
            no_enforce = True
    if engine is not None:
        hook = None if no_enforce else Enforcer(terms, from_code, to_code).postedit(engine=engine, beam_size=beam_size)
        with output.progress(_("translating")) as advance:
            # Only a visible bar makes the engine work in several calls (to report progress).
            on_progress = (lambda done, total: advance(done=done, total=total)) if output.stderr.is_terminal else None
            with output.naming(file):
                result = translate_document(text, engine, fmt=doc_fmt, beam_size=beam_size,
                                            progress=on_progress, postedit=hook, source_lang=from_code)
    if as_po:
        from ..gettext.documents import document_to_po
        from ..langtags import normalize_tag
        from ..signature import Signature

        # What made the PO (a service will build this; the CLI does until then).
        info = result.info if result is not None else None
        settings = {"format": doc_fmt} if info is None else {
            "beam": info.beam_size, "device": info.engine.device,
            "compute_type": info.engine.compute_type, "format": info.fmt, "enforce": not no_enforce}
        signature = Signature(normalize_tag(from_code), normalize_tag(to_code),
                              terms.fingerprint() if terms is not None else None,
                              info.engine.packages if info else (), info.engine.pivot if info else None,
                              settings)
        with output.naming(file):
            po = document_to_po(
                text, from_code, to_code, fmt=doc_fmt, glossary=terms,
                translations=[s.target for s in result.segments] if result else None,
                notes=[[f"mt: {f.code}: {f.message}" for f in s.flags] for s in result.segments] if result else None,
                source_name=None if file in (None, "-") else Path(file).name,
                signature=signature)
        rendered = str(po) if str(po).endswith("\n") else str(po) + "\n"
    else:
        rendered = result.text
    if out is not None:
        atomic_write(out, rendered)
    if json:
        report = result.to_dict() if result else {"segments": []}
        if as_po:
            report["text"] = rendered
        if hook is not None:
            report["terminology"] = hook.report.to_dict()
        if out is not None:
            report["output"] = str(out)
            report.pop("text", None)
        output.print_json(report)
    elif out is None:
        output.write_text(rendered)
    if result is None:
        return
    flagged = result.flagged
    if flagged:
        output.stderr.print(ngettext("atau: {n} segment flagged for review (see --json)",
                                     "atau: {n} segments flagged for review (see --json)",
                                     len(flagged)).format(n=len(flagged)))
        for segment in flagged[:_SHOWN]:
            output.stderr.print(_("  line {line}: {flags}").format(
                line=segment.line, flags="; ".join(f"{f.code}: {f.message}" for f in segment.flags)))
        if len(flagged) > _SHOWN:
            output.stderr.print(_("  ... and {n} more (see --json)").format(n=len(flagged) - _SHOWN))
    if result.info.engine.pivot:
        output.stderr.print(_("atau: translated through {pivot} ({packages})").format(
            pivot=result.info.engine.pivot,
            packages=" + ".join(n for n, _v in result.info.engine.packages)))
    if hook is not None:
        summary = hook.report.summary
        output.stderr.print(_("atau: terminology: {terms} term(s), {ok} already right, {fixed} fixed, "
                              "{unresolved} unresolved").format(**summary))
        unresolved = [(segment, term) for segment in hook.report.segments for term in segment.unresolved]
        lines = {s.index: s.line for s in result.segments}
        for segment, term in unresolved[:_SHOWN]:
            output.stderr.print(_("  line {line}: unresolved: {source!r} needs {expected!r} — {text}").format(
                line=lines.get(segment.index, "?"), source=term.source, expected=term.expected,
                text=segment.target))
        if len(unresolved) > _SHOWN:
            output.stderr.print(_("  ... and {n} more (see --json)").format(n=len(unresolved) - _SHOWN))


#: Flagged segments and unresolved terms listed on stderr; --json has them all.
_SHOWN = 10


def _load_glossary(path):
    from ..termbase.store import load_glossary

    return load_glossary(path)
