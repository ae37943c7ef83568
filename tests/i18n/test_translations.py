"""Chinese by default, English on request: the catalogs are complete, compiled, and used.

The .po files are read with a small parser (no polib); the .mo files are read with the standard
library, so these tests need no gettext tools.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from datetime import UTC, datetime
from gettext import GNUTranslations
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.utils import translation

from tests.api.helpers import API, case_body, post_json
from tests.conftest import MONDAY
from tests.unknown_year import FIRST_UNKNOWN, LAST_KNOWN
from tousu.calendar.checks import check_calendar_coverage
from tousu.calendar.models import CalendarOverride, PublishedYear
from tousu.cases.models import Case, Status

ApiAs = Callable[[str], Client]
MakeCase = Callable[..., Case]

LOCALE = Path(settings.LOCALE_PATHS[0])
ZH_PO = LOCALE / "zh_Hans" / "LC_MESSAGES" / "django.po"
EN_PO = LOCALE / "en" / "LC_MESSAGES" / "django.po"
HAN = re.compile(r"[\u4e00-\u9fff]")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")
EN = {"Accept-Language": "en"}


# --- the catalogs ------------------------------------------------------------------------------


class Entry:
    def __init__(self) -> None:
        self.flags: set[str] = set()
        self.msgctxt = ""  # pgettext's context, when the same English words mean two things
        self.msgid = ""
        self.msgid_plural = ""  # set for a plural entry ({% blocktranslate count %}, ngettext)
        self.msgstrs: dict[int, str] = {}  # msgstr is msgstrs[0]; msgstr[N] is msgstrs[N]
        self.obsolete = False

    @property
    def msgstr(self) -> str:
        return self.msgstrs.get(0, "")

    @property
    def translated(self) -> bool:
        return bool(self.msgstrs) and all(self.msgstrs.values())

    @property
    def source(self) -> str:
        """The English text the translations stand for: the plural form when there is one (the
        Chinese catalog has a single form, nplurals=1)."""
        return self.msgid_plural or self.msgid


MSGSTR_N = re.compile(r"msgstr\[(\d+)\] ")


def read_po(path: Path) -> list[Entry]:
    """The entries of a .po file: single and plural forms, with or without a context."""
    entries: list[Entry] = []
    entry, field, index = Entry(), "", 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if field == "msgstr" and line.startswith(("#", "msgid ", "msgctxt ")):  # the next entry
            entries.append(entry)
            entry, field, index = Entry(), "", 0
        if line.startswith("#~"):
            entry.obsolete = True
        elif line.startswith("#,"):
            entry.flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("msgctxt "):
            field, entry.msgctxt = "msgctxt", ast.literal_eval(line[len("msgctxt ") :])
        elif line.startswith("msgid_plural "):
            field = "msgid_plural"
            entry.msgid_plural = ast.literal_eval(line[len("msgid_plural ") :])
        elif line.startswith("msgid "):
            field, entry.msgid = "msgid", ast.literal_eval(line[len("msgid ") :])
        elif line.startswith("msgstr "):
            field, index = "msgstr", 0
            entry.msgstrs[0] = ast.literal_eval(line[len("msgstr ") :])
        elif match := MSGSTR_N.match(line):
            field, index = "msgstr", int(match[1])
            entry.msgstrs[index] = ast.literal_eval(line[match.end() :])
        elif line.startswith('"'):
            if field == "msgctxt":
                entry.msgctxt += ast.literal_eval(line)
            elif field == "msgid":
                entry.msgid += ast.literal_eval(line)
            elif field == "msgid_plural":
                entry.msgid_plural += ast.literal_eval(line)
            else:
                entry.msgstrs[index] += ast.literal_eval(line)
    if field == "msgstr":
        entries.append(entry)
    return entries


def messages(path: Path) -> list[Entry]:
    """The translatable entries (without the header)."""
    return [e for e in read_po(path) if e.msgid]


def test_the_parser_finds_the_header_and_the_messages() -> None:
    entries = read_po(ZH_PO)
    assert entries[0].msgid == ""
    assert "Language: zh_Hans" in entries[0].msgstr
    assert "nplurals=1;" in entries[0].msgstr
    assert len(messages(ZH_PO)) > 200
    plurals = [e for e in messages(ZH_PO) if e.msgid_plural]
    assert plurals, "the workbench's counted messages are plural entries"
    assert all(set(e.msgstrs) == {0} for e in plurals)  # Chinese: one form, msgstr[0]


def test_every_chinese_message_is_translated_and_none_is_fuzzy() -> None:
    entries = read_po(ZH_PO)
    assert [e.msgid for e in entries if "fuzzy" in e.flags] == []
    assert [e.msgid for e in entries if e.obsolete] == []
    assert [e.msgid for e in messages(ZH_PO) if not e.translated] == []


def test_every_chinese_message_is_chinese_and_keeps_its_placeholders() -> None:
    for entry in messages(ZH_PO):
        # A message without a word (an addressee "%(unit)s:") has nothing to say in Chinese.
        wordless = not re.search(r"[A-Za-z]", PLACEHOLDER.sub("", entry.source))
        for msgstr in entry.msgstrs.values():
            assert wordless or HAN.search(msgstr), entry.msgid
            assert sorted(PLACEHOLDER.findall(msgstr)) == sorted(
                PLACEHOLDER.findall(entry.source)
            ), entry.msgid


def test_the_english_catalog_has_the_same_messages() -> None:
    assert [(e.msgctxt, e.msgid) for e in messages(EN_PO)] == [
        (e.msgctxt, e.msgid) for e in messages(ZH_PO)
    ]
    assert [e.msgid for e in read_po(EN_PO) if "fuzzy" in e.flags] == []


@pytest.mark.parametrize("po", [ZH_PO, EN_PO], ids=["zh_Hans", "en"])
def test_the_compiled_catalog_matches_its_source(po: Path) -> None:
    # The .mo files are committed: the runtime never needs gettext, so they must not go stale.
    with po.with_suffix(".mo").open("rb") as mo:
        compiled = GNUTranslations(mo)
    for entry in messages(po):
        if entry.msgctxt:
            found = compiled.pgettext(entry.msgctxt, entry.msgid)
            assert found == (entry.msgstr or entry.msgid), (entry.msgctxt, entry.msgid)
            continue
        if not entry.msgid_plural:
            assert compiled.gettext(entry.msgid) == (entry.msgstr or entry.msgid), entry.msgid
            continue
        for n in (1, 2, 5):
            english = entry.msgid if n == 1 else entry.msgid_plural
            form = entry.msgstrs.get(compiled.plural(n), "")  # type: ignore[attr-defined]
            assert compiled.ngettext(entry.msgid, entry.msgid_plural, n) == (form or english), (
                entry.msgid
            )


# --- models and reference vocabularies ----------------------------------------------------------


def test_model_names_and_choices_follow_the_active_language() -> None:
    with translation.override("zh-hans"):
        assert str(Case._meta.verbose_name) == "工单"
        assert str(Status.REGISTERED.label) == "待受理"
        assert str(Case._meta.get_field("tracking_code").verbose_name) == "查询码"
    with translation.override("en"):
        assert str(Case._meta.verbose_name) == "case"
        assert str(Status.REGISTERED.label) == "to accept"
        assert str(Case._meta.get_field("tracking_code").verbose_name) == "tracking code"


def test_chinese_is_the_default_language() -> None:
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert str(Case._meta.verbose_name) == "工单"


# --- the API -----------------------------------------------------------------------------------


def test_the_401_message_is_chinese_by_default_and_english_on_request(db: Any) -> None:
    chinese = Client().get(f"{API}/me").json()["error"]
    english = Client(headers=EN).get(f"{API}/me").json()["error"]

    assert chinese["code"] == english["code"] == "unauthenticated"
    assert chinese["message"] == "需要有效的 Bearer 访问令牌"
    assert english["message"] == "a valid bearer token is required"


def test_a_wrong_state_409_is_chinese_by_default_and_english_on_request(
    make_case: MakeCase, api_as: ApiAs
) -> None:
    case = make_case()
    client = api_as("clerk")
    path = f"{API}/cases/{case.pk}/actions/archive"

    chinese = client.post(path, "{}", content_type="application/json")
    english = client.post(path, "{}", content_type="application/json", headers=EN)

    assert chinese.status_code == english.status_code == 409
    assert chinese.json()["status"] == english.json()["status"] == "registered"
    assert chinese.json()["error"]["code"] == english.json()["error"]["code"] == "invalid_state"
    # The verb and the status are the API's names, in both languages.
    assert chinese.json()["error"]["message"] == "工单当前状态为“registered”,不能执行“archive”操作"
    assert english.json()["error"]["message"] == (
        "'archive' is not allowed while the case is 'registered'"
    )


def test_a_forbidden_verb_and_a_hidden_case_are_explained_in_chinese(
    make_case: MakeCase, api_as: ApiAs
) -> None:
    case = make_case()
    path = f"{API}/cases/{case.pk}/actions/accept"

    forbidden = api_as("analyst").post(path, "{}", content_type="application/json")
    hidden = api_as("unit_a_handler").post(path, "{}", content_type="application/json")

    assert forbidden.status_code == 403
    assert forbidden.json()["error"] == {
        "code": "forbidden",
        "message": "您无权对此工单执行“accept”操作",
        "fields": {},
    }
    assert hidden.status_code == 404  # the unit cannot see a case not dispatched to it
    assert hidden.json()["error"] == {"code": "not_found", "message": "未找到", "fields": {}}


def test_invalid_fields_keep_their_api_names_and_get_chinese_messages(
    org: dict[str, Any], api_as: ApiAs
) -> None:
    body = case_body(category="no-such-category", title="  ")

    chinese = post_json(api_as("clerk"), "/cases", body).json()["error"]
    english = (
        api_as("clerk")
        .post(f"{API}/cases", body, content_type="application/json", headers=EN)
        .json()["error"]
    )

    assert chinese["code"] == english["code"] == "invalid_input"
    assert sorted(chinese["fields"]) == sorted(english["fields"]) == ["category", "title"]
    assert chinese["fields"] == {"title": ["必填"], "category": ["没有使用该代码的启用分类"]}
    assert english["fields"] == {
        "title": ["is required"],
        "category": ["no active category has this code"],
    }
    assert HAN.search(chinese["message"])


def test_a_message_with_a_number_fills_it_in_both_languages(
    make_case: MakeCase, api_as: ApiAs
) -> None:
    case = make_case()
    client = api_as("clerk")
    # Due more than 366 days after the Monday the case was registered on.
    path, body = f"{API}/cases/{case.pk}/actions/dispatch", {"unit": "unit-a", "due": "2027-06-01"}
    with time_machine.travel(MONDAY, tick=False):
        accept = client.post(f"{API}/cases/{case.pk}/actions/accept", {}, "application/json")
        chinese = client.post(path, body, content_type="application/json")
        english = client.post(path, body, content_type="application/json", headers=EN)

    assert accept.status_code == 200

    assert chinese.status_code == english.status_code == 422
    assert chinese.json()["error"]["fields"] == {"due": ["必须在 366 天以内"]}
    assert english.json()["error"]["fields"] == {"due": ["must be within 366 days"]}


# --- pages and the admin -----------------------------------------------------------------------


def test_the_login_page_is_chinese_by_default_and_english_on_request(db: Any) -> None:
    chinese = Client().get("/login/").content.decode()
    english = Client(headers=EN).get("/login/").content.decode()

    assert '<html lang="zh-hans">' in chinese
    assert '<html lang="en">' in english
    assert "Log in to Tousu" in english


def test_the_admin_index_is_chinese_for_a_superuser(org: dict[str, Any]) -> None:
    client = Client()
    client.force_login(org["admin"])

    chinese = client.get("/admin/")
    english = client.get("/admin/", headers=EN)

    assert chinese.status_code == english.status_code == 200
    page = chinese.content.decode()
    assert "站点管理" in page  # Django's own catalog
    for name in ("工单", "诉求分类", "组织机构与人员", "工作日历", "日历调整", "已发布年份"):
        assert name in page, name
    assert "Site administration" in english.content.decode()
    assert "Working-day calendar" in english.content.decode()


# --- the system check --------------------------------------------------------------------------


def test_the_calendar_warning_is_chinese_and_names_the_admin_pages_as_the_admin_does(
    db: Any,
) -> None:
    with time_machine.travel(datetime(LAST_KNOWN, 11, 23, 4, 0, tzinfo=UTC), tick=False):
        [message] = check_calendar_coverage(None)

    assert str(FIRST_UNKNOWN) in message.msg
    assert HAN.search(message.msg)
    assert message.hint is not None
    assert str(CalendarOverride._meta.verbose_name_plural) in message.hint
    assert str(PublishedYear._meta.verbose_name_plural) in message.hint
