"""Routes between languages and the missing-model hint
(toolkit.mt.packages.route)."""

from __future__ import annotations

import pytest

from toolkit.errors import ModelNotFoundError
from toolkit.mt.packages import route
from toolkit.mt.packages.archive import install_file
from toolkit.mt.packages.index import update_index


def test_find_route_direct(argos_dirs, fake_package):
    install_file(fake_package("en", "ru"))
    assert [p.pair for p in route.find_route("en", "ru")] == ["en-ru"]


def test_find_route_pivots_through_english(argos_dirs, fake_package):
    install_file(fake_package("ru", "en"))
    install_file(fake_package("en", "kk"))
    assert [p.pair for p in route.find_route("ru", "kk")] == ["ru-en", "en-kk"]


def test_missing_model_without_index_names_both_commands(argos_dirs):
    with pytest.raises(ModelNotFoundError) as error:
        route.find_route("en", "ru")
    message = str(error.value)
    assert "`atau models install en ru`" in message and "atau models pack" in message
    assert "\n" not in message


def test_missing_model_in_index_names_install(argos_dirs, index_server):
    index_server.put_index([index_server.entry("en", "ru", index_server.base + "x.argosmodel")])
    update_index()
    with pytest.raises(ModelNotFoundError, match=r"install it with `atau models install en ru`$"):
        route.find_route("en", "ru")


def test_missing_model_not_in_index_names_pack(argos_dirs, index_server):
    index_server.put_index([index_server.entry("en", "ru", index_server.base + "x.argosmodel")])
    update_index()
    with pytest.raises(ModelNotFoundError, match="the package index has none; make one .*atau models pack"):
        route.find_route("en", "de")


@pytest.mark.parametrize("with_index", [False, True])
def test_missing_kazakh_model_says_the_index_has_none_and_how_to_pack(argos_dirs, index_server, with_index):
    if with_index:
        index_server.put_index([index_server.entry("en", "ru", index_server.base + "x.argosmodel")])
        update_index()
    with pytest.raises(ModelNotFoundError) as error:
        route.find_route("en", "kk")
    message = str(error.value)
    assert message.startswith("no installed model translates en→kk, and the Argos package index has no Kazakh model")
    assert "--source-prefix eng_Latn --target-prefix kaz_Cyrl -o en_kk.argosmodel" in message
    assert "`atau models install en_kk.argosmodel`" in message


def test_kazakh_index_entry_wins_over_packing_advice(argos_dirs, index_server):
    index_server.put_index([index_server.entry("en", "kk", index_server.base + "x.argosmodel")])
    update_index()
    with pytest.raises(ModelNotFoundError, match=r"install it with `atau models install en kk`$"):
        route.find_route("en", "kk")
