#!/usr/bin/env python3
"""Build the tiny real CTranslate2 test models under ``tests/data/models``.

Real Argos Translate models cannot be downloaded where Atau is tested, so this
dev tool trains two *tiny* models on the repo's own corpus
(``tests/data/corpus/en-ru.tsv`` and ``en-kk.tsv``).  They exist only so that
tests exercise the real code path (SentencePiece, CTranslate2, argostranslate
package loading); they memorise their few hundred training pairs and are
**not translation models**: on any unseen sentence they produce fluent-looking
nonsense.

Requirements (dev only, never at run time or in CI)::

    python3 -m venv /work/venv-dev
    /work/venv-dev/bin/pip install torch==2.13.0      # first: the CPU wheel
    /work/venv-dev/bin/pip install transformers sentencepiece ctranslate2 onnx
    /work/venv-dev/bin/python scripts/build_test_model.py

(or ``pip install -e .[dev]`` plus ``sentencepiece ctranslate2 onnx``, which the
runtime dependencies already bring except ``onnx``).

Outputs
-------
``tests/data/models/translate-en_ru-atau_test.argosmodel``
    An Argos Translate package: a zip with one top-level folder
    ``translate-en_ru-atau_test/`` holding ``metadata.json``, ``README.md``,
    ``sentencepiece.model``, ``model/`` (CTranslate2: ``config.json``,
    ``model.bin``, ``shared_vocabulary.json``) and ``minisbd/en_rules.onnx``, a
    rule-based sentence splitter in MiniSBD's ONNX format.  Shipping a splitter
    matters: stock argostranslate 1.11 otherwise tries to download a MiniSBD
    model on every translation.

``tests/data/models/en_xx_prefix/``
    ``model/`` (CTranslate2) and ``sentencepiece.model`` of an NLLB-style
    multilingual model (English to Russian or Kazakh), with no metadata and no
    zip: ``atau models pack --source-prefix eng_Latn --target-prefix kaz_Cyrl``
    wraps it into a package at test time.

Token-sequence conventions (the translation pipeline must reproduce them)
------------------------------------------------------------------------
Both models share one vocabulary between source and target: the SentencePiece
pieces in id order (``</s>`` is id 0, ``<unk>`` id 1; there is no ``<s>`` and
no ``<pad>``).  The decoder always starts from a zero embedding
(``start_from_zero_embedding``, Marian style), so no start token is passed.

en→ru package (``translate-en_ru-atau_test``)
    * source: ``sp.encode(text, out_type=str)`` only, exactly what
      argostranslate passes.  No language token.  ``config.json`` has
      ``"add_source_eos": true``: **CTranslate2 appends** ``</s>`` itself, so
      the caller must not add it.
    * target: no prefix.  The hypothesis is the Russian pieces; the final
      ``</s>`` is not returned.  Text = ``sp.decode(hypothesis)``.

en_xx_prefix (NLLB style)
    * source: ``["eng_Latn", *sp.encode(text, out_type=str), "</s>"]``: the
      language token **first**, ``</s>`` **last**, both added **by the
      caller**.  ``config.json`` has ``"add_source_eos": false`` (CTranslate2
      adds nothing).
    * target: ``target_prefix=[["rus_Cyrl"]]`` or ``[["kaz_Cyrl"]]``.  The
      hypothesis starts with that prefix token (CTranslate2 returns the prefix),
      followed by the pieces; ``</s>`` is not returned.  Drop the first token,
      then ``sp.decode`` the rest.  The three language tokens are
      SentencePiece user-defined symbols, so they are single pieces.

Greedy versus beam search
-------------------------
Greedy decoding (``beam_size=1``) reproduces the training targets; this is
what the build checks.  With beam search (argostranslate uses ``beam_size=4``,
``length_penalty=0.2``), CTranslate2 4.8 loses a few targets (about 1 %) that
greedy decoding and transformers' own beam search both get right: the beam
reports a log-probability for the wrong continuation far higher than
``score_batch`` gives for the same tokens, so the beam's per-step scores are
not those of the model (seen with int8 and float32 weights alike).  In the
case examined, forcing the first four target tokens as a prefix avoided it.
Tests that compare exact output should decode greedily, or use sentences
checked under both decodings, e.g. "The Senate adopted 12 laws.", "The
Mazhilis approved the bill.", "Kassym-Jomart Tokayev signed the decree." and
"The akim met with residents." (all reproduced by stock argostranslate).

Determinism
-----------
Fixed seeds, a fixed number of torch threads, deterministic torch algorithms,
single-threaded SentencePiece training, sorted zip entries with a fixed
timestamp and fixed permissions: two runs on the same machine give
byte-identical outputs.  Another CPU or library version may give different
(but equally valid) bytes.
"""

