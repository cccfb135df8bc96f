# ruff: noqa: E501 - one message per line reads best
"""The texts the validation service shows to people, as keyed gettext messages (``make i18n`` extracts them).

The key is what machines read (``{"key": "state.submitted", "text": "…"}``) and the gettext context; the
English text is the msgid. ``MESSAGES`` are in all seven languages (``locale/<lang>/LC_MESSAGES/messages.po``);
The e-mails and the skills mapping are in ``texts_mail_skills.py`` (Swedish and English so far).
"""

from __future__ import annotations

from shared.i18n import K

MESSAGES = (
    K("state.submitted", "Application received"),
    K("state.mapping", "Mapping in progress"),
    K("state.supplement_requested", "Supplement requested"),
    K("state.assessment_scheduled", "Assessment scheduled"),
    K("state.assessed", "Assessment done"),
    K("state.decided", "Decision made"),
    K("state.closed", "Case closed"),
    K("state.withdrawn", "Application withdrawn"),
    K("state.rejected", "Application rejected"),
    K("next_step.submitted", "A caseworker reviews your application and starts the mapping."),
    K("next_step.mapping", "A vocational teacher maps your knowledge. Send the documents that are missing."),
    K("next_step.supplement_requested", "Send the supplements the caseworker asked for."),
    K("next_step.assessment_scheduled", "Attend the assessment on the given date and place."),
    K("next_step.assessed", "The caseworker is writing the decision."),
    K(
        "next_step.decided",
        "Read the decision and download the certificate. You can take the listed courses in adult education.",
    ),
    K("next_step.closed", "The case is closed."),
    K("next_step.withdrawn", "You withdrew the application. You may apply again at any time."),
    K("next_step.rejected", "Contact the municipality if you want to know more about the decision."),
    K(
        "route.transition",
        "Transition rule: a permanent post as undersköterska on 1 July 2023 (title allowed until 30 June 2033)",
    ),
    K("route.legacy", "Education started before 1994: older care programmes plus Swedish"),
    K(
        "route.points_rule",
        "Education started 1994 to 30 June 2023: at least 1,240 points of care courses and 80 points of Swedish",
    ),
    K(
        "route.experience",
        "Work experience in an occupation that counts: at least {months} months full-time within the last {years} years",
    ),
    K("route.package", "Skolverket's course package"),
    K(
        "experience.counted",
        "Counts: {occupation} (SSYK {ssyk}), {months} months full-time within the last {years} years.",
    ),
    K("experience.not_relevant", "Does not count: occupation SSYK {ssyk} is not one that counts for this role."),
    K("experience.not_mapped", "Not judged yet: the occupation has no SSYK code. A caseworker will match it to one."),
    K("experience.outside_window", "Does not count: the work ended more than {years} years ago."),
    K("document.diploma", "Diploma (original)"),
    K("document.transcript", "Transcript of records"),
    K("document.translation", "Translation into Swedish or English"),
    K("document.course_description", "Course descriptions with content and hours"),
    K("document.employment_certificate", "Employment certificate"),
    K("document.language_proof", "Proof of Swedish"),
    K("document.id", "Passport or ID document"),
    K(
        "advice.swedish_first",
        "Swedish first: take SFI course D or Swedish as a second language 1 before the vocational courses.",
    ),
    K("advice.uhr_statement", "A statement from UHR on your foreign education can help, but it binds no one."),
    K("advice.transition_rule", "Send an employment certificate showing the permanent post on 1 July 2023."),
    K(
        "advice.experience_counts",
        "Your work experience can make up for missing grades; attach employment certificates.",
    ),
    K(
        "advice.experience_mapping",
        "A caseworker will match your occupations to occupation codes (SSYK). Until then your work experience is not counted.",
    ),
    K(
        "advice.regulated_title",
        "The title is protected: Socialstyrelsen issues the certificate. The municipality gives a pre-assessment.",
    ),
    K("outcome.full", "Fully validated"),
    K("outcome.partial", "Partly validated"),
    K("outcome.none", "Not validated"),
    K("certificate.title", "Validation certificate"),
    K(
        "certificate.pre_assessment",
        "PRE-ASSESSMENT – not a certificate of title. Socialstyrelsen issues the bevis for the protected title undersköterska.",
    ),
    K("certificate.role", "Role"),
    K("certificate.reference", "Reference"),
    K("certificate.applicant", "Applicant"),
    K("certificate.full_courses", "Fully matched courses"),
    K("certificate.partial_courses", "Partly matched courses"),
    K("certificate.gap_list", "Courses remaining (in prerequisite order)"),
    K("certificate.points", "Points validated: {validated}. Points remaining: {remaining}."),
    K("certificate.decided", "Date of decision"),
    K("certificate.none", "None"),
    K("certificate.swedish_copy", "The same certificate in Swedish, for the authorities"),
)

# The roles (occupations) applicants are validated against, by catalogue code (``role.<code>``).
ROLES = (
    K("role.underskoterska", "Assistant nurse"),
    K("role.barnskotare", "Childcare worker"),
    K("role.elevassistent", "Teaching assistant"),
)
