"""The columns of an import file: their names in Chinese and English, and how a cell is read.

A header is recognised in either language, with or without spaces, in any case, with a trailing
"*" (the mark of a required column) or a note in brackets: "标题", "Title", "标题*", "标题（必填）"
and "title" are all the column `title`. The headers are data, not translatable strings: a file
written in Chinese must import the same whatever language the clerk's page is in.

A cell's value is a string by the time it gets here (`reading.py`); each reader below turns it
into what `NewCase` takes, or raises `BadCell` with the sentence to show next to the cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_lazy

from tousu.calendar import services as calendar
from tousu.cases.models import Channel, Kind


@dataclass(frozen=True)
class Column:
    key: str  # the canonical name, as the CLI prints it and the docs list it
    zh: str  # the header of the Chinese template
    en: str  # the header of the English template
    aliases: tuple[str, ...]
    description: Promise  # for the template's instructions sheet
    example: str  # the template's example row
    required: bool = False


COLUMNS: tuple[Column, ...] = (
    Column(
        "external_id",
        "外部编号",
        "external_id",
        ("外部id", "来源编号", "平台编号", "原编号", "externalid"),
        gettext_lazy(
            "The case's id where it came from (a higher platform, the old system); a row whose "
            "id was imported before on the same channel is skipped."
        ),
        "SJ-2026-000123",
    ),
    Column(
        "channel",
        "来源渠道",
        "channel",
        ("渠道", "来源"),
        gettext_lazy("letter (default), platform, phone, visit, email, sms, web, wechat, api."),
        "来信",
    ),
    Column(
        "kind",
        "诉求类型",
        "kind",
        ("类型",),
        gettext_lazy(
            "complaint (default), report, consultation, suggestion, help or praise; "
            "or 投诉, 举报, 咨询, 建议, 求助, 表扬."
        ),
        "投诉",
    ),
    Column(
        "title",
        "标题",
        "title",
        ("主题", "诉求标题"),
        gettext_lazy("Required, at most 200 characters."),
        "小区电梯长期故障无人维修",
        required=True,
    ),
    Column(
        "content",
        "内容",
        "content",
        ("诉求内容", "投诉内容", "正文", "来信内容"),
        gettext_lazy("Required: what the complainant says."),
        "幸福小区3号楼电梯停运两周，物业不予维修。",
        required=True,
    ),
    Column(
        "facts",
        "事实与理由",
        "facts",
        ("事实", "理由"),
        gettext_lazy("Optional."),
        "",
    ),
    Column(
        "demands",
        "具体诉求",
        "demands",
        ("诉求", "请求事项", "诉求事项"),
        gettext_lazy("Optional; one demand per line of the cell."),
        "尽快修复电梯",
    ),
    Column(
        "category",
        "分类编码",
        "category",
        ("分类", "类别编码", "categorycode"),
        gettext_lazy("Optional: the code of an active category (Administration → Categories)."),
        "",
    ),
    Column(
        "address",
        "事发地址",
        "address",
        ("地址", "事发地点"),
        gettext_lazy("Optional: where it happened."),
        "东城区幸福小区3号楼",
    ),
    Column(
        "occurred_at",
        "发生时间",
        "occurred_at",
        ("事发时间",),
        gettext_lazy("Optional: a date or a date and time (2026-03-02 10:00), local time."),
        "",
    ),
    Column(
        "received_at",
        "收到时间",
        "received_at",
        ("来件时间", "来信时间", "收件时间", "登记时间"),
        gettext_lazy(
            "Optional: when the centre received it (local time); empty: the moment of the "
            "import. The deadlines count from it."
        ),
        "2026-03-02 09:30",
    ),
    Column(
        "anonymous",
        "匿名",
        "anonymous",
        ("是否匿名",),
        gettext_lazy("是/否 or yes/no (default no); an anonymous row keeps no complainant."),
        "否",
    ),
    Column(
        "name",
        "投诉人姓名",
        "name",
        ("姓名", "投诉人", "联系人", "complainant"),
        gettext_lazy("A name or a phone number is required unless the row is anonymous."),
        "张三",
    ),
    Column(
        "gender",
        "性别",
        "gender",
        (),
        gettext_lazy("Optional: 男/女 or male/female."),
        "男",
    ),
    Column(
        "phone",
        "联系电话",
        "phone",
        ("电话", "手机", "手机号", "手机号码", "联系方式"),
        gettext_lazy("A mobile, a landline with its area code, or an international number."),
        "13812345678",
    ),
    Column(
        "id_number",
        "身份证号",
        "id_number",
        ("身份证", "身份证号码", "证件号码"),
        gettext_lazy("Optional; write it as text in Excel (a number loses its last digits)."),
        "",
    ),
    Column(
        "complainant_address",
        "投诉人地址",
        "complainant_address",
        ("联系地址", "住址", "通讯地址"),
        gettext_lazy("Optional: the complainant's address."),
        "",
    ),
    Column(
        "respondent",
        "被投诉对象",
        "respondent",
        ("被投诉单位", "被投诉人", "被诉单位"),
        gettext_lazy("Optional: the organisation or person complained about."),
        "幸福物业管理有限公司",
    ),
    Column(
        "latitude",
        "纬度",
        "latitude",
        ("lat",),
        gettext_lazy("Optional: a decimal number between -90 and 90."),
        "",
    ),
    Column(
        "longitude",
        "经度",
        "longitude",
        ("lng", "lon"),
        gettext_lazy("Optional: a decimal number between -180 and 180."),
        "",
    ),
)

BY_KEY = {c.key: c for c in COLUMNS}

# The two columns the error report puts first: an import ignores them, so a corrected report can
# be imported again as it is.
REPORT_COLUMNS = ("行号", "问题", "row", "problems")


def normalise_header(text: str) -> str:
    """ "标题（必填）", " Title * " and "TITLE" all read as the same header."""
    text = re.sub(r"[（(\[【].*?[)）\]】]", "", text)
    return "".join(text.split()).rstrip("*＊").replace("_", "").replace("-", "").lower()


def _lookup() -> dict[str, str]:
    table: dict[str, str] = {}
    for column in COLUMNS:
        for name in (column.key, column.zh, column.en, *column.aliases):
            table[normalise_header(name)] = column.key
    return table


HEADERS = _lookup()
IGNORED = frozenset(normalise_header(name) for name in REPORT_COLUMNS)


def header_key(text: str) -> str | None:
    """The column a header names, or None for a header of no column of ours."""
    return HEADERS.get(normalise_header(text))


class BadCell(ValueError):
    """A cell that cannot be read: the message names what is expected, never the value."""


KINDS = {
    **{k: k for k in Kind.values},
    "投诉": Kind.COMPLAINT,
    "举报": Kind.REPORT,
    "咨询": Kind.CONSULTATION,
    "建议": Kind.SUGGESTION,
    "求助": Kind.HELP,
    "表扬": Kind.PRAISE,
}
CHANNELS = {
    **{c: c for c in Channel.values},
    "来电": Channel.PHONE,
    "电话": Channel.PHONE,
    "来访": Channel.VISIT,
    "来信": Channel.LETTER,
    "信件": Channel.LETTER,
    "短信": Channel.SMS,
    "网站": Channel.WEB,
    "信箱": Channel.WEB,
    "邮件": Channel.EMAIL,
    "电子邮件": Channel.EMAIL,
    "微信": Channel.WECHAT,
    "上级平台": Channel.PLATFORM,
    "上级平台转办": Channel.PLATFORM,
    "转办": Channel.PLATFORM,
}
YES = {"是", "y", "yes", "true", "1", "匿名", "√"}
NO = {"否", "n", "no", "false", "0", ""}
GENDERS = {
    "男": "male",
    "女": "female",
    "male": "male",
    "female": "female",
    "m": "male",
    "f": "female",
}

DEFAULT_CHANNEL = Channel.LETTER
DEFAULT_KIND = Kind.COMPLAINT


def read_choice(text: str, table: dict[str, str], default: str) -> str:
    value = text.strip()
    if not value:
        return default
    found = table.get(value) or table.get(value.lower())
    if found is None:
        names = sorted(set(table.values()))
        raise BadCell(gettext("must be one of %(choices)s") % {"choices": ", ".join(names)})
    return found


def read_yes_no(text: str) -> bool:
    value = text.strip().lower()
    if value in YES:
        return True
    if value in NO:
        return False
    raise BadCell(gettext("must be 是 or 否 (yes or no)"))


def read_gender(text: str) -> str:
    value = text.strip().lower()
    if not value:
        return ""
    if value not in GENDERS:
        raise BadCell(gettext("must be 男 or 女 (male or female)"))
    return GENDERS[value]


_DATE = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:[\sT]+(\d{1,2})\s*[:时]\s*(\d{1,2})(?:\s*[:分]\s*(\d{1,2})(?:\.\d+)?)?\s*秒?)?"
)


def read_time(text: str) -> datetime | None:
    """A local date or date and time of the centre, aware; a date alone is its midnight."""
    value = text.strip()
    if not value:
        return None
    match = _DATE.fullmatch(value)
    if match is None:
        raise BadCell(gettext("is not a date: write it as 2026-03-02 or 2026-03-02 10:00"))
    year, month, day, hour, minute, second = (int(g) if g else 0 for g in match.groups())
    try:
        date(year, month, day)
        local = datetime(year, month, day, hour, minute, second)
    except ValueError:
        raise BadCell(gettext("is not a date of the calendar")) from None
    return local.replace(tzinfo=calendar.time_zone())


def read_decimal(text: str) -> Decimal | None:
    value = text.strip()
    if not value:
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise BadCell(gettext("is not a decimal number")) from None
    if not number.is_finite():
        raise BadCell(gettext("is not a decimal number"))
    # Six places, as the column keeps them; a number far out of range is left for `register`
    # to refuse by its range (quantizing it would overflow).
    return number.quantize(Decimal("0.000001")) if abs(number) < 1000 else number


def read_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


# A problem `register` names (its field path) → the column of the file that holds the value.
_FIELD_COLUMNS = {
    "complainant": "name",
    "complainants": "name",
    "complainant.name": "name",
    "complainant.phone": "phone",
    "complainant.id_number": "id_number",
    "complainant.address": "complainant_address",
    "complainant.gender": "gender",
    "respondent.name": "respondent",
}


def column_of(field: str) -> str:
    """The column a registration problem belongs to ("complainant.phone" → "phone")."""
    return _FIELD_COLUMNS.get(field, field)
