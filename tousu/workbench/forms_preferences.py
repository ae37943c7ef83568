"""The form a staff member sets their own notification preferences with (`notify.Preference`):
which kinds of message they want, through which channels, in which language, and the hours no
SMS may wake them.

The page asks positively — "tell me about" — and stores what was left unticked as the muted
kinds, so a kind added later reaches everyone until they untick it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tousu.notify.fanout import DEFAULT_CHANNELS
from tousu.notify.models import STAFF_KINDS, Channel, Kind, Language, Preference

# In the order of the kinds' declaration: the daily work first, the digest last.
OFFERED_KINDS = [(k.value, k.label) for k in Kind if k in STAFF_KINDS]
# Staff are told in the workbench, by e-mail and by SMS (WeChat reaches complainants only).
STAFF_CHANNELS = [(c.value, c.label) for c in (Channel.IN_APP, Channel.EMAIL, Channel.SMS)]
TIME_INPUT = "%H:%M"


def _time_field(label: Any) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        required=False,
        input_formats=[TIME_INPUT, "%H:%M:%S"],
        widget=forms.TimeInput(attrs={"type": "time"}, format=TIME_INPUT),
    )


def preference_of(user: Any) -> Preference | None:
    """The user's saved preference; None until they (or an administrator) saved one."""
    return Preference.objects.filter(user=user).first()


def _default_channels(user: Any) -> list[str]:
    """What the fan-out does without a preference: in the workbench, and by e-mail when the
    account has an address."""
    return [c for c in DEFAULT_CHANNELS if c != Channel.EMAIL or user.email]


class PreferencesForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label=_("Tell me about"),
        choices=OFFERED_KINDS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("What you are not told of still waits in your queues."),
    )
    channels = forms.MultipleChoiceField(
        label=_("How"),
        choices=STAFF_CHANNELS,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one way to be told.")},
    )
    language = forms.ChoiceField(label=_("Language of the messages"), choices=Language.choices)
    quiet_from = _time_field(_("No SMS from"))
    quiet_until = _time_field(_("No SMS until"))

    def __init__(self, *args: Any, user: Any, current: Preference | None, **kwargs: Any) -> None:
        self.user = user
        self.current = current
        muted = set(current.muted_kinds or []) if current is not None else set()
        kwargs.setdefault(
            "initial",
            {
                "kinds": [code for code, _label in OFFERED_KINDS if code not in muted],
                "channels": (current.channels if current else None) or _default_channels(user),
                "language": current.language if current else Language.ZH_HANS,
                "quiet_from": current.quiet_from if current else None,
                "quiet_until": current.quiet_until if current else None,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["quiet_until"].help_text = _(
            "Local time; an SMS due in these hours waits until they end. Leave both empty for none."
        )

    def clean_channels(self) -> list[str]:
        chosen: list[str] = self.cleaned_data["channels"]
        if Channel.EMAIL in chosen and not self.user.email:
            raise forms.ValidationError(
                _("You have no e-mail address on file: ask an administrator to add one."),
                code="no_email",
            )
        profile = getattr(self.user, "staff_profile", None)
        if Channel.SMS in chosen and not (profile is not None and profile.phone):
            raise forms.ValidationError(
                _("You have no phone number on file: ask an administrator to add one."),
                code="no_phone",
            )
        return [code for code, _label in STAFF_CHANNELS if code in chosen]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("quiet_from"), data.get("quiet_until")
        if "quiet_from" in data and "quiet_until" in data:  # both parsed (or empty)
            if start is None and end is not None:
                self.add_error("quiet_from", _("Give both times, or neither."))
            elif start is not None and end is None:
                self.add_error("quiet_until", _("Give both times, or neither."))
            elif start is not None and start == end:
                self.add_error("quiet_until", _("Must differ from the start of the quiet hours."))
        return data

    def save(self) -> Preference:
        """Write the user's preference (created on the first save)."""
        data = self.cleaned_data
        offered = {code for code, _label in OFFERED_KINDS}
        # Kinds set aside in the admin that the page does not offer stay as they are.
        before = (self.current.muted_kinds or []) if self.current is not None else []
        kept = [k for k in before if k not in offered]
        muted = kept + [code for code, _label in OFFERED_KINDS if code not in data["kinds"]]
        preference, _created = Preference.objects.update_or_create(
            user=self.user,
            defaults={
                "muted_kinds": muted,
                "channels": data["channels"],
                "language": data["language"],
                "quiet_from": data["quiet_from"],
                "quiet_until": data["quiet_until"],
            },
        )
        return preference
