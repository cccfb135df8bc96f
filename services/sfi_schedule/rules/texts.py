"""The texts the SFI service shows to people: keyed gettext messages (``make i18n`` extracts them).

A reason's key (``why_not.too_far``) is what machines read and the gettext context; the English text is the
msgid. Placement reasons share some keys with the group reasons but say them differently, so their context
is prefixed ``placement.``. Weekday names and lists ("mån, tis och ons") come from CLDR through Babel.
"""

from __future__ import annotations

from shared.i18n import KN, K

REASONS = (
    # Why the learner may not enrol in a group now, beyond the rules (the eligibility answer and the enrol page).
    K("enrol.no_profile", "you have no SFI learner profile yet – contact SFI admissions"),
    K("enrol.ended", "the group {group} has ended"),
    K("enrol.active.enrolled", "you already have a seat in course {course} ({group})"),
    K("enrol.active.waitlisted", "you are already in the queue for course {course} ({group})"),
    K("enrol.active.offered", "you have an offer of a seat in course {course} ({group}) to answer"),
    K("enrol.placement", "collides with your work placement {title} {weekday} {start}–{end} (first on {first})"),
    K("fit.when", "{daypart}, {days} {times}"),
    K("fit.distance_km", "{km} km away"),
    K("fit.distance_study", "distance study"),
    K("fit.open_preschool", "at the open preschool, your child comes along"),
    K("fit.daypart_preferred", "at times you prefer"),
    K("fit.daypart_partly", "partly at times you prefer"),
    K("fit.language_support", "support in your language ({language})"),
    K("fit.same_district", "in your district ({district})"),
    KN("fit.free_seats", "{seats} free seat", "{seats} free seats", "seats"),
    K("fit.waiting", "full now, {waiting} waiting"),
    K("why_not.collides.work", "collides with your shift {weekday} {start}–{end} ({sessions} of {total} sessions)"),
    K(
        "why_not.collides.placement",
        "collides with your work placement {weekday} {start}–{end} ({sessions} of {total} sessions)",
    ),
    K(
        "why_not.collides.other",
        "collides with your busy time {weekday} {start}–{end} ({sessions} of {total} sessions)",
    ),
    K("why_not.open_preschool_only", "for parents on parental leave with their child"),
    K("why_not.distance_study", "distance study, which you did not choose"),
    K("why_not.too_far", "{km} km away, beyond your {max} km"),
    K("why_not.no_sessions", "no sessions in the coming weeks"),
    K("why_not.evening_path", "evening groups are only for study paths {paths}; you are on study path {path}"),
    K("why_not.course.not_on_path", "course {course} is not on your study path {path} ({courses})"),
    K("why_not.course.passed", "you have already passed (G) course {course}"),
    K(
        "why_not.course.needs_previous",
        "course {course} needs a pass (G) in course {previous} or a placement in course {course} by mapping",
    ),
    K("why_not.eligibility.birth_date_unknown", "give your date of birth to start SFI"),
    K("why_not.eligibility.too_young", "you may start SFI from {from} (1 July of the year you turn 16)"),
    K(
        "why_not.eligibility.residence_unknown",
        "say whether you are registered as resident or have an EU/EEA right of residence",
    ),
    K("why_not.eligibility.asylum_seeker", "asylum seekers are not eligible for SFI"),
    K("why_not.eligibility.no_right_of_residence", "SFI needs residence in Sweden or an EU/EEA right of residence"),
)

PLACEMENT_REASONS = (
    K("placement.fit.hours", "{kind}, {days} {times}"),
    K("placement.fit.period", "{from} – {to}"),
    K("placement.fit.around_sfi", "fits with the SFI group {groups}"),
    K("placement.fit.level", "level {needed} needed – studies {level} now"),
    K("placement.fit.language", "{language} is also spoken at the workplace"),
    K("placement.fit.distance_km", "{km} km away"),
    K("placement.fit.same_district", "in the same district ({district})"),
    KN("placement.fit.free_seats", "{seats} free seat", "{seats} free seats", "seats"),
    K("placement.fit.registerkontroll", "the workplace asks for a criminal-record check (registerkontroll)"),
    K(
        "placement.why_not.collides.sfi",
        "collides with the SFI group {group} {weekday} {start}–{end} (first on {first})",
    ),
    K("placement.why_not.collides.work", "collides with a work shift {weekday} {start}–{end} (first on {first})"),
    K(
        "placement.why_not.collides.placement",
        "collides with another placement {weekday} {start}–{end} (first on {first})",
    ),
    K("placement.why_not.collides.other", "collides with busy time {weekday} {start}–{end} (first on {first})"),
    K("placement.why_not.level", "needs SFI level {needed} – studies {level} now"),
    K("placement.why_not.child_care", "on parental leave with the child; a placement needs child care"),
    K("placement.why_not.too_far", "{km} km away, beyond {max} km"),
    K("placement.why_not.full", "every seat is taken"),
    K("placement.why_not.ended", "the placement ended on {to}"),
)

DAYPARTS = (
    K("daypart.morning", "morning"),
    K("daypart.afternoon", "afternoon"),
    K("daypart.evening", "evening"),
    K("daypart.weekend", "weekend"),
    K("daypart.mixed", "mixed times"),
)

PLACEMENT_KINDS = (
    K("placement_kind.yrkespraktik", "vocational placement"),
    K("placement_kind.sprakpraktik", "language placement"),
)

# The names people read in schedule answers: courses, Swedish public holidays (``calendar.days_off``) and the
# kinds of study-free days (an administrator's own description of one is data and is shown as typed).
NAMES = (
    K("course.name", "SFI course {code}"),
    K("holiday.new_years_day", "New Year's Day"),
    K("holiday.epiphany", "Epiphany"),
    K("holiday.good_friday", "Good Friday"),
    K("holiday.easter_sunday", "Easter Sunday"),
    K("holiday.easter_monday", "Easter Monday"),
    K("holiday.may_day", "May Day"),
    K("holiday.ascension_day", "Ascension Day"),
    K("holiday.whit_sunday", "Whit Sunday"),
    K("holiday.national_day", "National Day of Sweden"),
    K("holiday.midsummer_eve", "Midsummer Eve"),
    K("holiday.midsummer_day", "Midsummer Day"),
    K("holiday.all_saints_day", "All Saints' Day"),
    K("holiday.christmas_eve", "Christmas Eve"),
    K("holiday.christmas_day", "Christmas Day"),
    K("holiday.second_day_of_christmas", "Second Day of Christmas"),
    K("holiday.new_years_eve", "New Year's Eve"),
    K("day_off.study_free", "Study-free day"),
    K("day_off.closed", "The venue is closed"),
)

MESSAGES = (*REASONS, *PLACEMENT_REASONS, *DAYPARTS, *PLACEMENT_KINDS, *NAMES)
