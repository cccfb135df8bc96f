"""The SFI finder, a group's page and calendar feed, and an administrator publishing a new group."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
import recurring_ical_events
from icalendar import Calendar

from shared.clock import SYSTEM_CLOCK
from tests.browser.conftest import shot, sign_in

pytestmark = pytest.mark.e2e


def find(page, **choices: str) -> None:
    """Use the finder's form the way a visitor does."""
    page.goto("/sfi")
    if "daypart" in choices:
        page.get_by_label("Kväll", exact=True).check()
    if "kind" in choices:
        page.get_by_label("Typ av plats").select_option(label=choices["kind"])
    if "words" in choices:
        page.get_by_label("Sökord").fill(choices["words"])
    page.get_by_role("button", name="Visa grupper").click()


def test_visitor_finds_an_evening_group_at_a_library_and_its_calendar_feed_is_valid(page):
    find(page, daypart="evening", kind="Bibliotek")
    shot(page, "sfi_finder_evening_library")
    cards = page.locator("ul.cards > li")
    assert cards.count() >= 1
    for i in range(cards.count()):
        assert "Bibliotek" in cards.nth(i).inner_text()
    cards.first.get_by_role("link").first.click()
    assert page.locator("h1").inner_text()
    shot(page, "sfi_group")
    href = page.get_by_role("link", name="Prenumerera i din kalender").get_attribute("href")
    feed = page.request.get(href)
    assert feed.ok
    assert feed.headers["content-type"].startswith("text/calendar")
    calendar = Calendar.from_ical(feed.body())
    today = SYSTEM_CLOCK.today()
    sessions = recurring_ical_events.of(calendar).between(today - timedelta(days=400), today + timedelta(days=400))
    assert sessions, "the feed has sessions"
    assert all(s.decoded("DTSTART").hour >= 17 for s in sessions), "evening sessions start at 17 or later"


def test_group_page_shows_holidays_as_skipped_sessions(page, suite):
    page.goto("/sfi?daypart=evening&venueKind=library")
    page.locator("ul.cards > li a").first.click()
    assert page.locator("ul.sessions li").count() >= 1


def fill_group(page, name: str, weekday: str) -> None:
    page.get_by_label("Namn").fill(name)
    page.get_by_label("Kurs", exact=True).select_option("C")
    page.get_by_label("Studieväg").select_option("2")
    page.get_by_label("Typ av grupp").select_option("evening")
    page.get_by_label("Lokal", exact=True).select_option(label="Stadsbiblioteket")
    page.get_by_label("Rum", exact=True).select_option(label="Hörsalen")
    page.get_by_label("Platser").fill("16")
    page.get_by_label("Första dag").fill("2026-08-17")
    page.get_by_label("Sista dag").fill("2027-06-30")
    page.get_by_label("Veckodag (lektion 1)").select_option(weekday)
    page.get_by_label("Börjar (lektion 1)").fill("18:00")
    page.get_by_label("Slutar (lektion 1)").fill("21:00")


def test_admin_sees_the_collision_fixes_it_publishes_and_the_finder_shows_the_group(page, context):
    name = f"Kväll Hörsalen torsdag {uuid.uuid4().hex[:6]}"
    sign_in(page, "sfi_admin")
    page.goto("/admin/sfi/groups/new")
    fill_group(page, name, weekday="1")  # Monday evening: the library's lecture hall is taken
    page.get_by_role("button", name="Spara i utkastet").click()
    alert = page.locator("#conflict")
    assert "Kväll Stadsbiblioteket Hörsalen kurs C mån" in alert.inner_text()
    shot(page, "admin_group_conflict")
    page.get_by_label("Veckodag (lektion 1)").select_option("4")  # Thursday is free
    page.get_by_role("button", name="Spara i utkastet").click()
    assert "/admin/sfi?saved=" in page.url
    shot(page, "admin_drafts")
    page.goto("/admin/sfi/publications")
    page.get_by_label("Publicera nu").check()
    page.get_by_role("button", name="Publicera", exact=True).click()
    assert name in page.content(), "the diff of the new version names the added group"
    shot(page, "admin_publications")

    visitor = context.browser.new_context(base_url=page.url.split("/admin")[0], locale="sv-SE").new_page()
    find(visitor, words=name.split()[-1])
    assert name in visitor.locator("ul.cards").inner_text()


def test_admin_oversight_draws_supply_against_demand(page):
    sign_in(page, "sfi_admin")
    page.goto("/admin/sfi/oversight")
    assert page.locator("h1").inner_text()
    shot(page, "admin_oversight")


def test_a_day_worker_is_offered_groups_that_fit_and_told_why_others_do_not(page):
    page.goto("/sfi/fit")
    for day in ("måndag", "tisdag", "onsdag", "torsdag", "fredag"):
        page.get_by_label(day, exact=True).check()
    page.get_by_label("Arbetet börjar").fill("08:00")
    page.get_by_label("Arbetet slutar").fill("17:00")
    page.get_by_label("Kurs", exact=True).select_option("C")
    page.get_by_role("button", name="Visa grupper som passar").click()
    assert page.locator("ul.cards > li h3").count() >= 1
    assert "krockar med ditt arbetspass" in page.locator("main").inner_text()
    shot(page, "sfi_fit")
