"""SFI schedules: groups, the Swedish calendar, publication, feeds, matching and enrolment."""

from pathlib import Path

from shared.app import ServiceInfo

INFO = ServiceInfo(
    name="sfi_schedule",
    schema="sfi",
    title="Lotsen SFI schedule API",
    description="SFI courses, groups, published schedules, feeds, matching and enrolment.",
)
MIGRATIONS = Path(__file__).parent / "migrations"
