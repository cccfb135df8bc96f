"""Start and steer the real OpenID Provider (``oidc_provider.mjs``, npm ``oidc-provider``) for sign-in tests.

``OpenIdProvider.start()`` returns once the provider prints that it listens (an event, no sleep).
``register()`` registers a client by Dynamic Client Registration; ``rotate_key()``, ``set_clock()`` and
``claims_in_id_token()`` use the script's test controls; ``stop()``/``start()`` take it down and up again
on the same port (same issuer).
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from typing import Any

from shared.localpg import free_port
from tests.node import HERE, node, package_dir

SCRIPT = HERE / "oidc_provider.mjs"
START_LIMIT = 60.0  # only a bound on a provider that never starts; a normal start ends on its "listening" line

ACCOUNTS: dict[str, dict[str, Any]] = {
    # login name: claims (the provider puts them in userinfo by default)
    "karin": {"name": "Karin Lind", "roles": ["caseworker"]},
    "amal": {"given_name": "Amal", "family_name": "Hassan", "roles": "resident"},  # a string roles claim
    "nora": {"name": "Nora Berg", "roles": ["caseworker", "wizard", "schedule:read", "admin:keys"]},
    "erik": {"name": "Erik Berg", "realm_access": {"roles": ["lotsen-sfi-admin", "offline_access"]}},
    "olle": {"name": "Olle Utan Roll"},  # no roles claim at all
    "sven": {"name": "Sven Svensson", "ssn": "196802020575", "roles": "resident"},
    "bad-ssn": {"name": "Ingen Siffra", "ssn": "19680202-0576", "roles": "resident"},
}


@dataclass
class Client:
    """A client registered at the provider."""

    client_id: str
    client_secret: str | None
    redirect_uri: str


@dataclass
class OpenIdProvider:
    """One oidc-provider process on 127.0.0.1."""

    port: int = field(default_factory=free_port)
    accounts: dict[str, dict[str, Any]] = field(default_factory=lambda: dict(ACCOUNTS))
    proc: subprocess.Popen | None = None
    output: list[str] = field(default_factory=list)
    _reader: threading.Thread | None = field(default=None, repr=False)
    clients_file: str = field(default_factory=lambda: tempfile.mkdtemp(prefix="oidc-provider-") + "/clients.json")

    @property
    def issuer(self) -> str:
        """The issuer identifier, exactly as discovery states it."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def running(self) -> bool:
        """True while the process is alive."""
        return self.proc is not None and self.proc.poll() is None

    def start(self) -> OpenIdProvider:
        """Start the provider and wait for its "listening" line (its output is read on, so it never blocks)."""
        package_dir("oidc-provider")
        env = {**os.environ, "LOTSEN_TEST_OP": json.dumps({"port": self.port, "accounts": self.accounts,
                                                           "clientsFile": self.clients_file})}  # fmt: skip
        self.proc = subprocess.Popen([node(), str(SCRIPT)], cwd=HERE, env=env, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True)  # fmt: skip
        lines: queue.Queue[str] = queue.Queue()
        self._reader = threading.Thread(target=self._read, args=(self.proc.stdout, lines), daemon=True)
        self._reader.start()
        limit = time.monotonic() + START_LIMIT
        while (left := limit - time.monotonic()) > 0:
            try:
                line = lines.get(timeout=left)
            except queue.Empty:
                break
            if line.startswith("listening "):
                return self
            if not line:
                break
        self.stop()
        raise RuntimeError("oidc-provider did not start:\n" + "".join(self.output))

    def _read(self, stream, lines: queue.Queue[str]) -> None:
        for line in stream:
            self.output.append(line)
            lines.put(line)
        lines.put("")  # the process ended

    def stop(self) -> None:
        """Stop the process (the provider is then down: connections are refused)."""
        if self.proc is not None:
            if self.proc.poll() is None:
                self.proc.terminate()
            self.proc.wait(timeout=15)
            self._reader.join(timeout=15)  # the output ends with the process
            self.proc.stdout.close()
            self.proc = None

    def _call(self, path: str, body: dict | None = None) -> Any:
        data = json.dumps(body).encode() if body is not None else b""
        req = urllib.request.Request(self.issuer + path, data=data, method="POST")  # noqa: S310 - our provider
        req.add_header("Content-Type", "application/json")
        with urllib.request.urlopen(req, timeout=10) as resp:  # noqa: S310 - our own provider on 127.0.0.1
            return json.loads(resp.read())

    def register(self, redirect_uri: str, *, auth: str = "client_secret_basic", jwks: dict | None = None,
                 post_logout: str | None = None) -> Client:  # fmt: skip
        """Register a client (RFC 7591) for one gateway's callback URL."""
        meta: dict[str, Any] = {
            "redirect_uris": [redirect_uri],
            "post_logout_redirect_uris": [post_logout or redirect_uri.split("/signin/")[0] + "/"],
            "token_endpoint_auth_method": auth,
            "response_types": ["code"],
            "grant_types": ["authorization_code"],
        }
        if jwks is not None:
            meta["jwks"] = jwks
        answer = self._call("/reg", meta)
        return Client(answer["client_id"], answer.get("client_secret"), redirect_uri)

    def rotate_key(self) -> str:
        """Sign with a new key from now on (the old one is no longer published); returns the new kid."""
        return self._call("/__test/rotate")["kid"]

    def claims_in_id_token(self, on: bool) -> None:
        """Put scope-requested claims in the ID token too (off: the provider's default, userinfo only)."""
        self._call(f"/__test/claims-in-id-token?on={'true' if on else 'false'}")

    def set_clock(self, offset_seconds: int) -> None:
        """Move the provider's clock ahead by ``offset_seconds`` (0 puts it back)."""
        self._call(f"/__test/clock?offset={offset_seconds}")

    def counts(self) -> dict[str, int]:
        """Requests the provider answered so far, by path."""
        return self._call("/__test/counts")