from __future__ import annotations

import argparse
import io
import json
import math
import random
import shutil
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

REPO_ROOT = Path(__file__).resolve().parents[1]
CORPUS_DIR = REPO_ROOT / "tests" / "data" / "corpus"
MODELS_DIR = REPO_ROOT / "tests" / "data" / "models"

ARGOS_PACKAGE_NAME = "translate-en_ru-atau_test"
PREFIX_MODEL_NAME = "en_xx_prefix"
SOURCE_LANG_TOKEN = "eng_Latn"
TARGET_LANG_TOKENS = {"ru": "rus_Cyrl", "kk": "kaz_Cyrl"}

EOS_PIECE = "</s>"
UNK_PIECE = "<unk>"
PAD_PIECE = "<pad>"  # appended after the SentencePiece pieces; dropped by the converter

#: Timestamp written into every zip entry (zip's epoch starts in 1980).
ZIP_TIMESTAMP = (2024, 1, 1, 0, 0, 0)

DESCRIPTION = (
    "Tiny test model built by Atau's scripts/build_test_model.py from the "
    "repository's small corpus (tests/data/corpus/en-ru.tsv). It only "
    "reproduces its few hundred training sentences and exists to test the real "
    "argostranslate/CTranslate2 code path; it is not a translation model."
)


@dataclass(frozen=True)
class TrainSettings:
    """Hyper-parameters of one tiny Marian-style transformer.

    Attributes:
        vocab_size: SentencePiece vocabulary size (pieces, without ``<pad>``).
        epochs: Passes over the training pairs.
        batch_size: Pairs per optimiser step.
        learning_rate: Peak AdamW learning rate.
        warmup_steps: Steps of linear warm-up before the linear decay.
        final_lr_share: Floor of the decay, as a share of ``learning_rate``.
        d_model: Width of embeddings and hidden states.
        layers: Encoder layers and, separately, decoder layers.
        heads: Attention heads per layer.
        ffn_dim: Inner width of the feed-forward blocks.
        max_positions: Rows of the position table used in training (tokens);
            the converted model generates encodings for any length.
        seed: Seed of every random generator used.
    """

    vocab_size: int
    epochs: int
    batch_size: int = 16
    learning_rate: float = 3e-3
    warmup_steps: int = 100
    final_lr_share: float = 0.02
    d_model: int = 64
    layers: int = 2
    heads: int = 4
    ffn_dim: int = 128
    max_positions: int = 256
    seed: int = 1234


RU_SETTINGS = TrainSettings(vocab_size=800, epochs=120)
PREFIX_SETTINGS = TrainSettings(vocab_size=1000, epochs=120)


# --------------------------------------------------------------------------- corpus


def read_pairs(path: Path) -> list[tuple[str, str]]:
    """Read a tab-separated parallel corpus.

    Args:
        path: UTF-8 file, one ``source<TAB>target`` pair per line; blank lines
            are skipped.

    Returns:
        The (source, target) pairs in file order.

    Raises:
        ValueError: A non-blank line does not have exactly two non-empty
            fields; the message names the file and the 1-based line.
    """
    pairs = []
    with path.open(encoding="utf-8") as handle:
        for lineno, line in enumerate(handle, start=1):
            line = line.rstrip("\n")
            if not line.strip():
                continue
            fields = line.split("\t")
            if len(fields) != 2 or not all(field.strip() for field in fields):
                raise ValueError(f"{path}:{lineno}: expected 'source<TAB>target'")
            pairs.append((fields[0].strip(), fields[1].strip()))
    return pairs


