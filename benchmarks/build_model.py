#!/usr/bin/env python3
"""Build the *realistic-size* benchmark model (not committed; under
``benchmarks/work/``).

It has the shape of the Argos Translate packages (OpenNMT/Marian
transformer-base): 6 encoder and 6 decoder layers, width 512, 8 heads,
feed-forward 2048, one shared 32,000-token SentencePiece vocabulary with tied
embeddings and output projection: about 60 M parameters, int8 in CTranslate2
like Argos's models. It is *not* a translation model: its weights are random
(seeded). Decoding cost does not depend on the weights, only on the shape
and on how many tokens are decoded; ``bench_translate.py`` makes both tools
decode the same number of tokens per sentence (it fixes CTranslate2's
``min_decoding_length`` and ``max_decoding_length`` for both), since random
weights never end a sentence by themselves. ``build --steps N`` trains it
briefly on the repository's small corpus instead (slow on a CPU: ~15 s a
step on 2 cores, and a few hundred steps only get a post-norm transformer to
unigram statistics).

Three steps, because they need different environments:

``spm`` (any Python with sentencepiece; the project's venv)
    Train the 32k SentencePiece model on text found on this machine: English
    prose from Python's own ``pydoc_data.topics``, Russian word forms from
    pymorphy3's dictionary, Kazakh and Russian terms of the built-in termbase
    and the repository's parallel corpus.

``build`` (needs torch, transformers, ctranslate2: ``/work/venv-bench``)
    Build the Marian model (optionally train it), convert it to CTranslate2
    int8.

``pack`` is done by ``run.py`` with ``atau models pack``.

``run.py`` runs the steps when ``benchmarks/work/realistic/`` lacks their
outputs; run them by hand with::

    python benchmarks/build_model.py spm
    /work/venv-bench/bin/python benchmarks/build_model.py build
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
WORK = HERE / "work" / "realistic"
SPM_FILE = WORK / "sentencepiece.model"
MODEL_DIR = WORK / "model"

VOCAB_SIZE = 32000  # CTranslate2 vocabulary, as Argos's transformer-base packages
D_MODEL, LAYERS, HEADS, FFN = 512, 6, 8, 2048
EOS, UNK, PAD = "</s>", "<unk>", "<pad>"
SEED = 20240601


# ---------------------------------------------------------------- sentencepiece


def corpus_text() -> list[str]:
    """Sentences (or word lists) to train the SentencePiece model on."""
    import re

    rng = random.Random(SEED)
    lines: list[str] = []
    # English prose: the Python reference's topics (in the standard library).
    import pydoc_data.topics

    for text in pydoc_data.topics.topics.values():
        lines.extend(p.strip() for p in re.split(r"\n\s*\n", text) if len(p.strip()) > 20)
    # The repository's parallel corpora and the termbase (en, ru, kk).
    for tsv in sorted((REPO / "tests" / "data" / "corpus").glob("*.tsv")):
        for line in tsv.read_text(encoding="utf-8").splitlines():
            lines.extend(f for f in line.split("\t") if f.strip())
    for tbx in sorted((REPO / "toolkit" / "data").glob("*.tbx")):
        lines.extend(re.findall(r"<term>([^<]+)</term>", tbx.read_text(encoding="utf-8")))
    # Russian word forms from pymorphy3's dictionary, as pseudo-sentences.
    try:
        import pymorphy3

        words = pymorphy3.MorphAnalyzer().dictionary.words
        letters = "абвгдежзиклмнопрстуфхцчшэюя"
        forms: list[str] = []
        for a in letters:
            for b in "аеиоуыяюлнрткв":
                for i, word in enumerate(words.iterkeys(a + b)):
                    if i >= 60:
                        break
                    forms.append(word)
        rng.shuffle(forms)
        for i in range(0, len(forms), 12):
            sentence = " ".join(forms[i:i + 12])
            lines.append(sentence[:1].upper() + sentence[1:] + ".")
    except ImportError:  # pragma: no cover - the project depends on it
        pass
    return lines


def train_spm() -> Path:
    """Train the shared SentencePiece model (BPE, ``</s>`` id 0, ``<unk>`` id 1)."""
    import io

    import sentencepiece as spm

    lines = corpus_text()
    WORK.mkdir(parents=True, exist_ok=True)
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines), model_writer=model, model_type="bpe",
        vocab_size=VOCAB_SIZE, hard_vocab_limit=False, character_coverage=0.9999,
        eos_id=0, unk_id=1, bos_id=-1, pad_id=-1, split_digits=True,
        num_threads=2, minloglevel=2)
    SPM_FILE.write_bytes(model.getvalue())
    size = spm.SentencePieceProcessor(model_file=str(SPM_FILE)).get_piece_size()
    print(f"sentencepiece: {len(lines)} lines, {size} pieces -> {SPM_FILE}")
    return SPM_FILE


# ------------------------------------------------------------------------ model


def position_table(positions: int, depth: int):
    """The sinusoidal encodings CTranslate2 generates (OpenNMT style), so the
    converted model needs no stored table."""
    import torch

    half = depth // 2
    increment = math.log(10000.0) / (half - 1)
    timescales = torch.exp(torch.arange(half, dtype=torch.float64) * -increment)
    scaled = torch.arange(1, positions + 1, dtype=torch.float64)[:, None] * timescales
    return torch.cat([torch.sin(scaled), torch.cos(scaled)], dim=1).float()


def examples(processor, rng: random.Random, count: int, join: int) -> list[tuple[list[int], list[int]]]:
    """Training pairs: 1 to ``join`` corpus pairs joined, so that the model
    sees sentence lengths like an article's (10 to 40 tokens)."""
    pairs = []
    for line in (REPO / "tests" / "data" / "corpus" / "en-ru.tsv").read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if len(fields) == 2 and all(f.strip() for f in fields):
            pairs.append((fields[0].strip(), fields[1].strip()))
    out = []
    for _ in range(count):
        chosen = rng.sample(pairs, rng.randint(1, join))
        src = " ".join(s for s, _ in chosen)
        tgt = " ".join(t for _, t in chosen)
        out.append((processor.encode(src) + [0], processor.encode(tgt) + [0]))
    return out


