"""``atau translate``: translate a document offline, keeping its layout."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, List, Optional

import typer

from ..i18n import _, ngettext
from . import output


def translate(
    from_code: Annotated[str, typer.Option("--from", "-f", help=_("Source language code, e.g. en."))],
    to_code: Annotated[str, typer.Option("--to", "-t", help=_("Target language code, e.g. ru or kk."))],
    files: Annotated[Optional[List[str]], typer.Argument(metavar="[FILE|DIR|-]...", help=_("Document to translate (default or '-': standard input); folders or several files are translated into the folder -o OUTDIR."))] = None,
    out: Annotated[Optional[Path], typer.Option("--output", "-o", metavar="OUT", help=_("Write the translation here (atomically) instead of standard output."))] = None,
    fmt: Annotated[Optional[str], typer.Option("--format", metavar="txt|md|json|html|docx|xliff|po", help=_("Document format (default: from the file name; txt for standard input); po writes a PO file for post-editing, with glossary notes."))] = None,
    beam_size: Annotated[int, typer.Option("--beam-size", min=1, max=16, help=_("Beam width (1: fastest)."))] = 4,
    device: Annotated[str, typer.Option("--device", metavar="auto|cpu|cuda", help=_("Where to run the model."))] = "auto",
    threads: Annotated[int, typer.Option("--threads", min=0, max=256, help=_("CPU threads for the model (0: all available, at most 8)."))] = 0,
    json: Annotated[bool, typer.Option("--json", help=_("Print a JSON report (segments with scores and flags, run metadata) on standard output."))] = False,
    no_enforce: Annotated[bool, typer.Option("--no-enforce", help=_("Do not enforce the glossary on the translation."))] = False,
    glossary: Annotated[Optional[Path], typer.Option("--glossary", "-g", metavar="PATH", help=_("Glossary to enforce (default: $ATAU_GLOSSARY, ./glossary/, your edited copy, then the built-in one)."))] = None,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, max=256, help=_("Folders: worker processes, each with its own model (threads are shared out between them)."))] = 1,
    ray: Annotated[bool, typer.Option("--ray", help=_("Folders: run on Ray; an address after it (ray://HOST:10001, auto) joins that cluster, else a local Ray instance is started."))] = False,
    memory: Annotated[Optional[Path], typer.Option("--memory", metavar="PATH", help=_("The translation memory to reuse (and, for folders, fill; default: one per language pair in your data folder)."))] = None,
    no_memory: Annotated[bool, typer.Option("--no-memory", help=_("Neither reuse nor fill the translation memory."))] = False,
) -> None:
    """Translate a document with an installed model, offline.

    Layout is kept: paragraphs, blank lines, headings, list markers, line
    endings; numbers, dates, URLs, e-mail addresses and markup come out
    unchanged. Segments the model drops, echoes or loops on are flagged.
    Formats: plain text, Markdown, JSON, HTML, Word (.docx, written with -o)
    and XLIFF 1.2/2.0 (targets that need a translation are filled).

    The glossary is enforced: preferred terms, correctly inflected, in place
    of deprecated ones; a terminology summary goes to stderr. With --format
    po the result is a PO file for post-editing (machine translation as fuzzy
    msgstr, glossary terms in comments); without an installed model that PO
    has empty msgstr.

    A sentence a person translated before (in the translation memory: atau
    memory import, atau catalog apply) keeps that translation. Folders and
    lists of files go into the folder -o OUTDIR, in the same tree, resumably
    (a rerun does only what is missing or changed), reusing and filling the
    translation memory; --workers N runs N processes and
    --ray runs on a Ray cluster. --json then prints one line per document.

    Example: atau translate article.txt --from en --to ru -o article.ru.txt
    """
    from ..documents import format_for_path, formats, is_binary
    from ..errors import InputError
    from ..fileio import atomic_write, check_outputs, decode_text, read_bytes, read_stream, read_text
    from ..service import translate_document_text

    from ..langtags import primary_language

    if primary_language(from_code) == primary_language(to_code):  # before any file is named
        raise InputError(_("--from and --to are the same language ({code}): nothing to translate").format(
            code=primary_language(from_code)))
    files = list(files or [])
    address, files = _ray_address(files) if ray else (None, files)
    if len(files) > 1 or (files and Path(files[0]).is_dir()) or ray or workers > 1:
        _translate_many(files, out, from_code, to_code, fmt=fmt, beam_size=beam_size, device=device,
                        threads=threads, json=json, enforce=not no_enforce, glossary=glossary, workers=workers,
                        ray=address if ray else None, memory=memory, use_memory=not no_memory)
        return
    file = files[0] if files else None
    check_outputs([file], [out])
    as_po = fmt == "po"
    doc_fmt = "txt" if file in (None, "-") else format_for_path(file)
    if fmt is not None and not as_po:
        doc_fmt = fmt
    binary = doc_fmt in formats() and is_binary(doc_fmt)
    if binary and file in (None, "-"):
        raise InputError(_("a .{fmt} document is read from a file, not standard input").format(fmt=doc_fmt))
    if binary and out is None and not as_po and not json:
        raise InputError(_("a .{fmt} document is written to a file: give -o OUT").format(fmt=doc_fmt))
    if binary and out is not None and not as_po and str(out) != "-" and out.suffix.lower() != f".{doc_fmt}":
        raise InputError(_("the translation of a .{fmt} document is a .{fmt} document: -o must end in .{fmt} "
                           "(or give --format po for a PO file)").format(fmt=doc_fmt), out)
    if file in (None, "-"):
        text = decode_text(read_stream(sys.stdin.buffer), "<stdin>")
    elif binary:
        text = read_bytes(file)
    else:
        text = read_text(file)
    with output.progress(_("translating")) as advance:
        # Only a visible bar makes the engine work in several calls (to report progress).
        on_progress = (lambda done, total: advance(done=done, total=total)) if output.stderr.is_terminal else None
        with output.naming(file):
            result = translate_document_text(
                text, from_code, to_code, fmt=doc_fmt, as_po=as_po, glossary=glossary,
                enforce=not no_enforce, beam_size=beam_size, device=device, threads=threads,
                source_name=None if file in (None, "-") else Path(file).name, progress=on_progress,
                use_memory=not no_memory, memory=memory)
    for notice in result.notices:
        output.stderr.print(f"atau: {notice}")
    data = result.translation.data if result.translation is not None and not result.po else None
    if binary and not result.po and data is None:
        raise InputError(_("no translation to write: a .{fmt} document needs a model").format(fmt=doc_fmt))
    if out is not None:
        atomic_write(out, data if data is not None else result.output)
    if json:
        report = result.to_dict()
        if out is not None or data is not None:
            report["output"] = str(out) if out is not None else None
            report.pop("text", None)
        output.print_json(report)
    elif out is None:
        output.write_text(result.output)
    if result.translation is None:
        return
    flagged = result.translation.flagged
    if flagged:
        output.stderr.print(ngettext("atau: {n} segment flagged for review (see --json)",
                                     "atau: {n} segments flagged for review (see --json)",
                                     len(flagged)).format(n=len(flagged)))
        for segment in flagged[:_SHOWN]:
            output.stderr.print(_("  line {line}: {flags}").format(
                line=segment.line, flags="; ".join(f"{f.code}: {f.message}" for f in segment.flags)))
        if len(flagged) > _SHOWN:
            output.stderr.print(_("  ... and {n} more (see --json)").format(n=len(flagged) - _SHOWN))
    if result.reused:
        output.stderr.print(ngettext("atau: {n} segment taken from the translation memory (a person's translation)",
                                     "atau: {n} segments taken from the translation memory (people's translations)",
                                     len(result.reused)).format(n=len(result.reused)))
    engine = result.translation.engine
    if engine.pivot:
        output.stderr.print(_("atau: translated through {pivot} ({packages})").format(
            pivot=engine.pivot, packages=" + ".join(n for n, _v in engine.packages)))
    if result.terminology is not None:
        summary = result.terminology.summary
        output.stderr.print(_("atau: terminology: {terms} term(s), {ok} already right, {fixed} fixed, "
                              "{unresolved} unresolved").format(**summary))
        unresolved = result.unresolved()
        for line, source, expected, target in unresolved[:_SHOWN]:
            output.stderr.print(_("  line {line}: unresolved: {source!r} needs {expected!r} — {text}").format(
                line=line, source=source, expected=expected, text=target))
        if len(unresolved) > _SHOWN:
            output.stderr.print(_("  ... and {n} more (see --json)").format(n=len(unresolved) - _SHOWN))


#: Flagged segments and unresolved terms listed on stderr; --json has them all.
_SHOWN = 10


# --------------------------------------------------------------------------
# folders and lists of files (toolkit.batch)


def _ray_address(files: list[str]) -> tuple[str, list[str]]:
    """``--ray`` is a flag; an address written after it arrives among the
    inputs: one that starts with ``ray://``, is ``auto`` or ``local``, or is
    ``HOST:PORT``, and is not an existing path. Returns ``(address or
    "local", the other inputs)``."""
    import re

    for i, value in enumerate(files):
        if Path(value).exists():
            continue
        if value.startswith("ray://") or value in ("auto", "local") or re.fullmatch(r"[\w.-]+:\d{1,5}", value):
            return value, files[:i] + files[i + 1:]
    return "local", files


def _translate_many(files: list[str], out: Optional[Path], from_code: str, to_code: str, *, fmt: Optional[str],
                    beam_size: int, device: str, threads: int, json: bool, enforce: bool,
                    glossary: Optional[Path], workers: int, ray: Optional[str], memory: Optional[Path],
                    use_memory: bool) -> None:
    """A folder job (:func:`toolkit.service.translate_folder`): one progress
    bar over all sentences, a line per document with --json, a summary."""
    from ..errors import InputError
    from ..service import FolderOptions, translate_folder

    if not files or "-" in files:
        raise InputError(_("name the folders or files to translate (standard input is one document)"))
    if out is None:
        raise InputError(_("-o OUTDIR is required when translating a folder or several files"))
    if fmt not in (None, "po"):
        raise InputError(_("--format with a folder: only po (each document's format comes from its name)"))
    options = FolderOptions(from_code, to_code, as_po=fmt == "po", glossary=glossary, enforce=enforce,
                            beam_size=beam_size, device=device, threads=threads, workers=workers,
                            memory=memory, use_memory=use_memory, ray=ray,
                            live_progress=output.stderr.is_terminal)
    failed: list[str] = []
    with output.progress(_("translating")) as advance:
        def on_event(kind: str, data) -> None:
            if kind == "plan":
                advance(done=0, total=max(1, data["sentences"]))
            elif kind == "progress":
                advance(data)
            elif kind == "document":
                if data.status == "failed":
                    failed.append(f"atau: {_('error')}: {data.error}")
                if json:
                    output.write_json_line(data.to_dict())

        summary = translate_folder(files, out, options, on_event=on_event)
    for line in failed:
        output.stderr.print(line)
    if json:
        output.write_json_line({"summary": summary.to_dict()})
    output.stderr.print(_("atau: {documents} document(s): {translated} translated, {done} already done, "
                          "{failed} failed").format(documents=summary.documents, translated=summary.translated,
                                                    done=summary.done_before, failed=summary.failed))
    output.stderr.print(_("atau: {sentences} segment(s), {reused} reused from memory ({human} human, "
                          "{machine} machine), {flagged} flagged, {unresolved} unresolved term(s)").format(
        sentences=summary.sentences, reused=summary.reused_human + summary.reused_machine,
        human=summary.reused_human, machine=summary.reused_machine, flagged=summary.flagged,
        unresolved=summary.unresolved))
    if summary.failed:
        raise typer.Exit(2)
