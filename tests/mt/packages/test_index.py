"""The package index and downloads (toolkit.mt.packages.index), and
installing from the index, against servers on 127.0.0.1."""

from __future__ import annotations

import contextlib
import json
import os
import time

import pytest

from tests.conftest import installed_pairs, leftovers, sha256_of
from toolkit.errors import DownloadError, ModelNotFoundError, PackageError
from toolkit.mt.packages import index
from toolkit.mt.packages.archive import install, install_file
from toolkit.mt.packages.index import AvailablePackage

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
    with pytest.raises(PackageError, match=r"/\.atau-download-translate-en_ru-\w+\.argosmodel: not a valid package"):
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


# ---------------------------------------------------------------- a hostile or broken index


@pytest.mark.parametrize("link", ["file:///dev/zero", "ftp://127.0.0.1:9/en_ru.argosmodel",
                                  "data:,PK",
                                  "/dev/zero", "http://"])
def test_only_http_links_are_followed(argos_dirs, index_server, fake_package, link):
    good = index_server.put("en_de.argosmodel", fake_package("en", "de").read_bytes())
    index_server.put_index([index_server.entry("en", "ru", link), index_server.entry("en", "de", good)])
    found = index.load_index()
    assert [(p.from_code, p.to_code) for p in found.packages] == [("en", "de")]
    assert [f.message for f in found.skipped] == [f"entry 1: link {link!r} is not an http(s) URL"]
    with pytest.raises(DownloadError) as error:
        install("en", "ru")
    assert str(error.value) == (f"{index_server.base}index.json: the package index's en->ru package is "
                                f"unusable: entry 1: link {link!r} is not an http(s) URL")
    assert installed_pairs() == [] and list(argos_dirs.downloads.iterdir()) == []
    assert index_server.requests == ["/index.json", "/index.json"]  # nothing else was fetched


def test_download_refuses_a_link_that_is_not_http(argos_dirs):
    package = AvailablePackage("en", "ru", "1.0", "translate-en_ru", ("file:///dev/zero",))
    with pytest.raises(DownloadError, match=r"^'file:///dev/zero': only http and https URLs are fetched$"):
        index.download(package, argos_dirs.downloads)
    assert list(argos_dirs.downloads.iterdir()) == []


@pytest.mark.parametrize("target", ["ftp://127.0.0.1:9/en_ru.argosmodel", "file:///dev/zero", "data:,PK"])
def test_a_redirect_to_another_scheme_is_refused(argos_dirs, index_server, target):
    url = index_server.put("en_ru.argosmodel", target.encode(), mode="redirect")
    index_server.put_index([index_server.entry("en", "ru", url)])
    with pytest.raises(DownloadError, match=f"^{url}: redirected to '{target}', "
                                            "which is not an http\\(s\\) URL; refused$"):
        install("en", "ru")
    assert list(argos_dirs.downloads.iterdir()) == []


def test_an_endless_download_stops_at_the_ceiling(argos_dirs, index_server, monkeypatch):
    monkeypatch.setattr(index, "MAX_DOWNLOAD_BYTES", 3 * 1024 ** 2)
    url = index_server.put("en_ru.argosmodel", b"PK" * 32768, mode="endless")
    index_server.put_index([index_server.entry("en", "ru", url)])
    with pytest.raises(DownloadError, match=f"^{url}: larger than Atau's limit for a package download "
                                            f"\\(3145728 bytes\\); stopped$"):
        install("en", "ru")
    assert list(argos_dirs.downloads.iterdir()) == [] and installed_pairs() == []


def test_a_download_stops_at_the_size_the_index_gives(argos_dirs, index_server):
    url = index_server.put("en_ru.argosmodel", b"PK" * 32768, mode="endless")
    index_server.put_index([index_server.entry("en", "ru", url, size=100_000)])
    with pytest.raises(DownloadError, match=f"^{url}: larger than the size the package index gives "
                                            f"\\(100000 bytes\\); stopped$"):
        install("en", "ru")
    assert list(argos_dirs.downloads.iterdir()) == []


