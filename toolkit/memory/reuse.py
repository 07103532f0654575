"""Reuse from the memory inside the unchanged MT pipeline.

The pipeline (:func:`toolkit.mt.pipeline.translate_document`) gives the
engine *model inputs* (sentences with markup taken off,
:mod:`toolkit.mt.protect`), puts markup back, checks, and lets a
post-editing hook (glossary enforcement) rewrite whole *sentences*. A person
translates whole sentences. So reuse works at two levels, each with its
own key:

* **sentences** (:class:`ReusingHook`): a unit recalled for a sentence's
  :func:`~toolkit.memory.model.segment_key` (a human one always; a machine
  one made with the same model, settings and glossary) replaces the
  sentence's target after the pipeline, exactly as stored: it is neither
  enforced nor checked again, and the model is not asked for it
  (:class:`MemoryTranslator` answers its model input with a stand-in
  when no other sentence needs that input).
* **model inputs** (:class:`MemoryTranslator`): the raw hypotheses the
  model gave for a model input (with the same model and beam), so a changed
  glossary is enforced again on the stored machine translation without
  translating again, and the document comes out as from a fresh run
  (attention included where it was used).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Callable, Iterable, Mapping, Sequence

from .model import HUMAN, MACHINE, Unit, segment_key

if TYPE_CHECKING:
    import polib

    from ..mt.engine import EngineInfo, Hypothesis, Translator
    from .store import TranslationMemory

__all__ = ["MemoryTranslator", "ReusingHook", "human_units", "record_human_translations",
           "fill_from_memory", "add_suggestions"]


class MemoryTranslator:
    """A :class:`toolkit.mt.engine.Translator` that answers from known
    hypotheses and sends the rest to the real engine, loaded on first need.

    Args:
        info (EngineInfo): what the real engine is (known without loading it).
        load (Callable[[], Translator]): loads the real engine.
        beam_size (int): the beam the known hypotheses were made with; a call
            with another beam (or with target prefixes) goes to the engine.

    Attributes:
        known (dict[str, Hypothesis]): model input -> hypothesis; the
            coordinator sets it per document (:meth:`prepare`).
        made (dict[str, Hypothesis]): what the real engine produced since
            the last :meth:`prepare`: to be stored in the memory.
        calls (int): calls made to the real engine (a reused document makes none).
    """

    def __init__(self, info: "EngineInfo", load: Callable[[], "Translator"], beam_size: int) -> None:
        self._info = info
        self._load = load
        self._engine: Translator | None = None
        self.beam_size = beam_size
        self.known: dict[str, Hypothesis] = {}
        self.made: dict[str, Hypothesis] = {}
        self.stubs: frozenset[str] = frozenset()
        self.calls = 0

    @property
    def info(self) -> "EngineInfo":
        return self._info

    @property
    def loaded(self) -> bool:
        return self._engine is not None

    def engine(self) -> "Translator":
        """The real engine (loaded now if it was not)."""
        if self._engine is None:
            self._engine = self._load()
        return self._engine

    def prepare(self, known: Mapping[str, "Hypothesis"], stubs: Iterable[str] = ()) -> None:
        """Start a document: ``known`` hypotheses, and the model inputs
        (``stubs``) whose every sentence is answered from the memory, so
        the model need not translate them (they get a stand-in echo)."""
        self.known = dict(known)
        self.made = {}
        self.stubs = frozenset(stubs)

    def translate_batch(self, sources: Sequence[str], *, target_prefixes: Sequence[str | None] | None = None,
                        beam_size: int = 4, return_attention: bool = False,
                        progress: Callable[[int, int], None] | None = None) -> list["Hypothesis"]:
        from ..mt.engine import Hypothesis

        sources = list(sources)
        if (target_prefixes is not None and any(target_prefixes)) or beam_size != self.beam_size:
            self.calls += 1
            return self.engine().translate_batch(sources, target_prefixes=target_prefixes, beam_size=beam_size,
                                                 return_attention=return_attention, progress=progress)
        results: list[Hypothesis | None] = [None] * len(sources)
        missing: dict[str, list[int]] = {}
        for i, text in enumerate(sources):
            if text in self.stubs:  # every sentence with this input is reused: the result is replaced
                results[i] = Hypothesis(text)
                continue
            hypothesis = self.known.get(text)
            if hypothesis is not None and (hypothesis.attention is not None or not return_attention):
                results[i] = hypothesis if return_attention else replace(hypothesis, attention=None)
            else:
                missing.setdefault(text, []).append(i)
        total, done = len(sources), len(sources) - sum(len(v) for v in missing.values())
        if progress:
            progress(done, total)
        if missing:
            todo = list(missing)
            step = (lambda d, _t: progress(done + d, total)) if progress else None
            self.calls += 1
            made = self.engine().translate_batch(todo, beam_size=beam_size, return_attention=return_attention,
                                                 progress=step)
            for text, hypothesis in zip(todo, made):
                self.known[text] = hypothesis
                self.made[text] = hypothesis
                for i in missing[text]:
                    results[i] = hypothesis
        return results  # type: ignore[return-value]


class ReusingHook:
    """A post-editing hook (:data:`toolkit.mt.pipeline.PostEdit`) that puts
    recalled targets in place and passes the other segments to ``inner``
    (glossary enforcement, or None).

    Args:
        inner: the hook for segments not reused (may be None).
        reuse (Mapping[int, Unit]): sentence index -> recalled unit.
    """

    def __init__(self, inner, reuse: Mapping[int, Unit]) -> None:
        self.inner = inner
        self.reuse = dict(reuse)

    def seed(self, hypotheses: dict) -> None:
        seed = getattr(self.inner, "seed", None)
        if seed is not None:
            seed(hypotheses)

    def __call__(self, segments: list) -> list:
        from ..mt.pipeline import flag

        fresh = [s for s in segments if s.index not in self.reuse]
        edited = {s.index: s for s in (self.inner(fresh) if self.inner is not None and fresh else fresh)}
        out = []
        for segment in segments:
            unit = self.reuse.get(segment.index)
            if unit is None:
                out.append(edited[segment.index])
                continue
            flags = ()
            score = None
            if unit.origin == MACHINE:
                score = unit.meta.get("score")
                flags = tuple(replace(flag(code, message), line=segment.line, segment=segment.index)
                              for code, message in unit.meta.get("flags", ()))
            out.append(replace(segment, target=unit.target, score=score, flags=flags))
        return out


# --------------------------------------------------------------------------
# PO files: human translations in, fuzzy suggestions out


def human_units(catalog: "polib.POFile", *, created: str | None = None) -> list[Unit]:
    """The entries of a PO file that a person translated: translated, not
    fuzzy, not obsolete, not plural (plural forms are not segments), with a
    msgid. Atau writes every machine translation fuzzy, so an entry without
    the flag was translated, or reviewed and un-fuzzied, by a person.
    Returned as human units (``author``: the ``Last-Translator`` header)."""
    from .model import utc_now

    created = created or utc_now()
    author = (catalog.metadata.get("Last-Translator") or "").strip()
    units = []
    for entry in catalog:
        if entry.obsolete or not entry.msgid or entry.msgid_plural or "fuzzy" in entry.flags:
            continue
        if not entry.msgstr.strip():
            continue
        units.append(Unit(entry.msgid, entry.msgstr, HUMAN, created=created,
                          meta={"author": author} if author else {}))
    return units


def record_human_translations(catalog: "polib.POFile", memory: "TranslationMemory", *,
                              created: str | None = None) -> int:
    """Store the human translations of a PO file (:func:`human_units`) in
    ``memory``; returns how many units were added or changed.

    The catalog commands call this after ``catalog apply`` (the post-edited
    document's PO) and ``catalog translate --update`` (the updated PO)."""
    result = memory.add(human_units(catalog, created=created))
    return result.added + result.updated


def fill_from_memory(catalog: "polib.POFile", memory: "TranslationMemory") -> int:
    """Give each untranslated entry (not obsolete, not plural) whose msgid a
    person has translated before (a human unit for its
    :func:`~toolkit.memory.model.segment_key`) that translation, so the
    model never translates it again. The entry is marked fuzzy — the same
    words may be meant otherwise in another message, and a reviewer
    confirms — with the translator comment ``memory 100% (human)``, as
    msgmerge's compendium matches are marked. Returns how many entries
    were filled.
    """
    wanted = {}
    for entry in catalog:
        if entry.obsolete or not entry.msgid or entry.msgid_plural or entry.msgstr:
            continue
        wanted.setdefault(segment_key(entry.msgid), []).append(entry)
    found = memory.recall(wanted)
    count = 0
    for key, unit in found.items():
        if unit.origin != HUMAN:
            continue
        for entry in wanted[key]:
            entry.msgstr = unit.target
            if "fuzzy" not in entry.flags:
                entry.flags.append("fuzzy")
            entry.tcomment = "\n".join(filter(None, [entry.tcomment, "memory 100% (human)"]))
            count += 1
    return count


def add_suggestions(catalog: "polib.POFile", memory: "TranslationMemory", *, threshold: float = 75.0,
                    limit: int = 1) -> int:
    """Give fuzzy matches from the memory as suggestions for post-editing.

    For each untranslated or fuzzy entry (not obsolete, not plural) whose
    msgid has no exact human match, the best matches at ``threshold`` or
    above (and below 100: an exact match is reused, not suggested):

    * an empty msgstr gets the best match's target, marked fuzzy, with the
      match's source as the previous msgid (``#| msgid``), as msgmerge does
      for a changed message: the translator sees what changed;
    * a machine translation already there is kept, and each match is added
      as a translator comment ``memory 87% (human): SOURCE => TARGET``.

    Returns how many entries got a suggestion.
    """
    count = 0
    for entry in catalog:
        if entry.obsolete or not entry.msgid or entry.msgid_plural:
            continue
        if entry.msgstr and "fuzzy" not in entry.flags:
            continue
        matches = [m for m in memory.search(entry.msgid, threshold=threshold, limit=limit + 1)
                   if segment_key(m.unit.source) != segment_key(entry.msgid)][:limit]
        if not matches:
            continue
        if not entry.msgstr:
            best = matches[0]
            entry.msgstr = best.unit.target
            entry.previous_msgid = best.unit.source
            if "fuzzy" not in entry.flags:
                entry.flags.append("fuzzy")
        lines = [entry.tcomment] if entry.tcomment else []
        lines += [f"memory {m.score:.0f}% ({m.unit.origin}): {' '.join(m.unit.source.split())} => "
                  f"{' '.join(m.unit.target.split())}" for m in matches]
        entry.tcomment = "\n".join(lines)
        count += 1
    return count
