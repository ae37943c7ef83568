"""Tousu benchmark: e-mails per minute from the IMAP mailbox to cases, and the acknowledgements.

Not a test. Usage (from the repository root; needs Debian's dovecot-imapd, run as root as in CI):

    .venv/bin/python bench/bench_mail.py                       # 500 e-mails, SQLite
    .venv/bin/python bench/bench_mail.py --messages 2000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tousu_bench_mail \\
        .venv/bin/python bench/bench_mail.py                   # the same on PostgreSQL

The database is prepared as by bench_cases.py (DATABASE_URL, or SQLite under var/bench-mail; emptied
first unless --reuse; a PostgreSQL database is dropped only if its name starts with
`tousu_bench`), with the demo organisation. A Dovecot of its own (the tests' recipe,
tests/intake/email/servers.py) holds the mailbox; an aiosmtpd server receives the answers.

(a) Fill: --messages e-mails APPENDed to the mailbox (every --attachment-every-th with a small
    PNG attachment), timed but not counted.
(b) The poll: `tousu.intake.email.mailbox.poll(now)` as the worker's `mail-poll` job runs it,
    in batches of TOUSU_MAIL_BATCH, until the mailbox is read: parse, register (or attach), the
    InboundMessage row, the \\Seen flag, message by message. E-mails per minute.
(c) The acknowledgements: the notification fan-out, then delivery over SMTP to the local
    receiver, as the worker does (with the staff's in-app notices of the same events, e.g. the
    duty clerks' out of office hours); acknowledgements received per minute.

Results: a Markdown table on stdout and bench/results/<date>-mail-<database>-<messages>.md/.json
(git-ignored).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the tests' Dovecot recipe
from bench_cases import RESULTS, log, machine, prepare_database

ROOT = Path(__file__).resolve().parent.parent

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 2048
USER = "hotline"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--messages", type=int, default=500, help="e-mails to read (default 500)")
    p.add_argument(
        "--attachment-every", type=int, default=5, help="every n-th carries a PNG (default 5)"
    )
    p.add_argument("--reuse", action="store_true", help="keep the database as it is")
    return p.parse_args(argv)


def message(n: int, now: datetime, with_file: bool) -> bytes:
    mail = EmailMessage()
    mail["From"] = f"市民{n} <citizen{n}@example.cn>"
    mail["To"] = "hotline@12345.example.gov.cn"
    mail["Subject"] = f"第{n}号投诉:小区电梯长期故障无人维修"
    mail["Date"] = format_datetime(now)
    mail["Message-ID"] = make_msgid(domain="example.cn")
    mail.set_content(f"我住在幸福小区{n % 40 + 1}号楼,电梯坏了两个月,物业一直不修。\n" * 5)
    if with_file:
        mail.add_attachment(PNG, maintype="image", subtype="png", filename=f"现场{n}.png")
    return mail.as_bytes()


def fill(server: Any, n: int, every: int, now: datetime) -> dict[str, Any]:
    box = server.client(USER)
    started = time.perf_counter()
    try:
        for i in range(n):
            status, _data = box.append(
                "INBOX", "", None, message(i, now, every > 0 and i % every == 0)
            )
            if status != "OK":
                sys.exit(f"IMAP APPEND failed: {status}")
    finally:
        box.logout()
    return {"messages": n, "seconds": round(time.perf_counter() - started, 2)}


def timed_poll(now: datetime) -> dict[str, Any]:
    from tousu.cases.models import Case
    from tousu.intake.email.mailbox import poll

    before = Case.objects.count()
    started = time.perf_counter()
    handled = polls = 0
    while True:
        done = poll(now)
        polls += 1
        handled += done
        if not done:
            break
    elapsed = time.perf_counter() - started
    return {
        "handled": handled,
        "polls": polls,
        "cases": Case.objects.count() - before,
        "seconds": round(elapsed, 2),
        "per_minute": round(handled / elapsed * 60),
    }


def timed_acknowledgements(now: datetime, inbox: Any) -> dict[str, Any]:
    from tousu.notify.delivery import deliver_due
    from tousu.notify.fanout import fan_out

    started = time.perf_counter()
    while fan_out(now):
        pass
    fanned = time.perf_counter() - started
    sent = 0
    while done := deliver_due(now, limit=200):
        sent += done
    elapsed = time.perf_counter() - started
    return {
        "sent": sent,
        "received": len(inbox.messages),
        "fan_out_seconds": round(fanned, 2),
        "seconds": round(elapsed, 2),
        # The acknowledgements the SMTP server got (the rest: staff's in-app notices).
        "per_minute": round(len(inbox.messages) / elapsed * 60) if elapsed else 0,
    }


def main(argv: list[str] | None = None) -> None:
    ns = parse_args(argv)
    # A home of its own: the other benchmarks' SQLite file under var/bench is left alone.
    os.environ.setdefault("TOUSU_HOME", str(ROOT / "var" / "bench-mail"))
    database = prepare_database(argparse.Namespace(reuse=ns.reuse))
    import logging

    import django

    django.setup()
    for name in ("tousu.intake.email", "tousu.notify"):  # a line per message otherwise
        logging.getLogger(name).setLevel(logging.WARNING)
    from aiosmtpd.controller import Controller
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from tests.intake.email.servers import SmtpInbox, free_port, start_dovecot, stop
    from tousu.demo.accounts import ensure_organisation
    from tousu.notify.models import Cursor

    log(f"database: {database}")
    call_command("migrate", verbosity=0)
    ensure_organisation()
    now = timezone.now().replace(microsecond=0)
    report: dict[str, Any] = {
        "date": timezone.localtime().isoformat(timespec="seconds"),
        "database": database,
        "machine": machine(),
        "batch": settings.TOUSU_MAIL_BATCH,
    }
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("show server_version")
            report["server"] = cursor.fetchone()[0]
    # Only this run's acknowledgements: the fan-out starts after the events already there.
    from django.db.models import Max

    from tousu.cases.models import CaseEvent

    last = CaseEvent.objects.aggregate(m=Max("pk"))["m"] or 0
    Cursor.objects.update_or_create(name="fanout", defaults={"last_event_id": last})

    server, process = start_dovecot()
    inbox = SmtpInbox()
    smtp = Controller(inbox, hostname="127.0.0.1", port=free_port())
    smtp.start()
    try:
        settings.TOUSU_MAIL_IMAP_HOST = "127.0.0.1"
        settings.TOUSU_MAIL_IMAP_PORT = server.port
        settings.TOUSU_MAIL_IMAP_SSL = False
        settings.TOUSU_MAIL_IMAP_USER = USER
        settings.TOUSU_MAIL_IMAP_PASSWORD = "secret"
        settings.MAILERS = {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": smtp.port, "timeout": 10},
            }
        }
        log(f"(a) fill: {ns.messages:,} e-mails into Dovecot")
        report["fill"] = fill(server, ns.messages, ns.attachment_every, now)
        log(f"    {report['fill']}")
        log("(b) poll: IMAP → cases")
        report["poll"] = timed_poll(now)
        log(f"    {report['poll']}")
        log("(c) acknowledgements: fan-out, then SMTP")
        report["acknowledgements"] = timed_acknowledgements(now, inbox)
        log(f"    {report['acknowledgements']}")
    finally:
        smtp.stop()
        stop(process, server.root)
    write_report(report)


def markdown(report: dict[str, Any]) -> str:
    m, fill_, poll_, ack = (
        report["machine"],
        report["fill"],
        report["poll"],
        report["acknowledgements"],
    )
    return "\n".join(
        [
            f"# Tousu e-mail channel benchmark — {fill_['messages']:,} e-mails",
            "",
            f"{report['date']} · {report['database']} · {m.get('cpu', '?')}, {m.get('nproc')} "
            f"CPUs · Python {m.get('python')} · load {m.get('load_average')}",
            "",
            "| step | count | seconds | per minute |",
            "|---|---:|---:|---:|",
            f"| (a) APPEND into Dovecot | {fill_['messages']:,} | {fill_['seconds']} | |",
            f"| (b) IMAP → case (poll, batch {report['batch']}) | {poll_['handled']:,} | "
            f"{poll_['seconds']} | **{poll_['per_minute']:,}** |",
            f"| (c) acknowledgements received by SMTP | {ack['received']:,} | {ack['seconds']} | "
            f"{ack['per_minute']:,} |",
            "",
        ]
    )


def write_report(report: dict[str, Any]) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    vendor = "postgresql" if report["database"].startswith("PostgreSQL") else "sqlite"
    stem = f"{time.strftime('%Y%m%d-%H%M')}-mail-{vendor}-{report['fill']['messages']}"
    text = markdown(report)
    (RESULTS / f"{stem}.md").write_text(text)
    (RESULTS / f"{stem}.json").write_text(
        json.dumps(report, indent=2, ensure_ascii=False, default=str)
    )
    print(text)
    log(f"written: bench/results/{stem}.md and .json")


if __name__ == "__main__":
    main()
