"""The ``lotsen`` command: up, serve, migrate, db, token, keys, import-schedule."""

from __future__ import annotations

import argparse

from shared.serve import STARTUP_ERRORS, refuse_to_start


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lotsen", description="Run and manage the Lotsen suite.")
    sub = parser.add_subparsers(dest="command", required=True)
    up = sub.add_parser("up", help="start the database, migrate, and run all three services")
    up.add_argument("--demo", action="store_true", help="seed demo data and print demo credentials")
    up.add_argument("--port", type=int, help="gateway port (default LOTSEN_GATEWAY_PORT or 8080)")
    serve = sub.add_parser("serve", help="run one service in this process")
    serve.add_argument("service", choices=("validation", "sfi_schedule", "gateway"))
    sub.add_parser("migrate", help="apply pending migrations of every service")
    db = sub.add_parser("db", help="the local PostgreSQL cluster under LOTSEN_HOME")
    db.add_argument("action", choices=("start", "stop", "url"))
    token = sub.add_parser("token", help="mint a dev bearer token from the dev secret in LOTSEN_HOME")
    token.add_argument("--role", required=True, action="append", help="role (repeatable)")
    token.add_argument("--sub", required=True, help="subject (the person's id)")
    token.add_argument("--ttl", type=int, default=12 * 3600, help="lifetime in seconds")
    from services.cli.keys import add_parser as add_keys_parser

    add_keys_parser(sub)
    from services.cli.importer import add_parser as add_import_parser

    add_import_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> None:
    """Entry point of the console script."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "up":
            from services.cli.up import run_up

            raise SystemExit(run_up(demo=args.demo, port=args.port))
        if args.command == "serve":
            from services.cli.commands import serve

            serve(args.service)
        elif args.command == "migrate":
            from services.cli.commands import migrate

            migrate()
        elif args.command == "db":
            from services.cli.commands import db

            db(args.action)
        elif args.command == "token":
            from services.cli.commands import token

            token(roles=args.role, sub=args.sub, ttl=args.ttl)
        elif args.command == "import-schedule":
            from services.cli.importer import run as run_import

            raise SystemExit(run_import(args))
        elif args.command == "keys":
            from services.cli.keys import run as run_keys

            raise SystemExit(run_keys(args))
    except STARTUP_ERRORS as exc:  # a bad setting, or the database unreachable: one line, never a traceback
        refuse_to_start("lotsen", exc)
