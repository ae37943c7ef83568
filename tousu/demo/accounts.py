"""The demo centre's organisation: units, staff accounts, the sign-off delegation, categories.

Everything here is idempotent (keyed by code or username), so `tousu load-demo` can run again
and again. The accounts are the contract's (docs/contract.md), all with the one
documented password settings.TOUSU_DEMO_PASSWORD.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from tousu.categories.models import Category, tree_changed
from tousu.orgs.models import Delegation, Membership, Role, Slot, StaffProfile, Unit, UnitKind
from tousu.orgs.staff import invalidate_unit_tree

from .duty import ensure_shifts

CENTRE = "centre"
UNIT_A = "housing"
UNIT_B = "market"


@dataclass(frozen=True)
class UnitSpec:
    code: str
    name: str
    kind: str
    parent: str | None = None
    phone: str = ""


UNITS: tuple[UnitSpec, ...] = (
    UnitSpec(CENTRE, "市12345政务服务便民热线中心", UnitKind.CENTRE, phone="12345"),
    UnitSpec("subcentre-dongcheng", "东城区12345分中心", UnitKind.SUBCENTRE, CENTRE),
    UnitSpec("station-visit", "市民来访接待站", UnitKind.STATION, CENTRE),
    UnitSpec(UNIT_A, "市住房和城乡建设局", UnitKind.DEPARTMENT, phone="0000-12345001"),
    UnitSpec(UNIT_B, "市市场监督管理局", UnitKind.DEPARTMENT, phone="0000-12315"),
    UnitSpec("transport", "市交通运输局", UnitKind.DEPARTMENT),
    UnitSpec("ecology", "市生态环境局", UnitKind.DEPARTMENT),
    UnitSpec("hrss", "市人力资源和社会保障局", UnitKind.DEPARTMENT),
    UnitSpec("education", "市教育局", UnitKind.DEPARTMENT),
    UnitSpec("health", "市卫生健康委员会", UnitKind.DEPARTMENT),
    UnitSpec("urban", "市城市管理综合执法局", UnitKind.DEPARTMENT),
    UnitSpec("govservice", "市政务服务管理局", UnitKind.DEPARTMENT),
    UnitSpec("dongcheng", "东城区人民政府", UnitKind.TOWN),
    UnitSpec("dongcheng-jianshe", "东城区建设路街道办事处", UnitKind.TOWN, "dongcheng"),
    UnitSpec("water", "市供水集团有限公司", UnitKind.COMPANY),
    UnitSpec("power", "国网市供电公司", UnitKind.COMPANY),
    UnitSpec("gas", "市燃气集团有限公司", UnitKind.COMPANY),
)


@dataclass(frozen=True)
class Account:
    username: str
    display_name: str
    unit: str
    roles: tuple[str, ...]
    title_zh: str
    title_en: str
    slot: str = Slot.A
    superuser: bool = False


ACCOUNTS: tuple[Account, ...] = (
    Account(
        "admin", "系统管理员", CENTRE, (Role.ADMIN,), "超级用户", "administrator", superuser=True
    ),
    Account("director", "王建国", CENTRE, (Role.DIRECTOR,), "主任", "director"),
    Account(
        "deputy", "李明华", CENTRE, (Role.DEPUTY,), "副主任(受主任授权签批)", "deputy director"
    ),
    Account(
        "clerk",
        "张晓燕",
        CENTRE,
        (Role.CLERK, Role.DISPATCHER),
        "受理员(兼派单)",
        "intake clerk and dispatcher",
    ),
    Account("supervisor", "陈立新", CENTRE, (Role.SUPERVISOR,), "督办员", "supervisor"),
    Account("analyst", "刘思远", CENTRE, (Role.ANALYST,), "数据分析员", "analyst"),
    Account(
        "unit_a_handler",
        "赵海涛",
        UNIT_A,
        (Role.HANDLER,),
        "承办人(A角)·市住房和城乡建设局",
        "handler (A), unit A",
    ),
    Account(
        "unit_a_backup",
        "孙丽",
        UNIT_A,
        (Role.HANDLER,),
        "承办人(B角)·市住房和城乡建设局",
        "backup handler (B), unit A",
        slot=Slot.B,
    ),
    Account(
        "unit_a_leader",
        "周志强",
        UNIT_A,
        (Role.UNIT_LEADER,),
        "单位负责人·市住房和城乡建设局",
        "unit leader, unit A",
    ),
    Account(
        "unit_b_handler",
        "吴静",
        UNIT_B,
        (Role.HANDLER,),
        "承办人·市市场监督管理局",
        "handler, unit B",
    ),
    Account(
        "unit_b_leader",
        "郑国平",
        UNIT_B,
        (Role.UNIT_LEADER,),
        "单位负责人·市市场监督管理局",
        "unit leader, unit B",
    ),
    Account(
        "station_clerk",
        "冯雪",
        "station-visit",
        (Role.CLERK,),
        "来访接待员·市民来访接待站",
        "walk-in clerk, station",
    ),
    Account(
        "subcentre_clerk",
        "何军",
        "subcentre-dongcheng",
        (Role.CLERK,),
        "受理员·东城区分中心",
        "intake clerk, sub-centre",
    ),
    *(
        Account(
            f"{code.replace('-', '_')}_handler",
            name,
            code,
            (Role.HANDLER,),
            f"承办人·{unit_name}",
            f"handler, {code}",
        )
        for code, name, unit_name in (
            ("transport", "黄伟", "市交通运输局"),
            ("ecology", "林芳", "市生态环境局"),
            ("hrss", "高磊", "市人力资源和社会保障局"),
            ("education", "罗敏", "市教育局"),
            ("health", "梁静", "市卫生健康委员会"),
            ("urban", "宋强", "市城市管理综合执法局"),
            ("govservice", "谢娜", "市政务服务管理局"),
            ("dongcheng", "韩勇", "东城区人民政府"),
            ("dongcheng-jianshe", "唐秀英", "东城区建设路街道办事处"),
            ("water", "冯涛", "市供水集团有限公司"),
            ("power", "于洋", "国网市供电公司"),
            ("gas", "董明", "市燃气集团有限公司"),
        )
    ),
)


def handlers_of(unit_code: str) -> list[str]:
    """Usernames of the handlers of a unit, A slot first."""
    rows = [a for a in ACCOUNTS if a.unit == unit_code and Role.HANDLER in a.roles]
    return [a.username for a in sorted(rows, key=lambda a: a.slot)]


@dataclass(frozen=True)
class CategorySpec:
    code: str
    name: str
    parent: str | None = None
    unit: str | None = None


CATEGORIES: tuple[CategorySpec, ...] = (
    CategorySpec("housing", "住房城乡建设", unit=UNIT_A),
    CategorySpec("property", "物业管理", "housing", UNIT_A),
    CategorySpec("home-quality", "商品房交付与质量", "housing", UNIT_A),
    CategorySpec("old-estate", "老旧小区改造", "housing", UNIT_A),
    CategorySpec("rental", "房屋租赁与中介", "housing", UNIT_A),
    CategorySpec("construction", "建筑工地管理", "housing", UNIT_A),
    CategorySpec("market", "市场监管", unit=UNIT_B),
    CategorySpec("food", "食品安全", "market", UNIT_B),
    CategorySpec("prices", "价格收费", "market", UNIT_B),
    CategorySpec("consumer", "消费维权", "market", UNIT_B),
    CategorySpec("prepaid", "预付卡退费", "consumer", UNIT_B),
    CategorySpec("online-shopping", "网购纠纷", "consumer", UNIT_B),
    CategorySpec("elevator", "电梯等特种设备", "market", UNIT_B),
    CategorySpec("transport", "交通出行", unit="transport"),
    CategorySpec("bus", "公交服务", "transport", "transport"),
    CategorySpec("taxi", "出租车与网约车", "transport", "transport"),
    CategorySpec("road", "道路设施与养护", "transport", "transport"),
    CategorySpec("environment", "生态环境", unit="ecology"),
    CategorySpec("noise", "噪声污染", "environment", "ecology"),
    CategorySpec("noise-night", "夜间施工噪声", "noise", "ecology"),
    CategorySpec("noise-commercial", "商业经营噪声", "noise", "urban"),
    CategorySpec("air", "大气污染", "environment", "ecology"),
    CategorySpec("water-pollution", "水污染", "environment", "ecology"),
    CategorySpec("labour", "劳动就业与社保", unit="hrss"),
    CategorySpec("wages", "拖欠工资", "labour", "hrss"),
    CategorySpec("migrant-wages", "农民工工资", "wages", "hrss"),
    CategorySpec("social-insurance", "社会保险", "labour", "hrss"),
    CategorySpec("employment", "就业创业", "labour", "hrss"),
    CategorySpec("utilities", "公用事业"),
    CategorySpec("water-supply", "供水", "utilities", "water"),
    CategorySpec("power-supply", "供电", "utilities", "power"),
    CategorySpec("gas-supply", "供气", "utilities", "gas"),
    CategorySpec("efficiency", "机关效能"),
    CategorySpec("work-style", "工作作风", "efficiency", "govservice"),
    CategorySpec("buck-passing", "推诿扯皮", "efficiency"),
    CategorySpec("service-efficiency", "办事效率", "efficiency", "govservice"),
    CategorySpec("education", "教育", unit="education"),
    CategorySpec("enrollment", "入学招生", "education", "education"),
    CategorySpec("training", "校外培训", "education", "education"),
    CategorySpec("health", "医疗卫生", unit="health"),
    CategorySpec("hospital", "医疗服务", "health", "health"),
    CategorySpec("medical-fees", "医疗收费", "health", "health"),
    CategorySpec("urban", "城市管理", unit="urban"),
    CategorySpec("street-vendors", "占道经营", "urban", "urban"),
    CategorySpec("illegal-building", "违法建设", "urban", "urban"),
    CategorySpec("sanitation", "环境卫生", "urban", "urban"),
    CategorySpec("other", "其他"),
)

DELEGATION_NOTE = "主任授权副主任签批重要投诉件"


def _ensure_units() -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    for order, spec in enumerate(UNITS):
        unit, _created = Unit.objects.update_or_create(
            code=spec.code,
            defaults={
                "name": spec.name,
                "kind": spec.kind,
                "parent": units[spec.parent] if spec.parent else None,
                "phone": spec.phone,
                "is_active": True,
                "sort_order": order * 10,
            },
        )
        units[spec.code] = unit
    invalidate_unit_tree()
    return units


def _ensure_accounts(units: dict[str, Unit]) -> dict[str, Any]:
    User = get_user_model()
    password = settings.TOUSU_DEMO_PASSWORD
    users: dict[str, Any] = {}
    for spec in ACCOUNTS:
        user, created = User.objects.get_or_create(
            username=spec.username,
            defaults={
                "first_name": spec.display_name,
                "is_staff": spec.superuser,
                "is_superuser": spec.superuser,
            },
        )
        changed = created
        for attr, value in (
            ("first_name", spec.display_name),
            ("is_active", True),
            ("is_staff", spec.superuser),
            ("is_superuser", spec.superuser),
        ):
            if getattr(user, attr) != value:
                setattr(user, attr, value)
                changed = True
        # Set on creation only: verifying 25 Argon2 hashes on every start would cost seconds,
        # and a password someone changed on purpose stays changed.
        if created or not user.has_usable_password():
            user.set_password(password)
            changed = True
        if changed:
            user.save()
        StaffProfile.objects.update_or_create(
            user=user, defaults={"display_name": spec.display_name}
        )
        for role in spec.roles:
            Membership.objects.update_or_create(
                user=user, unit=units[spec.unit], role=role, defaults={"slot": spec.slot}
            )
        users[spec.username] = user
    return users


def _ensure_delegation(users: dict[str, Any], now: datetime) -> None:
    Delegation.objects.get_or_create(
        grantor=users["director"],
        grantee=users["deputy"],
        ends_at=None,
        defaults={"starts_at": now - timedelta(days=365), "note": DELEGATION_NOTE},
    )


def _ensure_categories(units: dict[str, Unit]) -> None:
    rows: dict[str, Category] = {}
    for order, spec in enumerate(CATEGORIES):
        category, _created = Category.objects.update_or_create(
            code=spec.code,
            defaults={
                "name": spec.name,
                "parent": rows[spec.parent] if spec.parent else None,
                "default_unit": units[spec.unit] if spec.unit else None,
                "is_active": True,
                "sort_order": order * 10,
            },
        )
        rows[spec.code] = category
    tree_changed()  # the policy cache holds the category tree


def ensure_organisation(now: datetime | None = None) -> dict[str, Any]:
    """Create or update the demo units, accounts, delegation and categories; return the users."""
    with transaction.atomic():
        units = _ensure_units()
        users = _ensure_accounts(units)
        _ensure_delegation(users, now or timezone.now())
        _ensure_categories(units)
        ensure_shifts(units[CENTRE], users, now or timezone.now())
    return users


def describe_accounts(url: str | None = None) -> str:
    """The printable list of demo accounts (what `tousu demo` shows before it serves)."""
    if url is None:
        host = os.environ.get("TOUSU_HOST", "127.0.0.1")
        port = os.environ.get("TOUSU_PORT", "8000")
        url = f"http://{host}:{port}/"
    width = max(len(a.username) for a in ACCOUNTS)
    lines = [
        "Tousu demo centre 演示中心: 市12345政务服务便民热线中心",
        f"  URL      {url}   (admin: {url.rstrip('/')}/admin/, API: {url.rstrip('/')}/api/v1/)",
        f"  Password 密码 (all accounts): {settings.TOUSU_DEMO_PASSWORD}",
        "  Accounts 账号:",
    ]
    for a in ACCOUNTS:
        lines.append(f"    {a.username:<{width}}  {a.display_name} · {a.title_zh} — {a.title_en}")
    lines.append("  API token: tousu token <username>")
    return "\n".join(lines)
