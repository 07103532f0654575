"""Which installed packages translate a pair (directly or through English),
and what to tell the user when none do.

The hint reads the cached package index (:mod:`.index`), never the network.
"""

from __future__ import annotations

from ...errors import DownloadError, ModelNotFoundError
from ...langtags import missing_model_advice
from .index import read_index_file
from .local import InstalledPackage, Locations, find_package, installed_packages, locations

__all__ = ["PIVOT", "find_route", "missing_model_hint"]

PIVOT = "en"
"""The language two packages are chained through when no direct package exists."""


def find_route(from_code: str, to_code: str,
               locs: Locations | None = None) -> tuple[InstalledPackage, ...]:
    """The packages that translate ``from_code`` -> ``to_code``: the direct
    package, or two packages pivoting through English.

    Returns:
        tuple[InstalledPackage, ...]: one package, or two (``from -> en``,
        ``en -> to``).

    Raises:
        ModelNotFoundError: neither is installed; the message names the
            command that installs what is missing.
    """
    locs = locs or locations()
    direct = find_package(from_code, to_code, locs)
    if direct is not None:
        return (direct,)
    if PIVOT not in (from_code, to_code):
        first = find_package(from_code, PIVOT, locs)
        second = find_package(PIVOT, to_code, locs)
        if first is not None and second is not None:
            return (first, second)
    raise ModelNotFoundError(missing_model_hint(from_code, to_code, locs), from_code, to_code)


def missing_model_hint(from_code: str, to_code: str, locs: Locations | None = None) -> str:
    """One line saying that no model translates the pair and which command
    fixes it. Uses the cached package index (no network): a pair the index
    has gets ``atau models install``; a Kazakh pair the index lacks gets
    :func:`toolkit.langtags.missing_model_advice` (pack NLLB-200 or Tilmash,
    or the halves of a pivot through English); any other pair it lacks gets
    ``atau models pack`` (or the two installs of a pivot through English)."""
    locs = locs or locations()
    pair = f"{from_code}->{to_code}"
    pack_cmd = (f"atau models pack MODEL_DIR --sp SPM.model --from {from_code} --to {to_code} "
                f"-o {from_code}_{to_code}.argosmodel && atau models install {from_code}_{to_code}.argosmodel")
    try:
        index = read_index_file(locs.index_path)
    except (OSError, DownloadError):
        index = None
    if index is None:
        return _kazakh_advice(from_code, to_code, locs) or (f"no installed model translates {pair}; install one with "
                f"`atau models install {from_code} {to_code}` or make one with `{pack_cmd}`")
    pairs = {(p.from_code, p.to_code) for p in index.packages}
    if (from_code, to_code) in pairs:
        return f"no installed model translates {pair}; install it with `atau models install {from_code} {to_code}`"
    advice = _kazakh_advice(from_code, to_code, locs)
    if advice is not None:
        return advice
    if PIVOT not in (from_code, to_code) and (from_code, PIVOT) in pairs and (PIVOT, to_code) in pairs:
        needed = [f"atau models install {a} {b}" for a, b in ((from_code, PIVOT), (PIVOT, to_code))
                  if find_package(a, b, locs) is None]
        return (f"no installed model translates {pair}; to translate through English, run "
                f"`{' && '.join(needed)}`")
    return (f"no installed model translates {pair} and the package index has none; "
            f"make one from a CTranslate2 model with `{pack_cmd}`")


def _kazakh_advice(from_code: str, to_code: str, locs: Locations) -> str | None:
    """:func:`missing_model_advice` given the installed pairs (None for a pair
    without a language the index lacks)."""
    return missing_model_advice(from_code, to_code,
                                [(p.from_code, p.to_code) for p in installed_packages(locs)])
