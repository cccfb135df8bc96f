"""Documents: content-detected types, size limits, atomic storage, who may download, audit of disclosure."""

from __future__ import annotations

import hashlib
import io
import json

import asyncpg
import pytest

from tests.integration.validation.support import (
    AUDITOR,
    CASEWORKER,
    PDF_BYTES,
    RESIDENT_A,
    RESIDENT_B,
    application,
    key,
    move_ok,
    submit,
    tracking,
    upload,
)

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 512


async def _count(db_url: str, sql: str) -> int:
    conn = await asyncpg.connect(db_url)
    try:
        return await conn.fetchval(sql)
    finally:
        await conn.close()


async def test_anonymous_applicant_uploads_a_pdf_and_it_is_no_longer_missing(client):
    case = await submit(client)
    resp = await upload(client, case, tracking(case))
    assert resp.status == 201
    doc = await resp.json()
    assert doc["mediaType"] == "application/pdf" and doc["sha256"] == hashlib.sha256(PDF_BYTES).hexdigest()
    after = await (await client.get(f"/v1/applications/{case['id']}", headers=tracking(case))).json()
    assert "diploma" not in [m["kind"] for m in after["precheck"]["missingDocuments"]]
    assert after["version"] == case["version"] + 1
    download = await client.get(resp.headers["Location"], headers=tracking(case))
    assert download.status == 200 and await download.read() == PDF_BYTES
    assert download.headers["Content-Type"] == "application/pdf"


async def test_executable_renamed_pdf_is_415_and_nothing_is_stored(client, db_url):
    case = await submit(client)
    resp = await upload(client, case, tracking(case), content=EXE, name="diploma.pdf")
    assert resp.status == 415
    assert await _count(db_url, "SELECT count(*) FROM validation.documents") == 0


async def test_oversized_file_is_413_and_nothing_is_stored(small_limits_client, db_url):
    client = await small_limits_client(LOTSEN_VALIDATION_MAX_FILE_SIZE="64KB")
    case = await submit(client)
    big = PDF_BYTES + b"0" * 70_000
    resp = await upload(client, case, tracking(case), content=big)
    assert resp.status == 413
    assert await _count(db_url, "SELECT count(*) FROM validation.document_contents") == 0


async def test_per_application_limit_is_413(small_limits_client, db_url):
    client = await small_limits_client(
        LOTSEN_VALIDATION_MAX_FILE_SIZE="40KB", LOTSEN_VALIDATION_MAX_APPLICATION_SIZE="100KB"
    )
    case = await submit(client)
    part = PDF_BYTES + b"0" * 35_000
    assert (await upload(client, case, tracking(case), content=part)).status == 201
    assert (await upload(client, case, tracking(case), content=part)).status == 201
    assert (await upload(client, case, tracking(case), content=part)).status == 413
    assert await _count(db_url, "SELECT count(*) FROM validation.documents") == 2


@pytest.mark.parametrize(
    ("kind", "status", "pointer"),
    [("passport-scan", 422, "/kind"), ("", 422, "/kind")],
)
async def test_unknown_kind_is_422(client, kind, status, pointer):
    case = await submit(client)
    resp = await upload(client, case, tracking(case), kind=kind)
    assert resp.status == status and (await resp.json())["errors"][0]["pointer"] == pointer


async def test_json_instead_of_multipart_is_415(client):
    case = await submit(client)
    resp = await client.post(f"/v1/applications/{case['id']}/documents", json={}, headers=tracking(case))
    assert resp.status == 415


async def test_another_applicant_can_neither_upload_nor_download(client, db_url):
    case = await submit(client, RESIDENT_A)
    doc = await (await upload(client, case, RESIDENT_A)).json()
    assert (await upload(client, case, RESIDENT_B)).status == 404
    url = f"/v1/applications/{case['id']}/documents/{doc['id']}"
    assert (await client.get(url, headers=RESIDENT_B)).status == 404
    assert await _count(db_url, "SELECT count(*) FROM validation.documents") == 1


async def test_caseworker_download_is_audited_and_auditor_may_not_download(client, db_url):
    case = await submit(client, RESIDENT_A)
    doc = await (await upload(client, case, RESIDENT_A)).json()
    url = f"/v1/applications/{case['id']}/documents/{doc['id']}"
    assert (await client.get(url, headers=CASEWORKER)).status == 200
    assert (await client.get(url, headers=AUDITOR)).status == 403
    assert (await client.get(url, headers=RESIDENT_A)).status == 200
    sql = "SELECT count(*) FROM validation.audit_log WHERE action = 'document.disclosed' AND actor = 'caseworker-1'"
    assert await _count(db_url, sql) == 1


async def test_no_uploads_after_a_withdrawal(client):
    case = await submit(client, RESIDENT_A)
    await move_ok(client, case, "withdrawn", headers=RESIDENT_A)
    assert (await upload(client, case, RESIDENT_A)).status == 409


async def test_json_bodies_stay_limited_to_one_megabyte(client):
    body = application(name={"given": "A" * 150, "family": "B" * (1024 * 1024)})
    raw = io.BytesIO(json.dumps(body).encode())
    headers = {**RESIDENT_A, **key(), "Content-Type": "application/json"}
    resp = await client.post("/v1/applications", data=raw, headers=headers)
    assert resp.status == 413


@pytest.mark.parametrize(
    ("name", "content"),
    [
        pytest.param("cv.html", b"<!DOCTYPE html><html><script>alert(document.cookie)</script></html>", id="html"),
        pytest.param("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', id="svg"),
        pytest.param("diploma.pdf", b"<html><body>not a pdf</body></html>", id="html-named-pdf"),
        pytest.param("notes.txt", b"Betyg\n<script>fetch('/api')</script>", id="text-with-a-script"),
    ],
)
async def test_html_and_svg_are_refused_whatever_their_name(client, db_url, name, content):
    case = await submit(client)
    resp = await upload(client, case, tracking(case), content=content, name=name)
    assert resp.status == 415
    assert await _count(db_url, "SELECT count(*) FROM validation.documents") == 0


async def test_a_download_is_an_attachment_with_a_name_of_its_real_type(client, db_url):
    case = await submit(client)
    text = "Betyg från Damaskus, 1 800 timmar".encode()
    resp = await upload(client, case, tracking(case), content=text, name="betyg.html")
    assert resp.status == 201 and (await resp.json())["filename"] == "betyg.html.txt"
    # A row stored before names were made safe is made safe on the way out too.
    conn = await asyncpg.connect(db_url)
    try:
        await conn.execute("UPDATE validation.documents SET filename = 'old\"; x=.html'")
    finally:
        await conn.close()
    download = await client.get(resp.headers["Location"], headers=tracking(case))
    assert download.headers["Content-Type"].startswith("text/plain")
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in download.headers["Content-Security-Policy"]
    disposition = download.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="old__ x=.html.txt"; ')
    assert disposition.endswith("filename*=UTF-8''old%22%3B%20x%3D.html.txt")