def build(steps: int, batch: int, lr: float, join: int) -> Path:
    """Build the model, train it ``steps`` steps (0: keep the random
    weights) and convert it."""
    import sentencepiece as spm
    import torch
    from transformers import MarianConfig, MarianMTModel

    torch.manual_seed(SEED)
    torch.set_num_threads(max(1, torch.get_num_threads()))
    rng = random.Random(SEED)
    processor = spm.SentencePieceProcessor(model_file=str(SPM_FILE))
    pieces = [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
    # Fill the vocabulary up to VOCAB_SIZE (never produced by the tokenizer;
    # the output layer still scores them, as in a real 32k model).
    tokens = pieces + [f"<unused{i}>" for i in range(VOCAB_SIZE - len(pieces))] + [PAD]
    pad_id = len(tokens) - 1
    config = MarianConfig(
        vocab_size=len(tokens), decoder_vocab_size=len(tokens), d_model=D_MODEL,
        encoder_layers=LAYERS, decoder_layers=LAYERS, encoder_attention_heads=HEADS,
        decoder_attention_heads=HEADS, encoder_ffn_dim=FFN, decoder_ffn_dim=FFN,
        max_position_embeddings=512, activation_function="relu", dropout=0.0,
        attention_dropout=0.0, activation_dropout=0.0, scale_embedding=True,
        share_encoder_decoder_embeddings=True, tie_word_embeddings=True,
        pad_token_id=pad_id, eos_token_id=0, decoder_start_token_id=pad_id, forced_eos_token_id=0)
    model = MarianMTModel(config)
    table = position_table(512, D_MODEL)
    with torch.no_grad():
        for module in (model.model.encoder, model.model.decoder):
            module.embed_positions.weight.copy_(table)
            module.embed_positions.weight.requires_grad_(False)
        model.model.shared.weight[pad_id].zero_()
    n_params = sum(p.numel() for p in model.parameters() if p.requires_grad)
    print(f"model: {n_params / 1e6:.1f} M trainable parameters, vocabulary {len(tokens) - 1}")

    if steps <= 0:
        model.eval()
        convert(model, tokens)
        _record({"parameters": n_params, "vocabulary": len(tokens) - 1, "d_model": D_MODEL, "layers": LAYERS,
                 "heads": HEADS, "ffn": FFN, "weights": "random", "seed": SEED})
        return MODEL_DIR
    data = examples(processor, rng, steps * batch, join)
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=lr, betas=(0.9, 0.98), weight_decay=0.0)
    warmup = max(1, steps // 10)
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min((s + 1) / warmup, max(0.1, 1 - (s - warmup) / max(1, steps - warmup))))

    def pad(rows):
        width = max(len(r) for r in rows)
        return torch.tensor([r + [pad_id] * (width - len(r)) for r in rows])

    model.train()
    started = time.perf_counter()
    for step in range(steps):
        chunk = data[step * batch:(step + 1) * batch]
        source, target = pad([s for s, _ in chunk]), pad([t for _, t in chunk])
        decoder_input = torch.cat([torch.full((len(chunk), 1), pad_id), target[:, :-1]], dim=1)
        loss = model(input_ids=source, attention_mask=(source != pad_id).long(),
                     decoder_input_ids=decoder_input, decoder_attention_mask=torch.ones_like(decoder_input),
                     labels=target.masked_fill(target == pad_id, -100)).loss
        optimizer.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        optimizer.step()
        scheduler.step()
        with torch.no_grad():
            model.model.shared.weight[pad_id].zero_()
        if step % 20 == 0 or step == steps - 1:
            print(f"  step {step:4d}: loss {loss.item():.3f} ({time.perf_counter() - started:.0f} s)", flush=True)
    model.eval()
    convert(model, tokens)
    _record({"parameters": n_params, "vocabulary": len(tokens) - 1, "d_model": D_MODEL, "layers": LAYERS,
             "heads": HEADS, "ffn": FFN, "weights": "trained", "train_steps": steps, "batch": batch, "lr": lr,
             "join": join, "final_loss": round(loss.item(), 4), "seed": SEED})
    return MODEL_DIR