def test_a_length_above_the_size_the_index_gives_is_refused_before_reading(argos_dirs, index_server):
    url = index_server.put("en_ru.argosmodel", b"x" * 5000)
    index_server.put_index([index_server.entry("en", "ru", url, size=1000)])
    with pytest.raises(DownloadError, match=f"^{url}: the server announces 5000 bytes, more than the size "
                                            f"the package index gives \\(1000\\)$"):
        install("en", "ru")


def test_a_slow_server_meets_the_overall_deadline(argos_dirs, index_server):
    """One byte every 0.25 s: no single read times out (timeout 30 s, however loaded the machine), the
    whole download does (deadline 1 s), long before the 400 bytes are sent."""
    url = index_server.put("slow.argosmodel", b"x" * 400, mode="slow", delay=0.25)
    package = AvailablePackage("en", "ru", "1.0", "translate-en_ru", (url,))
    with pytest.raises(DownloadError, match=f"^{url}: not complete after 1 s \\((\\d+) bytes\\); gave up$") as error:
        index.download(package, argos_dirs.downloads, timeout=30, deadline=1)
    assert int(error.value.args[0].rsplit("(", 1)[1].split()[0]) < 400
    assert list(argos_dirs.downloads.iterdir()) == []


def test_an_endless_index_is_cut_at_its_cap(argos_dirs, index_server, monkeypatch):
    monkeypatch.setattr(index, "MAX_INDEX_BYTES", 64 * 1024)
    index_server.put("index.json", b"[" + b" " * 8192, mode="endless")
    with pytest.raises(DownloadError, match="index.json: larger than the limit for a package index "
                                            "\\(65536 bytes\\); stopped$"):
        index.load_index()
    assert not argos_dirs.index.exists()


def test_a_cached_index_above_the_cap_is_not_read(argos_dirs, monkeypatch):
    monkeypatch.setattr(index, "MAX_INDEX_BYTES", 1024)
    argos_dirs.index.write_text("[" + " " * 2000 + "]")
    with pytest.raises(DownloadError, match=f"^{argos_dirs.index}: the package index is larger than 1024 bytes$"):
        index.load_index(refresh=False)


MALFORMED = [
    ({"links": "http://127.0.0.1:9/a.argosmodel"},
     "links must be a list of URLs, not 'http://127.0.0.1:9/a.argosmodel'"),
    ({"links": [5]}, "links must be a list of URLs, not [5]"),
    ({"links": ["http://127.0.0.1:9/\x1b[2J"]}, "link 'http://127.0.0.1:9/\\x1b[2J' is not an http(s) URL"),
    ({"links": []}, "no download link"),
    ({"links": ["http://127.0.0.1:9/a"] * 11}, "11 download links (at most 10)"),
    ({"sha256": 12345}, "sha256 12345 is not 64 hexadecimal digits"),
    ({"from_code": 5}, "from_code 5 is not a language code"),
    ({"to_code": "ru/../../x"}, "to_code 'ru/../../x' is not a language code"),
    ({"type": "../x"}, "type '../x' is not a package type"),
    ({"from_name": ["English"]}, "from_name must be a string, not ['English']"),
    ({"package_version": {"major": 1}}, "package_version must be a string, not {'major': 1}"),
    ({"size": -1}, "size -1 is not a number of bytes"),
    ({"size": True}, "size True is not a number of bytes"),
]


@pytest.mark.parametrize("change, reason", MALFORMED, ids=[r.split()[0] + "-" + str(i) for i, (_, r) in
                                                         enumerate(MALFORMED)])
def test_a_malformed_entry_is_skipped_and_reported(argos_dirs, index_server, change, reason):
    bad = {**index_server.entry("en", "ru", index_server.base + "a.argosmodel"), **change}
    index_server.put_index([index_server.entry("en", "de", index_server.base + "b.argosmodel"), bad])
    found = index.load_index()
    assert [(p.from_code, p.to_code) for p in found.packages] == [("en", "de")]
    assert [(f.code, f.severity, f.segment, f.message) for f in found.skipped] == [
        ("index-entry", "warning", 1, f"entry 2: {reason}")]


def test_entries_that_are_not_objects_are_skipped(argos_dirs, index_server):
    index_server.put("index.json", b'[1, "two", null, [3]]')
    found = index.load_index()
    assert found.packages == ()
    assert [f.message for f in found.skipped] == ["entry 1: not an object but int", "entry 2: not an object but str",
                                                  "entry 3: not an object but NoneType",
                                                  "entry 4: not an object but list"]


