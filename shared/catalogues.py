"""Every message catalogue of the project, how ``make i18n`` refreshes them, and the check that they are whole.

``python -m shared.catalogues extract`` (``make i18n``) runs ``pybabel extract`` into each template (``.pot``)
and ``pybabel update`` (or ``init`` for a new language) into each ``.po`` file; translators then fill the new
empty ``msgstr`` entries. ``python -m shared.catalogues check`` (and ``tests/unit/test_catalogues.py``, part
of ``make test``) fails when:

- a language that must be complete lacks a message of the template, or has it empty or fuzzy;
- a *public-complete* language (the gateway's pages in ar, so, ti, fa, uk) lacks, or leaves empty or fuzzy,
  a message that some page a resident, applicant or employer sees uses: every message found (with its
  locations, at check time) in a source outside the domain's staff-only list. Staff-only messages may stay
  empty there and read in English;
- a translation's named placeholders (``{name}``, ``%(name)s``) differ from its msgid's (every catalogue,
  partial ones included: a wrong placeholder breaks the page at run time);
- a template is stale: the code marks a message the ``.pot`` lacks (``make i18n`` was not run);
- a catalogue is marked ``NEEDS REVIEW`` in its header but not listed in ``docs/web.md``.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fnmatch import fnmatch
from functools import cache
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir, extract_from_file
from babel.messages.frontend import CommandLineInterface, parse_mapping_cfg
from babel.messages.pofile import PoFileError, read_po

from shared.i18n import LANGUAGES, placeholders

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = {"N_": None, "K": ((1, "c"), 2), "KN": ((1, "c"), 2, 3)}
KEYWORD_ARGS = ["--no-default-keywords", "-k", "N_", "-k", "K:1c,2", "-k", "KN:1c,2,3"]
WIDTH = "120"
REVIEW_MARK = "NEEDS REVIEW"
SERVICE_LANGUAGES = tuple(lang for lang in LANGUAGES if lang != "en")  # English is the msgids


@dataclass(frozen=True)
class Domain:
    """One catalogue domain: its template, its sources, and which languages must be complete."""

    locale: str  # relative to the project root
    name: str
    sources: Sequence[str]  # files marked with N_/K/KN (relative to the root); empty: extracted otherwise
    complete: Sequence[str]
    partial: Sequence[str] = ()  # placeholders checked, completeness not (yet) required
    extract_args: Sequence[str] = field(default_factory=tuple)  # a custom pybabel extract (the gateway's pages)
    # Complete for every message used outside ``staff_only`` (globs relative to the folder holding ``locale``).
    public_complete: Sequence[str] = ()
    staff_only: Sequence[str] = ()

    @property
    def languages(self) -> tuple[str, ...]:
        """Every language with a catalogue file in this domain."""
        return (*self.complete, *self.public_complete, *self.partial)

    @property
    def pot(self) -> str:
        return f"{self.locale}/{self.name}.pot"

    def po(self, lang: str) -> str:
        return f"{self.locale}/{lang}/LC_MESSAGES/{self.name}.po"


DOMAINS = (
    Domain("shared/locale", "messages", ("shared/texts.py",), SERVICE_LANGUAGES),
    Domain("services/validation/locale", "messages", ("services/validation/texts.py",), SERVICE_LANGUAGES),
    Domain(
        "services/validation/locale", "mail_skills", ("services/validation/texts_mail_skills.py",), SERVICE_LANGUAGES
    ),
    Domain("services/sfi_schedule/locale", "messages", ("services/sfi_schedule/rules/texts.py",), SERVICE_LANGUAGES),
    # E-mails and SMS, in each of the seven (English is the msgids).
    Domain(
        "services/sfi_schedule/notifications/locale",
        "notifications",
        ("services/sfi_schedule/notifications/texts.py",),
        SERVICE_LANGUAGES,
    ),
    Domain(
        "services/validation/outbox/locale",
        "notifications",
        ("services/validation/outbox/texts.py",),
        SERVICE_LANGUAGES,
    ),
    # The pages: Swedish complete; the other five languages complete for every page a resident, applicant or
    # employer sees; the staff pages (caseworkers, administrators, follow-up) may read in English (docs/web.md).
    Domain(
        "services/gateway/web/locale",
        "messages",
        (),
        ("sv",),
        ("en",),
        extract_args=("-F", "babel.cfg", "-k", "N_", "-k", "gettext:2", "--omit-header"),
        public_complete=("ar", "so", "ti", "fa", "uk"),
        staff_only=(
            "templates/admin/*",
            "templates/work/*",
            "templates/followup/*",
            "followup_page.py",
            "group_form.py",
            "views/admin.py",
            "views/work.py",
            "views/followup.py",
            "views/placement_admin.py",
            "views/sfi_applications_admin.py",
            "views/skills_work.py",
            "templates/placements/manage.html",
            "templates/placements/figures.html",
            # rendered only by the staff views above (skills_work, placement_admin):
            "templates/placements/offers.html",
            "templates/placements/offer.html",
            "templates/placements/nav.html",
            "templates/skills/queue.html",
            "templates/skills/shortage.html",
        ),
    ),
    # The help page (/help), a domain of its own: only h_()/help_text() in the templates, all seven complete.
    Domain(
        "services/gateway/web/locale",
        "help",
        (),
        LANGUAGES,
        extract_args=("-F", "babel-help.cfg", "--no-default-keywords", "-k", "h_", "-k", "help_text", "--omit-header"),
    ),
)
# The gateway's ``-k N_ -k gettext:2`` on top of Babel's default keywords.
PAGE_KEYWORDS = {**DEFAULT_KEYWORDS, "N_": None, "gettext": (2,)}


def _read(path: Path) -> Catalog:
    with path.open("rb") as fh:
        return read_po(fh, locale=path.parent.parent.name if path.suffix == ".po" else None)


def _key(message: Message) -> tuple[str | None, str]:
    msgid = message.id if isinstance(message.id, str) else message.id[0]
    return message.context, msgid


def _forms(message: Message) -> list[str]:
    return list(message.string) if isinstance(message.string, tuple | list) else [message.string or ""]


def _placeholder_problem(message: Message) -> str | None:
    """Why a translation's placeholders do not match its msgid's, or None."""
    if isinstance(message.id, str):
        wanted = placeholders(message.id)
        got = placeholders(message.string or "")
        if message.string and got != wanted:
            return f"placeholders {sorted(got)} but the msgid has {sorted(wanted)}"
        return None
    singular, plural = placeholders(message.id[0]), placeholders(message.id[1])
    forms = [f for f in _forms(message) if f]
    for index, form in enumerate(forms):
        extra = placeholders(form) - (singular | plural | {"n"})
        if extra:
            return f"plural form {index} has placeholders {sorted(extra)} the msgid lacks"
    if forms and placeholders(forms[-1]) != plural:
        return f"the last plural form has {sorted(placeholders(forms[-1]))}, the msgid_plural {sorted(plural)}"
    return None


def malformed(path: Path) -> str | None:
    """Why ``path`` is not a well-formed catalogue (an entry without its msgstr, say, as a bad merge leaves it)."""
    try:
        with path.open("rb") as fh:
            read_po(fh, locale=path.parent.parent.name if path.suffix == ".po" else None, abort_invalid=True)
    except PoFileError as exc:
        return str(exc)
    return None


def check_domain(root: Path, domain: Domain) -> list[str]:
    """The problems of one domain's catalogues (empty: all is well)."""
    problems: list[str] = []
    pot_path = root / domain.pot
    if not pot_path.exists():
        return [f"{domain.pot}: missing (run make i18n)"]
    for rel in (domain.pot, *(domain.po(lang) for lang in domain.languages)):
        if (root / rel).exists() and (why := malformed(root / rel)):
            problems.append(f"{rel}: not a well-formed catalogue: {why}")
    template = {_key(m): m for m in _read(pot_path) if m.id}
    if domain.sources:
        marked = set()
        for source in domain.sources:
            for _line, msgid, _comments, context in extract_from_file("python", root / source, keywords=KEYWORDS):
                marked.add((context, msgid if isinstance(msgid, str) else msgid[0]))
        for context, msgid in sorted(marked - set(template), key=str):
            problems.append(f"{domain.pot}: stale, lacks {msgid!r} (context {context!r}); run make i18n")
    public = public_messages(root, domain) if domain.public_complete else set()
    for lang in domain.languages:
        rel = domain.po(lang)
        path = root / rel
        if not path.exists():
            problems.append(f"{rel}: missing")
            continue
        catalog = _read(path)
        found = {_key(m): m for m in catalog if m.id}
        if lang in domain.complete:
            required = set(template)
        elif lang in domain.public_complete:
            required = public & set(template)
        else:
            required = set()
        if required:
            for key in (k for k in template if k in required):
                message = found.get(key)
                where = f"{key[1]!r}" + (f" (context {key[0]!r})" if key[0] else "")
                if message is None:
                    problems.append(f"{rel}: lacks {where}")
                elif message.fuzzy or not all(_forms(message)):
                    problems.append(f"{rel}: {where} is {'fuzzy' if message.fuzzy else 'not translated'}")
        for key, message in found.items():
            problem = _placeholder_problem(message)
            if problem:
                problems.append(f"{rel}: {key[1]!r}: {problem}")
    return problems


