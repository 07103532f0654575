"""Packing a CTranslate2 sequence-to-sequence model and its SentencePiece
model into an Argos package (``atau models pack``).

The metadata it writes: argospm's keys, language names from CLDR
(:func:`toolkit.langtags.language_name`), ``packed_by`` and Atau's special
tokens (``source_prefix``, ``source_suffix``, ``target_prefix``; see
:mod:`toolkit.mt.packages`).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import zipfile
from pathlib import Path

from ... import __version__
from ...errors import PackageError
from ...fileio import atomic_open
from ...langtags import language_name
from .archive import check_archive
from .verify import check_vocabulary

__all__ = ["pack"]

_CHUNK = 1 << 20  # bytes copied per read

_FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def pack(model_dir: str | os.PathLike, sp_model: str | os.PathLike, from_code: str, to_code: str,
         output: str | os.PathLike, *, source_prefix: str | None = None,
         target_prefix: str | None = None, source_suffix: str | None = "auto",
         name: str | None = None, version: str = "1.0", readme: str | None = None) -> Path:
    """Wrap a CTranslate2 sequence-to-sequence model and its SentencePiece
    model into an Argos package.

    The archive is deterministic (sorted entries, fixed timestamps and
    permissions): packing the same files twice gives the same bytes.

    Args:
        model_dir: CTranslate2 model directory (``model.bin``, ``config.json``,
            vocabulary files).
        sp_model: SentencePiece model (becomes ``sentencepiece.model``).
        from_code, to_code (str): language codes of the pair.
        output: the ``.argosmodel`` file to write (atomically).
        source_prefix (str | None): token before each source sentence (NLLB:
            ``"eng_Latn"``).
        target_prefix (str | None): token the target starts with (NLLB:
            ``"kaz_Cyrl"``).
        source_suffix (str | None): token after each source sentence;
            ``"auto"``: the model's end-of-sentence token when a source prefix
            is given and the model does not add it itself (NLLB, M2M-100),
            else none.
        name (str | None): the package folder, default
            ``translate-<from>_<to>-<version>``.
        version (str): ``package_version``.
        readme (str | None): README.md text (default: a short generated one).

    Returns:
        Path: ``output``.

    Raises:
        PackageError: not a CTranslate2 model, unreadable SentencePiece model,
            or a prefix/suffix token that is not in the model's vocabulary.
        InputError: ``from_code`` or ``to_code`` is not a language tag.
    """
    import sentencepiece

    from_name, to_name = language_name(from_code), language_name(to_code)
    model_dir, sp_model, output = Path(model_dir), Path(sp_model), Path(output)
    if not (model_dir / "model.bin").is_file():
        raise PackageError("not a CTranslate2 model directory (no model.bin)", model_dir)
    config = {}
    if (model_dir / "config.json").is_file():
        try:
            config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
            raise PackageError(f"config.json is not valid JSON: {exc}", model_dir) from exc
        if not isinstance(config, dict):
            raise PackageError("config.json is not a JSON object", model_dir)
    try:
        sentencepiece.SentencePieceProcessor(model_file=str(sp_model))
    except (OSError, RuntimeError) as exc:
        raise PackageError(f"not a SentencePiece model ({exc})", sp_model) from exc
    if source_suffix == "auto":
        source_suffix = (config.get("eos_token") or "</s>") if source_prefix and not config.get(
            "add_source_eos") else None
    check_vocabulary(model_dir, [("source prefix", source_prefix, "source"),
                                 ("source suffix", source_suffix, "source"),
                                 ("target prefix", target_prefix, "target")], model_dir)
    top = name or f"translate-{from_code}_{to_code}-{version.replace('.', '_')}"
    if not re.fullmatch(r"[\w.-]+", top):
        raise PackageError(f"package name {top!r} may only contain letters, digits, '.', '_' and '-'")
    metadata = {
        "package_version": version, "argos_version": "1.0", "type": "translate",
        "from_code": from_code, "from_name": from_name,
        "to_code": to_code, "to_name": to_name,
        "packed_by": f"atau {__version__}",
    }
    for key, value in (("source_prefix", source_prefix), ("source_suffix", source_suffix),
                       ("target_prefix", target_prefix)):
        if value:
            metadata[key] = value
    if readme is None:
        readme = (f"# {metadata['from_name']} -> {metadata['to_name']}\n\n"
                  f"CTranslate2 model `{model_dir.name}` packed by atau {__version__}.\n")
    entries: list[tuple[str, Path | bytes | None]] = [
        (f"{top}/metadata.json",
         (json.dumps(metadata, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()),
        (f"{top}/README.md", readme.encode()),
        (f"{top}/sentencepiece.model", sp_model),
    ]
    for file in model_dir.rglob("*"):
        if file.is_file():
            entries.append((f"{top}/model/{file.relative_to(model_dir).as_posix()}", file))
    dirs = {"/".join(n.split("/")[:i]) + "/" for n, _ in entries for i in range(1, n.count("/") + 1)}
    entries += [(directory, None) for directory in dirs]
    entries.sort(key=lambda e: e[0])
    with atomic_open(output, "wb") as handle:
        with zipfile.ZipFile(handle, "w", allowZip64=True) as archive:
            for entry, source in entries:
                info = zipfile.ZipInfo(entry, date_time=_FIXED_TIME)
                info.create_system = 3
                if source is None:
                    info.external_attr = (0o40755 << 16) | 0x10
                    archive.writestr(info, b"")
                    continue
                info.external_attr = 0o100644 << 16
                info.compress_type = zipfile.ZIP_STORED if entry.endswith(".bin") else zipfile.ZIP_DEFLATED
                if isinstance(source, bytes):
                    archive.writestr(info, source, compresslevel=6)
                    continue
                info.file_size = source.stat().st_size
                with open(source, "rb") as data, \
                        archive.open(info, "w", force_zip64=info.file_size > 1 << 30) as out:
                    shutil.copyfileobj(data, out, _CHUNK)
    check_archive(output)
    return output
