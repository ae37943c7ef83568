"""The `tousu` command: migrate, load-demo, serve, demo, token, worker, recompute-deadlines,
manage."""

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


WAITRESS_HEADROOM = 1024 * 1024


def cmd_serve(ns: argparse.Namespace) -> None:
    _setup()
    from django.conf import settings
    from waitress import serve

    from tousu.wsgi import application

    if settings.PRODUCTION:
        _manage("collectstatic", "--noinput", "-v", "0")
    print(f"Tousu is serving at http://{ns.host}:{ns.port}/  (Ctrl+C stops it)", flush=True)
    # Just above the application's own limit (tousu/web/request_limits.py), which answers in the
    # API's format: waitress stops larger bodies, and chunked ones, as they arrive.
    serve(
        application,
        host=ns.host,
        port=ns.port,
        threads=ns.threads,
        ident="tousu",
        max_request_body_size=settings.TOUSU_REQUEST_MAX_BYTES + WAITRESS_HEADROOM,
    )


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
    from django.utils import timezone

    row, secret = ApiToken.issue(user, name="tousu token", days=ns.days)
    print(secret)  # alone on stdout, for scripts; when it expires on stderr
    expires = timezone.localtime(row.expires_at).isoformat(timespec="minutes")
    print(f"expires {expires}", file=sys.stderr)


def _token_days(text: str) -> int:
    """1 to 36500 days (a century: beyond that is no expiry at all)."""
    try:
        days = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of days: {text!r}") from None
    if not 1 <= days <= 36500:
        raise argparse.ArgumentTypeError("must be between 1 and 36500 days")
    return days


def cmd_worker(_: argparse.Namespace) -> None:
    _setup()
    _manage("db_worker", "--no-reload")


def cmd_recompute_deadlines(ns: argparse.Namespace) -> None:
    _setup()
    _manage("recompute_deadlines", *(["--year", str(ns.year)] if ns.year is not None else []))


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
    p.add_argument(
        "--days", type=_token_days, help="how long the token lives (default TOUSU_API_TOKEN_DAYS)"
    )
    p.set_defaults(fn=cmd_token)
    sub.add_parser("worker", help="run the background task worker").set_defaults(fn=cmd_worker)
    p = sub.add_parser(
        "recompute-deadlines",
        help="recompute open cases' deadlines on the current working-day calendar",
    )
    p.add_argument("--year", type=int, help="cases with a deadline in this year or later")
    p.set_defaults(fn=cmd_recompute_deadlines)
    p = sub.add_parser("manage", help="run a Django management command")
    p.add_argument("args", nargs=argparse.REMAINDER)
    p.set_defaults(fn=cmd_manage)
    return parser


def main(argv: list[str] | None = None) -> None:
    ns = _parser().parse_args(argv)
    ns.fn(ns)


if __name__ == "__main__":
    main()
