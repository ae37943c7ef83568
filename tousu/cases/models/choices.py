"""The vocabularies of a case. The values are the API's stable names (see docs/contract.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):  # 诉求类型
    COMPLAINT = "complaint", _("complaint")  # 投诉
    REPORT = "report", _("report")  # 举报
    CONSULTATION = "consultation", _("consultation")  # 咨询
    SUGGESTION = "suggestion", _("suggestion")  # 建议
    HELP = "help", _("request for help")  # 求助
    PRAISE = "praise", _("praise")  # 表扬


class Channel(models.TextChoices):  # 来源渠道
    PHONE = "phone", _("phone")  # 来电
    VISIT = "visit", _("walk-in")  # 来访
    LETTER = "letter", _("letter")  # 来信
    SMS = "sms", _("SMS")  # 短信
    WEB = "web", _("web portal")  # 网站
    EMAIL = "email", _("e-mail")  # 邮件
    WECHAT = "wechat", _("WeChat")  # 微信
    PLATFORM = "platform", _("higher platform")  # 上级平台转办
    OPEN311 = "open311", _("Open311")  # GeoReport v2 clients
    API = "api", _("API")


class ContactChannel(models.TextChoices):
    """Where the case's own messages to the citizen go (acknowledgement, reply, callback)."""

    SMS = "sms", _("SMS")
    EMAIL = "email", _("e-mail")
    WECHAT = "wechat", _("WeChat")


class Severity(models.TextChoices):
    GENERAL = "general", _("general")  # 一般
    IMPORTANT = "important", _("important")  # 重要
    MAJOR = "major", _("major")  # 重大


LEADER_SIGNOFF_SEVERITIES = frozenset({Severity.IMPORTANT, Severity.MAJOR})


class Status(models.TextChoices):
    REGISTERED = "registered", _("to accept")  # 待受理
    ACCEPTED = "accepted", _("to dispatch")  # 已受理·待派单
    NOT_ACCEPTED = "not_accepted", _("not accepted")  # 不予受理
    REFERRED = "referred", _("referred out")  # 已转出
    PENDING_APPROVAL = "pending_approval", _("awaiting sign-off")  # 待签批
    DISPATCHED = "dispatched", _("to sign for")  # 已转办·待签收
    HANDLING = "handling", _("in progress")  # 办理中
    RESULT_SUBMITTED = "result_submitted", _("to review")  # 待审核
    REVIEWED = "reviewed", _("to reply")  # 待答复
    REPLIED = "replied", _("to call back")  # 待回访
    PENDING_DECISION = "pending_decision", _("awaiting leader's decision")  # 待领导决定
    CLOSED = "closed", _("to archive")  # 已办结·待归档
    ARCHIVED = "archived", _("archived")  # 已归档
    SUSPENDED = "suspended", _("suspended")  # 已中止
    MERGED = "merged", _("merged")  # 已并案
    WITHDRAWN = "withdrawn", _("withdrawn")  # 已撤诉


# Where the case has left the centre's hands for good (until reopened).
FINAL_STATUSES = frozenset(
    {Status.NOT_ACCEPTED, Status.REFERRED, Status.ARCHIVED, Status.MERGED, Status.WITHDRAWN}
)


class Satisfaction(models.TextChoices):  # 回访满意度
    SATISFIED = "satisfied", _("satisfied")  # 满意
    BASICALLY_SATISFIED = "basically_satisfied", _("basically satisfied")  # 基本满意
    DISSATISFIED = "dissatisfied", _("dissatisfied")  # 不满意
    UNREACHABLE = "unreachable", _("unreachable")  # 联系不上


class Gender(models.TextChoices):
    UNKNOWN = "", _("not given")
    MALE = "male", _("male")
    FEMALE = "female", _("female")


class SpecialIdentity(models.TextChoices):
    """Complainants whose cases are important: 《县机关效能投诉中心工作规则》第十七条(二)."""

    NONE = "", _("none")
    NPC_DEPUTY = "npc_deputy", _("NPC deputy")  # 人大代表
    CPPCC_MEMBER = "cppcc_member", _("CPPCC member")  # 政协委员
    FOREIGNER = "foreigner", _("foreign national or foreign investor")  # 外籍人士、外商
    HMT_COMPATRIOT = (
        "hmt_compatriot",
        _("compatriot from Hong Kong, Macao or Taiwan, or overseas Chinese"),
    )


class OfficialRank(models.TextChoices):
    """The rank of a respondent official; section level and above make a case important."""

    NONE = "", _("not an official / unknown")
    STAFF = "staff", _("staff member")  # 一般工作人员
    SECTION = "section", _("section level")  # 科级
    COUNTY = "county", _("county/division level and above")  # 县处级及以上


class RespondentType(models.TextChoices):
    PERSON = "person", _("person")
    ORGANISATION = "organisation", _("organisation")
