"""The portal's forms. Field names are the contract's (`kind`, `category`, `title`, `content`,
`address`, `anonymous`, `name`, `phone`, `attachments`, `consent`); the rest are the portal's own
(`latitude`, `longitude`, `occurred_at`, `email`, `altcha`)."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from altcha_django.forms import AltchaField
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tousu.cases.attachments import check_file
from tousu.cases.citizen import RATINGS
from tousu.cases.errors import InvalidInput
from tousu.cases.models import Kind, Satisfaction
from tousu.lib import validators
from tousu.lib.forms import MultipleFileField, MultipleFileInput

from .finder import categories


def read_files(files: list[UploadedFile]) -> tuple[list[tuple[str, bytes]], list[str]]:
    """(name, content) of every acceptable file, and a problem per other file: more than
    `TOUSU_PORTAL_MAX_FILES`, too large (by its declared size, before reading it), empty, or of
    a type not accepted by its content."""
    limit = settings.TOUSU_PORTAL_MAX_FILES
    if len(files) > limit:
        return [], [gettext("at most %(max)s files") % {"max": limit}]
    read: list[tuple[str, bytes]] = []
    problems: list[str] = []
    biggest = settings.TOUSU_ATTACHMENT_MAX_BYTES
    for upload in files:
        name = (upload.name or "file")[-100:]
        try:
            if upload.size is not None and upload.size > biggest:
                # Refused by the size it declares: a huge file is never read into memory.
                raise InvalidInput.one(
                    "file",
                    gettext("is larger than %(size)s MB") % {"size": biggest // (1024 * 1024)},
                )
            upload.seek(0)
            data = upload.read()
            check_file(data)
        except InvalidInput as error:
            message = " ".join(error.fields.get("file", [error.message]))
            problems.append(gettext("%(name)s: %(problem)s") % {"name": name, "problem": message})
            continue
        read.append((name, data))
    return read, problems


class SubmissionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What is it?"),
        choices=Kind.choices,
        initial=Kind.COMPLAINT,
        widget=forms.RadioSelect,
    )
    category = forms.CharField(label=_("Category"), required=False, max_length=40)
    title = forms.CharField(label=_("In a few words"), max_length=200)
    content = forms.CharField(
        label=_("What happened, and what do you ask for?"), widget=forms.Textarea(attrs={"rows": 8})
    )
    address = forms.CharField(label=_("Where (address)"), required=False, max_length=300)
    latitude = forms.DecimalField(
        label=_("Latitude"),
        required=False,
        max_digits=9,
        decimal_places=6,
        min_value=-90,
        max_value=90,
    )
    longitude = forms.DecimalField(
        label=_("Longitude"),
        required=False,
        max_digits=9,
        decimal_places=6,
        min_value=-180,
        max_value=180,
    )
    occurred_at = forms.DateTimeField(
        label=_("When did it happen?"),
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    anonymous = forms.BooleanField(label=_("Submit anonymously"), required=False)
    name = forms.CharField(label=_("Your name"), required=False, max_length=100)
    phone = forms.CharField(label=_("Your phone number"), required=False, max_length=40)
    email = forms.EmailField(label=_("Your e-mail address"), required=False, max_length=200)
    attachments = MultipleFileField(
        label=_("Photos, videos, PDF or Office documents"),
        required=False,
        widget=MultipleFileInput(attrs={"multiple": True}),
    )
    consent = forms.BooleanField(
        label=_("I have read the privacy notice and agree to it"),
        error_messages={"required": _("you must agree to the privacy notice to submit")},
    )

    def __init__(self, *args: Any, challenge: bool = False, request: Any = None, **kw: Any):
        super().__init__(*args, **kw)
        self.files_read: list[tuple[str, bytes]] = []
        if challenge:
            field = AltchaField(
                label=_("Are you a person?"),
                challenge_url=reverse("portal:challenge"),
                configuration={"hideFooter": True, "hideLogo": True},
            )
            # Read by portal/altcha-strings.js into the widget's own text store.
            field.widget.attrs["data-strings"] = json.dumps(widget_strings(), ensure_ascii=False)
            field.bind_context(request=request, form=self)
            self.fields["altcha"] = field

    def clean_category(self) -> str:
        code = self.cleaned_data.get("category") or ""
        if code and code not in {c.code for c in categories()}:
            raise ValidationError(gettext("no active category has this code"))
        return code

    def clean_phone(self) -> str:
        phone = self.cleaned_data.get("phone") or ""
        if problem := validators.phone_problem(phone):
            raise ValidationError(problem)
        return validators.clean_phone(phone)

    def clean_occurred_at(self) -> Any:
        when = self.cleaned_data.get("occurred_at")
        if when is not None and when > timezone.now() + timedelta(minutes=5):
            raise ValidationError(gettext("must not be in the future"))
        return when

    def clean_attachments(self) -> list[UploadedFile]:
        files: list[UploadedFile] = self.cleaned_data.get("attachments") or []
        self.files_read, problems = read_files(files)
        if problems:
            raise ValidationError(problems)
        return files

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        has_lat, has_long = data.get("latitude") is not None, data.get("longitude") is not None
        if has_lat != has_long:
            self.add_error(
                "longitude" if has_lat else "latitude",
                gettext("give both latitude and longitude, or neither"),
            )
        named = (data.get("name") or "").strip() or (data.get("phone") or "").strip()
        if not data.get("anonymous") and not named and "name" not in self.errors:
            self.add_error("name", gettext("give your name or phone number, or submit anonymously"))
        return data

    def contact(self) -> tuple[str, str]:
        """(contact_channel, contact_address): the e-mail address if given; for an anonymous
        citizen, else the phone number (kept only as the sealed contact, not as a complainant).
        A named citizen's phone serves as it is."""
        email = (self.cleaned_data.get("email") or "").strip()
        if email:
            return "email", email
        phone = self.cleaned_data.get("phone") or ""
        if self.cleaned_data.get("anonymous") and phone:
            return "sms", phone
        return "", ""


