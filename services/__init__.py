"""The Lotsen services: validation, sfi_schedule and the gateway, plus the ``lotsen`` CLI."""
