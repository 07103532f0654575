"""``atau memory``: the translation memory (import, export, stats, search)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from ..i18n import _
from . import output

app = typer.Typer(
    help=_("The translation memory: what people and the model translated, reused by "
           "'atau translate DIR'. One per language pair; TMX 1.4b and CSV in and out.\n\n"
           "Example: atau memory import archive.tmx --from en --to ru"),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)

FromOpt = Annotated[Optional[str], typer.Option("--from", "-f", metavar="LANG", help=_("Source language (default: the memory's, or the TMX header's srclang)."))]
ToOpt = Annotated[Optional[str], typer.Option("--to", "-t", metavar="LANG", help=_("Target language (default: the memory's, or the TMX file's other language)."))]
MemoryOpt = Annotated[Optional[Path], typer.Option("--memory", "-m", metavar="PATH", help=_("The memory database (default: the pair's, in your data folder; $ATAU_MEMORY_DIR)."))]
FormatOpt = Annotated[Optional[str], typer.Option("--format", metavar="tmx|csv", help=_("File format (default: from the file name)."))]
OriginOpt = Annotated[Optional[str], typer.Option("--origin", metavar="human|machine", help=_("Only (export) or as (import) units of this origin."))]
JsonOpt = Annotated[bool, typer.Option("--json", help=_("Print a JSON report on standard output."))]


def _origin(value: Optional[str]) -> Optional[str]:
    from ..errors import InputError

    if value is not None and value not in ("human", "machine"):
        raise InputError(_("--origin must be human or machine"))
    return value


@app.command("import", help=_(
    "Import a TMX 1.4b or CSV file into the memory, all of it or nothing (a bad file "
    "is one error line, exit 2). Units from other tools are human translations.\n\n"
    "Example: atau memory import archive.tmx --from en --to ru"))
def import_(
    file: Annotated[Path, typer.Argument(metavar="FILE", help=_("A .tmx or .csv file."))],
    from_code: FromOpt = None,
    to_code: ToOpt = None,
    memory: MemoryOpt = None,
    fmt: FormatOpt = None,
    origin: OriginOpt = None,
    json: JsonOpt = False,
) -> None:
    from ..service import import_memory

    with output.naming(file):
        result = import_memory(file, from_code, to_code, memory=memory, fmt=fmt, origin=_origin(origin))
    if json:
        output.print_json(result.to_dict())
        return
    output.stderr.print(_("{path}: {added} unit(s) added, {updated} updated, {unchanged} unchanged, "
                          "{skipped} skipped").format(**result.to_dict()))


@app.command(help=_(
    "Export the memory as TMX 1.4b (for any CAT tool) or CSV.\n\n"
    "Example: atau memory export ru.tmx --from en --to ru"))
def export(
    file: Annotated[Path, typer.Argument(metavar="FILE", help=_("The .tmx or .csv file to write (atomically)."))],
    from_code: FromOpt = None,
    to_code: ToOpt = None,
    memory: MemoryOpt = None,
    fmt: FormatOpt = None,
    origin: OriginOpt = None,
) -> None:
    from ..service import export_memory

    count = export_memory(file, from_code, to_code, memory=memory, fmt=fmt, origin=_origin(origin))
    output.stderr.print(_("{file}: {n} unit(s) written").format(file=file, n=count))


@app.command(help=_("How many units the memory holds, by origin.\n\nExample: atau memory stats --from en --to ru"))
def stats(
    from_code: FromOpt = None,
    to_code: ToOpt = None,
    memory: MemoryOpt = None,
    json: JsonOpt = False,
) -> None:
    from ..service import memory_stats

    result = memory_stats(from_code, to_code, memory=memory)
    if json:
        output.print_json(result.to_dict())
        return
    table = output.table(_("memory"), _("pair"), _("human"), _("machine"), _("segments"), _("raw MT"),
                         _("size"), _("newest"))
    table.add_row(result.path, f"{result.from_code}->{result.to_code}", str(result.human), str(result.machine),
                  str(result.segments), str(result.raw_mt), f"{result.bytes / 1024:.0f} KiB", result.newest or "-")
    output.stdout.print(table)


@app.command(help=_(
    "Find units whose source is like TEXT (rapidfuzz similarity, 0-100), best first.\n\n"
    "Example: atau memory search \"The Senate adopted the law.\" --from en --to ru"))
def search(
    text: Annotated[str, typer.Argument(metavar="TEXT", help=_("The source text to look for."))],
    from_code: FromOpt = None,
    to_code: ToOpt = None,
    memory: MemoryOpt = None,
    threshold: Annotated[float, typer.Option("--threshold", min=0, max=100, help=_("Least similarity shown."))] = 75.0,
    limit: Annotated[int, typer.Option("--limit", min=1, max=1000, help=_("Most matches shown."))] = 10,
    json: JsonOpt = False,
) -> None:
    from ..service import search_memory

    matches = search_memory(text, from_code, to_code, memory=memory, threshold=threshold, limit=limit)
    if json:
        output.print_json([m.to_dict() for m in matches])
        return
    if not matches:
        output.stderr.print(_("no match scoring {threshold:.0f} or more").format(threshold=threshold))
        raise typer.Exit(1)
    table = output.table(_("score"), _("origin"), _("source"), _("target"))
    for match in matches:
        table.add_row(f"{match.score:.0f}", match.unit.origin, match.unit.source, match.unit.target)
    output.stdout.print(table)
