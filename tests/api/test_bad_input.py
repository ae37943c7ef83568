"""Bad input is a 400 or 422 in the contract's error format, naming the field — never a 500, and
never a half-written case."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from time_machine import TimeMachineFixture

from tests.api.helpers import (
    API,
    act,
    advance,
    case_body,
    db_state,
    error_of,
    invalid,
    post_json,
    with_complainant,
)
from tests.conftest import MONDAY
from tousu.cases.models import Case

ApiAs = Callable[[str], Client]
MakeCase = Callable[..., Case]

MALFORMED = "malformed"  # marker: a raw string sent as the body, expected to be a 400


@pytest.fixture
def clock(time_machine: TimeMachineFixture) -> TimeMachineFixture:
    time_machine.move_to(MONDAY, tick=False)
    return time_machine


def _without(*names: str) -> dict[str, Any]:
    body = case_body()
    for name in names:
        del body[name]
    return body


# (id, body — a dict/list, or a raw string, expected status, the fields the error must name)
BAD_CASE_BODIES: list[tuple[str, Any, int, tuple[str, ...]]] = [
    ("malformed-json", '{"kind": "complaint", "title": ', 400, ()),
    ("not-json-at-all", "kind=complaint&title=x", 400, ()),
    ("invalid-utf8", b'{"title": "\xff\xfe"}', 400, ()),
    ("body-is-an-array", [case_body()], 422, ("body",)),
    ("body-is-a-string", '"a complaint"', 422, ("body",)),
    ("body-is-null", "null", 422, ("body",)),
    ("empty-body", "", 422, ("body",)),
    ("empty-object", {}, 422, ("kind", "channel", "title", "content")),
    ("missing-kind", _without("kind"), 422, ("kind",)),
    ("missing-channel", _without("channel"), 422, ("channel",)),
    ("missing-title", _without("title"), 422, ("title",)),
    ("missing-content", _without("content"), 422, ("content",)),
    ("title-is-a-number", case_body(title=123), 422, ("title",)),
    ("content-is-a-list", case_body(content=["幸福小区"]), 422, ("content",)),
    (
        "anonymous-is-a-string",
        case_body(complainant=with_complainant(anonymous="yes")),
        422,
        ("complainant.anonymous",),
    ),
    (
        "phone-is-a-number",
        case_body(complainant=with_complainant(phone=13812345678)),
        422,
        ("complainant.phone",),
    ),
    ("complainant-is-a-string", case_body(complainant="张三"), 422, ("complainant",)),
    ("respondent-is-a-number", case_body(respondent=42), 422, ("respondent",)),
    ("complainants-is-an-object", case_body(complainants={"name": "李四"}), 422, ("complainants",)),
    ("complainants-of-strings", case_body(complainants=["李四"]), 422, ("complainants[0]",)),
    ("demands-is-a-string", case_body(demands="修电梯"), 422, ("demands",)),
    ("demand-is-a-number", case_body(demands=[1]), 422, ("demands[0]",)),
    ("party-count-is-a-string", case_body(party_count="3"), 422, ("party_count",)),
    ("party-count-is-zero", case_body(party_count=0), 422, ("party_count",)),
    ("safety-is-a-string", case_body(safety="true"), 422, ("safety",)),
    ("category-is-a-number", case_body(category=7), 422, ("category",)),
    ("unknown-kind", case_body(kind="rumour"), 422, ("kind",)),
    ("unknown-channel", case_body(channel="pigeon"), 422, ("channel",)),
    ("unknown-severity", case_body(severity="critical"), 422, ("severity",)),
    (
        "unknown-gender",
        case_body(complainant=with_complainant(gender="x")),
        422,
        ("complainant.gender",),
    ),
    (
        "unknown-special-identity",
        case_body(complainant=with_complainant(special_identity="mayor")),
        422,
        ("complainant.special_identity",),
    ),
    (
        "unknown-official-rank",
        case_body(respondent={"name": "王某", "official_rank": "emperor"}),
        422,
        ("respondent.official_rank",),
    ),
    ("title-of-201-characters", case_body(title="电" * 201), 422, ("title",)),
    ("content-of-20001-characters", case_body(content="梯" * 20001), 422, ("content",)),
    ("facts-of-20001-characters", case_body(facts="梯" * 20001), 422, ("facts",)),
    ("address-of-301-characters", case_body(address="路" * 301), 422, ("address",)),
    (
        "name-of-101-characters",
        case_body(complainant=with_complainant(name="张" * 101)),
        422,
        ("complainant.name",),
    ),
    (
        "phone-of-41-characters",
        case_body(complainant=with_complainant(phone="1" * 41)),
        422,
        ("complainant.phone",),
    ),
    (
        "phone-of-letters",
        case_body(complainant=with_complainant(phone="abc")),
        422,
        ("complainant.phone",),
    ),
    (
        "phone-of-ten-digits",
        case_body(complainant=with_complainant(phone="1381234567")),
        422,
        ("complainant.phone",),
    ),
    (
        "phone-a-service-number",
        case_body(complainant=with_complainant(phone="12345")),
        422,
        ("complainant.phone",),
    ),
    (
        "id-number-with-a-wrong-check-digit",
        case_body(complainant=with_complainant(id_number="110101199001011234")),
        422,
        ("complainant.id_number",),
    ),
    (
        "id-number-born-on-february-30",
        case_body(complainant=with_complainant(id_number="110101199002301234")),
        422,
        ("complainant.id_number",),
    ),
    (
        "id-number-of-17-digits",
        case_body(complainant=with_complainant(id_number="11010119900101123")),
        422,
        ("complainant.id_number",),
    ),
    (
        "second-complainants-phone-of-letters",
        case_body(
            complainant=None,
            complainants=[
                {"name": "李四", "phone": "13900001111"},
                {"name": "王五", "phone": "abc"},
            ],
        ),
        422,
        ("complainants[1].phone",),
    ),
    (
        "respondent-phone-of-letters",
        case_body(respondent={"name": "幸福物业管理有限公司", "phone": "物业电话"}),
        422,
        ("respondent.phone",),
    ),
    ("demand-of-2001-characters", case_body(demands=["修" * 2001]), 422, ("demands[0]",)),
    (
        "fifty-one-complainants",
        case_body(complainant=None, complainants=[{"name": f"人{i}"} for i in range(51)]),
        422,
        ("complainants",),
    ),
    ("empty-title", case_body(title=""), 422, ("title",)),
    ("blank-title", case_body(title="   "), 422, ("title",)),
    ("blank-content", case_body(content=" \n "), 422, ("content",)),
    (
        "neither-name-nor-phone",
        case_body(complainant={"anonymous": False, "address": "东城区"}),
        422,
        ("complainant",),
    ),
    ("received-at-is-a-word", case_body(received_at="yesterday"), 422, ("received_at",)),
    (
        "received-at-on-february-30",
        case_body(received_at="2026-02-30T10:00:00+08:00"),
        422,
        ("received_at",),
    ),
    (
        "received-at-without-offset",
        case_body(received_at="2026-03-01T10:00:00"),
        422,
        ("received_at",),
    ),
    ("received-at-a-date-only", case_body(received_at="2026-03-01"), 422, ("received_at",)),
    (
        "received-at-in-year-one",
        case_body(received_at="0001-01-01T00:00:00+14:00"),
        422,
        ("received_at",),
    ),
    (
        "received-at-tomorrow",
        case_body(received_at="2026-03-03T10:00:00+08:00"),
        422,
        ("received_at",),
    ),
    (
        "occurred-at-tomorrow",
        case_body(occurred_at="2026-03-03T10:00:00+08:00"),
        422,
        ("occurred_at",),
    ),
    ("latitude-out-of-range", case_body(latitude=91), 422, ("latitude",)),
    ("latitude-not-a-number", case_body(latitude="NaN"), 422, ("latitude",)),
    ("nul-in-title", case_body(title="电梯\u0000故障"), 422, ("title",)),
    (
        "nul-in-a-name",
        case_body(complainant=with_complainant(name="张\u0000三")),
        422,
        ("complainant.name",),
    ),
    (
        "two-bad-fields-at-once",
        case_body(kind="rumour", complainant=with_complainant(phone="1" * 41)),
        422,
        ("kind", "complainant.phone"),
    ),
]


@pytest.mark.parametrize(
    ("body", "status", "fields"),
    [pytest.param(b, s, f, id=i) for i, b, s, f in BAD_CASE_BODIES],
)
def test_a_bad_case_body_is_refused_naming_the_field_and_nothing_is_stored(
    org: dict[str, Any],
    api_as: ApiAs,
    clock: TimeMachineFixture,
    body: Any,
    status: int,
    fields: tuple[str, ...],
) -> None:
    before = db_state()

    response = post_json(api_as("clerk"), "/cases", body)

    error = invalid(response, *fields, status=status)
    assert error["code"] == ("bad_request" if status == 400 else "invalid_input")
    assert db_state() == before
    assert Case.objects.count() == 0


def test_the_message_of_an_invalid_field_says_what_is_wrong(
    org: dict[str, Any], api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    response = post_json(api_as("clerk"), "/cases", case_body(title="电" * 201))

    assert invalid(response, "title")["fields"]["title"] == [
        "String should have at most 200 characters"
    ]


def test_a_body_larger_than_the_upload_limit_is_refused_with_413(
    org: dict[str, Any], api_as: ApiAs, settings: Any, clock: TimeMachineFixture
) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    before = db_state()

    response = post_json(api_as("clerk"), "/cases", case_body(facts="事" * 6_000))

    assert error_of(response, 413)["code"] == "too_large"
    assert db_state() == before


def test_a_form_encoded_body_is_not_taken_for_json(
    org: dict[str, Any], api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    response = api_as("clerk").post(
        f"{API}/cases",
        "kind=complaint&channel=phone&title=x&content=y",
        content_type="application/x-www-form-urlencoded",
    )

    assert error_of(response, 400)["code"] == "bad_request"
    assert Case.objects.count() == 0


# --- verbs -------------------------------------------------------------------------------------

# (id, status the case is put in, who acts, verb, body, expected status, fields named)
BAD_ACTIONS: list[tuple[str, str, str, str, Any, int, tuple[str, ...]]] = [
    ("malformed-json", "registered", "clerk", "accept", '{"note": ', 400, ()),
    ("invalid-utf8", "registered", "clerk", "accept", b'{"note": "\xff"}', 400, ()),
    ("body-is-an-array", "registered", "clerk", "accept", "[]", 400, ()),
    ("body-is-a-number", "registered", "clerk", "accept", "42", 400, ()),
    ("deeply-nested", "registered", "clerk", "accept", "[" * 50_000 + "]" * 50_000, 400, ()),
    (
        "unknown-severity",
        "registered",
        "clerk",
        "accept",
        {"severity": "critical"},
        422,
        ("severity",),
    ),
    ("note-is-a-number", "registered", "clerk", "accept", {"note": 5}, 422, ("note",)),
    ("note-too-long", "registered", "clerk", "accept", {"note": "注" * 2001}, 422, ("note",)),
    ("reject-without-reason", "registered", "clerk", "reject", {}, 422, ("reason",)),
    ("reject-empty-reason", "registered", "clerk", "reject", {"reason": ""}, 422, ("reason",)),
    ("reject-blank-reason", "registered", "clerk", "reject", {"reason": "   "}, 422, ("reason",)),
    ("refer-without-to", "registered", "clerk", "refer", {"reason": "不属本市"}, 422, ("to",)),
    ("dispatch-without-unit", "accepted", "clerk", "dispatch", {}, 422, ("unit",)),
    ("dispatch-unit-is-a-number", "accepted", "clerk", "dispatch", {"unit": 5}, 422, ("unit",)),
    ("dispatch-unknown-unit", "accepted", "clerk", "dispatch", {"unit": "unit-z"}, 422, ("unit",)),
    ("dispatch-to-the-centre", "accepted", "clerk", "dispatch", {"unit": "centre"}, 422, ("unit",)),
    (
        "dispatch-due-is-a-word",
        "accepted",
        "clerk",
        "dispatch",
        {"unit": "unit-a", "due": "next week"},
        422,
        ("due",),
    ),
    (
        "dispatch-due-on-february-30",
        "accepted",
        "clerk",
        "dispatch",
        {"unit": "unit-a", "due": "2026-02-30"},
        422,
        ("due",),
    ),
    (
        "dispatch-due-in-the-past",
        "accepted",
        "clerk",
        "dispatch",
        {"unit": "unit-a", "due": "2026-03-01"},
        422,
        ("due",),
    ),
    (
        "extension-days-as-a-string",
        "handling",
        "unit_a_handler",
        "request_extension",
        {"days": "3", "reason": "需现场核查"},
        422,
        ("days",),
    ),
    (
        "extension-days-as-a-fraction",
        "handling",
        "unit_a_handler",
        "request_extension",
        {"days": 2.5, "reason": "需现场核查"},
        422,
        ("days",),
    ),
    (
        "extension-days-as-a-bool",
        "handling",
        "unit_a_handler",
        "request_extension",
        {"days": True, "reason": "需现场核查"},
        422,
        ("days",),
    ),
    (
        "extension-without-reason",
        "handling",
        "unit_a_handler",
        "request_extension",
        {"days": 3},
        422,
        ("reason",),
    ),
    (
        "result-empty",
        "handling",
        "unit_a_handler",
        "submit_result",
        {"result": ""},
        422,
        ("result",),
    ),
    (
        "result-of-20001-characters",
        "handling",
        "unit_a_handler",
        "submit_result",
        {"result": "办" * 20001},
        422,
        ("result",),
    ),
    (
        "justified-as-a-string",
        "handling",
        "unit_a_handler",
        "submit_result",
        {"result": "已办结", "justified": "yes"},
        422,
        ("justified",),
    ),
    ("review-approve-missing", "result_submitted", "clerk", "review", {}, 422, ("approve",)),
    (
        "review-approve-as-a-string",
        "result_submitted",
        "clerk",
        "review",
        {"approve": "yes"},
        422,
        ("approve",),
    ),
    (
        "review-refused-without-a-note",
        "result_submitted",
        "clerk",
        "review",
        {"approve": False},
        422,
        ("note",),
    ),
    (
        "reply-unknown-channel",
        "reviewed",
        "clerk",
        "reply",
        {"content": "已修复", "channel": "pigeon"},
        422,
        ("channel",),
    ),
    (
        "reply-without-content",
        "reviewed",
        "clerk",
        "reply",
        {"channel": "phone"},
        422,
        ("content",),
    ),
    (
        "callback-unknown-satisfaction",
        "replied",
        "clerk",
        "callback",
        {"satisfaction": "meh"},
        422,
        ("satisfaction",),
    ),
    ("callback-without-satisfaction", "replied", "clerk", "callback", {}, 422, ("satisfaction",)),
    ("merge-into-a-string", "accepted", "clerk", "merge", {"into": "5"}, 422, ("into",)),
    ("merge-into-a-huge-id", "accepted", "clerk", "merge", {"into": 2**70}, 422, ("into",)),
    (
        "nul-in-a-reason",
        "registered",
        "clerk",
        "reject",
        {"reason": "重\u0000复"},
        422,
        ("reason",),
    ),
]


@pytest.mark.parametrize(
    ("status", "username", "verb", "body", "expected", "fields"),
    [pytest.param(s, u, v, b, e, f, id=i) for i, s, u, v, b, e, f in BAD_ACTIONS],
)
def test_a_bad_action_body_is_refused_naming_the_field_and_nothing_changes(
    org: dict[str, Any],
    make_case: MakeCase,
    api_as: ApiAs,
    clock: TimeMachineFixture,
    status: str,
    username: str,
    verb: str,
    body: Any,
    expected: int,
    fields: tuple[str, ...],
) -> None:
    case = advance(make_case(), org, status)
    before = db_state()

    response = act(api_as(username), case.pk, verb, body)

    error = invalid(response, *fields, status=expected)
    assert error["code"] == ("bad_request" if expected == 400 else "invalid_input")
    assert db_state() == before


@pytest.mark.parametrize("days", [0, 61, -1])
def test_an_extension_outside_one_to_sixty_working_days_is_refused_naming_days(
    org: dict[str, Any],
    make_case: MakeCase,
    api_as: ApiAs,
    clock: TimeMachineFixture,
    days: int,
) -> None:
    case = advance(make_case(), org, "handling")
    before = db_state()

    response = act(
        api_as("unit_a_handler"),
        case.pk,
        "request_extension",
        {"days": days, "reason": "需现场核查"},
    )

    invalid(response, "days")
    assert db_state() == before


def test_merging_a_case_into_itself_is_refused_naming_into(
    org: dict[str, Any], make_case: MakeCase, api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    case = make_case()
    before = db_state()

    response = act(api_as("clerk"), case.pk, "merge", {"into": case.pk})

    invalid(response, "into")
    assert db_state() == before


def test_an_action_body_larger_than_the_upload_limit_is_refused_with_413(
    org: dict[str, Any],
    make_case: MakeCase,
    api_as: ApiAs,
    settings: Any,
    clock: TimeMachineFixture,
) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    case = make_case()
    before = db_state()

    response = act(api_as("clerk"), case.pk, "reject", {"reason": "理" * 6_000})

    assert error_of(response, 413)["code"] == "too_large"
    assert db_state() == before


# --- nothing malformed is ever a 5xx ---------------------------------------------------------

JSON = "application/json"
DEEP_ARRAY = "[" * 100_000 + "]" * 100_000
DEEP_OBJECT = '{"a":' * 50_000 + "1" + "}" * 50_000


def _case(**overrides: Any) -> str:
    return json.dumps(case_body(**overrides))


# id: (method, path — {id} is a registered case, body or None, content type)
FUZZ: dict[str, tuple[str, str, Any, str]] = {
    "case-open-brace": ("post", "/cases", "{", JSON),
    "case-braces-reversed": ("post", "/cases", "}{", JSON),
    "case-deep-array": ("post", "/cases", DEEP_ARRAY, JSON),
    "case-deep-object": ("post", "/cases", DEEP_OBJECT, JSON),
    "case-binary": ("post", "/cases", b"\x00\x01\x02\xff", JSON),
    "case-huge-number": ("post", "/cases", "1e999999", JSON),
    "case-null-texts": ("post", "/cases", _case(title=None, content=None), JSON),
    "case-lists-for-parties": ("post", "/cases", _case(complainant=[], respondent=[]), JSON),
    "case-huge-party-count": ("post", "/cases", _case(party_count=10**30), JSON),
    "case-huge-coordinates": ("post", "/cases", _case(latitude=1e308, longitude=-1e308), JSON),
    "case-occurred-year-one": (
        "post",
        "/cases",
        _case(occurred_at="0001-01-01T00:00:00+14:00"),
        JSON,
    ),
    "case-received-year-9999": (
        "post",
        "/cases",
        _case(received_at="9999-12-31T23:59:59-12:00"),
        JSON,
    ),
    "case-received-huge-timestamp": ("post", "/cases", _case(received_at=-(10**20)), JSON),
    "case-centre-is-a-unit": ("post", "/cases", _case(centre="unit-a"), JSON),
    "case-centre-is-a-list": ("post", "/cases", _case(centre=["centre"]), JSON),
    "case-empty-multipart": (
        "post",
        "/cases",
        "--boundary\r\n\r\n",
        "multipart/form-data; boundary=boundary",
    ),
    "verb-open-brace": ("post", "/cases/{id}/actions/accept", "{", JSON),
    "verb-deep-array": ("post", "/cases/{id}/actions/accept", DEEP_ARRAY, JSON),
    "verb-deep-object": ("post", "/cases/{id}/actions/accept", DEEP_OBJECT, JSON),
    "merge-into-negative-huge": (
        "post",
        "/cases/{id}/actions/merge",
        json.dumps({"into": -(2**70)}),
        JSON,
    ),
    "merge-into-null": ("post", "/cases/{id}/actions/merge", json.dumps({"into": None}), JSON),
    "dispatch-due-huge-number": (
        "post",
        "/cases/{id}/actions/dispatch",
        json.dumps({"unit": "unit-a", "due": 10**12}),
        JSON,
    ),
    "verb-in-capitals": ("post", "/cases/{id}/actions/ACCEPT", "{}", JSON),
    "verb-python-name": ("post", "/cases/{id}/actions/__init__", "{}", JSON),
    "verb-form-encoded": (
        "post",
        "/cases/{id}/actions/accept",
        "note=x",
        "application/x-www-form-urlencoded",
    ),
    "verb-on-huge-id": ("post", "/cases/99999999999999999999999/actions/accept", "{}", JSON),
    "upload-not-multipart": ("post", "/cases/{id}/attachments", "not multipart", JSON),
    "upload-broken-multipart": (
        "post",
        "/cases/{id}/attachments",
        "--b\r\nbroken",
        "multipart/form-data; boundary=b",
    ),
    "get-huge-id": ("get", "/cases/99999999999999999999999", None, ""),
    "get-negative-id": ("get", "/cases/-1", None, ""),
    "get-fraction-id": ("get", "/cases/1.5", None, ""),
    "events-of-a-word": ("get", "/cases/abc/events", None, ""),
    "download-huge-id": ("get", "/cases/{id}/attachments/99999999999999999999999", None, ""),
    "list-page-zero": ("get", "/cases?page=0", None, ""),
    "list-negative-page": ("get", "/cases?page=-5&page_size=100000", None, ""),
    "list-page-exponent": ("get", "/cases?page=1e3", None, ""),
    "list-overdue-maybe": ("get", "/cases?overdue=maybe", None, ""),
    "list-unknown-status": ("get", "/cases?status=rumour", None, ""),
    "list-empty-statuses": ("get", "/cases?status=,,,", None, ""),
    "list-nul-search": ("get", "/cases?q=%00", None, ""),
    "list-nul-kind": ("get", "/cases?kind=%00", None, ""),
    "list-nul-unit-and-category": ("get", "/cases?unit=%00&category=%00", None, ""),
    "list-long-search": ("get", "/cases?q=" + "查" * 500, None, ""),
    "put-a-case": ("put", "/cases/{id}", "{}", JSON),
    "delete-a-case": ("delete", "/cases/{id}", None, ""),
}


@pytest.mark.parametrize(
    ("method", "path", "body", "content_type"),
    [pytest.param(*request, id=name) for name, request in FUZZ.items()],
)
def test_no_malformed_request_gets_a_server_error(
    org: dict[str, Any],
    make_case: MakeCase,
    api_as: ApiAs,
    clock: TimeMachineFixture,
    method: str,
    path: str,
    body: Any,
    content_type: str,
) -> None:
    case = make_case()
    client = api_as("clerk")
    before = db_state()
    url = API + path.format(id=case.pk)

    if body is None:
        response = getattr(client, method)(url)
    else:
        response = getattr(client, method)(url, body, content_type=content_type)

    assert response.status_code < 500, (response.status_code, response.content[:300])
    if 400 <= response.status_code != 405:  # 405: the router's own plain answer
        error_of(response, response.status_code)
    assert db_state() == before
