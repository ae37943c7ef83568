"""The notification tables: the in-app inbox, the outbox every channel delivers from, the
administrator's templates, each user's preferences, and the fan-out's place in the event log."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tousu.lib.fields import EncryptedTextField


class Kind(models.TextChoices):
    # Staff
    NEW_WORK = "new_work", _("new work in your queue")
    SIGNOFF_WAITING = "signoff_waiting", _("waiting for your sign-off")
    EXTENSION_REQUESTED = "extension_requested", _("extension requested")
    RESULT_TO_REVIEW = "result_to_review", _("result to review")
    REMINDER = "reminder", _("reminder")  # 催办
    ESCALATION = "escalation", _("escalation")  # 督办
    RETURNED = "returned", _("case returned")  # 退单
    MATERIAL_ADDED = "material_added", _("material added")
    AFTER_HOURS_CASE = "after_hours_case", _("case registered out of office hours")  # 值班
    DIGEST = "digest", _("daily digest for leaders")  # 每日简报
    CALLBACK_DUE = "callback_due", _("callback due")  # 回访到期
    # Complainants
    ACKNOWLEDGED = "acknowledged", _("acknowledgement of receipt")
    ACCEPTED = "accepted", _("case accepted")
    NOT_ACCEPTED = "not_accepted", _("case not accepted")
    REPLIED = "replied", _("reply")
    CALLBACK_REQUEST = "callback_request", _("callback request")
    # The higher platform (notify/webhooks.py)
    PLATFORM_STATUS = "platform_status", _("status change for the higher platform")


STAFF_KINDS = frozenset(
    {
        Kind.NEW_WORK,
        Kind.SIGNOFF_WAITING,
        Kind.EXTENSION_REQUESTED,
        Kind.RESULT_TO_REVIEW,
        Kind.REMINDER,
        Kind.ESCALATION,
        Kind.RETURNED,
        Kind.MATERIAL_ADDED,
        Kind.AFTER_HOURS_CASE,
        Kind.DIGEST,
        Kind.CALLBACK_DUE,
    }
)


class Channel(models.TextChoices):
    IN_APP = "in_app", _("in the workbench")
    EMAIL = "email", _("e-mail")
    SMS = "sms", _("SMS")
    WECHAT = "wechat", _("WeChat")
    WEBHOOK = "webhook", _("the higher platform's webhook")


class Language(models.TextChoices):
    ZH_HANS = "zh-hans", "简体中文"
    EN = "en", "English"


class Notification(models.Model):
    """One message in a staff member's workbench inbox (written by the in-app channel)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(_("created at"))
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # The outbox row it was delivered from: a second delivery of that row adds nothing.
    outbox = models.OneToOneField(
        "Outbox", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at", "-id"], name="notification_inbox"),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class OutboxState(models.TextChoices):
    PENDING = "pending", _("pending")
    SENDING = "sending", _("sending")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed (will retry)")
    DEAD = "dead", _("dead (gave up)")


def _new_key() -> str:
    return uuid.uuid4().hex


class Outbox(models.Model):
    """One message to one recipient through one channel: delivered at least once by the worker,
    retried with backoff, dead after too many attempts (the admin can retry it)."""

    # Random, known before the insert: the address is sealed bound to it.
    key = models.CharField(max_length=32, unique=True, default=_new_key, editable=False)
    dedupe_key = models.CharField(_("deduplication key"), max_length=120, unique=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff recipient"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    event = models.ForeignKey(
        "cases.CaseEvent", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # An e-mail address or a phone number; a complainant's phone is personal data: sealed.
    address = EncryptedTextField(_("address"), blank=True, bound_to=("key",))
    template = models.CharField(_("template"), max_length=40)
    language = models.CharField(
        _("language"), max_length=8, choices=Language.choices, default=Language.ZH_HANS
    )
    context = models.JSONField(_("variables"), default=dict, blank=True)
    state = models.CharField(
        _("state"), max_length=8, choices=OutboxState.choices, default=OutboxState.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"))
    claim = models.CharField(max_length=32, blank=True, editable=False)
    claimed_until = models.DateTimeField(null=True, blank=True, editable=False)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outgoing messages")
        ordering = ["-id"]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="outbox_due")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="sending") | Q(claimed_until__isnull=False),
                name="outbox_sending_is_claimed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.channel} · {self.kind} · {self.state}"


class Template(models.Model):
    """What a message says, per kind, channel and language; edited by the administrator.
    Rendered with only the variables the message carries; a broken template makes the message
    dead with the error shown in the outbox, never a crash."""

    code = models.CharField(_("message"), max_length=40, choices=Kind.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    language = models.CharField(_("language"), max_length=8, choices=Language.choices)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("body"))
    html = models.BooleanField(
        _("HTML"), default=False, help_text=_("e-mail only: the body is HTML, variables escaped")
    )

    class Meta:
        verbose_name = _("message template")
        verbose_name_plural = _("message templates")
        ordering = ["code", "channel", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "channel", "language"], name="template_one_per_language"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} · {self.channel} · {self.language}"


class Preference(models.Model):
    """What one staff member wants to be told, how, and when SMS may wake them."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notify_preference",
    )
    muted_kinds = models.JSONField(
        _("kinds not wanted"), default=list, blank=True, help_text=_('e.g. ["material_added"]')
    )
    channels = models.JSONField(
        _("channels"),
        default=list,
        blank=True,
        help_text=_("any of in_app, email, sms; empty: in_app and email"),
    )
    language = models.CharField(
        _("language"), max_length=8, choices=Language.choices, default=Language.ZH_HANS
    )
    quiet_from = models.TimeField(_("no SMS from"), null=True, blank=True)
    quiet_until = models.TimeField(_("no SMS until"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return str(self.user)


class Cursor(models.Model):
    """How far a reader of the event log has got (the fan-out's is named "fanout")."""

    name = models.CharField(max_length=40, unique=True)
    last_event_id = models.BigIntegerField(default=0)
    # When a gap in the event ids was first seen: an event that is not committed yet.
    gap_seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("event log cursor")
        verbose_name_plural = _("event log cursors")

    def __str__(self) -> str:
        return f"{self.name} @ {self.last_event_id}"


class SentMessage(models.Model):
    """What the log backends "sent" (SMS, WeChat): one row per outbox row, whatever the number of
    attempts — the outbox id is the idempotency key a real gateway would get."""

    outbox_id = models.BigIntegerField(unique=True)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    address = EncryptedTextField(blank=True, bound_to=("outbox_id",))
    subject = models.CharField(max_length=200, blank=True)
    body = models.TextField()
    sent_at = models.DateTimeField()

    class Meta:
        verbose_name = _("message sent to the log")
        verbose_name_plural = _("messages sent to the log")

    def __str__(self) -> str:
        return f"{self.channel} #{self.outbox_id}"
