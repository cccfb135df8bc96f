"""Validation of foreign education and experience against roles such as undersköterska and barnskötare."""

from pathlib import Path

from shared.app import ServiceInfo

INFO = ServiceInfo(
    name="validation",
    schema="validation",
    title="Lotsen validation API",
    description="Applications, mapping, assessment and decisions for validating knowledge against a role.",
)
MIGRATIONS = Path(__file__).parent / "migrations"
