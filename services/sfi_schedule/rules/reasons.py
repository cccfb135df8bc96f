"""A reason for people: a message key and its parameters (``rules/messages.py`` says it in sv, en or ar)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Reason:
    """A message key and its parameters."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)
