"""The package index and downloads (toolkit.mt.packages.index), and
installing from the index, against servers on 127.0.0.1."""

from __future__ import annotations

import pytest

from tests.conftest import installed_pairs, leftovers, sha256_of
from toolkit.errors import DownloadError, ModelNotFoundError, PackageError
from toolkit.mt.packages import index
from toolkit.mt.packages.archive import install, install_file

# ---------------------------------------------------------------- index and download


def test_available_packages_from_the_index(argos_dirs, index_server):
    index_server.put_index([
        index_server.entry("en", "ru", index_server.base + "a.argosmodel", "1.9"),
        index_server.entry("en", "de", index_server.base + "b.argosmodel", "1.0"),
    ])
    found = index.available_packages()
    assert [(p.from_code, p.to_code, p.version, p.name) for p in found] == [
        ("en", "de", "1.0", "translate-en_de"), ("en", "ru", "1.9", "translate-en_ru")]
    assert argos_dirs.index.is_file()


def test_index_unreachable_names_the_url(argos_dirs, refused_url):
    argos_dirs.set_index_url(refused_url)
    with pytest.raises(DownloadError, match=f"cannot reach {refused_url}index.json"):
        index.available_packages()


def test_index_404(argos_dirs, index_server):
    with pytest.raises(DownloadError, match=r"index.json: HTTP error 404"):
        index.available_packages()


def test_install_from_the_index(argos_dirs, index_server, fake_package):
    path = fake_package("en", "ru", "1.9")
    url = index_server.put("packages/en_ru.argosmodel", path.read_bytes())
    index_server.put_index([index_server.entry("en", "ru", url, "1.9", sha256=sha256_of(path))])
    seen = []
    package = install("en", "ru", progress=lambda done, total: seen.append((done, total)))
    assert (package.from_code, package.to_code, package.version) == ("en", "ru", "1.9")
    assert seen[-1] == (path.stat().st_size, path.stat().st_size)
    assert list(argos_dirs.downloads.iterdir()) == []


def test_install_picks_the_newest_version(argos_dirs, index_server, fake_package):
    old = index_server.put("old.argosmodel", fake_package("en", "ru", "1.2").read_bytes())
    new = index_server.put("new.argosmodel", fake_package("en", "ru", "1.10").read_bytes())
    index_server.put_index([index_server.entry("en", "ru", new, "1.10"),
                            index_server.entry("en", "ru", old, "1.2")])
    assert install("en", "ru").version == "1.10"


def test_truncated_download_fails_and_installs_nothing(argos_dirs, index_server, fake_package):
    url = index_server.put("en_ru.argosmodel", fake_package().read_bytes(), mode="truncate")
    index_server.put_index([index_server.entry("en", "ru", url)])
    with pytest.raises(DownloadError, match="truncated"):
        install("en", "ru")
    assert installed_pairs() == [] and leftovers(argos_dirs.packages) == []
    assert list(argos_dirs.downloads.iterdir()) == []


def test_damaged_download_is_a_package_error(argos_dirs, index_server, fake_package):
    data = fake_package().read_bytes()
    url = index_server.put("en_ru.argosmodel", data[:-200])  # complete transfer, damaged file
    index_server.put_index([index_server.entry("en", "ru", url)])
    with pytest.raises(PackageError, match="translate-en_ru.argosmodel"):
        install("en", "ru")
    assert installed_pairs() == []


def test_checksum_mismatch_fails(argos_dirs, index_server, fake_package):
    url = index_server.put("en_ru.argosmodel", fake_package().read_bytes())
    index_server.put_index([index_server.entry("en", "ru", url, sha256="0" * 64)])
    with pytest.raises(DownloadError, match="SHA-256"):
        install("en", "ru")
    assert installed_pairs() == []


def test_package_404(argos_dirs, index_server):
    index_server.put_index([index_server.entry("en", "ru", index_server.base + "missing.argosmodel")])
    with pytest.raises(DownloadError, match="missing.argosmodel: HTTP error 404"):
        install("en", "ru")


def test_package_connection_refused(argos_dirs, index_server, refused_url):
    index_server.put_index([index_server.entry("en", "ru", refused_url + "p.argosmodel")])
    with pytest.raises(DownloadError, match="cannot reach"):
        install("en", "ru")


def test_second_link_is_used_when_the_first_fails(argos_dirs, index_server, fake_package):
    url = index_server.put("ok.argosmodel", fake_package().read_bytes())
    entry = index_server.entry("en", "ru", index_server.base + "gone.argosmodel")
    entry["links"].append(url)
    index_server.put_index([entry])
    assert install("en", "ru").pair == "en-ru"


def test_pair_not_in_index(argos_dirs, index_server):
    index_server.put_index([])
    with pytest.raises(ModelNotFoundError, match="has no en->kk package; make one"):
        install("en", "kk")


def test_failed_download_keeps_the_installed_version(argos_dirs, index_server, fake_package):
    install_file(fake_package("en", "ru", "1.0"))
    url = index_server.put("en_ru.argosmodel", fake_package("en", "ru", "2.0").read_bytes(), mode="truncate")
    index_server.put_index([index_server.entry("en", "ru", url, "2.0")])
    with pytest.raises(DownloadError):
        install("en", "ru")
    assert installed_pairs() == [("en", "ru", "1.0")]
