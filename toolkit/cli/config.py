"""``atau config``: the settings in force and where each comes from."""

from __future__ import annotations

import os
from typing import Annotated, Any

import typer

from ..i18n import _
from . import output


def _shown(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def config(
    path: Annotated[bool, typer.Option("--path", help=_("Print only the settings file's path (to edit it: $EDITOR \"$(atau config --path)\")."))] = False,
    json: Annotated[bool, typer.Option("--json", help=_("Print JSON instead of a table."))] = False,
) -> None:
    """Show the settings in force and where each comes from: the settings
    file (TOML: from, to, glossary, beam_size, threads, quiet, cache_max_mb,
    cache_max_age_days), an environment variable, or Atau's default. Options
    on the command line override them all.

    Example: atau config
    """
    from .. import cache
    from ..config import config_path, load_config
    from ..termbase.store import glossary_source

    if path:
        output.write_text(f"{config_path()}\n")
        return
    settings = load_config()
    rows = []
    for setting in settings.settings():
        source = _("settings file") if setting.source != "default" else _("default")
        value: Any = setting.value
        if setting.key == "glossary":
            resolved, origin = glossary_source()
            value, source = str(resolved), origin if origin != str(settings.path) else _("settings file")
        rows.append({"key": setting.key, "value": value, "source": source})
    folder = cache.cache_dir()
    rows.append({"key": "cache_dir", "value": str(folder),
                 "source": "$ATAU_CACHE_DIR" if os.environ.get("ATAU_CACHE_DIR") else _("default")})
    found = cache.entries(folder)
    rows.append({"key": "cache_size", "value": _("{n} entries, {mb:.1f} MiB").format(
        n=len(found), mb=sum(size for _path, size, _used in found) / 1048576), "source": _("now")})
    if json:
        output.print_json({"file": str(settings.path), "file_exists": settings.exists, "settings": rows})
        return
    table = output.table(_("setting"), _("value"), _("source"))
    for row in rows:
        table.add_row(row["key"], _shown(row["value"]), row["source"])
    output.stdout.print(table)
    state = _("found") if settings.exists else _("not found; create it to change the defaults")
    output.stdout.print(_("settings file: {path} ({state})").format(path=settings.path, state=state))
