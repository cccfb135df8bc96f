"""The help page's catalogue template is the templates' ``h_()`` / ``help_text()`` texts, no more and no fewer."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

WEB = Path(__file__).resolve().parents[3] / "services" / "gateway" / "web"


def test_help_pot_is_what_the_templates_mark():
    marked = {
        msgid
        for _file, _line, msgid, _comments, _context in extract_from_dir(
            WEB / "templates",
            method_map=[("**.html", "jinja2")],
            keywords={"h_": None, "help_text": None},
        )
    }
    with (WEB / "locale" / "help.pot").open("rb") as fh:
        template = {m.id for m in read_po(fh) if m.id}
    assert marked - template == set(), "help.pot is stale: run make i18n"
    assert template - marked == set(), "help.pot has texts no template uses: run make i18n"
    assert {"Help", "What is SFI?", "How to get an interpreter"} <= marked
