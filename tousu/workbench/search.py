"""Search: which cases match the search form — always within `visible_cases(user)`.

One box `q` matches, OR-ed together:
- the case number, exactly;
- the tracking code, exactly (any case, with or without hyphens) — centre staff only;
- a complainant's phone or name, exactly, through the blind indexes — centre staff only, and
  only on the cases they see as the centre: a handling unit must not learn who complained, nor
  probe it by searching a phone number;
- free text: every word of `q` somewhere in the title, the matter, the address or the
  respondent's name (case-insensitive `LIKE`).

Free text is a table scan. The scale-up path is a tokenised full-text index: jieba-segmented
tokens stored in a column, `to_tsvector('simple', tokens)` with a GIN index on PostgreSQL and FTS5
on SQLite (see stack-notes) — the filter below would then become a match on that column.

The filters (received from/to, status, overdue) are applied here; kind, severity, unit and
category by `listing.apply_filters`, shared with the queues.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from tousu.calendar import services as calendar
from tousu.cases.access import visible_cases
from tousu.cases.models import Case, Complainant, Status
from tousu.lib.crypto import blind_index
from tousu.orgs.staff import Staff, staff_of

from . import listing

# Parameters that narrow a search; a request with none of them lists nothing.
CRITERIA = ("q", "received_from", "received_to", "status", "kind", "severity", "unit", "category")
CRITERIA_ALL = (*CRITERIA, "overdue")
# XXXX-XXXX-XXXX over the alphabet without 0/O/1/I/L (see cases.numbering).
_TRACKING = re.compile(r"^[2-9A-HJKMNP-Z]{12}$")
_PHONE_LIKE = re.compile(r"^\+?[\d\s\-()]{5,}$")


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search for"), required=False, max_length=200)
    received_from = forms.DateField(label=_("Received from"), required=False)
    received_to = forms.DateField(label=_("Received to"), required=False)
    status = forms.MultipleChoiceField(label=_("Status"), choices=Status.choices, required=False)
    overdue = forms.ChoiceField(
        label=_("Overdue"),
        choices=[("", _("any")), ("yes", _("overdue only")), ("no", _("not overdue"))],
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("received_from"), data.get("received_to")
        if start and end and start > end:
            self.add_error("received_to", _("The end date is before the start date."))
        return data


@dataclass(frozen=True)
class Search:
    form: SearchForm
    # Whether anything was asked at all (an empty search lists nothing).
    asked: bool
    # The matching cases (without kind/severity/unit/category: see `listing.apply_filters`);
    # None when nothing was asked or the form has errors.
    cases: QuerySet[Case] | None
    # Whether this user's `q` also matches complainants' phones and names.
    identity: bool


def may_search_identity(staff: Staff) -> bool:
    """Only the centre's staff see who complained; only they may search by it."""
    return staff.is_centre_staff


def normalise_tracking_code(term: str) -> str | None:
    """'abcd efgh-jkmn' → 'ABCD-EFGH-JKMN'; None when it cannot be a tracking code."""
    raw = re.sub(r"[\s\-]", "", term).upper()
    if not _TRACKING.match(raw):
        return None
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def _identity_indexes(term: str) -> set[str]:
    """Blind indexes to look up: the term as typed and, for a phone number, its digits alone."""
    values = {term}
    if _PHONE_LIKE.match(term):
        values.add(re.sub(r"\D", "", term))
    return {index for index in (blind_index(v) for v in values) if index}


def _text(word: str) -> Q:
    return (
        Q(title__icontains=word)
        | Q(content__icontains=word)
        | Q(address__icontains=word)
        | Q(respondent__name__icontains=word)
    )


def term_condition(term: str, staff: Staff) -> Q:
    """What `q` matches for this user (see the module's docstring)."""
    condition = Q(number=term)
    words = term.split()
    if words:
        text = Q()
        for word in words:
            text &= _text(word)
        condition |= text
    if may_search_identity(staff):
        # Identity only on the cases seen as the centre (a user may also work in a unit).
        own = Q() if staff.is_superuser else Q(centre_id__in=staff.centre_scope)
        code = normalise_tracking_code(term)
        if code is not None:
            condition |= Q(tracking_code=code) & own
        indexes = _identity_indexes(term)
        if indexes:
            people = Complainant.objects.filter(case=OuterRef("pk")).filter(
                Q(phone_index__in=indexes) | Q(name_index__in=indexes)
            )
            condition |= Exists(people) & own
    return condition


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=calendar.time_zone())


def asked(params: QueryDict) -> bool:
    return any(v.strip() for key in CRITERIA_ALL for v in params.getlist(key))


def run(user: Any, params: QueryDict, now: datetime) -> Search:
    staff = staff_of(user)
    form = SearchForm(params)
    identity = may_search_identity(staff)
    if not asked(params) or not form.is_valid():
        return Search(form=form, asked=asked(params), cases=None, identity=identity)
    data = form.cleaned_data
    qs = visible_cases(user)
    term = " ".join(data["q"].split())
    if term:
        qs = qs.filter(term_condition(term, staff))
    if data["received_from"]:
        qs = qs.filter(received_at__gte=_start_of(data["received_from"]))
    if data["received_to"]:
        qs = qs.filter(received_at__lt=_start_of(data["received_to"] + timedelta(days=1)))
    if data["status"]:
        qs = qs.filter(status__in=data["status"])
    if data["overdue"] == "yes":
        qs = qs.filter(current_due__lt=now)
    elif data["overdue"] == "no":
        qs = qs.exclude(current_due__lt=now)
    return Search(form=form, asked=True, cases=qs, identity=identity)


def all_filters(search: Search, params: QueryDict) -> QuerySet[Case] | None:
    """The search with the shared list filters (kind, severity, unit, category) as well."""
    if search.cases is None:
        return None
    return listing.apply_filters(search.cases, params)[0]


def with_default_sort(params: QueryDict) -> QueryDict:
    """Search results: newest first unless the user sorts by a column."""
    if params.get("sort") in listing.SORTS:
        return params
    params = params.copy()
    params["sort"], params["dir"] = "received", "desc"
    return params


def logged_params(params: QueryDict) -> dict[str, Any]:
    """The search as the audit log records it. What was searched for (a name, a phone or an ID
    number) is personal data and never written: `q` becomes `q_hash`, its blind index — an
    auditor holding the data key can still tell which log lines looked for a given person."""
    logged: dict[str, Any] = {}
    for key in (*CRITERIA_ALL, "sort", "dir"):
        values = [v for v in params.getlist(key) if v.strip()]
        if not values:
            continue
        name = key
        if key == "q":
            name, values = "q_hash", [blind_index(v) for v in values]
        logged[name] = values if len(values) > 1 or key == "status" else values[0]
    return logged