def _record(info: dict) -> None:
    (WORK / "build.json").write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")


class _Vocab:
    """What CTranslate2's converter reads from a transformers tokenizer."""

    eos_token, unk_token, pad_token = EOS, UNK, PAD

    def __init__(self, tokens):
        self._vocab = {t: i for i, t in enumerate(tokens)}

    def get_vocab(self):
        return dict(self._vocab)


def convert(model, tokens) -> None:
    import shutil

    from ctranslate2.converters.transformers import MarianMTLoader
    from ctranslate2.specs import model_spec

    spec = MarianMTLoader()(model, _Vocab(tokens))
    spec.encoder.position_encodings.encodings = model_spec.OPTIONAL
    spec.decoder.position_encodings.encodings = model_spec.OPTIONAL
    spec.config.add_source_eos = True
    spec.config.layer_norm_epsilon = 1e-5
    spec.validate()
    spec.optimize(quantization="int8")
    if MODEL_DIR.exists():
        shutil.rmtree(MODEL_DIR)
    MODEL_DIR.mkdir(parents=True)
    spec.save(str(MODEL_DIR))
    print(f"ctranslate2 int8 model -> {MODEL_DIR}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="step", required=True)
    sub.add_parser("spm", help="train the SentencePiece model")
    t = sub.add_parser("build", help="build (optionally train) and convert the model")
    t.add_argument("--steps", type=int, default=0, help="training steps (default 0: random weights)")
    t.add_argument("--batch", type=int, default=8)
    t.add_argument("--lr", type=float, default=1e-3)
    t.add_argument("--join", type=int, default=3, help="join up to this many corpus pairs per example")
    args = parser.parse_args(argv)
    if args.step == "spm":
        train_spm()
    else:
        if not SPM_FILE.exists():
            sys.exit(f"{SPM_FILE} is missing: run 'python {Path(__file__).name} spm' first")
        build(args.steps, args.batch, args.lr, args.join)
    return 0


if __name__ == "__main__":
    sys.exit(main())