def public_messages(root: Path, domain: Domain) -> set[tuple[str | None, str]]:
    """(context, msgid) of every message used in at least one source outside ``domain.staff_only``.

    The sources are extracted with their locations now (the committed template has none), with the
    domain's own ``babel.cfg`` method map and keywords.
    """
    base = (root / domain.locale).parent
    return set(_public_messages(str(base), tuple(domain.staff_only), _mtimes(base)))


def _mtimes(base: Path) -> tuple[float, ...]:
    """A cheap fingerprint of the sources, so one test session extracts each tree once."""
    return tuple(p.stat().st_mtime_ns for p in sorted(base.rglob("*")) if p.suffix in (".py", ".html", ".cfg"))


@cache
def _public_messages(base: str, staff_only: tuple[str, ...], _fingerprint: tuple[float, ...]) -> frozenset:
    with open(Path(base) / "babel.cfg", encoding="utf-8") as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    out = set()
    for filename, _line, msgid, _comments, context in extract_from_dir(
        base, method_map, options_map, keywords=PAGE_KEYWORDS
    ):
        where = filename.replace("\\", "/")
        if any(fnmatch(where, pattern) for pattern in staff_only):
            continue
        out.add((context, msgid if isinstance(msgid, str) else msgid[0]))
    return frozenset(out)


