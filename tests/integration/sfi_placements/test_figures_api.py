"""The yearly placement figure: municipal and private counted apart, against the targets, with hours and completion."""

from __future__ import annotations

from services.sfi_schedule.app import create_app
from tests.integration.sfi_enrolment.conftest import TODAY, Api, app_settings, make_learner, resident
from tests.integration.sfi_placements.conftest import caseworker, make_placement, make_workplace, move, propose


async def _started(api, offer, sub, *, on=None, then=None, **body):
    learner = await make_learner(api, sub, path=3)
    agreement = await move(api, await propose(api, offer["id"], learner["id"]), "agreed")
    agreement = await move(api, agreement, "ongoing", **({"on": on} if on else {}))
    return await move(api, agreement, then, **body) if then else agreement


async def test_placements_started_in_the_year_are_counted_per_employer_kind_against_the_targets(
    make_client, settings_env, db_url
):
    env = app_settings(settings_env, db_url, LOTSEN_SFI_PLACEMENT_TARGET_PRIVATE="20")
    api = Api(await make_client(create_app(env)))
    municipal = await make_placement(api, (await make_workplace(api))["id"], seats=10)
    private = await make_placement(api, (await make_workplace(api, name="Hotell Lyxen", employerKind="private",
                                                              sector="hospitality"))["id"], seats=10)  # fmt: skip
    await _started(api, municipal, "m1", then="completed", hoursDone=100)
    await _started(api, municipal, "m2", then="ended_early", reason="moved", hoursDone=20)
    await _started(api, municipal, "m3", on=f"{TODAY.year - 1}-11-03")  # last year's
    await move(api, await propose(api, municipal["id"], (await make_learner(api, "m4", path=3))["id"]), "agreed")
    await _started(api, private, "p1")

    _, figure = await api.call("GET", "/v1/placements/figures", headers=caseworker(), status=200)
    rows = {r["employerKind"]: r for r in figure["rows"]}
    assert (figure["year"], figure["asOf"]) == (TODAY.year, TODAY.isoformat())
    assert {k: (r["started"], r["target"]) for k, r in rows.items()} == {"municipal": (2, 100), "private": (1, 20)}
    assert (rows["municipal"]["completed"], rows["municipal"]["endedEarly"], rows["municipal"]["completionRate"]) == (
        1, 1, 0.5)  # fmt: skip
    assert (rows["municipal"]["hoursDone"], rows["private"]["ongoing"], rows["private"]["progress"]) == (120.0, 1, 0.05)
    assert figure["total"]["started"] == 3 and figure["total"]["target"] == 120
    _, last = await api.call("GET", f"/v1/placements/figures?year={TODAY.year - 1}", status=200)
    assert [r["started"] for r in last["rows"]] == [1, 0]
    assert last["rows"][0]["expectedByNow"] == 100  # a past year: the whole target was due

    await api.call("GET", "/v1/placements/figures", headers=resident("m1"), status=403)
    await api.call("GET", "/v1/placements/figures?year=1800", status=422)
