"""Display labels for codes the services send (venue kinds, states, outcomes), marked for extraction."""

from __future__ import annotations


def N_(message: str) -> str:
    """Mark ``message`` for the catalogue; it is translated where it is shown."""
    return message


VENUE_KINDS = {
    "school": N_("School"),
    "library": N_("Library"),
    "open_preschool": N_("Open preschool"),
    "workplace": N_("Workplace"),
    "digital": N_("Online"),
}
CASE_STATES = {
    "submitted": N_("Submitted"),
    "mapping": N_("Being mapped"),
    "supplement_requested": N_("Supplement requested"),
    "assessment_scheduled": N_("Assessment scheduled"),
    "assessed": N_("Assessed"),
    "decided": N_("Decided"),
    "closed": N_("Closed"),
    "withdrawn": N_("Withdrawn"),
    "rejected": N_("Rejected"),
}
DAYPARTS = {
    "morning": N_("Morning"),
    "afternoon": N_("Afternoon"),
    "evening": N_("Evening"),
    "weekend": N_("Weekend"),
    "mixed": N_("Mixed times"),
}
OUTCOMES = {"full": N_("Fully matched"), "partial": N_("Partly matched"), "none": N_("Not matched")}
DOCUMENT_KINDS = {
    "diploma": N_("Diploma"),
    "transcript": N_("Transcript of grades"),
    "translation": N_("Translation"),
    "course_description": N_("Course description"),
    "employment_certificate": N_("Employment certificate"),
    "language_proof": N_("Proof of Swedish"),
    "id": N_("Identity document"),
}
ID_DOCUMENTS = {
    "passport": N_("Passport"),
    "national_id": N_("National identity card"),
    "residence_permit": N_("Residence permit card"),
    "travel_document": N_("Travel document"),
    "other": N_("Other document"),
}
ROLES = {
    "resident": N_("Resident (applicant, learner)"),
    "caseworker": N_("Caseworker"),
    "sfi_admin": N_("SFI administrator"),
    "teacher": N_("Teacher"),
    "auditor": N_("Auditor"),
    "admin": N_("Gateway administrator"),
    "workplace_contact": N_("Workplace contact (placements)"),
}
RESOURCES = {"room": N_("The room"), "teacher": N_("A teacher")}
LABELS = {"resource": RESOURCES, "venue": VENUE_KINDS, "state": CASE_STATES, "outcome": OUTCOMES, "doc": DOCUMENT_KINDS,
          "iddoc": ID_DOCUMENTS, "role": ROLES, "daypart": DAYPARTS}  # fmt: skip
