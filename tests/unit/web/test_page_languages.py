"""The pages' seven languages: one list with the services, names in their own language, negotiation, fallback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from services.gateway.web import i18n
from services.gateway.web.render import _fill, bdi, isolate_numbers, ltr
from shared import i18n as shared_i18n


def test_the_pages_offer_the_seven_languages_of_the_services_each_named_in_itself():
    assert tuple(lang.code for lang in i18n.LANGUAGES) == shared_i18n.LANGUAGES
    names = {lang.code: lang.name for lang in i18n.LANGUAGES}
    assert names == {"sv": "Svenska", "en": "English", "ar": "العربية", "so": "Soomaali", "ti": "ትግርኛ",
                     "fa": "فارسی / دری", "uk": "Українська"}  # fmt: skip
    assert {lang.code for lang in i18n.LANGUAGES if lang.dir == "rtl"} == {"ar", "fa"}


@pytest.mark.parametrize(
    ("header", "code"),
    [("prs", "fa"), ("fa-AF,en;q=0.5", "fa"), ("so;q=0.9, en;q=0.8", "so"), ("ti-ER", "ti"), ("uk-UA", "uk"),
     ("de, ru;q=0.9", "sv"), ("", "sv"), ("en;q=0.2, ar;q=0.9", "ar"), ("ar;q=0, en", "en")],
)  # fmt: skip
def test_accept_language_is_read_as_the_services_read_it(header, code):
    assert i18n._from_accept_language(header) == code


def test_a_missing_catalogue_reads_english_instead_of_failing_to_start(tmp_path: Path):
    for lang in ("sv", "en"):
        shutil.copytree(i18n.LOCALE_DIR / lang, tmp_path / lang)
    catalogues = i18n.load_catalogues(tmp_path)
    assert set(catalogues) == set(shared_i18n.LANGUAGES)
    assert catalogues["ti"].gettext("Find SFI") == "Find SFI"
    assert catalogues["sv"].gettext("Find SFI") == "Hitta SFI"


def test_values_in_text_are_isolated_and_the_rest_escaped():
    assert str(isolate_numbers("مثلًا 19811218-9876 <b>")) == 'مثلًا <bdi dir="ltr">19811218-9876</bdi> &lt;b&gt;'
    assert str(isolate_numbers("kl. 09:00, den 2026-03-29")) == (
        'kl. <bdi dir="ltr">09:00</bdi>, den <bdi dir="ltr">2026-03-29</bdi>'
    )
    assert str(_fill("Ref %(ref)s & <x>", {"ref": ltr("VAL-1")})) == 'Ref <bdi dir="ltr">VAL-1</bdi> &amp; &lt;x&gt;'
    assert str(_fill("Group %(g)s", {"g": bdi("<Sal 1>")})) == "Group <bdi>&lt;Sal 1&gt;</bdi>"
    assert _fill("Group %(g)s", {"g": "<Sal 1>"}) == "Group <Sal 1>"  # plain values: escaped later by Jinja
    assert ltr(None) == "" and bdi("") == ""
