"""Input schemas. Strict types: a wrong type is a 422 naming the field, never coerced."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal, get_args

from django.utils.translation import gettext
from ninja import Schema
from pydantic import (
    AwareDatetime,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    field_validator,
    model_validator,
)

from tousu.cases.models import Channel, Kind, Satisfaction, Severity

# Spelled out for the type checker and the OpenAPI document; checked against the models below.
KindName = Literal["complaint", "report", "consultation", "suggestion", "help", "praise"]
ChannelName = Literal[
    "phone", "visit", "letter", "sms", "web", "email", "wechat", "platform", "open311", "api"
]
SeverityName = Literal["general", "important", "major"]
SatisfactionName = Literal["satisfied", "basically_satisfied", "dissatisfied", "unreachable"]
for _alias, _choices in (
    (KindName, Kind),
    (ChannelName, Channel),
    (SeverityName, Severity),
    (SatisfactionName, Satisfaction),
):
    assert set(get_args(_alias)) == set(_choices.values), f"{_choices.__name__} out of sync"


Text10 = Annotated[StrictStr, Field(max_length=10)]
Text40 = Annotated[StrictStr, Field(max_length=40)]
Text100 = Annotated[StrictStr, Field(max_length=100)]
Short = Annotated[StrictStr, Field(max_length=200)]
Text300 = Annotated[StrictStr, Field(max_length=300)]
Note = Annotated[StrictStr, Field(max_length=2000)]
Long = Annotated[StrictStr, Field(max_length=20000)]
Code = Annotated[StrictStr, Field(min_length=1, max_length=40)]
Title = Annotated[StrictStr, Field(min_length=1, max_length=200)]
Required = Annotated[StrictStr, Field(min_length=1, max_length=2000)]
RequiredLong = Annotated[StrictStr, Field(min_length=1, max_length=20000)]
# With an offset (the contract): a naive value cannot be compared with the server's clock. The
# lower bound keeps working-day arithmetic and the conversion to UTC inside datetime's range.
Moment = Annotated[AwareDatetime, Field(ge=datetime(1900, 1, 1, tzinfo=UTC))]


class Strict(Schema):
    model_config = ConfigDict(extra="ignore")

    @model_validator(mode="before")
    @classmethod
    def _json_object(cls, data: Any) -> Any:
        # ninja's Schema reads attributes of any object, so `"respondent": 42` would pass as an
        # empty respondent (and `"complainants": ["x"]` as empty people): only objects may pass.
        obj = getattr(data, "_obj", data)
        if not isinstance(obj, dict):
            raise ValueError(gettext("must be a JSON object"))
        # `null` is "not given" (the contract; many clients send every field): the field takes
        # its default, and a required one is missing — a 422 naming it, as when it is left out.
        return {name: value for name, value in obj.items() if value is not None}

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        # PostgreSQL text cannot hold NUL: refuse it as bad input instead of failing with a 500.
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and "\x00" in item:
                raise ValueError(gettext("must not contain NUL characters"))
        return value


class ComplainantIn(Strict):
    anonymous: StrictBool = False
    name: Text100 = ""
    gender: Literal["", "male", "female"] = ""
    id_number: Text40 = ""
    phone: Text40 = ""
    address: Text300 = ""
    postcode: Text10 = ""
    organisation: Short = ""
    special_identity: Literal["", "npc_deputy", "cppcc_member", "foreigner", "hmt_compatriot"] = ""
    is_representative: StrictBool = False


class RespondentIn(Strict):
    type: Literal["person", "organisation"] = "organisation"
    name: Short = ""
    address: Text300 = ""
    legal_representative: Text100 = ""
    responsible_person: Text100 = ""
    phone: Text40 = ""
    official_rank: Literal["", "staff", "section", "county"] = ""


class CaseIn(Strict):
    kind: KindName
    channel: ChannelName
    title: Title
    content: RequiredLong
    facts: Long = ""
    complainant: ComplainantIn | None = None
    complainants: list[ComplainantIn] = Field(default_factory=list, max_length=50)
    party_count: StrictInt | None = Field(None, ge=1, le=100000)
    respondent: RespondentIn | None = None
    demands: list[Required] = Field(default_factory=list, max_length=30)
    category: Short | None = None
    address: Text300 | None = None
    latitude: Decimal | None = Field(None, ge=-90, le=90, max_digits=9, decimal_places=6)
    longitude: Decimal | None = Field(None, ge=-180, le=180, max_digits=9, decimal_places=6)
    occurred_at: Moment | None = None
    received_at: Moment | None = None
    severity: SeverityName | None = None
    safety: StrictBool = False
    difficult: StrictBool = False
    centre: Short | None = None
    # The case's id on the system it came from (a higher platform's 工单号): unique per channel.
    external_id: Text100 = ""


# --- verb bodies ---------------------------------------------------------------------------


class Empty(Strict):
    pass


class AcceptIn(Strict):
    severity: SeverityName | None = None
    note: Note = ""


class ReasonIn(Strict):
    reason: Required


class ReferIn(Strict):
    to: Short
    reason: Required


class DispatchIn(Strict):
    unit: Code
    due: date | None = None
    note: Note = ""


class DecisionIn(Strict):
    approve: StrictBool
    note: Note = ""


class ExtensionIn(Strict):
    days: StrictInt = Field(ge=1, le=60)
    reason: Required


class ResultIn(Strict):
    result: RequiredLong
    justified: StrictBool | None = None
    valid: StrictBool | None = None


class ReplyIn(Strict):
    content: RequiredLong
    channel: ChannelName


class CallbackIn(Strict):
    satisfaction: SatisfactionName
    note: Note = ""


class RecheckIn(Strict):
    satisfaction: SatisfactionName
    note: Note = ""


class DecideIn(Strict):
    rehandle: StrictBool
    note: Required


class MergeIn(Strict):
    into: StrictInt


class NoteIn(Strict):
    note: Note = ""


class EscalateIn(Strict):
    note: Note = ""
    answer_due: date | None = None


class AnswerIn(Strict):
    note: Required


VERB_BODIES: dict[str, type[Strict]] = {
    "accept": AcceptIn,
    "reject": ReasonIn,
    "refer": ReferIn,
    "dispatch": DispatchIn,
    "self_handle": Empty,
    "approve": DecisionIn,
    "sign": Empty,
    "return": ReasonIn,
    "request_extension": ExtensionIn,
    "decide_extension": DecisionIn,
    "submit_result": ResultIn,
    "review": DecisionIn,
    "reply": ReplyIn,
    "callback": CallbackIn,
    "decide": DecideIn,
    "archive": Empty,
    "suspend": ReasonIn,
    "resume": Empty,
    "merge": MergeIn,
    "reopen": ReasonIn,
    "withdraw": ReasonIn,
    "disclose_identity": ReasonIn,
    "warn": Empty,
    "remind": NoteIn,
    "escalate": EscalateIn,
    "answer_escalation": AnswerIn,
    "draw_for_recheck": Empty,
    "recheck": RecheckIn,
}
