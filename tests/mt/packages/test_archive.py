"""Installing package files (toolkit.mt.packages.archive): safety checks,
extraction, replacing the previous version."""

from __future__ import annotations

import zipfile

import pytest

from tests.conftest import installed_pairs, leftovers
from toolkit.errors import PackageError
from toolkit.mt.packages import archive
from toolkit.mt.packages.archive import install_file

# ---------------------------------------------------------------- install from a file


def test_install_file(argos_dirs, fake_package):
    package = install_file(fake_package("en", "ru", "1.1"))
    assert package.path == argos_dirs.packages / "translate-en_ru-1_1"
    assert installed_pairs() == [("en", "ru", "1.1")]


def test_install_file_replaces_the_previous_version(argos_dirs, fake_package):
    install_file(fake_package("en", "ru", "1.0"))
    install_file(fake_package("en", "ru", "1.2"))
    assert installed_pairs() == [("en", "ru", "1.2")]
    assert leftovers(argos_dirs.packages) == ["translate-en_ru-1_2"]


def test_damaged_zip_is_a_package_error_naming_the_file(argos_dirs, fake_package, tmp_path):
    good = fake_package().read_bytes()
    damaged = tmp_path / "damaged.argosmodel"
    damaged.write_bytes(good[: len(good) // 2])
    with pytest.raises(PackageError) as error:
        install_file(damaged)
    assert str(damaged) in str(error.value)
    assert installed_pairs() == [] and leftovers(argos_dirs.packages) == []


def test_corrupted_member_fails_and_keeps_the_previous_install(argos_dirs, fake_package, tmp_path):
    install_file(fake_package("en", "ru", "1.0"))
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
        install_file(corrupt)
    assert installed_pairs() == [("en", "ru", "1.0")]
    assert leftovers(argos_dirs.packages) == ["translate-en_ru-1_0"]


def test_not_a_zip(argos_dirs, tmp_path):
    path = tmp_path / "x.argosmodel"
    path.write_text("hello")
    with pytest.raises(PackageError, match="not a valid package"):
        install_file(path)


@pytest.mark.parametrize("name", ["../evil.txt", "/abs/evil.txt", "translate-en_ru-1_0/../../evil.txt",
                                  "C:/evil.txt"])
def test_zip_slip_is_rejected(argos_dirs, fake_package, name):
    path = fake_package(extra={name: b"gotcha"})
    with pytest.raises(PackageError, match="unsafe path"):
        install_file(path)
    assert not (argos_dirs.root / "evil.txt").exists()
    assert leftovers(argos_dirs.packages) == []


def test_a_control_character_in_a_name_is_rejected(argos_dirs, fake_package):
    path = fake_package(extra={"translate-en_ru-1_0/\x1b]0;owned\x07": b"x"})
    with pytest.raises(PackageError, match=r"unsafe path in archive: 'translate-en_ru-1_0/\\x1b\]0;owned\\x07'$"):
        install_file(path)
    assert leftovers(argos_dirs.packages) == []


def test_a_control_character_in_a_language_code_is_rejected(argos_dirs, fake_package):
    with pytest.raises(PackageError, match="from_code and to_code must be language codes"):
        install_file(fake_package(top="translate-x", metadata={"from_code": "en\x1b[2J"}))


def test_symlink_is_rejected(argos_dirs, fake_package):
    path = fake_package()
    with zipfile.ZipFile(path, "a") as archive:
        info = zipfile.ZipInfo("translate-en_ru-1_0/link")
        info.external_attr = 0o120777 << 16
        archive.writestr(info, "/etc/passwd")
    with pytest.raises(PackageError, match="symbolic link"):
        install_file(path)


def test_zip_bomb_ratio_is_rejected(argos_dirs, fake_package):
    path = fake_package(extra={"translate-en_ru-1_0/model/zeros": b"\0" * (8 * 1024 * 1024)})
    with pytest.raises(PackageError, match="ratio"):
        install_file(path)


def test_absurd_declared_size_is_rejected(argos_dirs, fake_package, monkeypatch):
    monkeypatch.setattr(archive, "MAX_UNPACKED_BYTES", 1000)
    with pytest.raises(PackageError, match="declares"):
        install_file(fake_package())


def test_two_top_level_folders_are_rejected(argos_dirs, fake_package):
    with pytest.raises(PackageError, match="one top-level folder"):
        install_file(fake_package(extra={"other/file": b"x"}))


def test_missing_metadata_is_rejected(argos_dirs, tmp_path):
    path = tmp_path / "nometa.argosmodel"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("p/model/model.bin", b"x")
        archive.writestr("p/sentencepiece.model", b"x")
    with pytest.raises(PackageError, match="metadata.json is missing"):
        install_file(path)


def test_wrong_pair_is_rejected(argos_dirs, fake_package):
    with pytest.raises(PackageError, match="package is for en->ru, not en->kk"):
        install_file(fake_package("en", "ru"), from_code="en", to_code="kk")


# ---------------------------------------------------------------- an install never loses a working package

TOP_2 = "translate-en_ru-2_0"


@pytest.mark.parametrize("member, data, reason", [
    ("model/model.bin", b"not a model " * 50, "Unsupported model binary version"),
    ("model/model.bin", None, "has an invalid payload size"),  # None: the real one, truncated
    ("model/config.json", b"{garbage", "parse error"),
    ("sentencepiece.model", b"not a tokenizer", "could not parse ModelProto"),
    ("model/shared_vocabulary.json", b"[]", "Invalid token ID"),
])
def test_a_package_that_does_not_load_or_translate_is_refused(argos_dirs, fake_package, member, data, reason):
    installed = install_file(fake_package("en", "ru", "1.0"))
    with zipfile.ZipFile(fake_package("en", "ru", "2.0")) as good:
        real = good.read(f"{TOP_2}/{member}")
    broken = fake_package("en", "ru", "2.0", extra={f"{TOP_2}/{member}": real[: len(real) // 2]
                                                    if data is None else data})
    with pytest.raises(PackageError, match=f"^{broken}: the package does not load or translate: .*{reason}"):
        install_file(broken)
    assert installed_pairs() == [("en", "ru", "1.0")]
    assert leftovers(argos_dirs.packages) == [installed.name]


def test_a_special_token_of_the_wrong_type_is_refused_naming_the_field(argos_dirs, fake_package):
    install_file(fake_package("en", "ru", "1.0"))
    path = fake_package("en", "ru", "2.0", metadata={"source_prefix": ["eng_Latn"]})
    with pytest.raises(PackageError, match=f"^{path}: {TOP_2}/metadata.json: source_prefix must be a string, "
                                           "not a list$"):
        install_file(path)
    assert installed_pairs() == [("en", "ru", "1.0")]


def test_a_prefix_token_the_model_lacks_is_refused_naming_the_field(argos_dirs, fake_package):
    install_file(fake_package("en", "ru", "1.0"))
    path = fake_package("en", "ru", "2.0", metadata={"target_prefix": "rus_Cyrl"})
    with pytest.raises(PackageError, match=f"^{path}: metadata.json: target_prefix 'rus_Cyrl' is not in the "
                                           "model's vocabulary"):
        install_file(path)
    assert installed_pairs() == [("en", "ru", "1.0")]


def test_a_folder_that_is_not_a_package_is_never_replaced(argos_dirs, fake_package):
    folder = argos_dirs.packages / "translate-en_ru-1_0"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    with pytest.raises(PackageError, match=f"^{folder}: the package folder already has a folder "
                                           "'translate-en_ru-1_0' that is not an installed package; move it "
                                           "away, or pack this package under another name"):
        install_file(fake_package("en", "ru", "1.0"))
    assert (folder / "notes.txt").read_text() == "mine" and sorted(p.name for p in folder.iterdir()) == ["notes.txt"]
    assert leftovers(argos_dirs.packages) == ["translate-en_ru-1_0"]


def test_a_bomb_beside_a_real_model_is_caught_by_its_own_ratio(argos_dirs, fake_package):
    """The whole archive's ratio stays low (the model hardly compresses):
    the entry's own ratio gives it away."""
    path = fake_package(extra={"translate-en_ru-1_0/model/zeros": b"\0" * (2 * 1024 ** 2)})
    with pytest.raises(PackageError, match="ratio above 200:1 \\(zip bomb\\?\\): 'translate-en_ru-1_0/model/zeros'"):
        install_file(path)
    assert leftovers(argos_dirs.packages) == []


def test_what_a_loader_quotes_from_a_package_is_escaped_and_cut(argos_dirs, fake_package, monkeypatch):
    from toolkit.mt.packages import verify

    def engine(*_args, **_kwargs):
        raise RuntimeError("bad byte \x1b]0;owned\x07 " + "x" * 400)

    monkeypatch.setattr(verify, "Engine", engine)
    path = fake_package()
    with pytest.raises(PackageError) as error:
        install_file(path)
    assert str(error.value).startswith(f"{path}: the package does not load or translate: "
                                       "bad byte \\x1b]0;owned\\x07 xxx")
    assert str(error.value).endswith("x…") and len(error.value.message) < 360