def test_a_deeply_nested_entry_is_skipped_and_the_others_kept(argos_dirs, index_server):
    good = json.dumps(index_server.entry("en", "de", index_server.base + "b.argosmodel")).encode()
    deep = b'{"from_code": "en", "x": ' + b"[" * 200_000 + b'"]"' + b"]" * 200_000 + b"}"
    index_server.put("index.json", b"[" + deep + b", " + good + b"]")
    found = index.load_index()
    assert [(p.from_code, p.to_code) for p in found.packages] == [("en", "de")]
    assert [f.message for f in found.skipped] == ["entry 1: nested too deeply"]


def test_an_index_nested_200k_deep_has_no_packages(argos_dirs, index_server):
    index_server.put("index.json", b"[" * 200_000 + b"]" * 200_000)
    found = index.load_index()
    assert found.packages == () and [f.message for f in found.skipped] == ["entry 1: nested too deeply"]


@pytest.mark.parametrize("data, message", [
    (b'{"packages": []}', "the package index is not a list of packages"),
    (b"[{}, ", "the package index is not valid JSON"),
    (b"[{}] x", "the package index is not valid JSON \\(extra data"),
    (b"[" * 200_000, "the package index is not valid JSON \\(unterminated\\)"),
    (b"\xff[]", "the package index is not valid JSON"),
])
def test_an_index_that_is_not_a_json_list_is_one_error(argos_dirs, index_server, data, message):
    index_server.put("index.json", data)
    with pytest.raises(DownloadError, match=f"^{index_server.base}index.json: {message}"):
        index.load_index()


def test_stale_download_files_of_ours_are_swept(argos_dirs, index_server, fake_package):
    old = time.time() - 7200
    stale = argos_dirs.downloads / ".atau-download-translate-en_ru-k1.part"
    fresh = argos_dirs.downloads / ".atau-download-translate-en_ru-k2.part"  # a download running now
    argos = argos_dirs.downloads / "translate-en_ru.argosmodel"  # argospm's, not ours
    for path in (stale, fresh, argos):
        path.write_bytes(b"partial")
    os.utime(stale, (old, old))
    os.utime(argos, (old, old))
    url = index_server.put("en_ru.argosmodel", fake_package().read_bytes())
    index_server.put_index([index_server.entry("en", "ru", url)])
    install("en", "ru")
    assert leftovers(argos_dirs.downloads) == [fresh.name, argos.name]


def test_concurrent_downloads_have_their_own_files(argos_dirs, index_server, fake_package):
    url = index_server.put("en_ru.argosmodel", fake_package().read_bytes())
    package = AvailablePackage("en", "ru", "1.0", "translate-en_ru", (url,))
    first = index.download(package, argos_dirs.downloads)
    second = index.download(package, argos_dirs.downloads)
    assert first != second and first.read_bytes() == second.read_bytes()
    assert first.name.startswith(".atau-download-translate-en_ru-") and first.suffix == ".argosmodel"


@pytest.mark.parametrize("status_line, shown", [
    (b"HTTP/1.0 404 \x1b]0;owned\x07\r\n", "HTTP error 404 \\x1b]0;owned\\x07"),
    (b"\x1b[2J\x9b31m garbage\r\n", "download failed (BadStatusLine: \\x1b[2J\\x9b31m garbage"),
])
def test_what_a_server_says_is_escaped(argos_dirs, status_line, shown):
    """A server's reason phrase or status line reaches the error message
    with its control characters escaped."""
    import socket
    import threading

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(30)

    def answer_once():
        with contextlib.suppress(OSError), listener:
            connection, _ = listener.accept()
            with connection:
                connection.recv(65536)
                connection.sendall(status_line + b"Content-Length: 0\r\n\r\n")

    thread = threading.Thread(target=answer_once, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/p.argosmodel"
    package = AvailablePackage("en", "ru", "1.0", "translate-en_ru", (url,))
    with pytest.raises(DownloadError) as error:
        index.download(package, argos_dirs.downloads, timeout=10)
    thread.join(timeout=30)
    assert shown in str(error.value) and str(error.value).isprintable()
