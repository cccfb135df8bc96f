"""Which address an anonymous caller is limited by: only trusted proxies may speak for the client."""

from __future__ import annotations

import pytest

from services.gateway.clientaddr import client_address, parse_networks

INGRESS = parse_networks("10.0.0.0/8, fd00::/8")


@pytest.mark.parametrize(
    ("peer", "xff", "trusted", "expected"),
    [
        ("203.0.113.5", None, INGRESS, "203.0.113.5"),  # no proxy in between
        ("203.0.113.5", "198.51.100.7", INGRESS, "203.0.113.5"),  # an untrusted peer cannot claim another address
        ("10.1.2.3", "198.51.100.7", INGRESS, "198.51.100.7"),  # the ingress speaks for the client
        ("10.1.2.3", "1.2.3.4, 198.51.100.7", INGRESS, "198.51.100.7"),  # the client's own claim is ignored
        ("10.1.2.3", "198.51.100.7, 10.9.9.9", INGRESS, "198.51.100.7"),  # two trusted hops
        ("10.1.2.3", "10.4.4.4", INGRESS, "10.1.2.3"),  # nothing untrusted: the peer
        ("10.1.2.3", "not-an-ip", INGRESS, "10.1.2.3"),  # malformed chain: trust nothing in it
        ("10.1.2.3", "198.51.100.7", (), "10.1.2.3"),  # no trusted proxies configured (the default)
        ("fd00::1", "2001:db8::5", INGRESS, "2001:db8::5"),
    ],
)
def test_client_address(peer, xff, trusted, expected):
    assert client_address(peer, xff, trusted) == expected


def test_a_bad_network_is_refused():
    with pytest.raises(ValueError):
        parse_networks("10.0.0.0/8, not-a-network")
