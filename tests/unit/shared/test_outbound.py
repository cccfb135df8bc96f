"""The guarded client's rules without a network: URL checks, the address policy, the resolver seam."""

from __future__ import annotations

import ipaddress
import socket

import pytest

from shared.outbound import (
    ALLOW_VARIABLE,
    GuardedResolver,
    OutboundPolicy,
    Refused,
    check_url,
    is_public,
)
from shared.settings import SettingsError, load_settings

OPEN = OutboundPolicy()
LOOPBACK_ALLOWED = OutboundPolicy(allow=(ipaddress.ip_network("127.0.0.0/8"), ipaddress.ip_network("::1/128")))


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1", "127.255.255.254", "0.0.0.0", "10.0.0.1", "172.16.0.1", "172.31.255.255", "192.168.0.1",  # noqa: S104 - an address under test
        "169.254.169.254", "100.64.0.1", "192.0.0.8", "192.0.2.1", "198.18.0.1", "224.0.0.1", "239.255.255.250",
        "240.0.0.1", "255.255.255.255", "::", "::1", "fe80::1", "fc00::1", "fd12:3456::1", "ff02::1", "ff0e::1",
        "::ffff:127.0.0.1", "::ffff:8.8.8.8", "64:ff9b::a00:1", "2002:c0a8:101::", "2001:db8::1", "::127.0.0.1",
    ],
)  # fmt: skip
def test_internal_and_special_addresses_are_not_public(address):
    assert not is_public(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["8.8.8.8", "93.184.215.14", "2a00:1450:4001:80b::200e", "64:ff9b::808:808"])
def test_global_unicast_addresses_are_public(address):
    assert is_public(ipaddress.ip_address(address))


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://2130706433/", "dotted-quad"),
        ("http://0x7f000001/", "dotted-quad"),
        ("http://0177.0.0.1/", "dotted-quad"),
        ("http://127.1/", "dotted-quad"),
        ("http://0/", "dotted-quad"),
        ("http://1.2.3.0x4/", "dotted-quad"),
        ("http://127.0.0.1/", "internal address"),
        ("http://[::1]/", "internal address"),
        ("http://[::ffff:127.0.0.1]/", "internal address"),
        ("http://[fe80::1%25eth0]/", "internal address"),
        ("http://user:pass@hooks.example.org/", "credentials"),
        ("http://user@hooks.example.org/", "credentials"),
        ("http://@hooks.example.org/", "credentials"),
        ("http://hooks.example.org:0/", "with a host"),
        ("http:///path", "with a host"),
        ("hooks.example.org/path", "http or https"),
        ("file:///etc/passwd", "http or https"),
        ("gopher://hooks.example.org/", "http or https"),
        ("http://hooks example.org/", "valid host name"),
        ("http://hooks%2eexample.org/", "valid host name"),
        ("http://-bad.example.org/", "valid host name"),
        ("http://hooks.example.org:99999/", "absolute http(s) URL"),
    ],
)
def test_urls_refused_before_any_look_up(url, message):
    with pytest.raises(Refused) as err:
        check_url(url, OPEN)
    assert message in err.value.public


def test_production_takes_https_only():
    with pytest.raises(Refused, match="must use https"):
        check_url("http://hooks.example.org/", OutboundPolicy(https_only=True))
    assert check_url("https://hooks.example.org/h", OutboundPolicy(https_only=True)).host == "hooks.example.org"


def test_allow_listed_literal_addresses_pass_and_others_still_do_not():
    assert check_url("http://127.0.0.1:8080/hook", LOOPBACK_ALLOWED).port == 8080
    assert check_url("http://[::1]/hook", LOOPBACK_ALLOWED).raw_host == "::1"
    with pytest.raises(Refused):
        check_url("http://10.0.0.1/hook", LOOPBACK_ALLOWED)
    with pytest.raises(Refused):
        check_url("http://user:pw@127.0.0.1/hook", LOOPBACK_ALLOWED)


def names(table: dict[str, list[str]]):
    async def lookup(host: str, port: int) -> list[str]:
        if host not in table:
            raise socket.gaierror(socket.EAI_NONAME, "unknown")
        return table[host]

    return lookup


@pytest.mark.parametrize(
    ("host", "answer"),
    [
        ("loopback.test", ["127.0.0.1"]),
        ("mapped.test", ["::ffff:127.0.0.1"]),
        ("private.test", ["10.0.0.5", "192.168.1.1"]),
        ("metadata.test", ["169.254.169.254"]),
        ("localhost", None),  # never asks DNS: loopback by definition
        ("app.localhost", None),
        ("LOCALHOST.", None),
    ],
)
async def test_a_name_that_resolves_only_to_internal_addresses_is_refused(host, answer):
    resolver = GuardedResolver(OPEN, names({host.lower(): answer} if answer else {}))
    with pytest.raises(Refused):
        await resolver.resolve(host, 443)


async def test_only_permitted_addresses_of_a_name_are_handed_to_the_connector():
    resolver = GuardedResolver(OPEN, names({"mixed.test": ["10.0.0.1", "93.184.215.14", "::1"]}))
    assert [r["host"] for r in await resolver.resolve("mixed.test", 443)] == ["93.184.215.14"]


async def test_localhost_is_reachable_only_through_the_allow_list():
    resolver = GuardedResolver(LOOPBACK_ALLOWED, names({}))
    hosts = await resolver.resolve("localhost", 8080)
    assert {(r["host"], r["family"]) for r in hosts} == {("127.0.0.1", socket.AF_INET), ("::1", socket.AF_INET6)}


@pytest.mark.parametrize(
    ("raw", "allowed"),
    [("", ()), ("127.0.0.1", ("127.0.0.1/32",)), ("127.0.0.0/8, ::1", ("127.0.0.0/8", "::1/128"))],
)
def test_the_allow_list_setting_names_addresses_and_networks(settings_env, raw, allowed):
    policy = OutboundPolicy.from_settings(load_settings({**settings_env, ALLOW_VARIABLE: raw}))
    assert tuple(str(n) for n in policy.allow) == allowed and policy.https_only is False


@pytest.mark.parametrize("raw", ["localhost", "127.0.0.1/33", "10.0.0.0/8,,nope"])
def test_a_bad_allow_list_stops_the_service_with_one_line_naming_it(settings_env, raw):
    with pytest.raises(SettingsError) as err:
        OutboundPolicy.from_settings(load_settings({**settings_env, ALLOW_VARIABLE: raw}))
    assert str(err.value).startswith(ALLOW_VARIABLE) and "\n" not in str(err.value)
