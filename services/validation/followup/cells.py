"""Rows of the validation figure query as published cells, small ones suppressed and what would give them away
(shared/disclosure.py; no I/O)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from shared.disclosure import Layout, protect
from shared.followup import Window, arrange

OUTCOMES = ("full", "partial", "none")


def decision_cell(row: Mapping[str, Any] | None) -> dict[str, Any]:
    """Decisions made, the median days from submission to decision, and the outcome (raw counts)."""
    return {
        "decisions": 0 if row is None else row["decisions"],
        "medianDaysToDecision": None if row is None else row["median_days"],
        "outcomes": {o: 0 if row is None else row[o] for o in OUTCOMES},
        "percentFull": None,
    }


# How the counts add up (shared/disclosure.py hides what would give a small one away): the outcomes make the
# decisions, and all roles are the sum of each role.
LAYOUT = Layout(
    counts=("decisions", *(f"outcomes.{o}" for o in OUTCOMES)),
    sums=(("decisions", tuple(f"outcomes.{o}" for o in OUTCOMES)),),
    percents={"percentFull": ("outcomes.full", "decisions")},
    statistics={"medianDaysToDecision": "decisions"},
    series=("role",),
    summed_series=True,
)


def figures(window: Window, rows: Sequence[Mapping[str, Any]], roles: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The validation figures document: every role of the catalogue, and all roles together."""
    series = [(None,), *((r["code"],) for r in roles)]
    return {
        "roles": [{"code": r["code"], "title": {"sv": r["title_sv"], "en": r["title_en"]}} for r in roles],
        "cells": protect(arrange(rows, window, decision_cell, series=series, columns=[("role", "role")]), LAYOUT),
    }
