"""Rules both services apply, through both APIs: one verdict on every personal number, digits of any script."""

from __future__ import annotations

import uuid

import pytest

from services.sfi_schedule.app import create_app as create_sfi
from services.validation.app import create_app as create_validation
from tests.helpers import identity_header
from tests.integration.validation.support import ANONYMOUS, application

NUMBERS = [
    pytest.param("811218-9876", "19811218-****", id="ten-digits-with-dash"),
    pytest.param("8112189876", "19811218-****", id="ten-digits"),
    pytest.param("121212+1212", "19121212-****", id="plus-hundred-or-older"),
    pytest.param("19811278-9873", "19811278-****", id="samordningsnummer"),
    pytest.param("٨١١٢١٨-٩٨٧٦", "19811218-****", id="arabic-indic-digits"),
    pytest.param("１９８１１２１８－９８７６", "19811218-****", id="full-width"),
    pytest.param("19810230-1234", None, id="february-30"),
    pytest.param("19811318-9875", None, id="month-13"),
    pytest.param("20230229-1238", None, id="february-29-in-a-common-year"),
    pytest.param("19811292-1237", None, id="day-92"),
    pytest.param("19811218-9875", None, id="wrong-check-digit"),
]


@pytest.fixture
async def clients(make_client, settings):
    return await make_client(create_validation(settings)), await make_client(create_sfi(settings))


@pytest.mark.parametrize(("typed", "masked"), NUMBERS)
async def test_both_services_give_the_same_verdict_on_a_personal_number(clients, typed, masked):
    validation, sfi = clients
    applied = await validation.post(
        "/v1/applications",
        json=application(identity={"number": typed}),
        headers={**ANONYMOUS, "Idempotency-Key": str(uuid.uuid4())},
    )
    learner = await sfi.put(
        "/v1/learners/me",
        json={"path": 2, "displayName": "Amal", "personalNumber": typed},
        headers=identity_header(f"resident-{uuid.uuid4().hex[:8]}", roles=("resident",)),
    )
    if masked is None:
        assert (applied.status, learner.status) == (422, 422)
        assert "/identity/number" in [e["pointer"] for e in (await applied.json())["errors"]]
        assert "/personalNumber" in [e["pointer"] for e in (await learner.json())["errors"]]
    else:
        assert (applied.status, learner.status) == (201, 201), (await applied.text(), await learner.text())
        assert (await applied.json())["identity"]["number"] == masked
        assert (await learner.json())["personalNumberMasked"] == masked


async def test_the_sfi_profile_takes_times_and_dates_typed_in_arabic_digits(clients):
    _, sfi = clients
    body = {
        "path": 2,
        "phone": "٠٧٠-١٢٣ ٤٥ ٦٧",
        "rightAroseOn": "٢٠٢٥-٠١-١٥",
        "busyWindows": [{"weekdays": [1, 3], "start": "١٤:٠٠", "end": "２２：００", "validFrom": "۲۰۲۵–۰۱–۰۱"}],
    }
    resp = await sfi.put("/v1/learners/me", json=body, headers=identity_header("resident-ar", roles=("resident",)))
    assert resp.status == 201, await resp.text()
    profile = await resp.json()
    assert profile["rightAroseOn"] == "2025-01-15" and profile["phone"] == "070-123 45 67"
    assert (profile["busyWindows"][0]["start"], profile["busyWindows"][0]["end"]) == ("14:00", "22:00")
