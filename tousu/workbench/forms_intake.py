"""The intake form 登记: the case, its complainants (a formset), numbered demands and files.

The forms check what a browser can get wrong (types, lengths, choices, the files' content); the
domain rules stay in `tousu.cases.registration.register`, whose `InvalidInput` names are mapped
back onto these fields by `place_errors`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tousu.cases import severity
from tousu.cases.models import (
    Channel,
    Gender,
    Kind,
    OfficialRank,
    RespondentType,
    Severity,
    SpecialIdentity,
)
from tousu.cases.registration import (
    MAX_COMPLAINANTS,
    MAX_DEMANDS,
    MAX_REPRESENTATIVES,
    OTHER_DOCUMENTS,
    NewCase,
    NewComplainant,
    NewRespondent,
)
from tousu.categories.models import Category
from tousu.lib import validators
from tousu.lib.filetypes import sniff
from tousu.lib.forms import MultipleFileField, MultipleFileInput
from tousu.orgs.models import Unit

# The channels a clerk types in by hand; the API and the higher platform arrive by themselves.
INTAKE_CHANNELS = [c for c in Channel if c not in (Channel.API,)]
MAX_FILES = 20
DEMAND_MAX_CHARS = 2000
DATETIME_INPUT = "%Y-%m-%dT%H:%M"
RESPONDENT_FIELDS = (
    "type",
    "name",
    "address",
    "legal_representative",
    "responsible_person",
    "phone",
    "official_rank",
)


# --- the category tree -------------------------------------------------------------------------


@dataclass(frozen=True)
class CategoryNode:
    code: str
    name: str
    depth: int
    path: str  # the ancestors' names, "住房 › 物业管理"

    @property
    def indented(self) -> str:
        return "\u3000" * self.depth + self.name

    @property
    def indent_level(self) -> int:
        return min(self.depth, 6)

    @property
    def search_text(self) -> str:
        return f"{self.path} {self.name} {self.code}".lower()


def category_tree() -> list[CategoryNode]:
    """The active categories depth-first in their admin order, in one query. An active category
    below an inactive one is shown at the top level (it can still be chosen)."""
    rows = list(
        Category.objects.filter(is_active=True)
        .order_by("sort_order", "code")
        .values_list("id", "parent_id", "code", "name")
    )
    ids = {row[0] for row in rows}
    children: dict[int | None, list[tuple[int, int | None, str, str]]] = {}
    for row in rows:
        children.setdefault(row[1] if row[1] in ids else None, []).append(row)
    nodes: list[CategoryNode] = []
    seen: set[int] = set()

    def walk(parent: int | None, depth: int, path: tuple[str, ...]) -> None:
        for pk, _parent, code, name in children.get(parent, []):
            if pk in seen:  # a cycle an administrator made: show each category once
                continue
            seen.add(pk)
            nodes.append(CategoryNode(code, name, depth, " › ".join(path)))
            walk(pk, depth + 1, (*path, name))

    walk(None, 0, ())
    return nodes


# --- widgets and fields ------------------------------------------------------------------------


class RepeatedInput(forms.Widget):
    """Repeated `<input name="demands">`: the template renders the rows, this reads them."""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> list[str]:
        if hasattr(data, "getlist"):
            return [str(v) for v in data.getlist(name)]
        value = data.get(name)
        if value is None:
            return []
        return [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return False


class DemandsField(forms.Field):
    """The numbered demands 诉求: blank rows are dropped, the rest kept in order."""

    widget = RepeatedInput

    def to_python(self, value: Any) -> list[str]:
        if not value:
            return []
        if isinstance(value, str):
            value = [value]
        return [str(v).strip() for v in value if str(v).strip()]

    def validate(self, value: Any) -> None:
        if len(value) > MAX_DEMANDS:
            raise ValidationError(gettext("at most %(max)s") % {"max": MAX_DEMANDS})
        if any(len(v) > DEMAND_MAX_CHARS for v in value):
            raise ValidationError(
                gettext("each demand is 1 to %(max)s characters") % {"max": DEMAND_MAX_CHARS}
            )


def _datetime_field(label: Any, help_text: Any = "") -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=False,
        help_text=help_text,
        input_formats=[DATETIME_INPUT, "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_INPUT),
    )


def _choices(values: Iterable[tuple[str, Any]], blank: Any = None) -> list[tuple[str, Any]]:
    items = [(v, label) for v, label in values if v != ""]
    return [("", blank), *items] if blank is not None else items


# --- the complainants --------------------------------------------------------------------------


class ComplainantForm(forms.Form):
    """One complainant 诉求人; a row left empty is ignored."""

    # Name and phone make a row count as a party (three or more: a collective case).
    name = forms.CharField(
        label=_("full name"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"class": "affects-severity"}),
    )
    phone = forms.CharField(
        label=_("phone"),
        max_length=40,
        required=False,
        widget=forms.TextInput(
            attrs={
                "type": "tel",
                "inputmode": "tel",
                "autocomplete": "off",
                "class": "affects-severity",
            }
        ),
    )
    gender = forms.ChoiceField(label=_("gender"), choices=Gender.choices, required=False)
    id_number = forms.CharField(label=_("ID number"), max_length=40, required=False)
    address = forms.CharField(label=_("address"), max_length=300, required=False)
    postcode = forms.CharField(label=_("postcode"), max_length=10, required=False)
    organisation = forms.CharField(label=_("organisation"), max_length=200, required=False)
    special_identity = forms.ChoiceField(
        label=_("special identity"),
        choices=SpecialIdentity.choices,
        required=False,
        widget=forms.Select(attrs={"class": "affects-severity"}),
    )
    is_representative = forms.BooleanField(label=_("representative"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.TextInput):
                field.widget.attrs.setdefault("autocomplete", "off")

    def clean(self) -> dict[str, Any]:
        """The numbers as `register` checks them, shown next to the field at once."""
        data = super().clean() or {}
        if problem := validators.phone_problem(data.get("phone") or ""):
            self.add_error("phone", problem)
        if problem := validators.id_number_problem(
            data.get("id_number") or "",
            today=timezone.localdate(),
            other_documents=data.get("special_identity") in OTHER_DOCUMENTS,
        ):
            self.add_error("id_number", problem)
        return data

    def is_filled(self) -> bool:
        return self.has_changed()

    def to_new(self) -> NewComplainant:
        data = self.cleaned_data
        return NewComplainant(
            name=data.get("name", ""),
            gender=data.get("gender", ""),
            id_number=data.get("id_number", ""),
            phone=data.get("phone", ""),
            address=data.get("address", ""),
            postcode=data.get("postcode", ""),
            organisation=data.get("organisation", ""),
            special_identity=data.get("special_identity", ""),
            is_representative=bool(data.get("is_representative")),
        )


class BaseComplainantFormSet(forms.BaseFormSet[ComplainantForm]):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Messages from `register` about the complainants as a whole.
        self.extra_errors: list[str] = []

    @property
    def all_errors(self) -> list[str]:
        return [*self.non_form_errors(), *self.extra_errors]

    def filled_forms(self) -> list[ComplainantForm]:
        """The rows the clerk typed something into, in order (valid ones only)."""
        return [f for f in self.forms if f.is_filled() and f.is_valid()]

    def clean(self) -> None:
        if any(self.errors):
            return
        representatives = sum(
            1 for f in self.forms if f.is_filled() and f.cleaned_data.get("is_representative")
        )
        if representatives > MAX_REPRESENTATIVES:
            raise ValidationError(
                gettext("at most %(max)s representatives") % {"max": MAX_REPRESENTATIVES},
                code="representatives",
            )


ComplainantFormSet = forms.formset_factory(
    ComplainantForm,
    formset=BaseComplainantFormSet,
    extra=1,
    max_num=MAX_COMPLAINANTS,
    absolute_max=MAX_COMPLAINANTS,
    validate_max=True,
)
COMPLAINANT_PREFIX = "complainants"


def complainant_formset(data: Any = None) -> BaseComplainantFormSet:
    """The complainant rows (prefix "complainants"), bound to `data` when given."""
    return cast(BaseComplainantFormSet, ComplainantFormSet(data, prefix=COMPLAINANT_PREFIX))


# --- the case ----------------------------------------------------------------------------------


class IntakeForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=Kind.choices, initial=Kind.COMPLAINT)
    channel = forms.ChoiceField(
        label=_("channel"),
        choices=[(c.value, c.label) for c in INTAKE_CHANNELS],
        initial=Channel.PHONE,
    )
    received_at = _datetime_field(
        _("received at"), _("When the call came in; for a letter, the postmark date.")
    )
    centre = forms.ChoiceField(label=_("registering centre"), required=False)
    anonymous = forms.BooleanField(
        label=_("anonymous"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "affects-severity"}),
    )
    party_count = forms.IntegerField(
        label=_("number of parties"),
        required=False,
        min_value=1,
        max_value=100000,
        help_text=_("For a collective case: how many people in all, listed or not."),
        widget=forms.NumberInput(attrs={"class": "affects-severity", "inputmode": "numeric"}),
    )
    respondent_type = forms.ChoiceField(
        label=_("type"), choices=RespondentType.choices, initial=RespondentType.ORGANISATION
    )
    respondent_name = forms.CharField(label=_("name"), max_length=200, required=False)
    respondent_address = forms.CharField(label=_("address"), max_length=200, required=False)
    respondent_legal_representative = forms.CharField(
        label=_("legal representative"), max_length=100, required=False
    )
    respondent_responsible_person = forms.CharField(
        label=_("responsible person"), max_length=100, required=False
    )
    respondent_phone = forms.CharField(
        label=_("phone"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel"}),
    )
    respondent_official_rank = forms.ChoiceField(
        label=_("official rank"),
        choices=OfficialRank.choices,
        required=False,
        widget=forms.Select(attrs={"class": "affects-severity"}),
    )
    title = forms.CharField(label=_("title"), max_length=200)
    content = forms.CharField(
        label=_("content"),
        max_length=settings.TOUSU_TEXT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    facts = forms.CharField(
        label=_("facts and reasons"),
        max_length=settings.TOUSU_TEXT_MAX_CHARS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    demands = DemandsField(label=_("demands"), required=False)
    address = forms.CharField(label=_("address of the matter"), max_length=300, required=False)
    occurred_at = _datetime_field(_("occurred at"))
    category = forms.ChoiceField(label=_("category"), required=False)
    safety = forms.BooleanField(
        label=_("threatens safety, life, property or social stability"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "affects-severity"}),
    )
    difficult = forms.BooleanField(
        label=_("special, important or difficult matter"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "affects-severity"}),
    )
    severity = forms.ChoiceField(
        label=_("severity to register"),
        required=False,
        choices=_choices(Severity.choices, blank=_("as suggested")),
        help_text=_("Leave it as suggested unless you have a reason to change it."),
    )
    attachments = MultipleFileField(
        label=_("files"),
        required=False,
        widget=MultipleFileInput(
            attrs={
                "accept": "image/*,application/pdf,audio/*,.docx,.xlsx,.heic,.amr",
                "class": "attachment-input",
            }
        ),
    )
    confidential = forms.BooleanField(
        label=_("the files reveal the complainant (hide them from the handling unit)"),
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        categories: Sequence[CategoryNode] = (),
        centres: Sequence[Unit] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.categories = list(categories)
        self.fields["category"].choices = [  # type: ignore[attr-defined]
            ("", gettext("— not classified yet —")),
            *((node.code, node.indented) for node in self.categories),
        ]
        self.centres = list(centres)
        if len(self.centres) > 1:
            self.fields["centre"].choices = [(u.code, u.name) for u in self.centres]  # type: ignore[attr-defined]
            self.fields["centre"].required = True
            self.fields["centre"].initial = self.centres[0].code
        else:
            del self.fields["centre"]
        self.fields["kind"].widget.attrs["autofocus"] = True
        self.files_read: list[tuple[str, bytes]] = []

    def clean_respondent_phone(self) -> str:
        phone: str = self.cleaned_data.get("respondent_phone") or ""
        if problem := validators.phone_problem(phone, service=True):
            raise ValidationError(problem)
        return phone

    @property
    def max_bytes(self) -> int:
        return int(settings.TOUSU_ATTACHMENT_MAX_BYTES)

    @property
    def demand_values(self) -> list[str]:
        """The demand rows to show: what was typed (blank rows dropped), else one empty row."""
        if self.is_bound:
            values = [v for v in self["demands"].value() or [] if v.strip()]
            return values or [""]
        return [""]

    def clean_attachments(self) -> list[UploadedFile]:
        """Every file is checked (content, size) before anything is registered."""
        files: list[UploadedFile] = self.cleaned_data.get("attachments") or []
        if len(files) > MAX_FILES:
            raise ValidationError(gettext("at most %(max)s files") % {"max": MAX_FILES})
        limit = settings.TOUSU_ATTACHMENT_MAX_BYTES
        problems: list[str] = []
        read: list[tuple[str, bytes]] = []
        for upload in files:
            name = upload.name or "file"
            if upload.size is not None and upload.size > limit:
                problems.append(_file_problem(name, _too_big(limit)))
                continue
            upload.seek(0)
            data = upload.read()
            if len(data) > limit:
                problems.append(_file_problem(name, _too_big(limit)))
            elif not data:
                problems.append(_file_problem(name, gettext("is empty")))
            elif sniff(data) is None:
                problems.append(
                    _file_problem(
                        name,
                        gettext(
                            "this type of file is not accepted "
                            "(images, PDF, Office documents, audio)"
                        ),
                    )
                )
            else:
                read.append((name, data))
        if problems:
            raise ValidationError(problems)
        self.files_read = read
        return files

    def to_new(self, people: list[NewComplainant]) -> NewCase:
        data = self.cleaned_data
        respondent_values = {
            name: data.get(f"respondent_{name}") or "" for name in RESPONDENT_FIELDS
        }
        has_respondent = any(
            respondent_values[name] for name in RESPONDENT_FIELDS if name != "type"
        )
        return NewCase(
            kind=data["kind"],
            channel=data["channel"],
            title=data["title"],
            content=data["content"],
            facts=data.get("facts", ""),
            anonymous=bool(data.get("anonymous")),
            complainants=[] if data.get("anonymous") else people,
            party_count=data.get("party_count"),
            respondent=NewRespondent(
                type=respondent_values["type"] or RespondentType.ORGANISATION,
                **{k: v for k, v in respondent_values.items() if k != "type"},
            )
            if has_respondent
            else None,
            demands=list(data.get("demands") or []),
            category=data.get("category") or None,
            address=data.get("address", ""),
            occurred_at=data.get("occurred_at"),
            received_at=data.get("received_at"),
            severity=data.get("severity") or None,
            safety=bool(data.get("safety")),
            difficult=bool(data.get("difficult")),
            centre=data.get("centre") or None,
        )


def _too_big(limit: int) -> str:
    return gettext("is larger than %(size)s MB") % {"size": limit // (1024 * 1024)}


def _file_problem(name: str, problem: str) -> str:
    return gettext("%(name)s: %(problem)s") % {"name": name, "problem": problem}


# --- the suggested severity ---------------------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    severity: str
    label: str
    reasons: list[str]  # the texts, in the order of the criteria


def suggestion_for(form: IntakeForm, people: BaseComplainantFormSet) -> Suggestion:
    """What `register` would suggest for the form as it stands (half-filled is fine)."""
    form.is_valid()
    people.is_valid()
    data = getattr(form, "cleaned_data", {})
    anonymous = bool(data.get("anonymous"))
    filled = [] if anonymous else people.filled_forms()
    identities = [f.cleaned_data.get("special_identity", "") for f in filled]
    party_count = data.get("party_count") or max(len(filled), 1)
    chosen, codes = severity.suggest(
        identities=identities,
        official_rank=data.get("respondent_official_rank") or "",
        party_count=party_count,
        safety=bool(data.get("safety")),
        difficult=bool(data.get("difficult")),
    )
    return Suggestion(
        severity=str(chosen),
        label=str(Severity(chosen).label),
        reasons=[str(severity.REASONS.get(code, code)) for code in codes],
    )


# --- the domain's errors back on the form --------------------------------------------------------

_ROW = re.compile(r"^complainants\[(\d+)\]\.(\w+)$")


def place_errors(
    errors: dict[str, list[str]],
    form: IntakeForm,
    people: BaseComplainantFormSet,
    rows: list[ComplainantForm],
) -> None:
    """Put each `InvalidInput` field name where the clerk sees it. `rows` are the formset forms
    that became `NewCase.complainants`, in the same order."""
    for name, messages in errors.items():
        for message in messages:
            _place_one(name, message, form, people, rows)


def _place_one(
    name: str,
    message: str,
    form: IntakeForm,
    people: BaseComplainantFormSet,
    rows: list[ComplainantForm],
) -> None:
    row, field = None, name
    match = _ROW.match(name)
    if match:
        index, field = int(match.group(1)), match.group(2)
        row = rows[index] if index < len(rows) else None
    elif name.startswith("complainant.") and rows:
        row, field = rows[0], name.split(".", 1)[1]
    if row is not None:
        if field in row.fields:
            row.add_error(field, message)
        else:
            people.extra_errors.append(message)
        return
    if name in ("complainant", "complainants") or name.startswith("complainant"):
        people.extra_errors.append(message)
        return
    if name.startswith("respondent."):
        name = "respondent_" + name.split(".", 1)[1]
    if name == "file":
        name = "attachments"
    if name in form.fields:
        form.add_error(name, message)
    else:
        form.add_error(None, f"{name}: {message}")
