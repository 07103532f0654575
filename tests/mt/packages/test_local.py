"""Installed packages (toolkit.mt.packages.local): locations, listing,
removal, leftovers of killed installs."""

from __future__ import annotations

import json
import os
import time

import pytest

from tests.conftest import installed_pairs, leftovers
from toolkit.errors import ModelNotFoundError
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
