"""Packing a CTranslate2 model into an .argosmodel (toolkit.mt.packages.pack)."""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import pytest

from tests.conftest import leftovers
from toolkit.errors import PackageError
from toolkit.mt.packages.archive import check_archive, install_file
from toolkit.mt.packages.pack import pack

# ---------------------------------------------------------------- pack


@pytest.fixture
def ct2_like_model(tmp_path):
    """A directory shaped like a CTranslate2 model (not loadable) and a real
    tiny SentencePiece model."""
    import sentencepiece

    model = tmp_path / "ct2"
    model.mkdir()
    (model / "model.bin").write_bytes(os.urandom(2048))
    (model / "config.json").write_text(json.dumps({"add_source_eos": False, "eos_token": "</s>"}))
    (model / "shared_vocabulary.json").write_text(json.dumps(
        ["<unk>", "<s>", "</s>", "eng_Latn", "kaz_Cyrl", "rus_Cyrl", "▁the"]))
    corpus = tmp_path / "corpus.txt"
    corpus.write_text("the senate adopted twelve laws\nthe mazhilis approved the bill\n" * 20)
    prefix = tmp_path / "spm"
    sentencepiece.SentencePieceTrainer.train(input=str(corpus), model_prefix=str(prefix), vocab_size=25,
                                             model_type="unigram", minloglevel=2)
    return model, Path(f"{prefix}.model")


def test_pack_writes_an_installable_package_with_prefixes(argos_dirs, prefix_model_dir, tmp_path):
    out = pack(prefix_model_dir / "model", prefix_model_dir / "sentencepiece.model", "en", "kk",
               tmp_path / "en_kk.argosmodel", source_prefix="eng_Latn", target_prefix="kaz_Cyrl")
    package = install_file(out)
    assert (package.from_code, package.to_code) == ("en", "kk")
    assert (package.source_prefix, package.source_suffix, package.target_prefix) == (
        "eng_Latn", "</s>", "kaz_Cyrl")
    assert (package.model_dir / "shared_vocabulary.json").is_file()


def test_a_packed_model_that_does_not_load_is_not_installed(argos_dirs, ct2_like_model, tmp_path):
    model, spm = ct2_like_model  # model.bin is random bytes
    out = pack(model, spm, "en", "kk", tmp_path / "en_kk.argosmodel", target_prefix="kaz_Cyrl")
    with pytest.raises(PackageError, match=f"^{out}: the package does not load or translate: "
                                           "Unsupported model binary version"):
        install_file(out)
    assert leftovers(argos_dirs.packages) == []


def test_pack_is_deterministic(ct2_like_model, tmp_path):
    model, spm = ct2_like_model
    a = pack(model, spm, "en", "kk", tmp_path / "a.argosmodel", target_prefix="kaz_Cyrl")
    b = pack(model, spm, "en", "kk", tmp_path / "b.argosmodel", target_prefix="kaz_Cyrl")
    assert a.read_bytes() == b.read_bytes()
    with zipfile.ZipFile(a) as archive:
        names = archive.namelist()
        assert names == sorted(names)
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_pack_without_source_prefix_adds_no_suffix(ct2_like_model, tmp_path):
    model, spm = ct2_like_model
    out = pack(model, spm, "en", "ru", tmp_path / "x.argosmodel")
    metadata = check_archive(out)
    assert "source_suffix" not in metadata and "target_prefix" not in metadata


def test_pack_rejects_a_prefix_not_in_the_vocabulary(ct2_like_model, tmp_path):
    model, spm = ct2_like_model
    with pytest.raises(PackageError, match="'kaz_cyrl' is not in the model's vocabulary .did you mean 'kaz_Cyrl'"):
        pack(model, spm, "en", "kk", tmp_path / "x.argosmodel", target_prefix="kaz_cyrl")
    assert not (tmp_path / "x.argosmodel").exists()


def test_pack_rejects_a_directory_without_model(tmp_path, ct2_like_model):
    _, spm = ct2_like_model
    with pytest.raises(PackageError, match="no model.bin"):
        pack(tmp_path, spm, "en", "kk", tmp_path / "x.argosmodel")


def test_pack_rejects_a_bad_sentencepiece_model(ct2_like_model, tmp_path):
    model, _ = ct2_like_model
    bad = tmp_path / "bad.model"
    bad.write_bytes(b"nope")
    with pytest.raises(PackageError, match="not a SentencePiece model"):
        pack(model, bad, "en", "kk", tmp_path / "x.argosmodel")


def test_pack_names_the_languages_from_cldr(ct2_like_model, tmp_path):
    model, spm = ct2_like_model
    metadata = check_archive(pack(model, spm, "kk", "zt", tmp_path / "x.argosmodel"))
    assert (metadata["from_name"], metadata["to_name"]) == ("Kazakh", "zt")  # CLDR has no "zt": the tag
