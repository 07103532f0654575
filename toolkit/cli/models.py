"""``atau models``: translation model packages (Argos Translate format)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import InputError
from ..i18n import _, ngettext
from . import output
from .output import visible

app = typer.Typer(
    help=_("Manage translation models (Argos Translate packages, shared with argospm).\n\n"
           "Example: atau models install en ru"),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)

JsonOpt = Annotated[bool, typer.Option("--json", help=_("Print JSON instead of a table."))]


_SHOWN_SKIPPED = 3
"""Skipped index entries whose reason ``models available`` prints."""


def _pair(package) -> str:
    """``"en → ru"``, control characters made visible (codes come from files
    and servers)."""
    return visible(f"{package.from_code} → {package.to_code}")


def _size(n: int | None) -> str:
    if n is None:
        return ""
    for unit in ("B", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return str(n)


@app.command("list")
def list_(json: JsonOpt = False) -> None:
    """List the installed models: pair, version, size and folder.

    Example: atau models list
    """
    from ..mt.packages.local import installed_packages

    installed = installed_packages()
    if json:
        output.print_json([{**p.to_dict(), "size": p.disk_size()} for p in installed])
        return
    if not installed:
        output.stderr.print(_("no models installed; install one with: atau models install en ru"))
        return
    table = output.table(_("pair"), _("version"), _("size"), _("path"))
    for package in installed:
        table.add_row(_pair(package), visible(package.version), _size(package.disk_size()),
                      visible(str(package.path)))
    output.stdout.print(table)


@app.command("available")
def available(
    from_code: Annotated[Optional[str], typer.Option("--from", help=_("Only packages from this language."))] = None,
    to_code: Annotated[Optional[str], typer.Option("--to", help=_("Only packages into this language."))] = None,
    cached: Annotated[bool, typer.Option("--cached", help=_("Use the index downloaded last time; no network."))] = False,
    json: JsonOpt = False,
) -> None:
    """List the packages in the Argos Translate package index (downloads the index).

    Example: atau models available --from en --to ru
    """
    from ..mt.packages.index import load_index
    from ..mt.packages.local import locations

    if cached and not locations().index_path.is_file():
        raise InputError(_("no package index has been downloaded yet: run 'atau models available' "
                           "without --cached once, with the network"))
    index = load_index(refresh=not cached)
    if index.skipped:
        shown = "; ".join(finding.message for finding in index.skipped[:_SHOWN_SKIPPED])
        more = len(index.skipped) - _SHOWN_SKIPPED
        output.stderr.print(visible(ngettext(
            "atau: skipped {n} malformed entry of the package index: {why}",
            "atau: skipped {n} malformed entries of the package index: {why}",
            len(index.skipped)).format(n=len(index.skipped), why=shown)
            + (_(" (and {n} more)").format(n=more) if more > 0 else "")))
    found = [p for p in index.packages
             if (from_code is None or p.from_code == from_code) and (to_code is None or p.to_code == to_code)]
    if json:
        output.print_json([p.to_dict() for p in found])
        return
    table = output.table(_("pair"), _("version"), _("languages"), _("install with"))
    for package in found:
        table.add_row(_pair(package), visible(package.version),
                      visible(f"{package.from_name} → {package.to_name}"),
                      f"atau models install {package.from_code} {package.to_code}")
    output.stdout.print(table)


@app.command("install")
def install(
    what: Annotated[str, typer.Argument(metavar="FROM|FILE", help=_("Source language code, or a .argosmodel file to install offline."))],
    to_code: Annotated[Optional[str], typer.Argument(metavar="TO", help=_("Target language code."))] = None,
    json: JsonOpt = False,
) -> None:
    """Download and install a model from the package index, or install a
    .argosmodel file (offline: no index, no network).

    Examples: atau models install en ru;  atau models install en_kk.argosmodel
    """
    from ..mt.packages.archive import install as install_from_index
    from ..mt.packages.archive import install_file

    if to_code is None:
        path = Path(what)
        if not path.exists():
            raise InputError(_("no such file; to download a model give two language codes, "
                               "e.g. atau models install en ru"), path)
        package = install_file(path)
    else:
        with output.progress(_("downloading {src}→{dst}").format(src=what, dst=to_code)) as advance:
            package = install_from_index(what, to_code,
                                         progress=lambda done, total: advance(done=done, total=total))
    if json:
        output.print_json(package.to_dict())
        return
    output.stdout.print(_("installed {pair} {version} in {path}").format(
        pair=_pair(package), version=visible(package.version), path=visible(str(package.path))))


@app.command("remove")
def remove(
    from_code: Annotated[str, typer.Argument(metavar="FROM", help=_("Source language code."))],
    to_code: Annotated[str, typer.Argument(metavar="TO", help=_("Target language code."))],
) -> None:
    """Remove an installed model.

    Example: atau models remove en ru
    """
    from ..mt.packages.local import remove as remove_pair

    for package in remove_pair(from_code, to_code):
        output.stdout.print(_("removed {pair} {version} ({path})").format(
            pair=_pair(package), version=visible(package.version), path=visible(str(package.path))))


@app.command("pack")
def pack(
    model_dir: Annotated[Path, typer.Argument(metavar="MODEL_DIR", help=_("CTranslate2 model directory (model.bin, config.json, vocabulary)."))],
    sp: Annotated[Path, typer.Option("--sp", metavar="SPM.model", help=_("SentencePiece model of the translation model."))],
    from_code: Annotated[str, typer.Option("--from", help=_("Source language code, e.g. en."))],
    to_code: Annotated[str, typer.Option("--to", help=_("Target language code, e.g. kk."))],
    out: Annotated[Path, typer.Option("--output", "-o", metavar="FILE", help=_("The .argosmodel file to write."))],
    target_prefix: Annotated[Optional[str], typer.Option("--target-prefix", metavar="TOKEN", help=_("Token the translation starts with (NLLB: kaz_Cyrl)."))] = None,
    source_prefix: Annotated[Optional[str], typer.Option("--source-prefix", metavar="TOKEN", help=_("Token put before each source sentence (NLLB: eng_Latn)."))] = None,
    source_suffix: Annotated[str, typer.Option("--source-suffix", metavar="TOKEN", help=_("Token put after each source sentence; 'auto': the model's </s> when --source-prefix is given and the model does not add it; '' for none."))] = "auto",
    name: Annotated[Optional[str], typer.Option("--name", help=_("Package folder name (default translate-FROM_TO-VERSION)."))] = None,
    version: Annotated[str, typer.Option("--version", help=_("Package version."))] = "1.0",
) -> None:
    """Make an Argos package from any CTranslate2 sequence-to-sequence model and
    its SentencePiece model (e.g. NLLB-200 for Kazakh, which the Argos index lacks).

    Example: atau models pack nllb-ct2 --sp nllb/sentencepiece.bpe.model --from en --to kk
    --source-prefix eng_Latn --target-prefix kaz_Cyrl -o en_kk.argosmodel
    """
    from ..mt.packages.pack import pack as pack_model

    path = pack_model(model_dir, sp, from_code, to_code, out, source_prefix=source_prefix,
                      target_prefix=target_prefix, source_suffix=source_suffix or None,
                      name=name, version=version)
    output.stdout.print(_("wrote {path}; install it with: atau models install {path}").format(path=path))
