"""The validation service's clock is the suite's one clock (``shared.clock``), named here for its packages."""

from __future__ import annotations

from shared.clock import CLOCK, STOCKHOLM, SYSTEM_CLOCK, Clock, clock_of, local_date

__all__ = ["CLOCK", "STOCKHOLM", "SYSTEM_CLOCK", "Clock", "clock_of", "local_date"]