def review_listing_problems(root: Path, domains: Iterable[Domain] = DOMAINS) -> list[str]:
    """Catalogues marked as needing review must be listed in docs/web.md."""
    docs = (root / "docs" / "web.md").read_text(encoding="utf-8") if (root / "docs" / "web.md").exists() else ""
    problems = []
    for domain in domains:
        for lang in domain.languages:
            path = root / domain.po(lang)
            if not path.exists():
                continue
            head = path.read_text(encoding="utf-8").split('msgid ""', 1)[0]
            if REVIEW_MARK in head and domain.po(lang) not in docs and f"{domain.locale}/{lang}/" not in docs:
                problems.append(f"{domain.po(lang)}: marked {REVIEW_MARK} but not listed in docs/web.md")
    return problems


def check(root: Path = ROOT, domains: Iterable[Domain] = DOMAINS) -> list[str]:
    """Every problem of every catalogue."""
    domains = tuple(domains)
    problems = [p for d in domains for p in check_domain(root, d)]
    return problems + review_listing_problems(root, domains)


def extract(root: Path = ROOT, domains: Iterable[Domain] = DOMAINS) -> None:
    """Refresh every template from the code and merge it into each language's catalogue (``make i18n``)."""
    cli = CommandLineInterface()
    for domain in domains:
        pot = root / domain.pot
        if domain.extract_args:
            cwd = (root / domain.locale).parent  # the gateway's babel.cfg names paths from services/gateway/web
            argv = ["pybabel", "extract", *domain.extract_args, "--no-location", "-w", WIDTH, "-o", str(pot), "."]
            _run_in(cwd, cli, argv)
        else:
            pot.parent.mkdir(parents=True, exist_ok=True)
            sources = [str(root / s) for s in domain.sources]
            argv = ["pybabel", "extract", *KEYWORD_ARGS, "--no-location", "--omit-header", "-w", WIDTH]
            cli.run([*argv, "-o", str(pot), *sources])
        for lang in domain.languages:
            po = root / domain.po(lang)
            common = ["-i", str(pot), "-d", str(root / domain.locale), "-D", domain.name, "-l", lang]
            if po.exists():
                cli.run(["pybabel", "update", *common, "-w", WIDTH, "--ignore-obsolete", "--no-fuzzy-matching"])
            else:
                cli.run(["pybabel", "init", *common, "-w", WIDTH])


def _run_in(cwd: Path, cli: CommandLineInterface, argv: list[str]) -> None:
    import os

    before = Path.cwd()
    os.chdir(cwd)
    try:
        cli.run(argv)
    finally:
        os.chdir(before)


def main(argv: Sequence[str]) -> int:
    command = argv[0] if argv else "check"
    if command == "extract":
        extract()
    problems = check()
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"catalogues: {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