# ------------------------------------------------------------------ sentencepiece


def train_sentencepiece(
    texts: Iterable[str], vocab_size: int, user_symbols: Sequence[str] = ()
) -> bytes:
    """Train a SentencePiece BPE model in memory.

    The settings keep the model small (about 12 KB) and the ids fixed:
    ``</s>`` = 0, ``<unk>`` = 1, no ``<s>`` and no ``<pad>``; digits are split
    one per piece; no normalisation (``identity``) so text round-trips.

    Args:
        texts: Training sentences (each becomes one SentencePiece sentence).
        vocab_size: Number of pieces (a soft limit: fewer if the text is short).
        user_symbols: Pieces that are never split (e.g. language tokens).

    Returns:
        The serialised model (the content of a ``.model`` file).
    """
    import sentencepiece as spm

    unique = list(dict.fromkeys(texts))
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(unique),
        model_writer=model,
        model_type="bpe",
        vocab_size=vocab_size,
        hard_vocab_limit=False,
        character_coverage=1.0,
        eos_id=0,
        unk_id=1,
        bos_id=-1,
        pad_id=-1,
        split_digits=True,
        normalization_rule_name="identity",
        user_defined_symbols=list(user_symbols),
        num_threads=1,
        minloglevel=2,
    )
    return model.getvalue()


# -------------------------------------------------------------------------- model


def ctranslate2_position_table(positions: int, depth: int):
    """Return the sinusoidal position encodings CTranslate2 generates.

    CTranslate2 (like OpenNMT) builds, for position ``t`` (0-based) and
    ``i < depth / 2``::

        sin((t + 1) * 10000 ** (-i / (depth / 2 - 1)))   in column i
        cos((t + 1) * 10000 ** (-i / (depth / 2 - 1)))   in column depth/2 + i

    which differs from the table of transformers' Marian.  Training with this
    table lets the converted model leave its position encodings out and have
    CTranslate2 generate them for any length.

    Args:
        positions: Number of rows (positions).
        depth: Model width (even).

    Returns:
        A float32 ``torch.Tensor`` of shape ``(positions, depth)``.
    """
    import torch

    half = depth // 2
    increment = math.log(10000.0) / (half - 1)
    timescales = torch.exp(torch.arange(half, dtype=torch.float64) * -increment)
    scaled = torch.arange(1, positions + 1, dtype=torch.float64)[:, None] * timescales
    return torch.cat([torch.sin(scaled), torch.cos(scaled)], dim=1).float()


def build_marian(settings: TrainSettings, vocab_size: int):
    """Create an untrained tiny ``MarianMTModel``.

    Args:
        settings: Model shape and seed.
        vocab_size: Embedding rows, ``<pad>`` included as the last id.

    Returns:
        The model, its position tables replaced by CTranslate2's.
    """
    import torch
    from transformers import MarianConfig, MarianMTModel

    pad_id = vocab_size - 1
    config = MarianConfig(
        vocab_size=vocab_size,
        decoder_vocab_size=vocab_size,
        d_model=settings.d_model,
        encoder_layers=settings.layers,
        decoder_layers=settings.layers,
        encoder_attention_heads=settings.heads,
        decoder_attention_heads=settings.heads,
        encoder_ffn_dim=settings.ffn_dim,
        decoder_ffn_dim=settings.ffn_dim,
        max_position_embeddings=settings.max_positions,
        activation_function="relu",
        dropout=0.0,
        attention_dropout=0.0,
        activation_dropout=0.0,
        scale_embedding=True,
        share_encoder_decoder_embeddings=True,
        tie_word_embeddings=True,
        pad_token_id=pad_id,
        eos_token_id=0,
        decoder_start_token_id=pad_id,
        forced_eos_token_id=0,
    )
    torch.manual_seed(settings.seed)
    model = MarianMTModel(config)
    table = ctranslate2_position_table(settings.max_positions, settings.d_model)
    with torch.no_grad():
        for module in (model.model.encoder, model.model.decoder):
            module.embed_positions.weight.copy_(table)
            module.embed_positions.weight.requires_grad_(False)
        model.model.shared.weight[pad_id].zero_()
    return model


