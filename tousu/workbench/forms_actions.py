"""The forms behind the case page's actions: one per workflow verb, asking for the fields of the
verb's body (`tousu.api.schemas.VERB_BODIES`) under the same names, so that the page and the API
ask for the same things. A form only shapes the input (types, choices, a case number turned into
a case id); the workflow function still decides whether the input is acceptable."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tousu.cases.access import visible_cases
from tousu.cases.models import Case, Channel, ReasonKind, Satisfaction, Severity

# What each verb is called on the page: the action's button and the timeline's entry. Every
# workflow verb, and the events that are not transitions (register, attach, merged_in, reveal).
VERB_LABELS: dict[str, Promise] = {
    "register": _("Registered"),  # 登记
    "accept": _("Accept"),  # 受理
    "reject": _("Do not accept"),  # 不予受理
    "refer": _("Refer out"),  # 转出
    "dispatch": _("Dispatch"),  # 转办
    "self_handle": _("Handle in the centre"),  # 自办
    "approve": _("Sign off"),  # 签批
    "sign": _("Sign for"),  # 签收
    "return": _("Return"),  # 退单
    "request_extension": _("Request an extension"),  # 延期申请
    "decide_extension": _("Decide on the extension"),  # 延期审批
    "submit_result": _("Submit the result"),  # 办结反馈
    "review": _("Review"),  # 审核
    "reply": _("Reply"),  # 答复
    "callback": _("Call back"),  # 回访
    "decide": _("Leader's decision"),  # 领导决定
    "archive": _("Archive"),  # 归档
    "suspend": _("Suspend"),  # 中止
    "resume": _("Resume"),  # 恢复
    "merge": _("Merge"),  # 并案
    "reopen": _("Reopen"),  # 重新启用
    "withdraw": _("Withdraw"),  # 撤诉
    "disclose_identity": _("Disclose the identity to the unit"),  # 告知承办单位诉求人身份
    "warn": _("Warning: the deadline is near"),  # 预警
    "remind": _("Remind"),  # 催办
    "escalate": _("Escalate"),  # 督办
    "answer_escalation": _("Answer the escalation"),  # 督办回复
    "draw_for_recheck": _("Drawn for a quality re-check"),  # 回访抽查
    "recheck": _("Re-check"),  # 回访抽查
    "attach": _("File added"),  # 上传附件
    "supplement": _("Material from the citizen"),  # 补充材料 (cases/supplement.py)
    "merged_in": _("Another case merged in"),  # 并入
    "reveal_identity": _("Identity revealed"),  # 查看完整身份
    "purge": _("Personal data removed (retention period over)"),  # 个人信息到期清除
    "issue_document": _("Document issued"),  # 出具文书 (tousu/documents, cases/issued.py)
}

YES_NO = [("true", _("yes")), ("false", _("no"))]
YES_NO_UNKNOWN = [("", _("not determined")), ("true", _("yes")), ("false", _("no"))]
OTHER = "other"


def as_bool(value: str | None) -> bool | None:
    return {"true": True, "false": False}.get(value or "")


@dataclass(frozen=True)
class ActionContext:
    """What the forms need to offer their choices, loaded once per page."""

    case: Case
    user: Any
    # (code, name) of the active handling units, and the usual one for the case's category.
    units: list[tuple[str, str]] = field(default_factory=list)
    default_unit: str = ""
    # kind -> [(code, text)] of the active reasons the administrators keep.
    reasons: dict[str, list[tuple[str, str]]] = field(default_factory=dict)


def _text(label: Any, *, required: bool = True, max_length: int = 2000, rows: int = 0) -> Any:
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    return forms.CharField(label=label, required=required, max_length=max_length, widget=widget)


def _note(required: bool = False) -> Any:
    return _text(_("Note"), required=required, rows=2)


def _reason() -> Any:
    return _text(_("Reason"), max_length=2000, rows=2)


class ActionForm(forms.Form):
    """The base: a hidden version (someone else acting first shows as a conflict)."""

    verb: str
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, data: Any = None, *, verb: str, context: ActionContext) -> None:
        super().__init__(data, auto_id=f"{verb}-%s")
        self.verb = verb
        self.context = context
        self.fields["version"].initial = context.case.version
        self.setup()

    def setup(self) -> None:
        """Choices and initial values from the case (subclasses)."""

    def body(self) -> dict[str, Any]:
        """The verb's keyword arguments, from the cleaned data."""
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class EmptyForm(ActionForm):
    pass


