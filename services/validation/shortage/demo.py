"""Demo shortage occupations for ``lotsen up --demo``: Kalmar (0880), modelled on Arbetsförmedlingen's forecasts.

The levels are shaped like Arbetsförmedlingen's yearly occupational forecasts for a county plus the
municipality's own recruitment needs; they are demo data, labelled as such in every source.
"""

from __future__ import annotations

from datetime import date

import asyncpg

from services.validation.shortage import queries

DEMO_MUNICIPALITY = "0880"
DEMO_EDITOR = "demo-caseworker-karin"
_AF = "Arbetsförmedlingen, yrkesprognoser 2026, Kalmar län (demodata)"
_LOCAL = "Kalmar kommun, kompetensförsörjningsplan för vård och omsorg 2026 (demodata)"
_AF_DATE, _LOCAL_DATE = date(2026, 6, 15), date(2026, 3, 1)
DEMO_ENTRIES = [
    {"ssyk": "5321", "demandLevel": "large_shortage", "source": _AF, "sourceDate": _AF_DATE},
    {"ssyk": "5323", "demandLevel": "large_shortage", "source": _AF, "sourceDate": _AF_DATE},
    {"ssyk": "5322", "demandLevel": "shortage", "source": _LOCAL, "sourceDate": _LOCAL_DATE},
    {"ssyk": "8331", "demandLevel": "large_shortage", "source": _AF, "sourceDate": _AF_DATE},
    {"ssyk": "5311", "demandLevel": "shortage", "source": _AF, "sourceDate": _AF_DATE},
    {"ssyk": "5120", "demandLevel": "shortage", "source": _AF, "sourceDate": _AF_DATE},
    {"ssyk": "5343", "demandLevel": "balance", "source": _AF, "sourceDate": _AF_DATE},
    {"ssyk": "9111", "demandLevel": "balance", "source": _AF, "sourceDate": _AF_DATE},
]


async def seed_shortage(conn: asyncpg.Connection) -> None:
    """The demo list as the municipality's first version, unless it already has one (call in a transaction)."""
    if await queries.lock_municipality(conn, municipality=DEMO_MUNICIPALITY):
        return
    await queries.insert_version(
        conn, municipality=DEMO_MUNICIPALITY, version=1, note="Demodata: bristyrken i Kalmar",
        created_by=DEMO_EDITOR, entries=DEMO_ENTRIES,
    )  # fmt: skip
