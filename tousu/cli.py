"""The `tousu` command: migrate, load-demo, serve, demo, token, worker, recompute-deadlines,
supervise, stats, assessment, mail-poll, manage."""

from __future__ import annotations

import argparse
import os
import signal
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
    from tousu.worker.process import worker_beside

    # SIGTERM (a service manager, `kill`) stops the demo like Ctrl+C: its worker is stopped too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    with worker_beside():  # the demo is alive: reminders, notifications; it stops with the demo
        cmd_serve(ns)


def cmd_token(ns: argparse.Namespace) -> None:
    _setup()
    from django.contrib.auth import get_user_model

    from tousu.api.models import ApiToken

    user = get_user_model().objects.filter(username=ns.username, is_active=True).first()
    if user is None:
        sys.exit(f"tousu: no active user named {ns.username!r}")
    from django.utils import timezone

    row, secret = ApiToken.issue(user, name="tousu token", days=ns.days, platform=ns.platform)
    print(secret)  # alone on stdout, for scripts; when it expires on stderr
    expires = timezone.localtime(row.expires_at).isoformat(timespec="minutes")
    print(f"expires {expires}", file=sys.stderr)


def cmd_open311_key(ns: argparse.Namespace) -> None:
    _setup()
    _manage("open311_key", ns.name)


def _token_days(text: str) -> int:
    """1 to 36500 days (a century: beyond that is no expiry at all)."""
    try:
        days = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of days: {text!r}") from None
    if not 1 <= days <= 36500:
        raise argparse.ArgumentTypeError("must be between 1 and 36500 days")
    return days


def cmd_worker(ns: argparse.Namespace) -> None:
    _setup()
    from tousu.worker.jobs import configured_jobs
    from tousu.worker.runner import Runner

    jobs = configured_jobs()
    names = [n.strip() for n in ns.jobs.split(",") if n.strip()] if ns.jobs else None
    unknown = sorted(set(names or ()) - {job.name for job in jobs})
    if unknown:
        known = ", ".join(job.name for job in jobs)
        sys.exit(f"tousu worker: no job named {', '.join(unknown)} (the jobs: {known})")
    try:
        runner = Runner(
            jobs,
            selected=[job for job in jobs if names is None or job.name in names],
            tasks=not ns.no_tasks,
            parent_pid=ns.parent_pid,
        )
    except ImportError as exc:
        sys.exit(f"tousu worker: {exc}")
    if ns.once:
        runner.once()
    else:
        sys.exit(runner.forever())


def cmd_recompute_deadlines(ns: argparse.Namespace) -> None:
    _setup()
    _manage("recompute_deadlines", *(["--year", str(ns.year)] if ns.year is not None else []))


def cmd_supervise(_: argparse.Namespace) -> None:
    _setup()
    _manage("supervise")


def cmd_stats(ns: argparse.Namespace) -> None:
    _setup()
    _manage("stats", ns.action)


def cmd_assessment(ns: argparse.Namespace) -> None:
    _setup()
    _manage("assessment", ns.action, "--month", ns.month, *(["--force"] if ns.force else []))


def cmd_mail_poll(ns: argparse.Namespace) -> None:
    _setup()
    _manage("mail_poll", *(["--limit", str(ns.limit)] if ns.limit is not None else []))


def cmd_purge(ns: argparse.Namespace) -> None:
    _setup()
    args = ["--older-than", ns.older_than] if ns.older_than else []
    args += ["--dry-run"] if ns.dry_run else []
    args += ["--limit", str(ns.limit)] if ns.limit else []
    _manage("purge_personal_data", *args)


def cmd_rotate_key(ns: argparse.Namespace) -> None:
    _setup()
    _manage("rotate_data_key", *(["--generate"] if ns.generate else []))


