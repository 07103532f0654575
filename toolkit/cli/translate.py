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
    fmt: Annotated[Optional[str], typer.Option("--format", metavar="txt|md|json", help=_("Document format (default: from the file name; txt for standard input)."))] = None,
    beam_size: Annotated[int, typer.Option("--beam-size", min=1, max=16, help=_("Beam width (1: fastest)."))] = 4,
    device: Annotated[str, typer.Option("--device", metavar="auto|cpu|cuda", help=_("Where to run the model."))] = "auto",
    threads: Annotated[int, typer.Option("--threads", min=0, help=_("CPU threads for the model (0: all available, at most 8)."))] = 0,
    json: Annotated[bool, typer.Option("--json", help=_("Print a JSON report (segments with scores and flags, run metadata) on standard output."))] = False,
) -> None:
    """Translate a document with an installed model, offline.

    Layout is kept: paragraphs, blank lines, headings, list markers, line
    endings; numbers, dates, URLs, e-mail addresses and markup come out
    unchanged. Segments the model drops, echoes or loops on are flagged.

    Example: atau translate article.txt --from en --to ru -o article.ru.txt
    """
    from ..engine import default_threads, load_engine
    from ..fileio import atomic_write, decode_text, read_text
    from ..segment import FORMATS, format_for_path
    from ..translate import translate_document

    if file in (None, "-"):
        text = decode_text(sys.stdin.buffer.read(), "<stdin>")
        fmt = fmt or "txt"
    else:
        text = read_text(file)
        fmt = fmt or format_for_path(file)
    if fmt not in FORMATS:
        raise InputError(_("--format must be one of: {formats}").format(formats=", ".join(FORMATS)))
    engine = load_engine(from_code, to_code, device=device, threads=threads or default_threads())
    with output.progress(_("translating")) as advance:
        # Only a visible bar makes the engine work in several calls (to report progress).
        on_progress = (lambda done, total: advance(done=done, total=total)) if output.stderr.is_terminal else None
        result = translate_document(text, engine, fmt=fmt, beam_size=beam_size, progress=on_progress)
    if out is not None:
        atomic_write(out, result.text)
    if json:
        report = result.to_dict()
        if out is not None:
            report["output"] = str(out)
            del report["text"]
        output.print_json(report)
    elif out is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(result.text.encode("utf-8"))
        sys.stdout.flush()
    flagged = result.flagged
    if flagged:
        output.stderr.print(ngettext("atau: {n} segment flagged for review (see --json)",
                                     "atau: {n} segments flagged for review (see --json)",
                                     len(flagged)).format(n=len(flagged)))
    if result.info.engine.pivot:
        output.stderr.print(_("atau: translated through {pivot} ({packages})").format(
            pivot=result.info.engine.pivot,
            packages=" + ".join(n for n, _v in result.info.engine.packages)))
