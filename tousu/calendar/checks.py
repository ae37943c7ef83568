"""System check: warn ahead of time when deadlines are about to reach an unknown year."""

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from django.apps import AppConfig, apps
from django.core.checks import CheckMessage, register
from django.core.checks import Warning as CheckWarning
from django.db import DatabaseError
from django.utils import timezone
from django.utils.translation import gettext

from .services import get_calendar, local_date

# A 15-working-day deadline spans about three weeks; extensions and suspensions stretch it to a
# few months. 120 days gives the administrator time to enter the State Council's notice, which
# usually appears in November for the following year.
HORIZON_DAYS = 120


@register("tousu")
def check_calendar_coverage(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    if app_configs is not None and apps.get_app_config("workcalendar") not in app_configs:
        return []
    try:
        cal = get_calendar()
    except DatabaseError:  # tables not migrated yet (ProgrammingError, OperationalError, ...)
        return []
    today = local_date(timezone.now())
    years = cal.unknown_years(today, today + timedelta(days=HORIZON_DAYS))
    if not years:
        return []
    listed = ", ".join(str(y) for y in years)
    return [
        CheckWarning(
            gettext(
                "The working-day calendar does not know %(years)s, which begins within "
                "%(days)s days: deadlines reaching it are provisional (weekdays only)."
            )
            % {"years": listed, "days": HORIZON_DAYS},
            hint=gettext(
                "In the admin, enter %(years)s's statutory holidays and make-up workdays (调休) "
                "as calendar overrides, then add the year under published years."
            )
            % {"years": listed},
            id="tousu.W001",
        )
    ]