def cmd_import(ns: argparse.Namespace) -> None:
    _setup()
    args = [ns.file, *(["--dry-run"] if ns.dry_run else [])]
    args += ["--as", ns.username] if ns.username else []
    args += ["--centre", ns.centre] if ns.centre else []
    _manage("import_cases", *args)


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
    p.add_argument(
        "--platform",
        action="store_true",
        help="a higher platform's token: it registers cases of the channel platform",
    )
    p.set_defaults(fn=cmd_token)
    p = sub.add_parser("open311-key", help="print a new API key for an Open311 client")
    p.add_argument("name", help="whose key it is (an app, a partner)")
    p.set_defaults(fn=cmd_open311_key)
    p = sub.add_parser("worker", help="run the periodic jobs and the background tasks")
    p.add_argument("--once", action="store_true", help="run each due job once, then the queue")
    p.add_argument("--jobs", help="only these jobs, comma-separated (default: all)")
    p.add_argument("--no-tasks", action="store_true", help="periodic jobs only, no task queue")
    # `tousu demo` starts its worker with its own pid: the worker stops when that process is gone,
    # even after a SIGKILL that left no chance to stop it.
    p.add_argument("--parent-pid", type=int, help=argparse.SUPPRESS)
    p.set_defaults(fn=cmd_worker)
    p = sub.add_parser(
        "recompute-deadlines",
        help="recompute open cases' deadlines on the current working-day calendar",
    )
    p.add_argument("--year", type=int, help="cases with a deadline in this year or later")
    p.set_defaults(fn=cmd_recompute_deadlines)
    sub.add_parser(
        "supervise", help="run one supervision pass now (warnings, reminders, escalations)"
    ).set_defaults(fn=cmd_supervise)
    p = sub.add_parser("stats", help="keep, rebuild or check the statistics' rollup")
    p.add_argument(
        "action",
        choices=["update", "rebuild", "check"],
        help="update: count new events; rebuild: recount everything; check: compare with a recount",
    )
    p.set_defaults(fn=cmd_stats)
    p = sub.add_parser("assessment", help="freeze a month's unit ranking (考核)")
    p.add_argument("action", choices=["freeze"], help="freeze: compute and store it for good")
    p.add_argument("--month", required=True, help="the month, YYYY-MM")
    p.add_argument("--force", action="store_true", help="compute a frozen month again")
    p.set_defaults(fn=cmd_assessment)
    p = sub.add_parser("mail-poll", help="read the e-mail channel's mailbox once now")
    p.add_argument("--limit", type=int, help="at most this many messages")
    p.set_defaults(fn=cmd_mail_poll)
    p = sub.add_parser(
        "purge", help="remove the personal data of cases past the retention (TOUSU_RETENTION_DAYS)"
    )
    p.add_argument("--older-than", help="ended at least this long ago, e.g. 3y, 18m, 400d")
    p.add_argument("--dry-run", action="store_true", help="list what would be purged only")
    p.add_argument("--limit", type=int, help="stop after this many cases (run again to go on)")
    p.set_defaults(fn=cmd_purge)
    p = sub.add_parser(
        "rotate-key", help="seal everything again with the new TOUSU_DATA_KEY (after a rotation)"
    )
    p.add_argument("--generate", action="store_true", help="print a new random data key")
    p.set_defaults(fn=cmd_rotate_key)
    p = sub.add_parser("import", help="register one case per row of an .xlsx or .csv file")
    p.add_argument("file")
    p.add_argument("--dry-run", action="store_true", help="check every row, write nothing")
    p.add_argument("--as", dest="username", help="register as this staff user (default: system)")
    p.add_argument("--centre", help="the centre's unit code (default: the user's own centre)")
    p.set_defaults(fn=cmd_import)
    p = sub.add_parser("manage", help="run a Django management command")
    p.add_argument("args", nargs=argparse.REMAINDER)
    p.set_defaults(fn=cmd_manage)
    return parser


def main(argv: list[str] | None = None) -> None:
    ns = _parser().parse_args(argv)
    ns.fn(ns)


if __name__ == "__main__":
    main()