def widget_strings() -> dict[str, str]:
    """The challenge widget's texts, translated with the page (no extra script file)."""
    return {
        "label": gettext("I am a person, not a program"),
        "verifying": gettext("Checking…"),
        "verified": gettext("Checked"),
        "verificationRequired": gettext("Please tick the check first."),
        "waitAlert": gettext("Checking… please wait."),
        "error": gettext("The check failed. Please try again."),
        "expired": gettext("The check expired. Please tick it again."),
        "loading": gettext("Loading…"),
        "reload": gettext("Again"),
        "verify": gettext("Check"),
    }


class TrackForm(forms.Form):
    code = forms.CharField(label=_("Case number or tracking code"), max_length=40)
    password = forms.CharField(
        label=_("Query password"), max_length=40, widget=forms.PasswordInput(render_value=False)
    )


class MaterialForm(forms.Form):
    text = forms.CharField(
        label=_("What would you like to add?"),
        required=False,
        max_length=settings.TOUSU_TEXT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    attachments = MultipleFileField(
        label=_("Photos, videos, PDF or Office documents"),
        required=False,
        widget=MultipleFileInput(attrs={"multiple": True}),
    )

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.files_read: list[tuple[str, bytes]] = []

    def clean_attachments(self) -> list[UploadedFile]:
        files: list[UploadedFile] = self.cleaned_data.get("attachments") or []
        self.files_read, problems = read_files(files)
        if problems:
            raise ValidationError(problems)
        return files

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not (data.get("text") or "").strip() and not self.files_read:
            self.add_error("text", gettext("give a text or a file"))
        return data


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you withdraw your case?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RateForm(forms.Form):
    satisfaction = forms.ChoiceField(
        label=_("Are you satisfied with how your case was handled?"),
        choices=[(s.value, s.label) for s in Satisfaction if s in RATINGS],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Anything you want to tell us (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
