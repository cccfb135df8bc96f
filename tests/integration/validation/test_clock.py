"""Every "today" of the validation service comes from its one injected Europe/Stockholm clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from services.validation.clock import Clock
from services.validation.config import ValidationConfig
from services.validation.jobs.service import send_supplement_reminders
from shared.db import create_pool
from tests.integration.validation.support import ANONYMOUS, CASEWORKER, application, key, move, move_ok, submit

# 23:30 UTC on 1 June is 01:30 on 2 June in Stockholm (summer time): a container's UTC date is a day behind.
NEAR_MIDNIGHT = datetime(2025, 6, 1, 23, 30, tzinfo=UTC)


async def test_work_starting_on_the_swedish_today_is_not_in_the_future(clocked_client):
    client, _ = await clocked_client(NEAR_MIDNIGHT)
    started_today = [{"employer": "Hemtjänsten", "role": "Vårdbiträde", "from": "2025-06-02", "extentPercent": 100}]
    assert (await submit(client, experience=started_today))["experience"][0]["from"] == "2025-06-02"
    tomorrow = [{**started_today[0], "from": "2025-06-03"}]
    resp = await client.post("/v1/applications", json=application(experience=tomorrow), headers={**ANONYMOUS, **key()})
    assert resp.status == 422 and "/experience/0/from" in [e["pointer"] for e in (await resp.json())["errors"]]


async def test_an_assessment_on_the_utc_date_is_already_in_the_past_in_sweden(clocked_client):
    client, _ = await clocked_client(NEAR_MIDNIGHT)
    case = await move_ok(client, await submit(client), "mapping")
    booking = {"place": "Vårdcentralen Öster", "assessor": "Karin Lärare"}
    past = await move(client, case, "assessment_scheduled", assessment={**booking, "date": "2025-06-01"})
    assert past.status == 422 and "/assessment/date" in [e["pointer"] for e in (await past.json())["errors"]]
    await move_ok(client, case, "assessment_scheduled", assessment={**booking, "date": "2025-06-02"})


async def test_the_century_of_a_ten_digit_number_is_chosen_from_the_clocks_today(clocked_client):
    client, clock = await clocked_client(datetime(2025, 5, 31, 10, 0, tzinfo=UTC))
    # On 31 May 2025, 250601-1234 is someone who turns 100 tomorrow; from 1 June it is a newborn, and the
    # centenarian writes 250601+1234.
    assert (await submit(client, identity={"number": "250601-1234"}))["identity"]["number"] == "19250601-****"
    clock.moment = datetime(2025, 6, 1, 10, 0, tzinfo=UTC)
    assert (await submit(client, identity={"number": "250601-1234"}))["identity"]["number"] == "20250601-****"
    assert (await submit(client, identity={"number": "250601+1234"}))["identity"]["number"] == "19250601-****"


async def test_days_waiting_and_the_waiting_filter_follow_the_clock(clocked_client):
    client, clock = await clocked_client(datetime.now(UTC))
    case = await submit(client)
    clock.moment = datetime.now(UTC) + timedelta(days=3)
    queue = await (await client.get("/v1/cases", headers=CASEWORKER)).json()
    assert [(c["id"], c["daysWaiting"]) for c in queue["data"]] == [(case["id"], 3)]
    waiting = await (await client.get("/v1/cases?waitingLongerThanDays=2", headers=CASEWORKER)).json()
    assert [c["id"] for c in waiting["data"]] == [case["id"]]


async def test_jobs_take_now_from_the_clock(clocked_client, db_url):
    client, _ = await clocked_client(datetime.now(UTC))
    case = await move_ok(client, await submit(client), "mapping")
    await move_ok(client, case, "supplement_requested", reason="Course descriptions")
    pool = await create_pool(db_url, schema="validation", app_name="test-clock", min_size=1, max_size=1)
    try:
        config = ValidationConfig(supplement_reminder_days=14)
        today = Clock(lambda: datetime.now(UTC))
        later = Clock(lambda: datetime.now(UTC) + timedelta(days=15))
        assert await send_supplement_reminders(pool, config=config, clock=today) == []
        assert len(await send_supplement_reminders(pool, config=config, clock=later)) == 1
    finally:
        await pool.close()
