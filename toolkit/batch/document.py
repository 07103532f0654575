"""One document of a folder job: translated with reuse from the memory.

:func:`translate_reusing` does what :func:`toolkit.service.translate_document_text`
does (same pipeline, same enforcement, same output for the same input) and
in addition puts in the targets recalled from the memory
(:mod:`toolkit.memory.reuse`), and returns what is new for the memory:
machine units for the sentences it translated and the raw hypotheses the
model made. It runs where the model is (a worker process or a Ray actor)
and never touches the memory's database: the coordinator looks up before
and writes after (:mod:`toolkit.batch.job`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Mapping

from ..memory.model import HUMAN, MACHINE, Unit, segment_key, utc_now

if TYPE_CHECKING:
    from ..memory.reuse import MemoryTranslator
    from ..mt.engine import Hypothesis
    from ..service import TranslatedDocument
    from ..terms.enforce import Enforcer

__all__ = ["DocumentKeys", "document_keys", "markup_of", "translate_reusing", "Reused"]


@dataclass(frozen=True)
class DocumentKeys:
    """What the memory is asked about a document, before it is translated.

    Attributes:
        sentences (int): its sentences.
        segments (tuple[str, ...]): the segment keys of the sentences that
            need the model (:func:`~toolkit.memory.model.segment_key`).
        inputs (tuple[str, ...]): their model inputs and their texts (the
            aligner of glossary enforcement decodes whole sentences).
    """

    sentences: int
    segments: tuple[str, ...]
    inputs: tuple[str, ...]


def markup_of(fmt: str) -> str:
    """The inline markup the pipeline protects in format ``fmt`` (``"none"``)."""
    from ..documents import format_module

    return getattr(format_module(fmt), "MARKUP", None) or "none"


def _masks(text: str, fmt: str, from_code: str):
    from ..documents import parse_document
    from ..mt.protect import mask

    document = parse_document(text, fmt, from_code)
    markdown = markup_of(fmt) == "markdown"
    return document, [mask(s.text, markdown=markdown) for s in document.sentences]


def document_keys(text: str, fmt: str, from_code: str) -> DocumentKeys:
    """The keys to look up for a document (see :class:`DocumentKeys`).

    Raises:
        InputError: the format cannot read the document.
    """
    document, masks = _masks(text, fmt, from_code)
    segments, inputs = {}, {}
    for sentence, masked in zip(document.sentences, masks):
        if masked.needs_model:
            segments[segment_key(sentence.text)] = None
            inputs[masked.model_input] = None
            inputs[sentence.text] = None
    return DocumentKeys(len(document.sentences), tuple(segments), tuple(inputs))


@dataclass(frozen=True)
class Reused:
    """The result of :func:`translate_reusing`.

    Attributes:
        document (TranslatedDocument): as :func:`toolkit.service.translate_document_text`
            returns it (its terminology report covers the enforced sentences).
        reused (dict[int, str]): sentence index -> origin of the recalled unit.
        units (tuple[Unit, ...]): machine units of the sentences translated now.
        hypotheses (tuple[tuple[str, Hypothesis], ...]): raw model output made now.
        unresolved (int): unresolved glossary terms, recalled sentences included.
        model_calls (int): calls to the real engine.
    """

    document: "TranslatedDocument"
    reused: dict[int, str]
    units: tuple[Unit, ...]
    hypotheses: tuple[tuple[str, "Hypothesis"], ...]
    unresolved: int
    model_calls: int

    def report(self) -> dict[str, Any]:
        """The document's JSON report: :meth:`TranslatedDocument.to_dict`
        without the text, with ``reused`` (``{"human": [indexes], "machine": [...]}``)."""
        data = self.document.to_dict()
        data.pop("text", None)
        data["reused"] = {origin: sorted(i for i, o in self.reused.items() if o == origin)
                          for origin in (HUMAN, MACHINE)}
        return data


def translate_reusing(text: str, from_code: str, to_code: str, *, fmt: str, engine: "MemoryTranslator",
                      enforcer: "Enforcer | None", glossary_sha: str | None, unit_signature: str,
                      recall: Mapping[str, Unit], known: Mapping[str, "Hypothesis"], as_po: bool = False,
                      glossary=None, beam_size: int = 4, source_name: str | None = None,
                      notices: tuple[str, ...] = (), created: str | None = None,
                      progress: Callable[[int, int], None] | None = None) -> Reused:
    """Translate a document, reusing what the memory recalled.

    Args:
        text (str): the document; fmt (str): its format.
        engine (MemoryTranslator): the engine (answers ``known`` itself).
        enforcer (Enforcer | Callable[[], Enforcer | None] | None): glossary
            enforcement, or a function that makes it (called only when a
            sentence is not reused), None for none.
        glossary_sha (str | None): the glossary's SHA-256 (signature; None
            without a glossary).
        unit_signature (str): the signature recorded in machine units.
        recall (Mapping[str, Unit]): segment key -> unit to reuse.
        known (Mapping[str, Hypothesis]): model input -> raw hypothesis.
        as_po (bool): return a PO file for post-editing; human translations
            recalled are entered as translated (not fuzzy).
        glossary (Glossary | None): for the PO file's glossary notes.
        notices (tuple[str, ...]): to pass on (e.g. glossary not enforced).
        created (str | None): date of the new units (default: now).

    Raises:
        InputError: the format cannot read the document.
        ModelError: the model fails.
    """
    from ..mt.pipeline import translate_document
    from ..memory.reuse import ReusingHook
    from ..service import TranslatedDocument, document_output

    document, masks = _masks(text, fmt, from_code)
    reuse: dict[int, Unit] = {}
    needed: set[str] = set()
    for sentence, masked in zip(document.sentences, masks):
        if not masked.needs_model:
            continue
        unit = recall.get(segment_key(sentence.text))
        if unit is not None:
            reuse[sentence.index] = unit
        else:
            needed.add(masked.model_input)
    stubs = {m.model_input for i, m in enumerate(masks) if i in reuse} - needed
    engine.prepare(known, stubs)
    calls_before = engine.calls
    enforcing = enforcer is not None
    if callable(enforcer) and not hasattr(enforcer, "postedit"):
        enforcer = enforcer() if needed else None  # built only when a sentence needs it
    inner = enforcer.postedit(engine=engine, beam_size=beam_size) if enforcer is not None else None
    hook = ReusingHook(inner, reuse)
    translation = translate_document(text, engine, fmt=fmt, beam_size=beam_size, postedit=hook,
                                     progress=progress, from_code=from_code)
    terminology = inner.report if inner is not None else None
    output, signature = document_output(
        document, translation, from_code, to_code, fmt=fmt, as_po=as_po, glossary=glossary,
        glossary_sha=glossary_sha, enforced=enforcing, source_name=source_name,
        reviewed=[index for index, unit in reuse.items() if unit.origin == HUMAN])
    result = TranslatedDocument(output, as_po, translation, terminology, signature, notices)

    created = created or utc_now()
    unresolved_by_index: dict[int, list] = {}
    if terminology is not None:
        for segment in terminology.segments:
            unresolved_by_index[segment.index] = [[t.source, t.expected] for t in segment.unresolved]
    units = []
    for segment in translation.segments:
        if not segment.translated or segment.index in reuse:
            continue
        meta = {"score": segment.score, "flags": [[f.code, f.message] for f in segment.flags],
                "unresolved": unresolved_by_index.get(segment.index, [])}
        units.append(Unit(segment.source, segment.target, MACHINE, unit_signature,
                          glossary_sha if inner is not None and glossary_sha else "", created, meta))
    unresolved = len(result.unresolved()) + sum(len(u.meta.get("unresolved", ())) for u in reuse.values()
                                                if u.origin == MACHINE)
    return Reused(result, {i: u.origin for i, u in reuse.items()}, tuple(units), tuple(engine.made.items()),
                  unresolved, engine.calls - calls_before)
