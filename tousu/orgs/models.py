"""Organisation: the tree of units, the staff in them and their roles."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    CENTRE = "centre", _("centre")  # 中心
    SUBCENTRE = "subcentre", _("sub-centre")  # 分中心
    STATION = "station", _("complaint station")  # 投诉站
    DEPARTMENT = "department", _("government department")  # 承办单位: 部门
    TOWN = "town", _("district / town / street")  # 区县、乡镇、街道
    COMPANY = "company", _("company")  # 企业: 供水、供电、公交……
    OTHER = "other", _("other unit")


# Units that register, dispatch and supervise cases; the others handle what they are sent.
CENTRE_KINDS = frozenset({UnitKind.CENTRE, UnitKind.SUBCENTRE, UnitKind.STATION})


class Unit(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=12, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_centre_side(self) -> bool:
        return self.kind in CENTRE_KINDS


class Role(models.TextChoices):
    CLERK = "clerk", _("intake clerk")  # 受理员
    DISPATCHER = "dispatcher", _("dispatcher")  # 派单员
    HANDLER = "handler", _("handler")  # 承办人
    UNIT_LEADER = "unit_leader", _("unit leader")  # 单位负责人
    DEPUTY = "deputy", _("deputy director")  # 副主任
    DIRECTOR = "director", _("director")  # 主任
    SUPERVISOR = "supervisor", _("supervisor")  # 督办员
    ANALYST = "analyst", _("analyst")
    ADMIN = "admin", _("administrator")


class Slot(models.TextChoices):
    """A/B 角: the B member stands in when the A member is away, so no case waits."""

    A = "A", _("A (primary)")
    B = "B", _("B (backup)")


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    slot = models.CharField(_("A/B slot"), max_length=1, choices=Slot.choices, default=Slot.A)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_unique_role"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.unit} · {self.get_role_display()}"


class StaffProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="staff_profile",
    )
    display_name = models.CharField(_("display name"), max_length=50)
    phone = models.CharField(_("office phone"), max_length=40, blank=True)
    away_until = models.DateField(_("away until"), null=True, blank=True)

    class Meta:
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")

    def __str__(self) -> str:
        return self.display_name


class Delegation(models.Model):
    """The director authorises a deputy to sign off important cases (主任授权副主任签批)."""

    grantor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("delegated by"),
        on_delete=models.CASCADE,
        related_name="delegations_given",
    )
    grantee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("delegated to"),
        on_delete=models.CASCADE,
        related_name="delegations_received",
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("sign-off delegation")
        verbose_name_plural = _("sign-off delegations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True)
                | models.Q(ends_at__gt=models.F("starts_at")),
                name="delegation_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.grantor} → {self.grantee}"


# --- the duty roster 值班 ----------------------------------------------------------------------


class DutyRole(models.TextChoices):
    CLERK = "clerk", _("duty clerk")  # 值班员: told of cases arriving out of office hours
    LEADER = "leader", _("duty leader")  # 值班领导


class Shift(models.Model):
    """A stretch of time a centre is staffed (值班班次). Shifts of one centre may overlap: the
    outgoing and the incoming shift are both on duty while they hand over."""

    centre = models.ForeignKey(
        Unit,
        verbose_name=_("centre"),
        on_delete=models.CASCADE,
        related_name="shifts",
        limit_choices_to={"kind__in": sorted(CENTRE_KINDS)},
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("duty shift")
        verbose_name_plural = _("duty shifts")
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["centre", "ends_at"], name="shift_centre_ends")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="shift_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.centre} · {timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"


class ShiftMember(models.Model):
    shift = models.ForeignKey(
        Shift, verbose_name=_("shift"), on_delete=models.CASCADE, related_name="members"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="shift_memberships",
    )
    role = models.CharField(
        _("role on the shift"), max_length=8, choices=DutyRole.choices, default=DutyRole.CLERK
    )

    class Meta:
        verbose_name = _("person on a shift")
        verbose_name_plural = _("people on a shift")
        ordering = ["shift", "role", "id"]
        constraints = [
            models.UniqueConstraint(fields=["shift", "user"], name="shift_member_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"


class HandoverNote(models.Model):
    """交接班记录: what the outgoing shift tells the next one (open matters, calls to return)."""

    from_shift = models.ForeignKey(
        Shift,
        verbose_name=_("from shift"),
        on_delete=models.CASCADE,
        related_name="handovers_given",
    )
    # The shift it is meant for: the next shift of the centre when it was written, if any.
    to_shift = models.ForeignKey(
        Shift,
        verbose_name=_("to shift"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="handovers_received",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(_("written at"))

    class Meta:
        verbose_name = _("handover note")
        verbose_name_plural = _("handover notes")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(to_shift=models.F("from_shift")),
                name="handover_to_another_shift",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]