def _pad(rows: Sequence[Sequence[int]], value: int):
    import torch

    width = max(len(row) for row in rows)
    return torch.tensor([list(row) + [value] * (width - len(row)) for row in rows])


def train_model(
    model,
    examples: Sequence[tuple[list[int], list[int]]],
    settings: TrainSettings,
    log_every: int = 20,
) -> float:
    """Train the model until it reproduces its examples.

    The decoder input is the target shifted right behind ``<pad>``, whose
    embedding row is zeroed after every step: CTranslate2 starts decoding from
    a zero embedding, and the tied output projection would otherwise move it.

    Args:
        model: A model from :func:`build_marian`.
        examples: (source ids, target ids) pairs, both already ending in the
            ``</s>`` id 0 and holding any language tokens.
        settings: Epochs, batch size, learning rate, seed.
        log_every: Print the mean loss every this many epochs (0: never).

    Returns:
        The mean training loss (nats per token) of the last epoch.
    """
    import torch

    pad_id = model.config.pad_token_id
    rng = random.Random(settings.seed)
    order = list(range(len(examples)))
    steps_per_epoch = math.ceil(len(order) / settings.batch_size)
    total_steps = steps_per_epoch * settings.epochs

    def schedule(step: int) -> float:
        if step < settings.warmup_steps:
            return (step + 1) / settings.warmup_steps
        progress = (step - settings.warmup_steps) / max(1, total_steps - settings.warmup_steps)
        return max(settings.final_lr_share, 1.0 - progress)

    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(
        params, lr=settings.learning_rate, betas=(0.9, 0.98), weight_decay=0.0
    )
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, schedule)
    model.train()
    epoch_loss = float("nan")
    for epoch in range(settings.epochs):
        rng.shuffle(order)
        losses = []
        for start in range(0, len(order), settings.batch_size):
            batch = [examples[i] for i in order[start : start + settings.batch_size]]
            source = _pad([src for src, _ in batch], pad_id)
            target = _pad([tgt for _, tgt in batch], pad_id)
            decoder_input = torch.cat(
                [torch.full((len(batch), 1), pad_id), target[:, :-1]], dim=1
            )
            labels = target.masked_fill(target == pad_id, -100)
            output = model(
                input_ids=source,
                attention_mask=(source != pad_id).long(),
                decoder_input_ids=decoder_input,
                decoder_attention_mask=torch.ones_like(decoder_input),
                labels=labels,
            )
            optimizer.zero_grad()
            output.loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            optimizer.step()
            scheduler.step()
            with torch.no_grad():
                model.model.shared.weight[pad_id].zero_()
            losses.append(output.loss.item())
        epoch_loss = sum(losses) / len(losses)
        if log_every and (epoch + 1) % log_every == 0:
            print(f"    epoch {epoch + 1:3d}: loss {epoch_loss:.4f}")
    model.eval()
    return epoch_loss


class _PieceTokenizer:
    """The part of a transformers tokenizer that CTranslate2's converter reads."""

    eos_token = EOS_PIECE
    unk_token = UNK_PIECE
    pad_token = PAD_PIECE

    def __init__(self, tokens: Sequence[str]):
        self._vocab = {token: index for index, token in enumerate(tokens)}

    def get_vocab(self) -> dict[str, int]:
        return dict(self._vocab)


