"""The append-only audit log: decisions, disclosures of documents, reads of protected identities."""
