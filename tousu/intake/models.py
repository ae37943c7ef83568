"""What the public channels received: one row per inbound message, so none counts twice."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from tousu.cases.models import Case, Channel


class Outcome(models.TextChoices):
    REGISTERED = "registered", _("registered as a new case")
    ADDED = "added", _("added to an existing case")  # 补充材料: a reply in the same thread
    ANSWERED = "answered", _("answered (a status query, a welcome)")
    IGNORED = "ignored", _("ignored (auto-reply, bounce, unsupported)")
    REJECTED = "rejected", _("rejected (invalid)")


class InboundMessage(models.Model):
    """One message a channel delivered, under the channel's own id for it (an e-mail's
    Message-ID, WeChat's MsgId, the SMS provider's message id). Unique per channel: inserted in
    the same transaction as what the message caused, so a message delivered twice, or read
    again after a crash, finds its row and changes nothing. `note` says why a message was
    ignored or rejected — never what it said or who sent it."""

    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    message_id = models.CharField(_("message id"), max_length=255)
    received_at = models.DateTimeField(_("received at"))
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices)
    case = models.ForeignKey(
        Case,
        verbose_name=_("case"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("inbound message")
        verbose_name_plural = _("inbound messages")
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "message_id"], name="inbound_message_once_per_channel"
            )
        ]
        indexes = [models.Index(fields=["received_at"], name="inbound_received_at")]

    def __str__(self) -> str:
        return f"{self.channel} {self.message_id}"
