"""The case 工单 and its deadline columns."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tousu.lib.fields import EncryptedTextField

from .choices import Channel, ContactChannel, Kind, Satisfaction, Severity, Status


class Case(models.Model):
    # Identity
    number = models.CharField(_("case number"), max_length=32, unique=True)
    tracking_code = models.CharField(_("tracking code"), max_length=20, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    # The case's id where it came from (a higher platform's 工单号, an Open311 client's token):
    # unique per channel, so the same case pushed twice is found, not registered twice.
    external_id = models.CharField(_("external id"), max_length=100, blank=True, default="")
    # The citizen's query password 查询密码 for the tracking code: shown once at registration,
    # stored only as a keyed hash (`cases.tracking`); empty when none was issued.
    query_password = models.CharField(
        _("query password (hash)"), max_length=128, blank=True, default="", editable=False
    )
    # How the citizen who brought the case is answered where no complainant's phone serves — an
    # anonymous sender's e-mail address or WeChat account, a portal user's chosen phone or
    # e-mail. Personal data: sealed for this case (its number never changes), like the
    # complainants' fields.
    contact_channel = models.CharField(
        _("contact channel"), max_length=8, choices=ContactChannel.choices, blank=True, default=""
    )
    contact_address = EncryptedTextField(
        _("contact address"), blank=True, default="", bound_to=("number",)
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.REGISTERED
    )
    # Bumped by every write; a guarded update on (status, version) makes concurrent verbs safe.
    version = models.PositiveIntegerField(default=0)

    # The matter 诉求事项, facts and reasons 事实和理由
    title = models.CharField(_("title"), max_length=200)
    content = models.TextField(_("matter"))
    facts = models.TextField(_("facts and reasons"), blank=True)
    address = models.CharField(_("address of the matter"), max_length=300, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    occurred_at = models.DateTimeField(_("happened at"), null=True, blank=True)
    category = models.ForeignKey(
        "categories.Category",
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )

    # Complainants (see Complainant); these summarise them.
    anonymous = models.BooleanField(_("anonymous"), default=False)
    party_count = models.PositiveIntegerField(_("number of complainants"), default=1)
    special_circumstances = models.BooleanField(
        _("threat to safety or stability"), default=False
    )  # 第十七条(三)
    difficult = models.BooleanField(_("special or difficult matter"), default=False)  # 第十七条(四)

    # Severity: the rules suggest, a person confirms.
    severity = models.CharField(
        _("severity"), max_length=10, choices=Severity.choices, default=Severity.GENERAL
    )
    suggested_severity = models.CharField(
        _("suggested severity"), max_length=10, choices=Severity.choices, default=Severity.GENERAL
    )
    severity_reasons = models.JSONField(_("why this severity is suggested"), default=list)
    severity_confirmed = models.BooleanField(_("severity confirmed"), default=False)

    # Where it is
    centre = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("registering centre"),
        on_delete=models.PROTECT,
        related_name="registered_cases",
    )
    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("handling unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="held_cases",
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_cases",
    )
    referred_to = models.CharField(_("referred to"), max_length=200, blank=True)
    suspended_from = models.CharField(
        _("status before suspension"), max_length=20, choices=Status.choices, blank=True
    )
    suspended_at = models.DateTimeField(_("suspended at"), null=True, blank=True)
    extension_pending = models.BooleanField(_("extension awaiting decision"), default=False)

    # Time
    received_at = models.DateTimeField(_("received at"))
    registered_at = models.DateTimeField(_("registered at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    accept_due = models.DateTimeField(_("accept by"), null=True, blank=True)
    handle_due = models.DateTimeField(_("handle by"), null=True, blank=True)
    unit_due = models.DateTimeField(_("unit's due date"), null=True, blank=True)
    # The deadline the case is measured against in its current status, and when the warning
    # starts: stored so that queue counts and "overdue" filters are plain index range scans.
    current_due = models.DateTimeField(_("current deadline"), null=True, blank=True)
    warn_at = models.DateTimeField(_("warning from"), null=True, blank=True)
    deadline_provisional = models.BooleanField(_("deadline provisional"), default=False)
    # 回访: when the callback is due (set by the reply, moved a working day on by each attempt
    # that could not reach the complainant); while replied it is the case's `current_due`.
    callback_due = models.DateTimeField(_("call back by"), null=True, blank=True)
    callback_attempts = models.PositiveSmallIntegerField(
        _("unanswered callback attempts"), default=0
    )
    # 回访抽查: drawn at random after closing for a quality re-check, and when it was made.
    recheck_drawn_at = models.DateTimeField(_("drawn for re-check at"), null=True, blank=True)
    rechecked_at = models.DateTimeField(_("re-checked at"), null=True, blank=True)

    # Outcome
    result = models.TextField(_("result"), blank=True)
    valid = models.BooleanField(_("valid complaint"), null=True, blank=True)  # 有效/无效
    justified = models.BooleanField(_("justified complaint"), null=True, blank=True)  # 有理投诉
    reply = models.TextField(_("reply"), blank=True)
    reply_channel = models.CharField(
        _("reply channel"), max_length=16, choices=Channel.choices, blank=True
    )
    satisfaction = models.CharField(
        _("satisfaction"), max_length=20, choices=Satisfaction.choices, blank=True
    )
    rework_count = models.PositiveSmallIntegerField(_("times sent back"), default=0)
    dissatisfied_count = models.PositiveSmallIntegerField(_("dissatisfied callbacks"), default=0)

    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [
            # Queues: by status (and unit), most urgent first.
            models.Index(fields=["status", "current_due"], name="case_status_due"),
            models.Index(fields=["unit", "status", "current_due"], name="case_unit_status_due"),
            models.Index(fields=["centre", "status"], name="case_centre_status"),
            models.Index(fields=["current_due"], name="case_current_due"),
            # Cases in their warning window (warn_at <= now <= current_due), for the supervision
            # pass and the "warning" filter: a range scan on warn_at that tests the deadline in
            # the index, not in the table (the overdue cases share the range).
            models.Index(fields=["warn_at", "current_due"], name="case_warn_window"),
            models.Index(fields=["category", "status"], name="case_category_status"),
            models.Index(fields=["received_at"], name="case_received_at"),
            models.Index(fields=["kind", "status"], name="case_kind_status"),
            # The re-check queue: the few drawn cases still waiting for their re-check.
            models.Index(
                fields=["recheck_drawn_at"],
                name="case_recheck_waiting",
                condition=Q(recheck_drawn_at__isnull=False, rechecked_at__isnull=True),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "external_id"],
                condition=~Q(external_id=""),
                name="case_external_id_once_per_channel",
            ),
            models.CheckConstraint(
                condition=~Q(merged_into=models.F("pk")), name="case_not_merged_into_itself"
            ),
            models.CheckConstraint(
                condition=Q(status=Status.SUSPENDED, suspended_at__isnull=False)
                | ~Q(status=Status.SUSPENDED),
                name="case_suspension_has_time",
            ),
            models.CheckConstraint(
                condition=Q(status=Status.MERGED, merged_into__isnull=False)
                | ~Q(status=Status.MERGED),
                name="case_merged_has_target",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"