def convert_model(
    model, tokens: Sequence[str], output_dir: Path, add_source_eos: bool
) -> None:
    """Convert the trained model to an int8 CTranslate2 model directory.

    Args:
        model: The trained ``MarianMTModel``.
        tokens: Its vocabulary in id order, ``<pad>`` last.
        output_dir: Directory to create (must not exist).
        add_source_eos: Whether CTranslate2 appends ``</s>`` to every source.
    """
    from ctranslate2.converters.transformers import MarianMTLoader
    from ctranslate2.specs import model_spec

    spec = MarianMTLoader()(model, _PieceTokenizer(tokens))
    # Let CTranslate2 generate the (identical) sinusoidal encodings for any
    # length instead of storing a table that would cap the sequence length.
    spec.encoder.position_encodings.encodings = model_spec.OPTIONAL
    spec.decoder.position_encodings.encodings = model_spec.OPTIONAL
    spec.config.add_source_eos = add_source_eos
    spec.config.layer_norm_epsilon = 1e-5  # torch.nn.LayerNorm's default, as Marian uses
    spec.validate()
    spec.optimize(quantization="int8")
    output_dir.mkdir(parents=True)
    spec.save(str(output_dir))


# ------------------------------------------------------------- sentence splitter


def build_sentence_splitter_onnx(lang_code: str = "en") -> bytes:
    """Build a rule-based sentence splitter in MiniSBD's ONNX format.

    MiniSBD (used by argostranslate 1.11) runs a character tagger: inputs
    ``units`` (int64, batch x chars: vocabulary ids) and ``features`` (float32,
    batch x chars x 0: unused here); output 0 holds scores for five labels per
    character (0 inside a token, 1 token end, 2 sentence end, 3/4 their
    multi-word variants).  The rules: a character followed by a space or the
    end of the text ends a token; ``.``, ``!``, ``?`` or ``…`` so followed ends
    a sentence.  The vocabulary and settings travel in the model's metadata, as
    MiniSBD expects.

    Args:
        lang_code: Code stored in the ``lang_code`` metadata.

    Returns:
        The serialised ONNX model.
    """
    import onnx
    from onnx import TensorProto, helper

    units = ["<PAD>", "<UNK>", " ", ".", "!", "?", "…"]
    # Character classes: 0 other, 1 break (space or padding), 2 sentence end.
    classes = [1, 0, 1, 2, 2, 2, 2]
    vocab = {
        "lang": lang_code,
        "idx": 0,
        "cutoff": 0,
        "lower": False,
        "_unit2id": {unit: index for index, unit in enumerate(units)},
        "_id2unit": units,
    }
    config = {
        "skip_newline": False,
        "max_seqlen": 1000,
        "no_ssplit": False,
        "batch_size": 32,
        "feat_funcs": [],
        "use_dictionary": False,
        "num_dict_feat": 0,
    }

    def const(name, values, dtype=TensorProto.INT64, dims=None):
        return helper.make_node(
            "Constant",
            [],
            [name],
            value=helper.make_tensor(name, dtype, dims if dims is not None else [len(values)], values),
        )

    nodes = [
        const("class_table", classes),
        const("pad_right", [0, 0, 0, 1]),
        const("pad_value", [0], dims=[]),
        const("slice_start", [1]),
        const("slice_end", [2**62]),
        const("slice_axis", [1]),
        const("one", [1], dims=[]),
        const("two", [2], dims=[]),
        const("zero", [0], dims=[]),
        const("depth", [5], dims=[]),
        const("onehot_values", [0.0, 1.0], dtype=TensorProto.FLOAT),
        helper.make_node("Pad", ["units", "pad_right", "pad_value"], ["padded"], mode="constant"),
        helper.make_node("Slice", ["padded", "slice_start", "slice_end", "slice_axis"], ["next_units"]),
        helper.make_node("Gather", ["class_table", "units"], ["cls"], axis=0),
        helper.make_node("Gather", ["class_table", "next_units"], ["next_cls"], axis=0),
        helper.make_node("Equal", ["next_cls", "one"], ["next_breaks"]),
        helper.make_node("Equal", ["cls", "two"], ["is_terminal"]),
        helper.make_node("Equal", ["cls", "one"], ["is_break"]),
        helper.make_node("Not", ["is_break"], ["not_break"]),
        helper.make_node("And", ["is_terminal", "next_breaks"], ["ends_sentence"]),
        helper.make_node("And", ["not_break", "next_breaks"], ["ends_token"]),
        helper.make_node("Where", ["ends_token", "one", "zero"], ["token_label"]),
        helper.make_node("Where", ["ends_sentence", "two", "token_label"], ["label"]),
        helper.make_node("OneHot", ["label", "depth", "onehot_values"], ["logits"], axis=-1),
    ]
    graph = helper.make_graph(
        nodes,
        "atau_rule_sbd",
        [
            helper.make_tensor_value_info("units", TensorProto.INT64, ["batch", "chars"]),
            helper.make_tensor_value_info("features", TensorProto.FLOAT, ["batch", "chars", "feats"]),
        ],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", "chars", 5])],
    )
    model = helper.make_model(
        graph,
        opset_imports=[helper.make_opsetid("", 13)],
        producer_name="atau scripts/build_test_model.py",
        ir_version=7,
    )
    helper.set_model_props(
        model,
        {
            "lang_code": lang_code,
            "config": json.dumps(config, sort_keys=True),
            "vocab": json.dumps(vocab, ensure_ascii=False, sort_keys=True),
            "lexicon": "null",
        },
    )
    onnx.checker.check_model(model)
    return model.SerializeToString()


