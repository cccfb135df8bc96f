# ruff: noqa: E501 - one message per line reads best
"""E-mails and the skills mapping: keyed gettext messages, so far in Swedish and English (``mail_skills.po``).

Other languages get Swedish (``skills_language``) until translated; see ``texts.py`` for the keyed form.
"""

from __future__ import annotations

from shared.i18n import K

MAIL_AND_SKILLS = (
    K(
        "mail.footer",
        "This message was sent automatically by Lotsen, the municipality's validation service. Please do not reply; sign in to Lotsen or use your tracking code to see the case.",
    ),
    K("mail.applicant.decision.subject", "Decision in your case {reference}"),
    K(
        "mail.applicant.decision.body",
        "Hello,\n\nYour case {reference} for validation against the occupation {role} has been decided: {outcome}.\nPoints validated: {validated}. Points left to study: {remaining}.",
    ),
    K(
        "mail.applicant.decision.sms",
        "Lotsen: Your case {reference} has been decided: {outcome}. Sign in to Lotsen to read the decision.",
    ),
    K("mail.gap_list", "Courses left to take:"),
    K("mail.applicant.supplement_requested.subject", "More documents needed in your case {reference}"),
    K(
        "mail.applicant.supplement_requested.body",
        "Hello,\n\nThe caseworker needs more from you in your case {reference}:\n\n{reason}\n\nPlease send it in through Lotsen.",
    ),
    K(
        "mail.applicant.supplement_requested.sms",
        "Lotsen: More documents are needed in your case {reference}. Sign in to Lotsen to see what is missing.",
    ),
    K("mail.applicant.supplement_reminder.subject", "Reminder: documents needed in your case {reference}"),
    K(
        "mail.applicant.supplement_reminder.body",
        "Hello,\n\nOn {requested} the caseworker asked for more documents in your case {reference}. We have not received them yet. Please send them in through Lotsen so that the case can go on.",
    ),
    K(
        "mail.applicant.supplement_reminder.sms",
        "Lotsen: Reminder: documents are needed in your case {reference}. Sign in to Lotsen to send them.",
    ),
    K("mail.applicant.assessment_scheduled.subject", "Your assessment in case {reference} is booked"),
    K(
        "mail.applicant.assessment_scheduled.body",
        "Hello,\n\nYour practical assessment in case {reference} is booked.\nDate: {date}\nPlace: {place}\nAssessor: {assessor}",
    ),
    K("mail.applicant.assessment_scheduled.sms", "Lotsen: Assessment in case {reference} on {date}, {place}."),
    K("mail.applicant.rejected.subject", "Your case {reference} has been closed"),
    K(
        "mail.applicant.rejected.body",
        "Hello,\n\nYour application {reference} has been rejected.\n\nReason: {reason}\n\nContact the municipality if you want to know more.",
    ),
    K(
        "mail.applicant.rejected.sms",
        "Lotsen: Your application {reference} has been rejected. Sign in to Lotsen to read the reason.",
    ),
    K("demand.large_shortage", "Large shortage of workers"),
    K("demand.shortage", "Shortage of workers"),
    K("demand.balance", "Balance between jobs and job seekers"),
    K("demand.surplus", "More job seekers than jobs"),
    K("field.care", "care"),
    K("field.health", "health care"),
    K("field.childcare", "childcare and recreation"),
    K("field.pedagogy", "pedagogy"),
    K("field.hospitality", "restaurant and food"),
    K("field.transport", "vehicles and transport"),
    K("field.cleaning", "cleaning"),
    K("field.construction", "construction"),
    K("field.industry", "industry"),
    K("field.technology", "technology and IT"),
    K("field.business", "business and trade"),
    K("field.other", "another field"),
    K(
        "skills.reason.same_occupation",
        "You have {years} years of full-time experience in the occupation group {occupation}.",
    ),
    K(
        "skills.reason.same_group",
        "Your experience in the occupation group {occupation} ({years} years full-time) is in the same group as this occupation.",
    ),
    K(
        "skills.reason.related",
        "Your experience in the occupation group {occupation} ({years} years full-time) counts as relevant for this occupation.",
    ),
    K(
        "skills.reason.same_field",
        "Your experience in the occupation group {occupation} ({years} years full-time) is in the same field of work.",
    ),
    K("skills.reason.short_experience", "Less than one year full-time counts half."),
    K("skills.reason.no_experience", "None of your work is in this occupation or a related one."),
    K(
        "skills.reason.unmapped",
        "Work without an occupation code (SSYK) does not count yet; a caseworker can set the code.",
    ),
    K("skills.reason.education", "Your education in {field} fits the occupation."),
    K("skills.reason.demand", "Demand in the municipality: {level} ({source}, {date})."),
    K("skills.reason.wish", "You would like to work in the occupation group {occupation}."),
    K(
        "skills.ranking.rule",
        "How the occupations are ranked: experience in the same occupation gives 60 points, in the same occupation group 45, in a related occupation 35 and in the same field of work 15 (half if it is less than one year full-time); an education in the occupation's field gives 20 (10 below upper-secondary level); demand gives 15 for a large shortage, 10 for a shortage and 5 for balance; an occupation you wish for gives 10. On equal points, stronger demand comes first, then the lower occupation code.",
    ),
    K("skills.no_shortage_list", "The municipality has no list of shortage occupations yet."),
    K("skills.swedish.no_entry_level", "No particular SFI level is needed to start."),
    K("skills.swedish.met", "Your Swedish is enough to start: you need SFI course {level} passed."),
    K("skills.swedish.sfi_left", "To start you need SFI course {level} passed. Left for you: SFI {courses}."),
    K(
        "skills.swedish.sfi_start",
        "To start you need SFI course {level} passed. With your schooling you would probably study on path {path} from course {start} (SFI {courses}); the SFI school decides where you start.",
    ),
    K("skills.swedish.course_needed", "Then: {name} ({code}, {points} points) in adult education."),
    K("skills.swedish.course_done", "{name} ({code}): done."),
    K("skills.licence.missing", "Driving licence {category} is needed; it is part of the training for the occupation."),
    K("skills.licence.held", "You have driving licence {category}."),
    K(
        "skills.validation.role",
        "Lotsen can validate your knowledge against the occupation {role}; the pre-check below is based on what you told us.",
    ),
    K(
        "skills.validation.none",
        "Lotsen has no validation for this occupation; the way there is training or a work placement.",
    ),
)
