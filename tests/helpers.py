"""Helpers for tests: fixed test secrets, the identity header the gateway would attach, headers signed on use."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

from shared.identity import HEADER, Identity, sign_identity

INTERNAL_SECRET = "test-internal-secret-" + "x" * 32
JWT_SECRET = "test-jwt-secret-" + "y" * 32


def identity_header(
    sub: str = "person-1",
    *,
    kind: str = "person",
    roles: tuple[str, ...] = ("resident",),
    scopes: tuple[str, ...] = (),
    secret: str = INTERNAL_SECRET,
    ttl: float = 30,
) -> dict[str, str]:
    """The header the gateway would attach for this caller."""
    ident = Identity(sub=sub, kind=kind, roles=frozenset(roles), scopes=frozenset(scopes), consumer=sub)
    return {HEADER: sign_identity(ident, secret.encode(), ttl=ttl)}


def anonymous_header() -> dict[str, str]:
    """The header for an anonymous visitor."""
    return identity_header("anonymous", kind="anonymous", roles=())


class Fresh(Mapping[str, str]):
    """Headers signed anew on every use, so a test run of any length never sends an expired assertion or token.

    Headers built once at import would expire while a slow machine is still running the tests before them.
    """

    def __init__(self, factory: Callable[[], Mapping[str, str]]) -> None:
        self._factory = factory

    def __getitem__(self, key: str) -> str:
        return self._factory()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._factory())

    def __len__(self) -> int:
        return len(self._factory())


def job_runs_in(metrics_text: str, job: str) -> float:
    """Finished runs of ``job`` (any outcome) in a process's ``/metrics`` text."""
    prefix = 'lotsen_job_runs_total{job="' + job + '",'
    return sum(float(line.rsplit(" ", 1)[1]) for line in metrics_text.splitlines() if line.startswith(prefix))


def job_runs(app, job: str) -> float:
    """Finished runs of ``job`` (any outcome) in an app running in this process."""
    from prometheus_client import generate_latest

    from shared.metrics import METRICS

    return job_runs_in(generate_latest(app[METRICS].registry).decode(), job)