class AcceptForm(ActionForm):
    severity = forms.ChoiceField(label=_("Severity"), choices=Severity.choices)
    note = _note()

    def setup(self) -> None:
        # The rules' suggestion, unless the clerk chose a severity at registration.
        self.fields["severity"].initial = self.context.case.severity


class ReasonForm(ActionForm):
    reason = _reason()


class ListedReasonForm(ActionForm):
    """A reason from the administrators' list, or "other" with free text (reject, return)."""

    reason_kind: ClassVar[str] = ""
    reason = forms.ChoiceField(label=_("Reason"))
    reason_other = _text(_("Other reason"), required=False, max_length=500, rows=2)

    def setup(self) -> None:
        listed = [(c, t) for c, t in self.context.reasons.get(self.reason_kind, []) if c != OTHER]
        field = self.fields["reason"]
        assert isinstance(field, forms.ChoiceField)
        if listed:
            field.choices = [("", _("— choose —")), *listed, (OTHER, _("other (write it below)"))]
        else:
            field.choices = [(OTHER, _("other (write it below)"))]
            field.initial = OTHER
        self.fields["reason_other"].help_text = _("Required when the reason is “other”.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("reason") == OTHER and not (data.get("reason_other") or "").strip():
            self.add_error("reason_other", _("Write the reason."))
        return data

    def body(self) -> dict[str, Any]:
        code = self.cleaned_data["reason"]
        return {"reason": self.cleaned_data["reason_other"] if code == OTHER else code}


class RejectForm(ListedReasonForm):
    reason_kind = ReasonKind.NOT_ACCEPTED


class ReturnForm(ListedReasonForm):
    reason_kind = ReasonKind.RETURN


class ReferForm(ActionForm):
    to = _text(_("Referred to (the authority that can handle it)"), max_length=200)
    reason = _reason()


class DispatchForm(ActionForm):
    unit = forms.ChoiceField(label=_("Handling unit"))
    due = forms.DateField(
        label=_("Due date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Leave empty for the policy's working days."),
    )
    note = _text(_("Instructions"), required=False, rows=2)

    def setup(self) -> None:
        field = self.fields["unit"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("— choose —")), *self.context.units]
        field.initial = self.context.default_unit


class DecisionForm(ActionForm):
    """approve, review, decide_extension: yes or no, with a note (required when refusing)."""

    approve = forms.ChoiceField(label=_("Approve"), choices=YES_NO, widget=forms.RadioSelect)
    note = _note()

    def setup(self) -> None:
        self.fields["approve"].initial = "true"
        self.fields["note"].help_text = _("Required when refusing.")

    def body(self) -> dict[str, Any]:
        return {"approve": as_bool(self.cleaned_data["approve"]), "note": self.cleaned_data["note"]}


class ExtensionForm(ActionForm):
    days = forms.IntegerField(label=_("Working days"), min_value=1, max_value=60)
    reason = _reason()


class ResultForm(ActionForm):
    result = _text(_("Result"), max_length=20000, rows=5)
    justified = forms.ChoiceField(
        label=_("Justified complaint"), choices=YES_NO_UNKNOWN, required=False
    )
    valid = forms.ChoiceField(label=_("Valid complaint"), choices=YES_NO_UNKNOWN, required=False)

    def body(self) -> dict[str, Any]:
        return {
            "result": self.cleaned_data["result"],
            "justified": as_bool(self.cleaned_data["justified"]),
            "valid": as_bool(self.cleaned_data["valid"]),
        }


