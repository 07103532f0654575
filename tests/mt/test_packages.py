"""Package management (toolkit.mt.packages): install, verify, list, remove, pack,
download from a package index served on 127.0.0.1."""

from __future__ import annotations

import json
import os
import time
import zipfile
from pathlib import Path

import pytest

from tests.conftest import sha256_of
from toolkit.mt import packages
from toolkit.errors import DownloadError, ModelNotFoundError, PackageError


def installed_pairs():
    return [(p.from_code, p.to_code, p.version) for p in packages.installed_packages()]


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name != ".atau.lock")


# ---------------------------------------------------------------- locations


def test_locations_follow_argostranslate_settings(argos_dirs):
    locs = packages.locations()
    assert locs.install_dir == argos_dirs.packages
    assert locs.index_path == argos_dirs.index
    assert locs.index_url == "http://127.0.0.1:9/index.json"


# ---------------------------------------------------------------- install from a file


def test_install_file(argos_dirs, fake_package):
    package = packages.install_file(fake_package("en", "ru", "1.1"))
    assert package.path == argos_dirs.packages / "translate-en_ru-1_1"
    assert installed_pairs() == [("en", "ru", "1.1")]


def test_install_file_replaces_the_previous_version(argos_dirs, fake_package):
    packages.install_file(fake_package("en", "ru", "1.0"))
    packages.install_file(fake_package("en", "ru", "1.2"))
    assert installed_pairs() == [("en", "ru", "1.2")]
    assert leftovers(argos_dirs.packages) == ["translate-en_ru-1_2"]


def test_install_deletes_folders_a_killed_install_left_but_not_fresh_ones(argos_dirs, fake_package):
    argos_dirs.packages.mkdir(parents=True, exist_ok=True)
    stale = [argos_dirs.packages / name for name in (".atau-install-k1", ".atau-old-k2", ".atau-remove-k3")]
    for folder in stale:
        (folder / "p").mkdir(parents=True)
        (folder / "p" / "model.bin").write_bytes(b"x" * 100)
        os.utime(folder, (time.time() - 7200, time.time() - 7200))
    fresh = argos_dirs.packages / ".atau-install-running"  # another process installing right now
    fresh.mkdir()
    packages.install_file(fake_package("en", "ru", "1.1"))
    assert leftovers(argos_dirs.packages) == [".atau-install-running", "translate-en_ru-1_1"]


