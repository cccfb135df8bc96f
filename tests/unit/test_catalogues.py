"""Every message catalogue is complete where it must be, and every translation keeps its msgid's placeholders.

The same check is run on a temporary copy of the catalogues with a defect planted in it, so this test is
shown to fail on an incomplete catalogue, a mismatched placeholder (services and gateway pages alike), a
stale template and an unlisted catalogue that needs review; and, for the pages, that a message a resident
sees must be translated while a staff-only one may stay empty.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from shared.catalogues import DOMAINS, ROOT, check, public_messages

PAGES = next(d for d in DOMAINS if d.public_complete)
PAGES_DIR = (ROOT / PAGES.locale).parent  # services/gateway/web: the sources the public messages are read from


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
    pages = tmp_path / PAGES_DIR.relative_to(ROOT)
    shutil.copytree(PAGES_DIR, pages, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__", "static"))
    make_pages_whole(tmp_path)
    assert check(tmp_path) == []  # the copy is whole before a defect is planted
    return tmp_path


def make_pages_whole(root: Path) -> None:
    """Give the copy a page catalogue for each public-complete language, every public message filled.

    A no-op once the real catalogues are whole; before that (a branch without them) it lets each test below
    see only the defect it plants. A made-up translation keeps the msgid's placeholders.
    """
    with (root / PAGES.pot).open("rb") as fh:
        template = read_po(fh)
    public = public_messages(root, PAGES)
    for lang in PAGES.public_complete:
        path = root / PAGES.po(lang)
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("wb") as fh:
                write_po(fh, Catalog(locale=lang), width=120, no_location=True)

        def fill(catalog, lang=lang):
            for message in template:
                key = (message.context, message.id if isinstance(message.id, str) else message.id[0])
                if not message.id or key not in public:
                    continue
                found = catalog.get(message.id, context=message.context)
                if found is None or found.fuzzy or not all(_forms(found)):
                    if found is not None:
                        catalog.delete(message.id, context=message.context)
                    plural = isinstance(message.id, tuple | list)
                    string = (message.id[1],) * catalog.num_plurals if plural else message.id
                    catalog.add(message.id, string, context=message.context)

        edit(path, fill)


def _forms(message) -> list[str]:
    return list(message.string) if isinstance(message.string, tuple | list) else [message.string or ""]


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


def _page_po(copy: Path, lang: str) -> Path:
    return copy / PAGES.po(lang)


def test_a_missing_public_page_translation_fails(copy):
    """ "Find SFI" is in the layout every resident sees: Somali must translate it."""
    assert (None, "Find SFI") in public_messages(copy, PAGES)
    edit(_page_po(copy, "so"), lambda c: c.delete("Find SFI"))
    assert check(copy) == [f"{PAGES.po('so')}: lacks 'Find SFI'"]


def test_an_empty_public_page_translation_fails(copy):
    def change(catalog):
        catalog.get("Follow my case").string = ""

    edit(_page_po(copy, "so"), change)
    assert check(copy) == [f"{PAGES.po('so')}: 'Follow my case' is not translated"]


def test_a_missing_staff_only_page_translation_does_not_fail(copy):
    """A message only the caseworkers' and administrators' pages use may read in English in Somali."""
    public = public_messages(copy, PAGES)
    with (copy / PAGES.pot).open("rb") as fh:
        staff_only = [m.id for m in read_po(fh) if m.id and isinstance(m.id, str) and (m.context, m.id) not in public]
    assert "Protected identity" in staff_only  # shown on the case worker's case page only

    def change(catalog):
        catalog.delete("Protected identity")
        for msgid in staff_only[:20]:
            if catalog.get(msgid) is not None:
                catalog.get(msgid).string = ""

    edit(_page_po(copy, "so"), change)
    assert check(copy) == []


def test_a_message_used_by_a_public_page_is_public_even_if_staff_pages_use_it_too(copy):
    """ "Case queue" is on the caseworkers' pages and in the layout's menu: it must be translated."""
    work = copy / PAGES_DIR.relative_to(ROOT) / "templates" / "work" / "queue.html"
    assert "Case queue" in work.read_text() or "Case queue" in (work.parent / "case.html").read_text()
    assert (None, "Case queue") in public_messages(copy, PAGES)


def test_a_staff_only_message_becomes_required_once_a_public_page_uses_it(copy):
    landing = copy / PAGES_DIR.relative_to(ROOT) / "templates" / "landing.html"
    landing.write_text(
        landing.read_text().replace("{% endblock %}", '<p>{{ _("Protected identity") }}</p>{% endblock %}', 1)
    )
    edit(_page_po(copy, "so"), lambda c: c.delete("Protected identity"))
    problems = check(copy)
    assert f"{PAGES.po('so')}: lacks 'Protected identity'" in problems, problems
    assert all("'Protected identity'" in p for p in problems), problems  # the other languages lack it too


def test_a_missing_page_catalogue_fails(copy):
    _page_po(copy, "ti").unlink()
    assert check(copy) == [f"{PAGES.po('ti')}: missing"]


def test_a_mismatched_placeholder_in_the_ukrainian_pages_fails(copy):
    def change(catalog):
        found = next(m for m in catalog if m.id and isinstance(m.id, str) and "%(" in m.id and m.string)
        found.string = found.string.replace("%(", "%(x", 1)

    edit(_page_po(copy, "uk"), change)
    problems = check(copy)
    assert len(problems) == 1 and problems[0].startswith(f"{PAGES.po('uk')}: ") and "placeholders" in problems[0], (
        problems
    )
