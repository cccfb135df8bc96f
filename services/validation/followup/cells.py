"""Rows of the validation figure query as published cells, small ones suppressed (no I/O)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from shared.disclosure import count, percent, statistic
from shared.followup import Window, arrange

OUTCOMES = ("full", "partial", "none")


def decision_cell(row: Mapping[str, Any] | None) -> dict[str, Any]:
    """Decisions made, the median days from submission to decision, and the outcome (full / partial / none)."""
    n = 0 if row is None else row["decisions"]
    return {
        "decisions": count(n),
        "medianDaysToDecision": statistic(None if row is None else row["median_days"], n),
        "outcomes": {o: count(0 if row is None else row[o]) for o in OUTCOMES},
        "percentFull": percent(0 if row is None else row["full"], n),
    }


def figures(window: Window, rows: Sequence[Mapping[str, Any]], roles: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The validation figures document: every role of the catalogue, and all roles together."""
    series = [(None,), *((r["code"],) for r in roles)]
    return {
        "roles": [{"code": r["code"], "title": {"sv": r["title_sv"], "en": r["title_en"]}} for r in roles],
        "cells": arrange(rows, window, decision_cell, series=series, columns=[("role", "role")]),
    }
