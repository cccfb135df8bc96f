"""Outcome records and follow-up facts at the sfi service: who may record, the rules of each kind, idempotent
creates, paged and audited reads, retraction, If-Match on the facts, and retention."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest

from services.sfi_schedule.app import create_app
from services.sfi_schedule.followup.service import purge
from shared.clock import CLOCK, Clock
from shared.db import create_pool
from shared.followup import stockholm_today
from shared.settings import load_settings
from tests.helpers import identity_header

CASEWORKER = ("caseworker-1", {"roles": ("caseworker",)})
SYSTEM = ("key:system-1", {"kind": "system", "roles": (), "scopes": ("outcomes:write",)})
OUTCOMES = "/v1/follow-up/outcomes"


def as_(who) -> dict[str, str]:
    sub, kw = who
    return identity_header(sub, **kw)


@pytest.fixture
async def sfi(make_client, settings_env, db_url):
    return await make_client(create_app(load_settings({**settings_env, "DATABASE_URL": db_url})))


@pytest.fixture
async def learner(db) -> uuid.UUID:
    learner_id = uuid.uuid4()
    await db.execute(
        "INSERT INTO sfi.learners (id, subject, path, personal_number) VALUES ($1, 'l-1', 2, '198112189876')",
        learner_id,
    )
    return learner_id


def work(learner_id, **extra) -> dict:
    return {
        "learnerId": str(learner_id),
        "observedOn": (stockholm_today() - timedelta(days=3)).isoformat(),
        "kind": "work",
        "ssyk": "5321",
        "extentPercent": 75,
        "employmentForm": "fixed_term",
        "source": "arbetsformedlingen",
        **extra,
    }


async def test_a_caseworker_records_work_and_a_retry_gets_the_first_answer(sfi, learner):
    headers = {**as_(CASEWORKER), "Idempotency-Key": "k-1"}
    first = await sfi.post(OUTCOMES, json=work(learner), headers=headers)
    again = await sfi.post(OUTCOMES, json=work(learner), headers=headers)
    body = await first.json()
    assert first.status == again.status == 201 and await again.json() == body
    assert again.headers["Idempotent-Replayed"] == "true"
    assert body["kind"] == "work" and body["extentPercent"] == 75 and body["recordedBy"] == "caseworker-1"
    listed = await (await sfi.get(OUTCOMES, params={"learnerId": str(learner)}, headers=as_(CASEWORKER))).json()
    assert [r["id"] for r in listed["data"]] == [body["id"]]


async def test_a_municipal_system_names_the_learner_by_personal_number(sfi, learner):
    body = {**work(learner), "personalNumber": "19811218-9876"}
    del body["learnerId"]
    resp = await sfi.post(OUTCOMES, json=body, headers=as_(SYSTEM))
    created = await resp.json()
    assert resp.status == 201 and created["learnerId"] == str(learner) and "198112189876" not in await resp.text()


@pytest.mark.parametrize(
    ("change", "pointer"),
    [
        ({"studyKind": "komvux"}, "/studyKind"),
        ({"employmentForm": None}, "/employmentForm"),
        ({"kind": "studies"}, "/studyKind"),
        ({"kind": "placement", "ssyk": None, "extentPercent": None, "employmentForm": None}, "/placementKind"),
        ({"extentPercent": 0}, "/extentPercent"),
        ({"ssyk": "53"}, "/ssyk"),
        ({"kind": "holiday"}, "/kind"),
        ({"source": "neighbour"}, "/source"),
        ({"note": "works at the bakery on Storgatan"}, "/note"),
        ({"observedOn": "2999-01-01"}, "/observedOn"),
        ({"learnerId": str(uuid.uuid4())}, "/learnerId"),
        ({"personalNumber": "19811218-9876"}, "/learnerId"),
        ({"observedOn": "1980-01-01"}, "/observedOn"),
    ],
)
async def test_a_record_with_details_that_do_not_fit_its_kind_is_422_naming_the_field(sfi, learner, change, pointer):
    resp = await sfi.post(OUTCOMES, json={**work(learner), **change}, headers=as_(CASEWORKER))
    body = await resp.json()
    assert resp.status == 422 and pointer in [e["pointer"] for e in body["errors"]], body


async def test_a_bad_personal_number_is_422(sfi, learner):
    body = {**work(learner), "personalNumber": "19811218-9875"}
    del body["learnerId"]
    resp = await sfi.post(OUTCOMES, json=body, headers=as_(SYSTEM))
    assert resp.status == 422 and (await resp.json())["errors"][0]["pointer"] == "/personalNumber"


@pytest.mark.parametrize(
    "who",
    [
        ("r-1", {"roles": ("resident",)}),
        ("a-1", {"roles": ("auditor",)}),
        ("admin-1", {"roles": ("admin",)}),
        ("key:k", {"kind": "system", "roles": (), "scopes": ("admin",)}),
        ("key:k", {"kind": "system", "roles": (), "scopes": ("statistics:read",)}),
    ],
)
async def test_only_caseworkers_and_outcomes_write_record_or_read(sfi, learner, who):
    assert (await sfi.post(OUTCOMES, json=work(learner), headers=as_(who))).status == 403
    assert (await sfi.get(OUTCOMES, params={"learnerId": str(learner)}, headers=as_(who))).status == 403


async def test_records_page_by_day_and_a_protected_learners_records_are_read_audited(sfi, learner, db):
    await db.execute("UPDATE sfi.learners SET protected_identity = true WHERE id = $1", learner)
    for days in (30, 10, 20):
        day = (stockholm_today() - timedelta(days=days)).isoformat()
        await sfi.post(OUTCOMES, json={**work(learner), "observedOn": day}, headers=as_(CASEWORKER))
    first = await sfi.get(OUTCOMES, params={"learnerId": str(learner), "limit": "2"}, headers=as_(CASEWORKER))
    page = await first.json()
    assert len(page["data"]) == 2 and page["pageToken"] and 'rel="next"' in first.headers["Link"]
    rest = await (
        await sfi.get(
            OUTCOMES,
            params={"learnerId": str(learner), "limit": "2", "pageToken": page["pageToken"]},
            headers=as_(CASEWORKER),
        )
    ).json()
    days = [r["observedOn"] for r in page["data"] + rest["data"]]
    assert days == sorted(days) and len(days) == 3 and rest["pageToken"] is None
    assert await db.fetchval("SELECT count(*) FROM sfi.learner_reads WHERE learner_id = $1", learner) == 2


async def test_a_retracted_record_stays_marked_and_retracting_twice_is_harmless(sfi, learner):
    created = await (await sfi.post(OUTCOMES, json=work(learner), headers=as_(CASEWORKER))).json()
    for _ in range(2):
        assert (await sfi.delete(f"{OUTCOMES}/{created['id']}", headers=as_(CASEWORKER))).status == 204
    listed = await (await sfi.get(OUTCOMES, params={"learnerId": str(learner)}, headers=as_(CASEWORKER))).json()
    assert listed["data"][0]["retractedAt"] is not None
    assert (await sfi.delete(f"{OUTCOMES}/{uuid.uuid4()}", headers=as_(CASEWORKER))).status == 404


async def test_facts_are_created_then_replaced_only_with_the_current_if_match(sfi, learner):
    path = f"/v1/follow-up/persons/{learner}"
    assert (await sfi.get(path, headers=as_(CASEWORKER))).status == 404
    created = await sfi.put(path, json={"sex": "female", "arrivedOn": "2025-03-01"}, headers=as_(CASEWORKER))
    assert created.status == 200 and (await created.json())["sex"] == "female"
    etag = created.headers["ETag"]
    assert (await sfi.put(path, json={"sex": "male"}, headers=as_(CASEWORKER))).status == 428
    assert (await sfi.put(path, json={"sex": "male"}, headers={**as_(CASEWORKER), "If-Match": '"v9"'})).status == 412
    replaced = await sfi.put(
        path, json={"sex": None, "arrivedOn": "2025-03-02"}, headers={**as_(CASEWORKER), "If-Match": etag}
    )
    body = await replaced.json()
    assert replaced.status == 200 and body["sex"] is None and body["version"] == 2
    bad = await sfi.put(
        path, json={"sex": "unknown"}, headers={**as_(CASEWORKER), "If-Match": replaced.headers["ETag"]}
    )
    assert bad.status == 422 and (await bad.json())["errors"][0]["pointer"] == "/sex"
    assert (await sfi.put(f"/v1/follow-up/persons/{uuid.uuid4()}", json={}, headers=as_(CASEWORKER))).status == 404


async def test_retention_deletes_records_older_than_the_municipality_keeps_them(db_url, db, learner):
    today = date(2026, 6, 15)
    for day in (date(2023, 6, 14), date(2023, 6, 15), date(2026, 6, 1)):
        await db.execute(
            "INSERT INTO sfi.outcome_records (id, learner_id, observed_on, kind, source, recorded_by, recorded_kind) "
            "VALUES ($1, $2, $3, 'job_seeking', 'caseworker', 'c', 'person')",
            uuid.uuid4(),
            learner,
            day,
        )
    pool = await create_pool(db_url, schema="sfi", app_name="test", min_size=1, max_size=1)
    try:
        assert await purge(pool, today=today, months=36) == (1, 0)
    finally:
        await pool.close()
    kept = await db.fetch("SELECT observed_on FROM sfi.outcome_records ORDER BY observed_on")
    assert [r["observed_on"] for r in kept] == [date(2023, 6, 15), date(2026, 6, 1)]


async def test_today_is_the_swedish_date_of_the_services_clock(make_client, settings_env, db_url, learner):
    # 23:30 UTC on New Year's Eve is already 1 January in Stockholm: a record of that day is not "after today",
    # one of the next day is (issue 16, "one clock": never the server's own UTC date).
    app = create_app(load_settings({**settings_env, "DATABASE_URL": db_url}))
    app[CLOCK] = Clock(lambda: datetime(2030, 12, 31, 23, 30, tzinfo=UTC))
    sfi = await make_client(app)
    new_year = await sfi.post(OUTCOMES, json={**work(learner), "observedOn": "2031-01-01"}, headers=as_(CASEWORKER))
    assert new_year.status == 201, await new_year.text()
    ahead = await sfi.post(OUTCOMES, json={**work(learner), "observedOn": "2031-01-02"}, headers=as_(CASEWORKER))
    assert ahead.status == 422 and [e["pointer"] for e in (await ahead.json())["errors"]] == ["/observedOn"]
    arrived = await sfi.put(f"/v1/follow-up/persons/{learner}", json={"arrivedOn": "2031-01-01"},
                            headers=as_(CASEWORKER))  # fmt: skip
    assert arrived.status in (200, 201), await arrived.text()


async def test_a_record_typed_with_other_digits_is_read_as_ascii(sfi, learner):
    day = (stockholm_today() - timedelta(days=3)).isoformat()
    body = {**work(learner), "observedOn": day.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")),
            "ssyk": "５３２１", "extentPercent": "٧٥"}  # fmt: skip
    resp = await sfi.post(OUTCOMES, json=body, headers=as_(CASEWORKER))
    created = await resp.json()
    assert resp.status == 201, created
    assert (created["observedOn"], created["ssyk"], created["extentPercent"]) == (day, "5321", 75)
