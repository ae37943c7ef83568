"""The `tousu` command: migrate, load-demo, serve, demo, token, worker, manage."""

from __future__ import annotations

import argparse
import os
import sys


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tousu.settings")
    import django

    django.setup()


def _manage(*args: str) -> None:
    from django.core.management import execute_from_command_line

    execute_from_command_line(["tousu manage", *args])


def cmd_migrate(_: argparse.Namespace) -> None:
    _setup()
    _manage("migrate", "--noinput")


def cmd_load_demo(_: argparse.Namespace) -> None:
    _setup()
    _manage("load_demo")


def cmd_serve(ns: argparse.Namespace) -> None:
    _setup()
    from django.conf import settings
    from waitress import serve

    from tousu.wsgi import application

    if settings.PRODUCTION:
        _manage("collectstatic", "--noinput", "-v", "0")
    print(f"Tousu is serving at http://{ns.host}:{ns.port}/  (Ctrl+C stops it)", flush=True)
    serve(application, host=ns.host, port=ns.port, threads=ns.threads, ident="tousu")


def cmd_demo(ns: argparse.Namespace) -> None:
    _setup()
    _manage("migrate", "--noinput", "-v", "0")
    _manage("load_demo")
    from tousu.demo.accounts import describe_accounts

    print(describe_accounts(), flush=True)
    cmd_serve(ns)


def cmd_token(ns: argparse.Namespace) -> None:
    _setup()
    from django.contrib.auth import get_user_model

    from tousu.api.models import ApiToken

    user = get_user_model().objects.filter(username=ns.username, is_active=True).first()
    if user is None:
        sys.exit(f"tousu: no active user named {ns.username!r}")
    _row, secret = ApiToken.issue(user, name="tousu token")
    print(secret)


def cmd_worker(_: argparse.Namespace) -> None:
    _setup()
    _manage("db_worker", "--no-reload")


def cmd_manage(ns: argparse.Namespace) -> None:
    _setup()
    _manage(*ns.args)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tousu", description="Tousu 投诉 case management")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate", help="create or update the database").set_defaults(fn=cmd_migrate)
    sub.add_parser("load-demo", help="load the demo centre (idempotent)").set_defaults(
        fn=cmd_load_demo
    )
    for name, fn, text in (
        ("serve", cmd_serve, "serve the web application"),
        ("demo", cmd_demo, "migrate, load the demo centre and serve it"),
    ):
        p = sub.add_parser(name, help=text)
        p.add_argument("--host", default=os.environ.get("TOUSU_HOST", "127.0.0.1"))
        p.add_argument("--port", type=int, default=int(os.environ.get("TOUSU_PORT", "8000")))
        p.add_argument("--threads", type=int, default=8)
        p.set_defaults(fn=fn)
    p = sub.add_parser("token", help="print a new API token for a user")
    p.add_argument("username")
    p.set_defaults(fn=cmd_token)
    sub.add_parser("worker", help="run the background task worker").set_defaults(fn=cmd_worker)
    p = sub.add_parser("manage", help="run a Django management command")
    p.add_argument("args", nargs=argparse.REMAINDER)
    p.set_defaults(fn=cmd_manage)
    return parser


def main(argv: list[str] | None = None) -> None:
    ns = _parser().parse_args(argv)
    ns.fn(ns)


if __name__ == "__main__":
    main()