# ------------------------------------------------------------------------ packaging


def write_deterministic_zip(source_dir: Path, archive: Path) -> None:
    """Zip a directory so that equal inputs give byte-identical archives.

    Entries (folders too) are sorted, carry the fixed :data:`ZIP_TIMESTAMP` and
    fixed permissions (0644 files, 0755 folders), and are stored under the
    folder's own name as the single top-level entry.

    Args:
        source_dir: Folder to archive.
        archive: Zip file to write (replaced if it exists).
    """
    paths = sorted(source_dir.rglob("*"), key=lambda p: p.relative_to(source_dir).as_posix())
    with zipfile.ZipFile(archive, "w") as handle:
        entries = [(source_dir, source_dir.name + "/")]
        for path in paths:
            name = f"{source_dir.name}/{path.relative_to(source_dir).as_posix()}"
            entries.append((path, name + "/" if path.is_dir() else name))
        for path, name in entries:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIMESTAMP)
            info.create_system = 3  # Unix, so external_attr holds the mode
            if path.is_dir():
                info.external_attr = (0o40755 << 16) | 0x10
                handle.writestr(info, b"")
            else:
                info.external_attr = 0o100644 << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                handle.writestr(info, path.read_bytes(), compresslevel=9)


def argos_metadata() -> dict:
    """Return the ``metadata.json`` of the en→ru test package."""
    return {
        "package_version": "0.1",
        "argos_version": "1.9",
        "code": "translate-en_ru",
        "name": "Atau tiny test model en-ru",
        "type": "translate",
        "from_code": "en",
        "from_name": "English",
        "to_code": "ru",
        "to_name": "Russian",
        "description": DESCRIPTION,
        "license": "MIT",
    }


PACKAGE_README = """# Atau tiny test model (en -> ru)

{description}

Conventions: source = SentencePiece pieces only (CTranslate2 appends `</s>`,
`add_source_eos` is true), no target prefix. `minisbd/en_rules.onnx` is a
rule-based sentence splitter (split after . ! ? or … before a space) so that
argostranslate never needs to download one.
"""


# ---------------------------------------------------------------------- builders


def _encode(processor, text: str) -> list[int]:
    return processor.encode(text, out_type=int)