class ReplyForm(ActionForm):
    content = _text(_("Reply"), max_length=20000, rows=5)
    channel = forms.ChoiceField(label=_("Reply channel"), choices=Channel.choices)

    def setup(self) -> None:
        self.fields["channel"].initial = self.context.case.channel


class CallbackForm(ActionForm):
    satisfaction = forms.ChoiceField(
        label=_("Satisfaction"), choices=[("", _("— choose —")), *Satisfaction.choices]
    )
    note = _note()


class RecheckForm(CallbackForm):
    """回访抽查: the same questions as the callback."""


class DecideForm(ActionForm):
    rehandle = forms.ChoiceField(
        label=_("Decision"),
        choices=[("false", _("close the case")), ("true", _("have it handled again"))],
        widget=forms.RadioSelect,
    )
    note = _note(required=True)

    def body(self) -> dict[str, Any]:
        return {
            "rehandle": as_bool(self.cleaned_data["rehandle"]),
            "note": self.cleaned_data["note"],
        }


class MergeForm(ActionForm):
    into = forms.CharField(
        label=_("Merge into case number"),
        max_length=32,
        help_text=_("The number of the case this one continues in."),
    )

    def clean_into(self) -> int:
        number = self.cleaned_data["into"].strip()
        found = visible_cases(self.context.user).filter(number=number).values_list("pk", flat=True)
        pk = next(iter(found), None)
        if pk is None:
            raise forms.ValidationError(_("No case with this number."))
        return pk


class RemindForm(ActionForm):
    note = _note()


class EscalateForm(ActionForm):
    note = _note()
    answer_due = forms.DateField(
        label=_("Answer due"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Leave empty for the policy's working days."),
    )


class AnswerEscalationForm(ActionForm):
    note = _text(_("Answer"), rows=3)


FORMS: dict[str, type[ActionForm]] = {
    "accept": AcceptForm,
    "reject": RejectForm,
    "refer": ReferForm,
    "dispatch": DispatchForm,
    "self_handle": EmptyForm,
    "approve": DecisionForm,
    "sign": EmptyForm,
    "return": ReturnForm,
    "request_extension": ExtensionForm,
    "decide_extension": DecisionForm,
    "submit_result": ResultForm,
    "review": DecisionForm,
    "reply": ReplyForm,
    "callback": CallbackForm,
    "decide": DecideForm,
    "archive": EmptyForm,
    "suspend": ReasonForm,
    "resume": EmptyForm,
    "merge": MergeForm,
    "reopen": ReasonForm,
    "withdraw": ReasonForm,
    "disclose_identity": ReasonForm,
    "warn": EmptyForm,  # the system's alone: never offered to a person
    "remind": RemindForm,
    "escalate": EscalateForm,
    "answer_escalation": AnswerEscalationForm,
    "draw_for_recheck": EmptyForm,  # the system's alone (the daily draw)
    "recheck": RecheckForm,
}


def form_for(verb: str, context: ActionContext, data: Any = None) -> ActionForm:
    return FORMS[verb](data, verb=verb, context=context)


class RevealForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you need the full identity?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Every reveal is logged with this reason."),
    )

    def __init__(self, data: Any = None) -> None:
        super().__init__(data, auto_id="reveal-%s")


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple) and data:
            return [single(d, initial) for d in data]
        return [single(data or None, initial)]


class UploadForm(forms.Form):
    file = MultipleFileField(label=_("Files"))
    confidential = forms.BooleanField(
        label=_("Confidential (reveals who complained)"),
        label_suffix="",
        required=False,
        help_text=_("A handling unit sees confidential files only once the identity is disclosed."),
    )

    def __init__(self, data: Any = None, files: Any = None) -> None:
        super().__init__(data, files, auto_id="upload-%s")
