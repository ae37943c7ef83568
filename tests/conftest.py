"""The people and places every test story uses.

A city hotline centre with a walk-in station below it, two handling units (A: housing bureau,
B: market regulator), and named staff: the clerk (who also dispatches), the dispatcher, the deputy
and director, the supervisor, the analyst, and the handlers and leaders of units A and B.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from tousu.api.models import ApiToken
from tousu.cases.models import Case
from tousu.cases.registration import NewCase, NewComplainant, NewRespondent, register
from tousu.categories.models import Category
from tousu.orgs.models import Membership, Role, Unit, UnitKind

# Monday 2026-03-02 10:00 in Shanghai: an ordinary working day.
MONDAY = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings_parallel_suffix: None, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """On SQLite the test database is a file, never Django's shared in-memory database.

    The browser tests' live server answers from other threads; with an in-memory database those
    threads share one SQLite connection, and a request racing the test's own queries failed now
    and then with `InterfaceError: bad parameter or other API misuse`. A file gives each thread
    its own connection (WAL, as in production). The temporary directory is per xdist worker."""
    database = django_settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        folder = tmp_path_factory.mktemp("db")
        database.setdefault("TEST", {})["NAME"] = str(folder / "tousu-test.sqlite3")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    # Argon2 is deliberately slow; the tests create a dozen users each.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _default_language_afterwards() -> Iterator[None]:
    # A request in English activates English for the rest of its thread: without this, a test's
    # messages would depend on which test ran before it on the same worker.
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_caches() -> None:
    # Unit tree, policies and the calendar are cached; each test starts from its own database.
    cache.clear()


@pytest.fixture
def reference_data(transactional_db: Any) -> None:
    """For tests that commit (threads, the live server): the flush after each of them empties
    every table, and Django then recreates content types and permissions but not the rows of our
    data migration. Put the default policies and reasons back, exactly as the migration does."""
    seed = importlib.import_module("tousu.cases.migrations.0002_default_reference_data")
    seed.forwards(django_apps, None)


@pytest.fixture
def org(db: Any) -> dict[str, Any]:
    centre = Unit.objects.create(code="centre", name="市12345热线中心", kind=UnitKind.CENTRE)
    station = Unit.objects.create(
        code="station-east", name="东城区投诉站", kind=UnitKind.STATION, parent=centre
    )
    unit_a = Unit.objects.create(code="unit-a", name="市住房和城乡建设局", kind=UnitKind.DEPARTMENT)
    unit_b = Unit.objects.create(code="unit-b", name="市市场监督管理局", kind=UnitKind.DEPARTMENT)
    User = get_user_model()
    users: dict[str, Any] = {}

    def person(username: str, *memberships: tuple[Unit, str]) -> Any:
        user = User.objects.create_user(username, password="x-not-used-x")
        for unit, role in memberships:
            Membership.objects.create(user=user, unit=unit, role=role)
        users[username] = user
        return user

    person("clerk", (centre, Role.CLERK), (centre, Role.DISPATCHER))
    person("intake_only", (centre, Role.CLERK))
    person("dispatcher", (centre, Role.DISPATCHER))
    person("deputy", (centre, Role.DEPUTY))
    person("director", (centre, Role.DIRECTOR))
    person("supervisor", (centre, Role.SUPERVISOR))
    person("analyst", (centre, Role.ANALYST))
    person("station_clerk", (station, Role.CLERK))
    person("unit_a_handler", (unit_a, Role.HANDLER))
    person("unit_a_leader", (unit_a, Role.UNIT_LEADER))
    person("unit_b_handler", (unit_b, Role.HANDLER))
    person("unit_b_leader", (unit_b, Role.UNIT_LEADER))
    person("nobody")
    admin = User.objects.create_superuser("admin", password="x-not-used-x")
    users["admin"] = admin
    housing = Category.objects.create(code="housing", name="住房", default_unit=unit_a)
    Category.objects.create(code="property", name="物业管理", parent=housing)
    Category.objects.create(code="food", name="食品安全", default_unit=unit_b)
    return {
        "centre": centre,
        "station": station,
        "unit_a": unit_a,
        "unit_b": unit_b,
        "users": users,
        **users,
    }


def new_case(**overrides: Any) -> NewCase:
    values: dict[str, Any] = {
        "kind": "complaint",
        "channel": "phone",
        "title": "小区电梯长期故障无人维修",
        "content": "幸福小区3号楼电梯停运两周,物业不予维修。",
        "complainants": [
            NewComplainant(
                name="张三",
                phone="13812345678",
                id_number="110101199001011237",
                address="东城区幸福小区3号楼2单元501",
            )
        ],
        "respondent": NewRespondent(name="幸福物业管理有限公司"),
        "demands": ["尽快修复电梯"],
        "category": "property",
    }
    values.update(overrides)
    return NewCase(**values)


@pytest.fixture
def make_case(org: dict[str, Any]) -> Callable[..., Case]:
    """Register a case as the clerk (at MONDAY unless `now` is given)."""

    def make(now: datetime = MONDAY, actor: Any = None, **overrides: Any) -> Case:
        return register(new_case(**overrides), actor=actor or org["clerk"], now=now)

    return make


@pytest.fixture
def api_as(org: dict[str, Any]) -> Callable[[str], Client]:
    """An API client authenticated with a bearer token of the named user."""

    def client_for(username: str) -> Client:
        _row, secret = ApiToken.issue(org["users"][username])
        return Client(headers={"Authorization": f"Bearer {secret}"})

    return client_for
