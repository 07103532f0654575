"""Does a package work? Checked before an install replaces anything.

Two checks, both on the extracted package (:func:`verify`):

- its special tokens (``source_prefix``, ``source_suffix``,
  ``target_prefix``) are in the model's vocabulary (:func:`check_vocabulary`,
  which ``atau models pack`` uses too);
- its CTranslate2 model and tokenizer load, and it translates
  :data:`TEST_SENTENCE` into at least one token (:func:`check_translates`).
  The model is loaded by :class:`toolkit.mt.engine.Engine` on the CPU with
  one thread: ctranslate2 and sentencepiece only, never
  ``argostranslate.translate``, stanza or torch.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path

from ...errors import PackageError
from ..engine import Engine
from .local import InstalledPackage

__all__ = ["verify", "check_vocabulary", "check_translates", "vocabularies", "TEST_SENTENCE"]

TEST_SENTENCE = "Astana, 2024."
"""What a package must translate before it is installed: a name and a
number, which any model's vocabulary can spell."""


def verify(package: InstalledPackage, where: str | os.PathLike) -> None:
    """Check that an extracted package works (see the module docs).

    Args:
        package (InstalledPackage): the extracted package (in a staging folder).
        where (str | PathLike): what the errors name (the archive file).

    Raises:
        PackageError: a special token is not in the vocabulary (the message
            names the metadata field), or the package does not load or
            translate.
    """
    check_vocabulary(package.model_dir, [(f"metadata.json: {key}", getattr(package, key), key.split("_")[0])
                                         for key in ("source_prefix", "source_suffix", "target_prefix")],
                     where)
    check_translates(package, where)


def check_translates(package: InstalledPackage, where: str | os.PathLike) -> None:
    """Load ``package`` with the engine and translate :data:`TEST_SENTENCE`.

    Raises:
        PackageError: the model or tokenizer does not load, the translation
            fails, or it is empty; the message gives the loader's reason.
    """
    try:
        engine = Engine(package, device="cpu", threads=1)
        hypothesis = engine.translate_batch([TEST_SENTENCE], beam_size=1)[0]
    except Exception as exc:  # noqa: BLE001 - any failure of a foreign model means "does not work"
        reason = " ".join(str(exc.__cause__ or exc).split()) or type(exc).__name__
        # the loader may quote bytes of the package: no control character, at most 300 characters
        reason = "".join(c if c.isprintable() else repr(c)[1:-1] for c in reason)
        reason = reason if len(reason) <= 300 else reason[:299] + "…"
        raise PackageError(f"the package does not load or translate: {reason}", where) from exc
    if not hypothesis.tokens:
        raise PackageError(f"the package translates the test sentence {TEST_SENTENCE!r} into nothing", where)


def check_vocabulary(model_dir: Path, tokens: Iterable[tuple[str, str | None, str]],
                     where: str | os.PathLike) -> None:
    """Check that special tokens are in a CTranslate2 model's vocabulary.

    Args:
        model_dir (Path): the model directory (``shared_vocabulary`` or
            ``source_vocabulary``/``target_vocabulary``, ``.json`` or ``.txt``).
        tokens (Iterable[tuple[str, str | None, str]]): ``(label, token,
            side)``: what the message calls the token, the token (None or
            "": not used) and ``"source"`` or ``"target"`` (the vocabulary
            it must be in).
        where (str | PathLike): what the errors name.

    Raises:
        PackageError: a token is missing (with the closest token, if any),
            or a vocabulary file cannot be read.
    """
    wanted = [(label, token, side) for label, token, side in tokens if token]
    if not wanted:
        return
    source_vocab, target_vocab = vocabularies(model_dir)
    for label, token, side in wanted:
        vocab = target_vocab if side == "target" else source_vocab
        if vocab is not None and token not in vocab:
            import difflib

            close = difflib.get_close_matches(token, list(vocab), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise PackageError(f"{label} {token!r} is not in the model's vocabulary{hint}", where)


def vocabularies(model_dir: Path) -> tuple[set[str] | None, set[str] | None]:
    """The source and target vocabularies of a CTranslate2 model directory
    (the same set twice for a shared vocabulary; None where there is no file).

    Raises:
        PackageError: a vocabulary file is not UTF-8, or its ``.json`` is not
            a list of tokens.
    """
    def load(stem: str) -> set[str] | None:
        for suffix in (".json", ".txt"):
            file = model_dir / f"{stem}{suffix}"
            if file.is_file():
                try:
                    text = file.read_text(encoding="utf-8")
                    if suffix == ".txt":
                        return set(text.splitlines())
                    tokens = json.loads(text)
                except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
                    raise PackageError(f"cannot read the model's vocabulary ({exc})", file) from exc
                if not isinstance(tokens, list) or not all(isinstance(t, str) for t in tokens):
                    raise PackageError("the model's vocabulary is not a list of tokens", file)
                return set(tokens)
        return None

    shared = load("shared_vocabulary")
    if shared is not None:
        return shared, shared
    return load("source_vocabulary"), load("target_vocabulary")
