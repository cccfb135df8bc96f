"""Rules of outcome records and the definitions behind the figures (no I/O).

An outcome record says what a learner was doing on one day. Each kind has its own details and only those:
work has its extent and form of employment (and the SSYK code when known), studies say which, a placement
says which kind. Nothing is free text, so no record can carry a name or a story.
"""

from __future__ import annotations

from typing import Any

from shared.errors import FieldError, ValidationFailed

KINDS = ("work", "studies", "placement", "job_seeking", "parental_leave", "other")
EMPLOYMENT_FORMS = ("permanent", "fixed_term", "hourly", "self_employed", "subsidised")
STUDY_KINDS = ("komvux", "sfi", "other")
PLACEMENT_KINDS = ("yrkespraktik", "sprakpraktik", "apl")
SOURCES = ("caseworker", "self_reported", "arbetsformedlingen", "employer", "school", "register", "other")
SEXES = ("female", "male", "other")
DETAILS = {  # the details each kind carries: (field, required)
    "work": (("ssyk", False), ("extentPercent", True), ("employmentForm", True)),
    "studies": (("studyKind", True),),
    "placement": (("placementKind", True),),
}
ALL_DETAILS = ("ssyk", "extentPercent", "employmentForm", "studyKind", "placementKind")

# The figures. A status "at" a day is the latest record of the OBSERVATION_MONTHS before it (that day included);
# older knowledge is not a status any more, and without a record the status is unknown.
HORIZONS = (6, 12, 24)
OBSERVATION_MONTHS = 3
BASES = ("sfiStart", "arrival")
# The statuses a horizon can find; "in work or studies" is work, or studies other than SFI itself, as Kolada
# counts it (everyone is in SFI after the start, so counting it would make the figure say nothing).
STATUSES = ("work", "studies", "sfi", "placement", "job_seeking", "parental_leave", "other", "unknown")
# Waiting from the day the right arose to the first SFI start, in whole months; the 3-month deadline (1 month in
# the establishment programme) is a bucket boundary.
WAIT_BUCKETS = ("0-1", "1-2", "2-3", "3-6", "6+", "notStarted")
COURSES = ("A", "B", "C", "D")
EMPLOYER_KINDS = ("municipal", "private")


def check_outcome(d: dict[str, Any]) -> None:
    """422 for details that do not belong to the record's kind, or required details that are missing."""
    kind = d["kind"]
    allowed = dict(DETAILS.get(kind, ()))
    errors = [
        FieldError(f"/{name}", f"is not part of a record of kind {kind}")
        for name in ALL_DETAILS
        if d.get(name) is not None and name not in allowed
    ]
    errors += [
        FieldError(f"/{name}", f"is required for a record of kind {kind}")
        for name, required in allowed.items()
        if required and d.get(name) is None
    ]
    if errors:
        raise ValidationFailed(errors)
