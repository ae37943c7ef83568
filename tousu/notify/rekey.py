"""The notification tables' sealed columns — the outbox's address (a complainant's phone, a
member of staff's e-mail) and the address the log backends recorded — registered with the key
rotation (`cases.rekey`), so `tousu manage reseal_personal_data` seals them again too."""

from __future__ import annotations

from tousu.cases import rekey

from .models import Outbox, SentMessage


def register() -> None:
    """Called once the apps are loaded (`NotifyConfig.ready`)."""
    rekey.register(rekey.SealedModel("outbox addresses", Outbox, ("address",)))
    rekey.register(rekey.SealedModel("logged message addresses", SentMessage, ("address",)))
