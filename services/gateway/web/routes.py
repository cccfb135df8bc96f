"""The page routes, in one table."""

from __future__ import annotations

from aiohttp import web

from services.gateway.web.views import (
    admin,
    apply,
    cases,
    followup,
    help,
    learner,
    placement_admin,
    placements,
    public,
    sfi_applications_admin,
    sfi_apply,
    signin,
    skills,
    skills_work,
    work,
)


def add_routes(app: web.Application) -> None:
    """Every page of the web UI."""
    r = app.router
    r.add_get("/", public.landing)
    r.add_get("/lang/{code}", public.switch_language)
    r.add_get("/help", help.help_page)
    r.add_get("/signin", signin.signin_page)
    r.add_post("/signin/demo", signin.demo_signin)
    r.add_get("/signin/oidc", signin.oidc_start)
    r.add_get("/signin/callback", signin.oidc_callback)
    r.add_post("/signout", signin.signout)
    r.add_get("/sfi", public.finder)
    r.add_get("/sfi/groups/{id}", public.group_page)
    r.add_get("/sfi/groups/{id}/print", public.group_print)
    r.add_get("/apply", apply.start)
    r.add_post("/apply", apply.step)
    r.add_get("/follow", cases.follow_form)
    r.add_post("/follow", cases.follow)
    r.add_get("/follow/{id}", cases.follow_form)
    r.add_post("/follow/{id}", cases.follow)
    r.add_get("/cases/{id}", cases.my_case)
    r.add_post("/cases/{id}/documents", cases.upload)
    r.add_get("/cases/{id}/certificate", cases.certificate)
    r.add_post("/cases/{id}/certificate", cases.certificate)
    r.add_get("/work", work.queue)
    r.add_post("/work/search", work.search)
    r.add_get("/work/cases/{id}", work.case_page)
    r.add_get("/work/cases/{id}/certificate", work.certificate)
    r.add_post("/work/cases/{id}/transition", work.transition)
    r.add_post("/work/cases/{id}/decision", work.decide)
    r.add_get("/work/cases/{id}/documents/{doc}", work.document)
    r.add_get("/admin/sfi", admin.drafts)
    r.add_get("/admin/sfi/groups/new", admin.new_group)
    r.add_post("/admin/sfi/groups", admin.save_group)
    r.add_get("/admin/sfi/groups/{id}/edit", admin.edit_group)
    r.add_post("/admin/sfi/groups/{id}", admin.save_group)
    r.add_get("/admin/sfi/publications", admin.publications)
    r.add_post("/admin/sfi/publications", admin.publish)
    r.add_post("/admin/sfi/publications/{id}/cancel", admin.cancel_publication)
    r.add_get("/admin/sfi/oversight", admin.oversight)
    r.add_get("/admin/sfi/learners", admin.learners)
    r.add_get("/sfi/fit", learner.fit)
    r.add_post("/sfi/fit", learner.fit)
    r.add_post("/sfi/groups/{id}/enrol", learner.enrol)
    r.add_get("/my", learner.my_pages)
    r.add_post("/my/offers/{id}", learner.answer_offer)
    r.add_post("/my/enrolments/{id}/move", learner.move)
    r.add_get("/my/enrolments/{id}/withdraw", learner.withdraw)
    r.add_post("/my/enrolments/{id}/withdraw", learner.withdraw)
    # Work placements (issue 22): learners, the agreement every party shares, workplace contacts, staff.
    r.add_get("/my/placements", placements.mine)
    r.add_post("/my/placements/{id}/ask", placements.ask)
    r.add_get("/placements/agreements/{id}", placements.agreement_page)
    r.add_get("/placements/agreements/{id}/print", placements.print_page)
    r.add_post("/placements/agreements/{id}/step", placements.step)
    r.add_get("/workplace", placements.workplace_page)
    r.add_get("/placements", placement_admin.offers)
    r.add_get("/placements/{id}", placement_admin.offer_page)
    r.add_post("/placements/{id}/propose", placement_admin.propose)
    r.add_get("/admin/placements", placement_admin.manage)
    r.add_post("/admin/placements/workplaces", placement_admin.save_workplace)
    r.add_post("/admin/placements/offers", placement_admin.save_offer)
    r.add_get("/admin/placements/figures", placement_admin.figures)
    # Skills mapping (issue 22): the person's form and result, following it with the code, the caseworker's pages.
    r.add_get("/skills", skills.start)
    r.add_post("/skills", skills.create)
    r.add_get("/skills/follow", skills.follow_form)
    r.add_post("/skills/follow", skills.follow)
    r.add_get("/skills/{id}", skills.mine)
    r.add_get("/work/skills", skills_work.queue)
    r.add_post("/work/skills", skills_work.create)
    r.add_get("/work/skills/new", skills_work.new)
    r.add_get("/work/skills/shortage", skills_work.shortage)
    r.add_post("/work/skills/shortage", skills_work.save_shortage)
    r.add_get("/work/skills/{id}", skills_work.mapping_page)
    r.add_post("/work/skills/{id}", skills_work.save)
    r.add_get("/work/skills/{id}/edit", skills_work.edit)
    r.add_post("/work/skills/{id}/applications", skills_work.make_application)
    r.add_post("/work/skills/{id}/proposals", skills_work.propose_placement)
    r.add_get("/follow-up", followup.targets)
    # SFI without e-ID (issue 18): apply, follow with the code; administrators check identity and place.
    r.add_get("/sfi/apply", sfi_apply.apply)
    r.add_post("/sfi/apply", sfi_apply.apply)
    r.add_get("/sfi/apply/follow", sfi_apply.follow)
    r.add_post("/sfi/apply/follow", sfi_apply.follow)
    r.add_get("/admin/sfi/applications", sfi_applications_admin.waiting)
    r.add_get("/admin/sfi/applications/{reference}", sfi_applications_admin.application)
    r.add_post("/admin/sfi/applications/{reference}", sfi_applications_admin.application)
    r.add_get("/follow-up/targets.csv", followup.targets_csv)
