"""Installed packages (toolkit.mt.packages.local): locations, listing,
removal, leftovers of killed installs."""

from __future__ import annotations

import json
import os
import time
import zipfile

import pytest

from tests.conftest import installed_pairs, leftovers
from toolkit.errors import ModelNotFoundError, PackageError
from toolkit.mt.packages import local
from toolkit.mt.packages.archive import install_file

# ---------------------------------------------------------------- locations


def test_locations_follow_argostranslate_settings(argos_dirs):
    locs = local.locations()
    assert locs.install_dir == argos_dirs.packages
    assert locs.index_path == argos_dirs.index
    assert locs.index_url == "http://127.0.0.1:9/index.json"


def test_install_deletes_folders_a_killed_install_left_but_not_fresh_ones(argos_dirs, fake_package):
    argos_dirs.packages.mkdir(parents=True, exist_ok=True)
    stale = [argos_dirs.packages / name for name in (".atau-install-k1", ".atau-old-k2", ".atau-remove-k3")]
    for folder in stale:
        (folder / "p").mkdir(parents=True)
        (folder / "p" / "model.bin").write_bytes(b"x" * 100)
        os.utime(folder, (time.time() - 7200, time.time() - 7200))
    fresh = argos_dirs.packages / ".atau-install-running"  # another process installing right now
    fresh.mkdir()
    install_file(fake_package("en", "ru", "1.1"))
    assert leftovers(argos_dirs.packages) == [".atau-install-running", "translate-en_ru-1_1"]


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
    install_file(fake_package("en", "ru"))
    install_file(fake_package("ru", "en"))
    removed = local.remove("en", "ru")
    assert [p.pair for p in removed] == ["en-ru"]
    assert installed_pairs() == [("ru", "en", "1.0")]
    assert leftovers(argos_dirs.packages) == ["translate-ru_en-1_0"]


def test_remove_missing_pair(argos_dirs):
    with pytest.raises(ModelNotFoundError, match="no package for en->ru"):
        local.remove("en", "ru")


# ---------------------------------------------------------------- a swap killed halfway


def _killed_swap(install_dir, new: str, old: list[str], moved: list[str]):
    """What a swap killed halfway leaves: the journal, and ``moved`` (of
    ``old``) in the aside folder."""
    aside = install_dir / ".atau-old-killed"
    (aside / "old").mkdir(parents=True)
    (aside / "swap.json").write_text(json.dumps({"new": new, "old": old}))
    for name in moved:
        os.rename(install_dir / name, aside / "old" / name)
    return aside


def test_a_swap_killed_between_the_renames_gets_the_old_package_back(argos_dirs, fake_package):
    install_file(fake_package("en", "ru", "1.0"))
    aside = _killed_swap(argos_dirs.packages, "translate-en_ru-2_0", ["translate-en_ru-1_0"],
                         ["translate-en_ru-1_0"])
    assert installed_pairs() == [("en", "ru", "1.0")]
    assert not aside.exists() and leftovers(argos_dirs.packages) == ["translate-en_ru-1_0"]


def test_a_swap_killed_after_the_renames_keeps_the_new_package(argos_dirs, fake_package):
    install_file(fake_package("en", "ru", "1.0"))
    aside = _killed_swap(argos_dirs.packages, "translate-en_ru-2_0", ["translate-en_ru-1_0"],
                         ["translate-en_ru-1_0"])
    with zipfile.ZipFile(fake_package("en", "ru", "2.0")) as new:  # the second rename was done
        new.extractall(argos_dirs.packages)
    assert installed_pairs() == [("en", "ru", "2.0")]
    assert not aside.exists() and leftovers(argos_dirs.packages) == ["translate-en_ru-2_0"]


def test_a_swap_killed_before_the_first_rename_changes_nothing(argos_dirs, fake_package):
    install_file(fake_package("en", "ru", "1.0"))
    aside = _killed_swap(argos_dirs.packages, "translate-en_ru-2_0", ["translate-en_ru-1_0"], [])
    assert installed_pairs() == [("en", "ru", "1.0")] and not aside.exists()


def test_an_old_package_whose_name_is_taken_meanwhile_is_kept_aside(argos_dirs, fake_package):
    install_file(fake_package("en", "ru", "1.0"))
    aside = _killed_swap(argos_dirs.packages, "translate-en_ru-2_0", ["translate-en_ru-1_0"],
                         ["translate-en_ru-1_0"])
    (argos_dirs.packages / "translate-en_ru-1_0").mkdir()  # someone's folder, made after the kill
    assert installed_pairs() == []
    assert (aside / "old" / "translate-en_ru-1_0" / "metadata.json").is_file()
    assert local.sweep_leftovers(argos_dirs.packages, now=time.time() + 2 * local.LEFTOVER_AGE) == []


def test_recovery_waits_for_a_running_install_then_reads_as_is(argos_dirs, fake_package, monkeypatch):
    from filelock import FileLock

    install_file(fake_package("en", "ru", "1.0"))
    _killed_swap(argos_dirs.packages, "translate-en_ru-2_0", ["translate-en_ru-1_0"], ["translate-en_ru-1_0"])
    monkeypatch.setattr(local, "RECOVERY_LOCK_TIMEOUT", 0.1)
    with FileLock(str(argos_dirs.packages / ".atau.lock")):  # another process swapping
        assert installed_pairs() == []
    assert installed_pairs() == [("en", "ru", "1.0")]


def test_a_held_lock_is_one_error_for_remove(argos_dirs, fake_package, monkeypatch):
    from filelock import FileLock

    install_file(fake_package("en", "ru", "1.0"))
    monkeypatch.setattr(local, "LOCK_TIMEOUT", 0.1)
    lock = argos_dirs.packages / ".atau.lock"
    with FileLock(str(lock)), pytest.raises(PackageError) as error:
        local.remove("en", "ru")
    assert str(error.value) == f"{argos_dirs.packages}: the package folder is locked by another process ({lock})"
    assert installed_pairs() == [("en", "ru", "1.0")]


def test_metadata_of_the_wrong_type_is_not_a_package(argos_dirs):
    directory = argos_dirs.packages / "translate-en_ru-1_0"
    (directory / "model").mkdir(parents=True)
    (directory / "sentencepiece.model").write_bytes(b"x")
    (directory / "metadata.json").write_text(json.dumps({"from_code": "en", "to_code": "ru",
                                                         "target_prefix": {"rus_Cyrl": 1}}))
    with pytest.raises(PackageError, match="metadata.json: target_prefix must be a string, not an object$"):
        local.read_package(directory)
    assert installed_pairs() == []
