"""Supervision 督办: the tracked escalations of a case and the policies that drive them.

An escalation 督办 is addressed up a ladder — the holding unit's leader (level 1), the centre's
deputy director (level 2), the director (level 3) — carries the date its answer is due, and is
answered by the unit (or raised to the next level by the supervision pass when it is not)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .case import Case
from .choices import Kind, Severity


class EscalationLevel(models.IntegerChoices):
    UNIT_LEADER = 1, _("the unit's leader")  # 承办单位负责人
    DEPUTY = 2, _("the deputy director")  # 分管副主任
    DIRECTOR = 3, _("the director")  # 主任


class EscalationState(models.TextChoices):
    OPEN = "open", _("awaiting an answer")  # 待回复
    ANSWERED = "answered", _("answered")  # 已回复
    ESCALATED = "escalated", _("raised to the next level")  # 已升级


class Escalation(models.Model):
    """One 督办 of a case. At most one is open per case; raising it closes it as `escalated` and
    opens the next level, so the chain of a case reads as its rows in order."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="escalations"
    )
    level = models.PositiveSmallIntegerField(_("level"), choices=EscalationLevel.choices)
    to_unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("addressed to unit"),
        on_delete=models.PROTECT,
        related_name="escalations",
    )
    to_role = models.CharField(_("addressed to role"), max_length=12)
    note = models.TextField(_("note"), blank=True)
    # The case's deadline this escalation chases (its `current_due` when it was made): the
    # supervision pass makes the first automatic 督办 once per deadline.
    due = models.DateTimeField(_("deadline chased"), null=True, blank=True)
    answer_due = models.DateTimeField(_("answer due"))
    # When the pass raises it to the next level if it is still unanswered; null at the top of the
    # policy's ladder. Stored so that the pass finds them by an index range scan.
    next_level_at = models.DateTimeField(_("next level from"), null=True, blank=True)
    automatic = models.BooleanField(_("made by the system"), default=False)
    created_at = models.DateTimeField(_("made at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(
        _("state"), max_length=10, choices=EscalationState.choices, default=EscalationState.OPEN
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")
        ordering = ["case", "id"]
        indexes = [
            models.Index(fields=["state", "next_level_at"], name="escalation_state_next"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(state="open"), name="escalation_one_open_per_case"
            ),
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=3), name="escalation_level_range"
            ),
            models.CheckConstraint(
                condition=~Q(state="answered") | Q(answered_at__isnull=False),
                name="escalation_answer_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} 督办 L{self.level}"


class SupervisionPolicy(models.Model):
    """When the supervision pass chases a case, by kind and severity (the most specific wins).
    All periods are working days; "overdue by N" counts from the end of the deadline's day."""

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, blank=True)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, blank=True)
    remind_after = models.PositiveSmallIntegerField(
        _("automatic reminder after this many working days overdue"), default=0
    )  # 催办
    escalate_after = models.PositiveSmallIntegerField(
        _("first escalation after this many working days overdue"), default=2
    )  # 督办
    next_level_after = models.PositiveSmallIntegerField(
        _("next level after this many working days without an answer"), default=2
    )
    answer_days = models.PositiveSmallIntegerField(
        _("working days an escalation gives to answer"), default=2
    )
    levels = models.PositiveSmallIntegerField(
        _("highest level"),
        choices=EscalationLevel.choices,
        default=EscalationLevel.DIRECTOR,
        help_text=_("1: the unit's leader, 2: the deputy director, 3: the director."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("supervision policy")
        verbose_name_plural = _("supervision policies")
        ordering = ["kind", "severity", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(levels__gte=1, levels__lte=3), name="supervision_policy_levels"
            ),
            models.CheckConstraint(
                condition=Q(answer_days__gte=1), name="supervision_policy_answer_days_min"
            ),
            models.CheckConstraint(
                condition=Q(next_level_after__gte=1), name="supervision_policy_next_level_min"
            ),
        ]

    def __str__(self) -> str:
        return self.name
