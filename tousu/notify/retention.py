"""What the notification tables keep about a case, removed when the case is purged for retention
(`cases.retention`, `tousu purge`): the outbox's addresses and the variables its messages were
written from (a reply's text, the tracking code), and what the log backends recorded (address and
text). The rows stay — what was sent, when, through which channel — for the statistics."""

from __future__ import annotations

from tousu.cases import retention
from tousu.cases.models import Case

from .models import Outbox, SentMessage


def purge(case: Case) -> int:
    """Empty the personal parts of the case's outgoing messages; how many messages."""
    rows = Outbox.objects.filter(case=case)
    ids = list(rows.values_list("pk", flat=True))
    if not ids:
        return 0
    rows.update(address="", context={})
    SentMessage.objects.filter(outbox_id__in=ids).update(address="", subject="", body="")
    return len(ids)


def register() -> None:
    """Called once the apps are loaded (`NotifyConfig.ready`)."""
    retention.register("messages", purge)
