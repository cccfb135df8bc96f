"""SQL for documents: metadata and bytes in separate tables."""

from __future__ import annotations

from uuid import UUID

import asyncpg


async def bytes_used(conn: asyncpg.Connection, *, application_id: UUID) -> int:
    """Bytes already stored for the case."""
    return await conn.fetchval(
        "SELECT coalesce(sum(size_bytes), 0) FROM documents WHERE application_id = $1", application_id
    )


async def insert_document(
    conn: asyncpg.Connection,
    *,
    document_id: UUID,
    application_id: UUID,
    kind: str,
    filename: str,
    media_type: str,
    sha256: str,
    content: bytes,
    uploaded_by: str,
) -> asyncpg.Record:
    """Store metadata and bytes (the caller's transaction makes the pair atomic)."""
    row = await conn.fetchrow(
        """
        INSERT INTO documents (id, application_id, kind, filename, media_type, size_bytes, sha256, uploaded_by)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
        RETURNING id, kind, filename, media_type, size_bytes, sha256, uploaded_at
        """,
        document_id,
        application_id,
        kind,
        filename,
        media_type,
        len(content),
        sha256,
        uploaded_by,
    )
    await conn.execute("INSERT INTO document_contents (document_id, content) VALUES ($1, $2)", document_id, content)
    return row


async def get_document(conn: asyncpg.Connection, *, application_id: UUID, document_id: UUID) -> asyncpg.Record | None:
    """One document of the case, with its bytes."""
    return await conn.fetchrow(
        """
        SELECT d.id, d.kind, d.filename, d.media_type, d.size_bytes, d.sha256, c.content
          FROM documents d JOIN document_contents c ON c.document_id = d.id
         WHERE d.application_id = $1 AND d.id = $2
        """,
        application_id,
        document_id,
    )


async def touch(conn: asyncpg.Connection, *, application_id: UUID) -> None:
    """Bump the case's version: its documents (and so its pre-check) changed."""
    await conn.execute(
        "UPDATE applications SET version = version + 1, updated_at = now() WHERE id = $1", application_id
    )


async def delete_for_application(conn: asyncpg.Connection, *, application_id: UUID) -> int:
    """Delete every document of a case (bytes go with them); return how many."""
    status = await conn.execute("DELETE FROM documents WHERE application_id = $1", application_id)
    return int(status.split()[-1])