def test_damaged_zip_is_a_package_error_naming_the_file(argos_dirs, fake_package, tmp_path):
    good = fake_package().read_bytes()
    damaged = tmp_path / "damaged.argosmodel"
    damaged.write_bytes(good[: len(good) // 2])
    with pytest.raises(PackageError) as error:
        packages.install_file(damaged)
    assert str(damaged) in str(error.value)
    assert installed_pairs() == [] and leftovers(argos_dirs.packages) == []


def test_corrupted_member_fails_and_keeps_the_previous_install(argos_dirs, fake_package, tmp_path):
    packages.install_file(fake_package("en", "ru", "1.0"))
    path = fake_package("en", "ru", "2.0")
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("translate-en_ru-2_0/model/model.bin")
    data = bytearray(path.read_bytes())
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for k in range(start + 2, start + info.compress_size - 2):  # damage the compressed bytes
        data[k] ^= 0x55
    corrupt = tmp_path / "corrupt.argosmodel"
    corrupt.write_bytes(bytes(data))
    with pytest.raises(PackageError):
        packages.install_file(corrupt)
    assert installed_pairs() == [("en", "ru", "1.0")]
    assert leftovers(argos_dirs.packages) == ["translate-en_ru-1_0"]


def test_not_a_zip(argos_dirs, tmp_path):
    path = tmp_path / "x.argosmodel"
    path.write_text("hello")
    with pytest.raises(PackageError, match="not a valid package"):
        packages.install_file(path)


@pytest.mark.parametrize("name", ["../evil.txt", "/abs/evil.txt", "translate-en_ru-1_0/../../evil.txt",
                                  "C:/evil.txt"])
def test_zip_slip_is_rejected(argos_dirs, fake_package, name):
    path = fake_package(extra={name: b"gotcha"})
    with pytest.raises(PackageError, match="unsafe path"):
        packages.install_file(path)
    assert not (argos_dirs.root / "evil.txt").exists()
    assert leftovers(argos_dirs.packages) == []


def test_symlink_is_rejected(argos_dirs, fake_package):
    path = fake_package()
    with zipfile.ZipFile(path, "a") as archive:
        info = zipfile.ZipInfo("translate-en_ru-1_0/link")
        info.external_attr = 0o120777 << 16
        archive.writestr(info, "/etc/passwd")
    with pytest.raises(PackageError, match="symbolic link"):
        packages.install_file(path)


def test_zip_bomb_ratio_is_rejected(argos_dirs, fake_package):
    path = fake_package(extra={"translate-en_ru-1_0/model/zeros": b"\0" * (8 * 1024 * 1024)})
    with pytest.raises(PackageError, match="ratio"):
        packages.install_file(path)


def test_absurd_declared_size_is_rejected(argos_dirs, fake_package, monkeypatch):
    monkeypatch.setattr(packages, "MAX_UNPACKED_BYTES", 1000)
    with pytest.raises(PackageError, match="declares"):
        packages.install_file(fake_package())


def test_two_top_level_folders_are_rejected(argos_dirs, fake_package):
    with pytest.raises(PackageError, match="one top-level folder"):
        packages.install_file(fake_package(extra={"other/file": b"x"}))


def test_missing_metadata_is_rejected(argos_dirs, tmp_path):
    path = tmp_path / "nometa.argosmodel"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("p/model/model.bin", b"x")
        archive.writestr("p/sentencepiece.model", b"x")
    with pytest.raises(PackageError, match="metadata.json is missing"):
        packages.install_file(path)


def test_wrong_pair_is_rejected(argos_dirs, fake_package):
    with pytest.raises(PackageError, match="package is for en->ru, not en->kk"):
        packages.install_file(fake_package("en", "ru"), from_code="en", to_code="kk")


# ---------------------------------------------------------------- list, find, remove


def test_packages_installed_by_argospm_layout_are_seen(argos_dirs):
    directory = argos_dirs.packages / "translate-en_de-1_0"
    (directory / "model").mkdir(parents=True)
    (directory / "sentencepiece.model").write_bytes(b"x")
    (directory / "metadata.json").write_text(json.dumps({"from_code": "en", "to_code": "de",
                                                         "package_version": "1.0"}))
    (argos_dirs.packages / "not-a-package").mkdir()
    assert installed_pairs() == [("en", "de", "1.0")]


def test_remove(argos_dirs, fake_package):
    packages.install_file(fake_package("en", "ru"))
    packages.install_file(fake_package("ru", "en"))
    removed = packages.remove("en", "ru")
    assert [p.pair for p in removed] == ["en-ru"]
    assert installed_pairs() == [("ru", "en", "1.0")]
    assert leftovers(argos_dirs.packages) == ["translate-ru_en-1_0"]


def test_remove_missing_pair(argos_dirs):
    with pytest.raises(ModelNotFoundError, match="no package for en->ru"):
        packages.remove("en", "ru")


def test_find_route_direct(argos_dirs, fake_package):
    packages.install_file(fake_package("en", "ru"))
    assert [p.pair for p in packages.find_route("en", "ru")] == ["en-ru"]


def test_find_route_pivots_through_english(argos_dirs, fake_package):
    packages.install_file(fake_package("ru", "en"))
    packages.install_file(fake_package("en", "kk"))
    assert [p.pair for p in packages.find_route("ru", "kk")] == ["ru-en", "en-kk"]


def test_missing_model_without_index_names_both_commands(argos_dirs):
    with pytest.raises(ModelNotFoundError) as error:
        packages.find_route("en", "ru")
    message = str(error.value)
    assert "`atau models install en ru`" in message and "atau models pack" in message
    assert "\n" not in message


def test_missing_model_in_index_names_install(argos_dirs, index_server):
    index_server.put_index([index_server.entry("en", "ru", index_server.base + "x.argosmodel")])
    packages.update_index()
    with pytest.raises(ModelNotFoundError, match=r"install it with `atau models install en ru`$"):
        packages.find_route("en", "ru")


def test_missing_model_not_in_index_names_pack(argos_dirs, index_server):
    index_server.put_index([index_server.entry("en", "ru", index_server.base + "x.argosmodel")])
    packages.update_index()
    with pytest.raises(ModelNotFoundError, match="the package index has none; make one .*atau models pack"):
        packages.find_route("en", "kk")


# ---------------------------------------------------------------- index and download


def test_available_packages_from_the_index(argos_dirs, index_server):
    index_server.put_index([
        index_server.entry("en", "ru", index_server.base + "a.argosmodel", "1.9"),
        index_server.entry("en", "de", index_server.base + "b.argosmodel", "1.0"),
    ])
    found = packages.available_packages()
    assert [(p.from_code, p.to_code, p.version, p.name) for p in found] == [
        ("en", "de", "1.0", "translate-en_de"), ("en", "ru", "1.9", "translate-en_ru")]
    assert argos_dirs.index.is_file()


def test_index_unreachable_names_the_url(argos_dirs, refused_url):
    argos_dirs.set_index_url(refused_url)
    with pytest.raises(DownloadError, match=f"cannot reach {refused_url}index.json"):
        packages.available_packages()


def test_index_404(argos_dirs, index_server):
    with pytest.raises(DownloadError, match=r"index.json: HTTP error 404"):
        packages.available_packages()


def test_install_from_the_index(argos_dirs, index_server, fake_package):
    path = fake_package("en", "ru", "1.9")
    url = index_server.put("packages/en_ru.argosmodel", path.read_bytes())
    index_server.put_index([index_server.entry("en", "ru", url, "1.9", sha256=sha256_of(path))])
    seen = []
    package = packages.install("en", "ru", progress=lambda done, total: seen.append((done, total)))
    assert (package.from_code, package.to_code, package.version) == ("en", "ru", "1.9")
    assert seen[-1] == (path.stat().st_size, path.stat().st_size)
    assert list(argos_dirs.downloads.iterdir()) == []


def test_install_picks_the_newest_version(argos_dirs, index_server, fake_package):
    old = index_server.put("old.argosmodel", fake_package("en", "ru", "1.2").read_bytes())
    new = index_server.put("new.argosmodel", fake_package("en", "ru", "1.10").read_bytes())
    index_server.put_index([index_server.entry("en", "ru", new, "1.10"),
                            index_server.entry("en", "ru", old, "1.2")])
    assert packages.install("en", "ru").version == "1.10"


def test_truncated_download_fails_and_installs_nothing(argos_dirs, index_server, fake_package):
    url = index_server.put("en_ru.argosmodel", fake_package().read_bytes(), mode="truncate")
    index_server.put_index([index_server.entry("en", "ru", url)])
    with pytest.raises(DownloadError, match="truncated"):
        packages.install("en", "ru")
    assert installed_pairs() == [] and leftovers(argos_dirs.packages) == []
    assert list(argos_dirs.downloads.iterdir()) == []


def test_damaged_download_is_a_package_error(argos_dirs, index_server, fake_package):
    data = fake_package().read_bytes()
    url = index_server.put("en_ru.argosmodel", data[:-200])  # complete transfer, damaged file
    index_server.put_index([index_server.entry("en", "ru", url)])
    with pytest.raises(PackageError, match="translate-en_ru.argosmodel"):
        packages.install("en", "ru")
    assert installed_pairs() == []


def test_checksum_mismatch_fails(argos_dirs, index_server, fake_package):
    url = index_server.put("en_ru.argosmodel", fake_package().read_bytes())
    index_server.put_index([index_server.entry("en", "ru", url, sha256="0" * 64)])
    with pytest.raises(DownloadError, match="SHA-256"):
        packages.install("en", "ru")
    assert installed_pairs() == []


def test_package_404(argos_dirs, index_server):
    index_server.put_index([index_server.entry("en", "ru", index_server.base + "missing.argosmodel")])
    with pytest.raises(DownloadError, match="missing.argosmodel: HTTP error 404"):
        packages.install("en", "ru")


def test_package_connection_refused(argos_dirs, index_server, refused_url):
    index_server.put_index([index_server.entry("en", "ru", refused_url + "p.argosmodel")])
    with pytest.raises(DownloadError, match="cannot reach"):
        packages.install("en", "ru")


def test_second_link_is_used_when_the_first_fails(argos_dirs, index_server, fake_package):
    url = index_server.put("ok.argosmodel", fake_package().read_bytes())
    entry = index_server.entry("en", "ru", index_server.base + "gone.argosmodel")
    entry["links"].append(url)
    index_server.put_index([entry])
    assert packages.install("en", "ru").pair == "en-ru"


def test_pair_not_in_index(argos_dirs, index_server):
    index_server.put_index([])
    with pytest.raises(ModelNotFoundError, match="has no en->kk package; make one"):
        packages.install("en", "kk")


def test_failed_download_keeps_the_installed_version(argos_dirs, index_server, fake_package):
    packages.install_file(fake_package("en", "ru", "1.0"))
    url = index_server.put("en_ru.argosmodel", fake_package("en", "ru", "2.0").read_bytes(), mode="truncate")
    index_server.put_index([index_server.entry("en", "ru", url, "2.0")])
    with pytest.raises(DownloadError):
        packages.install("en", "ru")
    assert installed_pairs() == [("en", "ru", "1.0")]


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


def test_pack_writes_an_installable_package_with_prefixes(argos_dirs, ct2_like_model, tmp_path):
    model, spm = ct2_like_model
    out = packages.pack(model, spm, "en", "kk", tmp_path / "en_kk.argosmodel",
                        source_prefix="eng_Latn", target_prefix="kaz_Cyrl")
    package = packages.install_file(out)
    assert (package.from_code, package.to_code) == ("en", "kk")
    assert (package.source_prefix, package.source_suffix, package.target_prefix) == (
        "eng_Latn", "</s>", "kaz_Cyrl")
    assert (package.model_dir / "shared_vocabulary.json").is_file()


def test_pack_is_deterministic(ct2_like_model, tmp_path):
    model, spm = ct2_like_model
    a = packages.pack(model, spm, "en", "kk", tmp_path / "a.argosmodel", target_prefix="kaz_Cyrl")
    b = packages.pack(model, spm, "en", "kk", tmp_path / "b.argosmodel", target_prefix="kaz_Cyrl")
    assert a.read_bytes() == b.read_bytes()
    with zipfile.ZipFile(a) as archive:
        names = archive.namelist()
        assert names == sorted(names)
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_pack_without_source_prefix_adds_no_suffix(ct2_like_model, tmp_path):
    model, spm = ct2_like_model
    out = packages.pack(model, spm, "en", "ru", tmp_path / "x.argosmodel")
    metadata = packages.check_archive(out)
    assert "source_suffix" not in metadata and "target_prefix" not in metadata


def test_pack_rejects_a_prefix_not_in_the_vocabulary(ct2_like_model, tmp_path):
    model, spm = ct2_like_model
    with pytest.raises(PackageError, match="'kaz_cyrl' is not in the model's vocabulary .did you mean 'kaz_Cyrl'"):
        packages.pack(model, spm, "en", "kk", tmp_path / "x.argosmodel", target_prefix="kaz_cyrl")
    assert not (tmp_path / "x.argosmodel").exists()


def test_pack_rejects_a_directory_without_model(tmp_path, ct2_like_model):
    _, spm = ct2_like_model
    with pytest.raises(PackageError, match="no model.bin"):
        packages.pack(tmp_path, spm, "en", "kk", tmp_path / "x.argosmodel")


def test_pack_rejects_a_bad_sentencepiece_model(ct2_like_model, tmp_path):
    model, _ = ct2_like_model
    bad = tmp_path / "bad.model"
    bad.write_bytes(b"nope")
    with pytest.raises(PackageError, match="not a SentencePiece model"):
        packages.pack(model, bad, "en", "kk", tmp_path / "x.argosmodel")