def build_argos_package(output_dir: Path, work_dir: Path) -> Path:
    """Train and package the en→ru test model.

    Args:
        output_dir: Where the ``.argosmodel`` goes.
        work_dir: Scratch directory.

    Returns:
        The path of the written ``.argosmodel``.
    """
    import sentencepiece as spm

    pairs = read_pairs(CORPUS_DIR / "en-ru.tsv")
    settings = RU_SETTINGS
    sp_bytes = train_sentencepiece(
        [text for pair in pairs for text in pair], settings.vocab_size
    )
    processor = spm.SentencePieceProcessor(model_proto=sp_bytes)
    tokens = [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
    tokens.append(PAD_PIECE)
    examples = [(_encode(processor, src) + [0], _encode(processor, tgt) + [0]) for src, tgt in pairs]
    print(f"  en-ru: {len(pairs)} pairs, {len(tokens) - 1} pieces")
    model = build_marian(settings, len(tokens))
    loss = train_model(model, examples, settings)
    print(f"  en-ru: final loss {loss:.4f}")

    package_dir = work_dir / ARGOS_PACKAGE_NAME
    convert_model(model, tokens, package_dir / "model", add_source_eos=True)
    (package_dir / "sentencepiece.model").write_bytes(sp_bytes)
    (package_dir / "minisbd").mkdir()
    (package_dir / "minisbd" / "en_rules.onnx").write_bytes(build_sentence_splitter_onnx("en"))
    (package_dir / "metadata.json").write_text(
        json.dumps(argos_metadata(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    (package_dir / "README.md").write_text(
        PACKAGE_README.format(description=DESCRIPTION), encoding="utf-8"
    )
    archive = output_dir / f"{ARGOS_PACKAGE_NAME}.argosmodel"
    write_deterministic_zip(package_dir, archive)
    return archive


def build_prefix_model(output_dir: Path, work_dir: Path) -> Path:
    """Train the NLLB-style en→{ru,kk} test model and write it unpackaged.

    Args:
        output_dir: Parent of the ``en_xx_prefix`` folder (replaced).
        work_dir: Scratch directory.

    Returns:
        The ``en_xx_prefix`` folder.
    """
    import sentencepiece as spm

    corpora = {lang: read_pairs(CORPUS_DIR / f"en-{lang}.tsv") for lang in ("ru", "kk")}
    settings = PREFIX_SETTINGS
    texts = [text for pairs in corpora.values() for pair in pairs for text in pair]
    user_symbols = [SOURCE_LANG_TOKEN, *TARGET_LANG_TOKENS.values()]
    sp_bytes = train_sentencepiece(texts, settings.vocab_size, user_symbols)
    processor = spm.SentencePieceProcessor(model_proto=sp_bytes)
    tokens = [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
    tokens.append(PAD_PIECE)
    src_lang_id = processor.piece_to_id(SOURCE_LANG_TOKEN)
    examples = []
    for lang, pairs in corpora.items():
        tgt_lang_id = processor.piece_to_id(TARGET_LANG_TOKENS[lang])
        for src, tgt in pairs:
            examples.append(
                (
                    [src_lang_id, *_encode(processor, src), 0],
                    [tgt_lang_id, *_encode(processor, tgt), 0],
                )
            )
    print(f"  en-xx: {len(examples)} pairs, {len(tokens) - 1} pieces")
    model = build_marian(settings, len(tokens))
    loss = train_model(model, examples, settings)
    print(f"  en-xx: final loss {loss:.4f}")

    staged = work_dir / PREFIX_MODEL_NAME
    convert_model(model, tokens, staged / "model", add_source_eos=False)
    (staged / "sentencepiece.model").write_bytes(sp_bytes)
    target = output_dir / PREFIX_MODEL_NAME
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(staged, target)
    return target


# ------------------------------------------------------------------------ checks

#: Decoding settings: plain greedy search, and those of argostranslate 1.11.
DECODINGS = {
    "greedy": {"beam_size": 1},
    "argos (beam 4, length penalty 0.2)": {"beam_size": 4, "length_penalty": 0.2},
}


def check_argos_package(archive: Path, work_dir: Path) -> dict[str, tuple[int, int]]:
    """Translate the en→ru training sources with plain CTranslate2.

    Uses only the package's own files (``sentencepiece.model``, ``model/``).

    Args:
        archive: The ``.argosmodel`` to check.
        work_dir: Scratch directory to unzip into.

    Returns:
        Per decoding in :data:`DECODINGS`: (exact matches, pairs).
    """
    import ctranslate2
    import sentencepiece as spm

    with zipfile.ZipFile(archive) as handle:
        handle.extractall(work_dir / "check")
    root = work_dir / "check" / ARGOS_PACKAGE_NAME
    processor = spm.SentencePieceProcessor(model_file=str(root / "sentencepiece.model"))
    translator = ctranslate2.Translator(str(root / "model"), device="cpu", intra_threads=1)
    pairs = read_pairs(CORPUS_DIR / "en-ru.tsv")
    batch = [processor.encode(src, out_type=str) for src, _ in pairs]
    scores = {}
    for name, options in DECODINGS.items():
        results = translator.translate_batch(batch, **options)
        hits = sum(
            processor.decode(result.hypotheses[0]) == tgt
            for result, (_, tgt) in zip(results, pairs)
        )
        scores[name] = (hits, len(pairs))
    unseen = "The akim of Pavlodar signed 17 decrees on 3 May 2024."
    output = translator.translate_batch([processor.encode(unseen, out_type=str)])
    print(f"  unseen: {unseen!r} -> {processor.decode(output[0].hypotheses[0])!r}")
    return scores


def check_prefix_model(model_dir: Path) -> dict[str, tuple[int, int]]:
    """Translate the training sources of both languages with the prefix model.

    Args:
        model_dir: The ``en_xx_prefix`` folder.

    Returns:
        Per "<language code>, <decoding>": (exact matches, pairs).
    """
    import ctranslate2
    import sentencepiece as spm

    processor = spm.SentencePieceProcessor(model_file=str(model_dir / "sentencepiece.model"))
    translator = ctranslate2.Translator(str(model_dir / "model"), device="cpu", intra_threads=1)
    scores = {}
    for lang, lang_token in TARGET_LANG_TOKENS.items():
        pairs = read_pairs(CORPUS_DIR / f"en-{lang}.tsv")
        batch = [
            [SOURCE_LANG_TOKEN, *processor.encode(src, out_type=str), EOS_PIECE]
            for src, _ in pairs
        ]
        for name, options in DECODINGS.items():
            results = translator.translate_batch(
                batch, target_prefix=[[lang_token]] * len(batch), **options
            )
            hits = 0
            for result, (_, tgt) in zip(results, pairs):
                hypothesis = result.hypotheses[0]
                if hypothesis[:1] == [lang_token] and processor.decode(hypothesis[1:]) == tgt:
                    hits += 1
            scores[f"{lang}, {name}"] = (hits, len(pairs))
    return scores


# -------------------------------------------------------------------------- main


def main(argv: Sequence[str] | None = None) -> int:
    """Build (and by default check) both test models.

    Args:
        argv: Command-line arguments (default: ``sys.argv[1:]``).

    Returns:
        0 on success, 1 if greedy decoding reproduced less than
        ``--min-exact`` of the training targets (beam search is reported only:
        see the module docstring).
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output-dir", type=Path, default=MODELS_DIR, help="default: %(default)s")
    parser.add_argument(
        "--threads", type=int, default=1,
        help="torch threads; fixed for reproducibility, and 1 is fastest for so small a model",
    )
    parser.add_argument("--skip-check", action="store_true", help="do not translate the training set afterwards")
    parser.add_argument(
        "--min-exact", type=float, default=0.95,
        help="share of training targets greedy decoding must reproduce exactly (default: %(default)s)",
    )
    args = parser.parse_args(argv)

    import torch

    torch.set_num_threads(args.threads)
    torch.use_deterministic_algorithms(True)
    args.output_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="atau-test-model-") as tmp:
        work_dir = Path(tmp)
        archive = build_argos_package(args.output_dir, work_dir / "ru")
        print(f"wrote {archive} ({archive.stat().st_size} bytes)")
        prefix_dir = build_prefix_model(args.output_dir, work_dir / "prefix")
        print(f"wrote {prefix_dir}/")
        print(f"build time: {time.perf_counter() - started:.1f} s")
        if args.skip_check:
            return 0
        ok = True
        for name, (hits, total) in check_argos_package(archive, work_dir).items():
            print(f"en-ru package, {name}: {hits}/{total} training targets reproduced exactly")
            if name == "greedy":
                ok &= hits >= args.min_exact * total
        for name, (hits, total) in check_prefix_model(prefix_dir).items():
            print(f"en_xx_prefix -> {name}: {hits}/{total} training targets reproduced exactly")
            if name.endswith("greedy"):
                ok &= hits >= args.min_exact * total
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
