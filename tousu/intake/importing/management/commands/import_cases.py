"""`tousu import FILE [--dry-run] [--as USER] [--centre CODE]`: one case per row of an .xlsx or
.csv file, through the one registration path (docs/import.md lists the columns).

Prints one line per rejected row and field (`row 7: phone (联系电话): …`), one per row imported
before (`row 9: already imported as 2603000012`), and last `imported=N rejected=M`. With
--dry-run nothing is written: the same lines, `imported` counting the rows that would be. The
exit status is 0 whenever the file could be read — rejected rows included — and 1 for a file
that cannot be imported at all (unreadable, a required column missing, an unknown user)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tousu.cases.errors import Forbidden, InvalidInput
from tousu.cases.models import Case
from tousu.orgs.staff import system_user

from ...batch import import_file
from ...reading import FileProblem
from ...running import REJECTED, SKIPPED, RowOutcome


class Command(BaseCommand):
    help = "Register one case per row of an .xlsx or .csv file (see docs/import.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the .xlsx or .csv file")
        parser.add_argument("--dry-run", action="store_true", help="check every row, write nothing")
        parser.add_argument(
            "--as",
            dest="username",
            help="register as this staff user (an intake role at the centre); default: the "
            "system user, for TOUSU_PUBLIC_CENTRE",
        )
        parser.add_argument(
            "--centre", help="the unit code of the centre the cases are for (default: see --as)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.verbosity = int(options["verbosity"])
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc.strerror}") from None
        actor = self._actor(options["username"])
        try:
            report = import_file(
                data,
                path.name,
                actor=actor,
                centre=options["centre"],
                dry_run=options["dry_run"],
            )
        except FileProblem as problem:
            raise CommandError(f"{path.name}: {problem.message}") from None
        except (InvalidInput, Forbidden) as refused:
            raise CommandError(refused.message) from None
        numbers = dict(
            Case.objects.filter(
                pk__in=[o.case_id for o in report.outcomes if o.case_id is not None]
            ).values_list("pk", "number")
        )
        for outcome in report.outcomes:
            self._line(outcome, report.table.headers, numbers)
        if report.table.ignored:
            self.stdout.write("ignored columns: " + ", ".join(report.table.ignored))
        if report.skipped:
            self.stdout.write(f"skipped={report.skipped} (already imported)")
        if report.dry_run:
            self.stdout.write("dry run: nothing was written")
        self.stdout.write(f"imported={report.imported} rejected={report.rejected}")

    def _actor(self, username: str | None) -> Any:
        if not username:
            return system_user()
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"no active user named {username!r}")
        return user

    def _line(self, outcome: RowOutcome, headers: dict[str, str], numbers: dict[int, str]) -> None:
        if outcome.status == REJECTED:
            for column, messages in outcome.problems.items():
                for message in messages:
                    self.stdout.write(f"row {outcome.row}: {_field(column, headers)}: {message}")
        elif outcome.status == SKIPPED:
            number = numbers.get(outcome.case_id or 0, "")
            self.stdout.write(f"row {outcome.row}: already imported as {number}")
        elif self.verbosity >= 2 and outcome.case_id is not None:
            self.stdout.write(f"row {outcome.row}: imported as {numbers.get(outcome.case_id)}")


def _field(column: str, headers: dict[str, str]) -> str:
    """ "phone (联系电话)": the column's name, and the file's header where it differs."""
    written = headers.get(column)
    if written and written != column:
        return f"{column} ({written})"
    return column
