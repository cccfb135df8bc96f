"""The enrolment's answer is built in SQL (``sfi.enrolment_answer``, migration 100) so that the seat and the
stored idempotent answer are one statement; it must be exactly what ``enrolment_view`` shows for the entry."""

from __future__ import annotations

from datetime import UTC, datetime

import asyncpg

from tests.integration.sfi_enrolment.conftest import add_group, make_base, make_learner, publish, resident


async def test_the_answer_is_the_entry_as_the_api_reads_it_enrolled_and_waitlisted_with_and_without_a_key(api):
    s = await make_base(api)
    await add_group(api, s, "A-dag", course="A", path=1, capacity=1)
    await add_group(api, s, "A-alt", course="A", path=1, capacity=5)
    await publish(api)
    group, alternative = s.groups["A-dag"], s.groups["A-alt"]
    for sub in ("first", "second", "third"):
        await make_learner(api, sub)
    answers = []
    for sub, key, payload in (
        ("first", "k-first", {}),
        ("second", None, {"alternatives": [alternative]}),
        ("third", "k-third", {"anyGroupThatFits": True}),
    ):
        headers = {**resident(sub), **({"Idempotency-Key": key} if key else {})}
        resp, body = await api.call("POST", f"/v1/groups/{group}/enrolments", headers=headers, json=payload,
                                    status=201)  # fmt: skip
        assert resp.headers["Location"] == f"/v1/enrolments/{body['id']}"
        answers.append((sub, key, body))
    assert [b["status"] for _, _, b in answers] == ["enrolled", "waitlisted", "waitlisted"]
    assert [b["position"] for _, _, b in answers] == [None, 1, 2]
    assert answers[1][2]["alternatives"] == [alternative] and answers[2][2]["anyGroupThatFits"] is True
    for sub, key, body in answers:
        _, read = await api.call("GET", f"/v1/enrolments/{body['id']}", headers=resident(sub), status=200)
        assert body == read  # every field, same values and formats (times as Python's isoformat writes them)
        assert list(body) == list(read)  # and in the same order
        if key:
            again, replay = await api.call("POST", f"/v1/groups/{group}/enrolments",
                                           headers={**resident(sub), "Idempotency-Key": key}, json={}
                                           if sub == "first" else {"anyGroupThatFits": True}, status=201)  # fmt: skip
            assert replay == body and again.headers["Idempotent-Replayed"] == "true"


async def test_times_read_as_python_writes_them_also_on_a_whole_second(db_url):
    conn = await asyncpg.connect(db_url)
    try:
        for moment in (
            datetime(2027, 3, 28, 1, 59, 59, 999999, tzinfo=UTC),
            datetime(2027, 3, 28, 2, 0, 0, tzinfo=UTC),  # microseconds zero: isoformat leaves them out
            datetime(2028, 2, 29, 23, 0, 0, 120000, tzinfo=UTC),
        ):
            assert await conn.fetchval("SELECT sfi.iso_utc($1)", moment) == moment.isoformat()
        assert await conn.fetchval("SELECT sfi.iso_utc(NULL)") is None
    finally:
        await conn.close()
