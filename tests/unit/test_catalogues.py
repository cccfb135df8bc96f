"""Every message catalogue is complete where it must be, and every translation keeps its msgid's placeholders.

The same check is run on a temporary copy of the catalogues with a defect planted in it, so this test is
shown to fail on an incomplete catalogue, a mismatched placeholder (services and gateway pages alike), a
stale template and an unlisted catalogue that needs review.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po

from shared.catalogues import DOMAINS, ROOT, check


def test_every_catalogue_is_complete_and_its_placeholders_match():
    assert check() == []


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """The catalogues, their marked sources and docs/web.md, copied under ``tmp_path``."""
    for domain in DOMAINS:
        shutil.copytree(ROOT / domain.locale, tmp_path / domain.locale, dirs_exist_ok=True)
        for source in domain.sources:
            (tmp_path / source).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(ROOT / source, tmp_path / source)
    (tmp_path / "docs").mkdir()
    shutil.copy(ROOT / "docs" / "web.md", tmp_path / "docs" / "web.md")
    assert check(tmp_path) == []  # the copy is whole before a defect is planted
    return tmp_path


def edit(path: Path, change) -> None:
    with path.open("rb") as fh:
        catalog = read_po(fh, locale=path.parent.parent.name)
    change(catalog)
    with path.open("wb") as fh:
        write_po(fh, catalog, width=120, no_location=True)


def test_a_missing_translation_fails(copy):
    po = copy / "services/validation/locale/so/LC_MESSAGES/messages.po"
    edit(po, lambda c: c.delete("Application received", context="state.submitted"))
    where = "services/validation/locale/so/LC_MESSAGES/messages.po"
    assert check(copy) == [f"{where}: lacks 'Application received' (context 'state.submitted')"]


def test_an_empty_or_fuzzy_translation_fails(copy):
    po = copy / "shared/locale/ti/LC_MESSAGES/messages.po"

    def change(catalog):
        catalog.get("Not found").string = ""
        catalog.get("Conflict").flags.add("fuzzy")

    edit(po, change)
    problems = check(copy)
    assert any("'Not found' is not translated" in p for p in problems), problems
    assert any("'Conflict' is fuzzy" in p for p in problems), problems


def test_a_mismatched_placeholder_fails(copy):
    po = copy / "services/sfi_schedule/locale/uk/LC_MESSAGES/messages.po"
    message = "{km} km away, beyond your {max} km"

    def change(catalog):
        found = catalog.get(message, context="why_not.too_far")
        found.string = found.string.replace("{max}", "{maximum}")

    edit(po, change)
    assert check(copy) == [
        f"services/sfi_schedule/locale/uk/LC_MESSAGES/messages.po: {message!r}: placeholders "
        "['km', 'maximum'] but the msgid has ['km', 'max']"
    ]


def test_a_plural_form_without_the_count_fails(copy):
    po = copy / "services/sfi_schedule/locale/uk/LC_MESSAGES/messages.po"

    def change(catalog):
        found = catalog.get(("{seats} free seat", "{seats} free seats"), context="fit.free_seats")
        found.string = (*found.string[:-1], "багато вільних місць")

    edit(po, change)
    problems = check(copy)
    assert len(problems) == 1 and "last plural form has []" in problems[0], problems


def test_a_mismatched_placeholder_in_the_partial_arabic_pages_fails(copy):
    po = copy / "services/gateway/web/locale/ar/LC_MESSAGES/messages.po"

    def change(catalog):
        found = next(m for m in catalog if m.id and isinstance(m.id, str) and "%(" in m.id and m.string)
        found.string = found.string.replace("%(", "%(x", 1)

    edit(po, change)
    problems = check(copy)
    assert (
        len(problems) == 1
        and problems[0].startswith("services/gateway/web/locale/ar/")
        and "placeholders" in (problems[0])
    ), problems


def test_a_stale_template_fails(copy):
    source = copy / "shared/texts.py"
    source.write_text(
        source.read_text().replace('    N_("Bad request"),', '    N_("Bad request"),\n    N_("A new problem text"),')
    )
    assert check(copy) == [
        "shared/locale/messages.pot: stale, lacks 'A new problem text' (context None); run make i18n"
    ]


def test_a_catalogue_needing_review_must_be_listed(copy):
    docs = copy / "docs" / "web.md"
    docs.write_text(docs.read_text().replace("`shared/locale/so/`, ", ""))
    assert check(copy) == [
        "shared/locale/so/LC_MESSAGES/messages.po: marked NEEDS REVIEW but not listed in docs/web.md"
    ]


def test_an_entry_without_its_msgstr_fails(copy):
    """What a union merge of two branches that both appended to a catalogue can leave: one entry's msgstr lost."""
    po = copy / "services/gateway/web/locale/en/LC_MESSAGES/messages.po"
    text = po.read_text(encoding="utf-8")
    cut = text.rindex('\nmsgstr ""\n')
    po.write_text(text[:cut] + text[cut + len('\nmsgstr ""') :], encoding="utf-8")
    problems = check(copy)
    assert any(
        p.startswith("services/gateway/web/locale/en/LC_MESSAGES/messages.po: not a well-formed") for p in problems
    ), problems
