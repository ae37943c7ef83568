"""The demo centre's cases: a few hundred over the last month, in every status.

Every case is written the only way cases are ever written: `register` and then the workflow
verbs, each by the person whose job it is, at increasing times that never pass the real `now`.
Choices come from `random.Random(seed)`, so the same seed gives the same kinds, texts, routes
and time offsets (relative to `now`); case numbers and tracking codes are allocated as usual.

How it works: every case gets a *target* status and a *variant* (the route it takes there).
The first cases cycle through all statuses (so even `--cases 120` shows each several times),
the rest follow realistic proportions (most cases of a month are archived). Plans are registered
in order of receipt; after registration the route is built (it depends on the confirmed
severity: important cases wait for a leader's sign-off), and the time between receipt and `now`
is divided among the steps by weights (handling takes days, signing an hour). Whatever the
calendar (a week of holidays included), one case in handling is three weeks old, so overdue,
and one transfer is an urgent one due today, so due soon.
"""

from __future__ import annotations

import random
from collections import Counter, deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from tousu.calendar import services as calendar
from tousu.cases import workflow as wf
from tousu.cases.models import Case, Kind, Severity, SpecialIdentity, Status
from tousu.cases.registration import NewCase, NewComplainant, NewRespondent, register
from tousu.categories.models import Category

from . import texts
from .accounts import CATEGORIES, CENTRE, UNITS, handlers_of

S = Status
DEMO_CENTRES = frozenset(u.code for u in UNITS if u.code == CENTRE or u.parent == CENTRE)
HANDLING_UNITS = tuple(u.code for u in UNITS if u.code not in DEMO_CENTRES)
DEFAULT_UNIT = {c.code: c.unit for c in CATEGORIES}
UNIT_LEADERS = {"housing": "unit_a_leader", "market": "unit_b_leader"}
# How many cases of each status the first plans guarantee.
COVERAGE = 3

# Where a month's cases stand (weights for the cases after the coverage ones).
TARGET_WEIGHTS: dict[str, float] = {
    S.REGISTERED: 6,
    S.ACCEPTED: 4,
    S.NOT_ACCEPTED: 3,
    S.REFERRED: 2,
    S.PENDING_APPROVAL: 2,
    S.DISPATCHED: 5,
    S.HANDLING: 14,
    S.RESULT_SUBMITTED: 5,
    S.REVIEWED: 3,
    S.REPLIED: 4,
    S.PENDING_DECISION: 1.5,
    S.CLOSED: 8,
    S.ARCHIVED: 28,
    S.SUSPENDED: 2,
    S.MERGED: 2,
    S.WITHDRAWN: 3.5,
}

# How old (days since receipt) a case in each target status is: (low, high, weight) bands.
AGES: dict[str, tuple[tuple[float, float, float], ...]] = {
    S.REGISTERED: ((0.02, 0.9, 3), (1.5, 6, 1)),
    S.ACCEPTED: ((0.1, 2.5, 3), (3, 9, 1)),
    S.NOT_ACCEPTED: ((0.3, 29, 1),),
    S.REFERRED: ((0.3, 29, 1),),
    S.PENDING_APPROVAL: ((0.15, 2.5, 3), (3, 6, 1)),
    S.DISPATCHED: ((0.2, 3, 3), (5, 14, 1)),
    S.HANDLING: ((1, 7, 2), (8, 20, 1.3)),
    S.RESULT_SUBMITTED: ((3, 20, 1),),
    S.REVIEWED: ((4, 20, 1),),
    S.REPLIED: ((4, 22, 1),),
    S.PENDING_DECISION: ((12, 29, 1),),
    S.CLOSED: ((5, 29, 1),),
    S.ARCHIVED: ((8, 29.5, 1),),
    S.SUSPENDED: ((3, 25, 1),),
    S.MERGED: ((0.3, 8, 1),),
    S.WITHDRAWN: ((1, 29, 1),),
}

# The past year's cases (before the last month): what became of them, how often.
PAST_FROM = timedelta(days=31)
PAST_TARGETS = (S.ARCHIVED, S.NOT_ACCEPTED, S.REFERRED, S.WITHDRAWN)
PAST_WEIGHTS = (85, 6, 5, 4)

# The routes to each target; the coverage cases take them in this order.
VARIANTS: dict[str, tuple[str, ...]] = {
    S.REGISTERED: ("plain",),
    S.ACCEPTED: ("plain", "returned", "refused_signoff", "reopened"),
    S.NOT_ACCEPTED: ("plain",),
    S.REFERRED: ("direct", "after_accept"),
    S.PENDING_APPROVAL: ("dispatch", "self"),
    S.DISPATCHED: ("plain", "important"),
    S.HANDLING: (
        "extension_pending",
        "plain",
        "rework",
        "extension_decided",
        "self",
        "dissatisfied_once",
        "resumed",
    ),
    S.RESULT_SUBMITTED: ("plain", "extension_decided"),
    S.REVIEWED: ("plain", "self"),
    S.REPLIED: ("plain", "self"),
    S.PENDING_DECISION: ("plain",),
    S.CLOSED: ("plain", "decided"),
    S.ARCHIVED: ("plain", "self", "important", "rework", "returned", "extension_decided"),
    S.SUSPENDED: ("handling", "accepted"),
    S.MERGED: ("direct", "after_accept"),
    S.WITHDRAWN: ("direct", "handling", "suspended"),
}
FORCE_IMPORTANT = {
    (S.ACCEPTED, "refused_signoff"),
    (S.PENDING_APPROVAL, "dispatch"),
    (S.PENDING_APPROVAL, "self"),
    (S.DISPATCHED, "important"),
    (S.ARCHIVED, "important"),
}

# A repeat of the same matter is merged into a case still being worked on.
MERGE_TARGETS = frozenset(
    {S.REGISTERED, S.ACCEPTED, S.PENDING_APPROVAL, S.DISPATCHED, S.HANDLING, S.RESULT_SUBMITTED}
)
# Relative time each step takes (scaled to fit between receipt and now).
STEP_WEIGHTS: dict[str, float] = {
    "accept": 0.5,
    "reject": 0.6,
    "refer": 0.6,
    "dispatch": 0.4,
    "self_handle": 0.4,
    "approve": 0.6,
    "sign": 0.6,
    "return": 0.8,
    "request_extension": 2.5,
    "decide_extension": 0.6,
    "submit_result": 4.0,
    "review": 0.8,
    "reply": 0.7,
    "callback": 1.5,
    "decide": 1.0,
    "archive": 2.5,
    "suspend": 1.5,
    "resume": 3.0,
    "merge": 0.6,
    "reopen": 1.2,
    "withdraw": 1.5,
}
# After these the case waits (for a unit, a leader, the complainant): the time since is longer.
WAITING_AFTER = frozenset({"accept", "dispatch", "sign", "self_handle", "request_extension"})
CHANNEL_WEIGHTS = {
    "phone": 50,
    "web": 9,
    "wechat": 10,
    "sms": 4,
    "letter": 3,
    "visit": 7,
    "email": 3,
    "platform": 10,
    "api": 4,
}
REPLY_CHANNELS = {"letter": "letter", "email": "email", "wechat": "wechat", "sms": "sms"}
FOREIGN_NAMES = ("Michael Brown", "Anna Müller", "田中浩二", "金敏秀", "David Smith")


@dataclass
class Plan:
    target: str
    variant: str
    received_at: datetime
    scenario: texts.Scenario
    values: dict[str, str]
    kind: str
    channel: str
    anonymous: bool
    important: bool
    merge_into: Case | None = None
    # A case of the demo's past year (statistics, rankings): walked to its end within this
    # long of its receipt, instead of over the time until now.
    life: timedelta | None = None


@dataclass
class Step:
    verb: str
    run: Callable[[datetime], Any]


@dataclass
class Result:
    created: int = 0
    steps: int = 0  # workflow verbs applied after registration
    statuses: Counter[str] = field(default_factory=Counter)


def _weighted(rng: random.Random, weights: Mapping[str, float]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def _age(rng: random.Random, target: str) -> timedelta:
    bands = AGES[target]
    lo, hi, _w = rng.choices(bands, weights=[b[2] for b in bands])[0]
    return timedelta(days=rng.uniform(lo, hi))


class Generator:
    """Plans and walks cases. `workflow` and `register_fn` are the service layer's (the
    benchmark's fast path passes stand-ins that compute the same columns in memory)."""

    def __init__(
        self,
        users: dict[str, Any],
        *,
        seed: int,
        now: datetime,
        weights: Mapping[str, float] = TARGET_WEIGHTS,
        workflow: Any = wf,
        register_fn: Callable[..., Case] = register,
    ) -> None:
        self.users = users
        self.seed = seed
        self.rng = random.Random(seed)
        self.now = now
        self.weights = weights
        self.wf = workflow
        self.register = register_fn
        self.urgent_done = False
        # Recent cases still open (merge targets), with when they were last touched.
        self.open_cases: deque[tuple[Case, datetime, texts.Scenario, dict[str, str]]] = deque(
            maxlen=200
        )
        self.scenarios_by_kind: dict[str, list[texts.Scenario]] = {}
        for scenario in texts.SCENARIOS:
            for kind in scenario.kinds:
                self.scenarios_by_kind.setdefault(kind, []).append(scenario)

    # --- plans ------------------------------------------------------------------------------

    def past(self, count: int) -> list[tuple[float, str, str]]:
        """(age in seconds, target, variant) of the past year's cases, oldest first: most of
        them handled to the end and archived, a few refused, referred or withdrawn."""
        rng = self.rng
        out: list[tuple[float, str, str]] = []
        for _ in range(count):
            status = rng.choices(PAST_TARGETS, weights=PAST_WEIGHTS)[0]
            age = timedelta(days=rng.uniform(PAST_FROM.days, PAST_FROM.days + 335))
            out.append((age.total_seconds(), status, rng.choice(VARIANTS[status])))
        out.sort(key=lambda s: -s[0])
        return out

    def skeletons(self, count: int) -> list[tuple[float, str, str]]:
        """(age in seconds, target, variant) of every case, oldest first."""
        rng = self.rng
        per_status = min(COVERAGE, count // len(S.values))
        targets: list[tuple[str, str]] = []
        for i in range(per_status):
            for status in S.values:
                variants = VARIANTS[status]
                targets.append((status, variants[i % len(variants)]))
        while len(targets) < count:
            status = _weighted(rng, self.weights)
            targets.append((status, rng.choice(VARIANTS[status])))
        out = [(_age(rng, status).total_seconds(), status, variant) for status, variant in targets]
        # One long-running case is overdue whatever the calendar (even after a week of holidays).
        if per_status and (S.HANDLING, "plain") in targets:
            i = targets.index((S.HANDLING, "plain"))
            out[i] = (timedelta(days=rng.uniform(20, 26)).total_seconds(), S.HANDLING, "plain")
        out.sort(key=lambda s: -s[0])
        return out

    def _plan(self, target: str, variant: str, received_at: datetime) -> Plan:
        rng = self.rng
        if target == S.REFERRED:
            scenario, _to = rng.choice(texts.REFERRALS)
            kind = rng.choice(scenario.kinds)
        else:
            kinds = (Kind.COMPLAINT, Kind.REPORT, Kind.CONSULTATION, Kind.SUGGESTION)
            kind = rng.choices((*kinds, Kind.HELP, Kind.PRAISE), weights=(46, 14, 16, 6, 12, 6))[0]
            if target == S.PENDING_DECISION and kind in {Kind.PRAISE, Kind.CONSULTATION}:
                kind = Kind.COMPLAINT
            scenario = rng.choice(self.scenarios_by_kind[kind])
        channel = _weighted(rng, CHANNEL_WEIGHTS)
        anonymous = (
            kind in {Kind.REPORT, Kind.COMPLAINT}
            and target not in {S.PENDING_DECISION, S.CLOSED}
            and (target, variant) not in FORCE_IMPORTANT
            and rng.random() < (0.3 if kind == Kind.REPORT else 0.05)
        )
        return Plan(
            target=target,
            variant=variant,
            received_at=received_at,
            scenario=scenario,
            values=texts.fill_values(rng),
            kind=kind,
            channel=channel,
            anonymous=anonymous,
            important=(target, variant) in FORCE_IMPORTANT,
        )

    def _new_case(self, plan: Plan) -> NewCase:
        rng, sc, values = self.rng, plan.scenario, plan.values
        collective = sc.collective and rng.random() < 0.5
        safety = sc.safety and rng.random() < 0.3
        rank = sc.official_rank if rng.random() < 0.5 else ("staff" if sc.official_rank else "")
        identity, difficult = "", False
        if plan.important and not (collective or safety):
            criterion = rng.choice(("identity", "difficult", "rank", "collective"))
            if criterion == "identity":
                identity = rng.choice(SpecialIdentity.values[1:])
            elif criterion == "rank" and sc.respondent:
                rank = "section"
            elif criterion == "collective":
                collective = True
            else:
                difficult = True
        elif not plan.anonymous and rng.random() < 0.04:
            identity = rng.choice(SpecialIdentity.values[1:])
        people: list[NewComplainant] = []
        party_count: int | None = None
        if not plan.anonymous:
            n = rng.choice((1, 2, 3)) if collective else 1
            for i in range(n):
                people.append(self._person(identity if i == 0 else "", representative=collective))
            if collective:
                party_count = rng.randint(max(3, n), 80)
        elif collective:
            party_count = rng.randint(3, 40)
        respondent = None
        if sc.respondent:
            respondent = NewRespondent(
                type=sc.respondent_type,
                name=sc.respondent.format(**values),
                address=sc.respondent_address.format(**values),
                official_rank=rank,
            )
        received = plan.received_at
        return NewCase(
            kind=plan.kind,
            channel=plan.channel,
            title=sc.title.format(**values),
            content=sc.content.format(**values),
            facts=(
                "诉求人称已多次向相关单位反映,未得到解决。"
                if plan.kind in {Kind.COMPLAINT, Kind.REPORT} and rng.random() < 0.4
                else ""
            ),
            anonymous=plan.anonymous,
            complainants=people,
            party_count=party_count,
            respondent=respondent,
            demands=[d.format(**values) for d in sc.demands],
            category=sc.category,
            address=sc.address.format(**values),
            occurred_at=received - timedelta(hours=rng.uniform(2, 24 * 20))
            if plan.kind in {Kind.COMPLAINT, Kind.REPORT, Kind.HELP}
            else None,
            received_at=received,
            safety=safety,
            difficult=difficult,
        )

    def _person(self, identity: str, *, representative: bool) -> NewComplainant:
        rng = self.rng
        if identity == SpecialIdentity.FOREIGNER:
            name = rng.choice(FOREIGN_NAMES)
        else:
            name = texts.person_name(rng)
        return NewComplainant(
            name=name,
            gender=rng.choice(("male", "female", "")),
            phone=texts.phone_number(rng) if rng.random() < 0.97 else "",
            id_number=texts.id_number(rng)
            if rng.random() < 0.6 and identity != SpecialIdentity.FOREIGNER
            else "",
            address=texts.home_address(rng) if rng.random() < 0.7 else "",
            organisation=rng.choice(texts.ORGANISATIONS),
            special_identity=identity,
            is_representative=representative,
        )

    # --- walking a case ---------------------------------------------------------------------

    def run(
        self, count: int, progress: Callable[[Result], None] | None = None, *, history: int = 0
    ) -> Result:
        """Register and walk `count` cases of the last month in order of receipt, after
        `history` ended cases spread over the eleven months before it."""
        result = Result()
        # The past year draws from a random sequence of its own: the last month's cases are
        # the same with or without it.
        month_rng, self.rng = self.rng, random.Random(f"{self.seed}-past")
        self._walk_all(self.past(history), result, progress, past=True)
        self.rng = month_rng
        self._walk_all(self.skeletons(count), result, progress, past=False)
        return result

    def _walk_all(
        self,
        skeletons: list[tuple[float, str, str]],
        result: Result,
        progress: Callable[[Result], None] | None,
        *,
        past: bool,
    ) -> None:
        for age, target, variant in skeletons:
            plan = self._plan(target, variant, self.now - timedelta(seconds=age))
            if past:
                plan.life = timedelta(days=self.rng.uniform(4, 24))
            case, steps = self._walk(plan)
            result.created += 1
            result.steps += steps
            result.statuses[case.status] += 1
            if progress is not None and result.created % 1000 == 0:
                progress(result)

    def _registrar(self, plan: Plan) -> Any:
        if plan.channel == "visit":
            return self.users["station_clerk"]
        if plan.values["district"] == "东城区" and plan.channel == "phone":
            return self.users["subcentre_clerk"]
        return self.users["clerk"]

    def _walk(self, plan: Plan) -> tuple[Case, int]:
        rng = self.rng
        if plan.target == S.MERGED:
            earlier = [c for c in self.open_cases if c[1] < plan.received_at]
            if earlier:
                target, _last, plan.scenario, plan.values = rng.choice(earlier)
                plan.merge_into, plan.kind = target, target.kind
            else:  # nothing open yet to merge into: this one simply waits for acceptance
                plan.target, plan.variant = S.REGISTERED, "plain"
        registrar = self._registrar(plan)
        registered_at = plan.received_at + timedelta(minutes=rng.uniform(1, 12))
        if plan.channel in {"letter", "platform", "email"}:
            registered_at += timedelta(hours=rng.uniform(0, 5))
        registered_at = min(registered_at, self.now - timedelta(minutes=1))
        case = self.register(self._new_case(plan), actor=registrar, now=registered_at)
        steps = self._route(plan, case, registrar)
        last = registered_at
        end = self.now if plan.life is None else min(self.now, registered_at + plan.life)
        for step, at in zip(steps, self._times(steps, registered_at, end), strict=True):
            step.run(at)
            last = at
        if case.status in MERGE_TARGETS:
            self.open_cases.append((case, last, plan.scenario, plan.values))
        return case, len(steps)

    def _times(self, steps: list[Step], start: datetime, end: datetime) -> list[datetime]:
        """Increasing times after `start`, never later than `end`, spaced by the steps'
        weights."""
        if not steps:
            return []
        rng = self.rng
        weights = [STEP_WEIGHTS[s.verb] * rng.uniform(0.5, 1.5) for s in steps]
        tail = rng.uniform(0.3, 2.0) * (3 if steps[-1].verb in WAITING_AFTER else 1)
        span = (end - start).total_seconds() - 60
        scale = max(span, 0) / (sum(weights) + tail)
        times, t = [], start
        for w in weights:
            t += timedelta(seconds=max(w * scale, 1))
            times.append(min(t, end))
        return times

    # --- routes -----------------------------------------------------------------------------

    def _u(self, name: str) -> Any:
        return self.users[name]

    def _leader(self) -> Any:
        return self._u(self.rng.choice(("director", "deputy", "deputy")))

    def _handler(self, unit: str) -> Any:
        names = handlers_of(unit)
        if len(names) > 1 and self.rng.random() < 0.25:  # B 角 stands in
            return self._u(names[1])
        if unit in UNIT_LEADERS and self.rng.random() < 0.1:
            return self._u(UNIT_LEADERS[unit])
        return self._u(names[0])

    def _route(self, plan: Plan, case: Case, registrar: Any) -> list[Step]:
        """The steps that take this (registered) case to its target status.

        Every actor and argument is chosen now, while the route is built; the closures only
        apply them at their time.
        """
        rng, t, v, wf = self.rng, plan.target, plan.variant, self.wf
        clerk = self._u("clerk")
        steps: list[Step] = []
        important = case.severity in {Severity.IMPORTANT, Severity.MAJOR}

        def add(verb: str, run: Callable[[datetime], Any]) -> None:
            steps.append(Step(verb, run))

        unit = DEFAULT_UNIT.get(plan.scenario.category) or rng.choice(
            ("dongcheng", "govservice", "dongcheng-jianshe")
        )
        to_unit = {
            S.PENDING_DECISION,
            S.DISPATCHED,
        }
        self_handled = (v == "self") or (
            plan.kind == Kind.CONSULTATION
            and v in {"plain", "extension_pending", "extension_decided", "handling"}
            and t not in to_unit
            and rng.random() < 0.8
        )
        worker: list[Any] = [clerk]  # who works the case now (set by assign)

        def intake() -> None:
            add("accept", lambda now: wf.accept(case, actor=registrar, now=now))

        def approve_step(ok: bool = True) -> None:
            leader = self._u("director") if not ok else self._leader()
            note = rng.choice(texts.SIGNOFF_NOTES if ok else texts.SIGNOFF_REFUSALS)
            add(
                "approve",
                lambda now: wf.approve(case, actor=leader, now=now, approve=ok, note=note),
            )

        def assign(
            target: str, *, self_handle: bool, sign: bool = True, approve: bool = True
        ) -> None:
            """Transfer (or self-handle) the case, with the leader's sign-off where needed."""
            if self_handle:
                worker[0] = clerk
                add("self_handle", lambda now: wf.self_handle(case, actor=clerk, now=now))
            else:
                worker[0] = self._handler(target)
                extra_days = rng.choice((5, 10, 14)) if rng.random() < 0.2 else 0
                note = rng.choice(texts.DISPATCH_NOTES)
                # One urgent transfer due today (加急件): the demo always shows a case due soon.
                due_today = t == S.DISPATCHED and v == "plain" and not self.urgent_done
                if due_today:
                    self.urgent_done, note = True, "加急件,请于今日办结并反馈。"

                def dispatch(now: datetime) -> Any:
                    due: date | None = None
                    if due_today:
                        due = calendar.local_date(self.now)
                    elif extra_days:
                        due = calendar.local_date(now) + timedelta(days=extra_days)
                    while due is not None and not calendar.get_calendar().is_workday(due):
                        due += timedelta(days=1)  # a unit's due date must be a working day
                    return wf.dispatch(case, actor=clerk, now=now, unit=target, due=due, note=note)

                add("dispatch", dispatch)
            if approve and important:
                approve_step()
            if sign and not self_handle:
                who = worker[0]
                add("sign", lambda now: wf.sign(case, actor=who, now=now))

        def returned() -> None:
            """First sent to the wrong unit, which returns it."""
            wrong = rng.choice([u for u in HANDLING_UNITS if u != unit])
            assign(wrong, self_handle=False, sign=rng.random() < 0.5)
            who, reason = worker[0], rng.choice(texts.RETURN_REASONS)
            add("return", lambda now: wf.return_case(case, actor=who, now=now, reason=reason))

        def submit() -> None:
            who = worker[0]
            result = plan.scenario.result.format(**plan.values) or "已办理。"
            justified = (
                rng.choice((True, True, False, None))
                if plan.kind in {Kind.COMPLAINT, Kind.REPORT}
                else None
            )
            valid = rng.random() < 0.9
            add(
                "submit_result",
                lambda now: wf.submit_result(
                    case, actor=who, now=now, result=result, justified=justified, valid=valid
                ),
            )

        def extension(decide: bool) -> None:
            who, days = worker[0], rng.choice((5, 10, 15))
            reason = rng.choice(texts.EXTENSION_REASONS)
            add(
                "request_extension",
                lambda now: wf.request_extension(
                    case, actor=who, now=now, days=days, reason=reason
                ),
            )
            if decide:
                ok, leader = rng.random() < 0.8, self._leader()
                note = "同意延期。" if ok else "理由不充分,请按期办结。"
                add(
                    "decide_extension",
                    lambda now: wf.decide_extension(
                        case, actor=leader, now=now, approve=ok, note=note
                    ),
                )

        def review(ok: bool = True) -> None:
            who = self._leader() if important else clerk
            note = "" if ok else rng.choice(texts.REVIEW_REFUSALS)
            add("review", lambda now: wf.review(case, actor=who, now=now, approve=ok, note=note))

        def reply() -> None:
            channel = "web" if plan.anonymous else REPLY_CHANNELS.get(plan.channel, "phone")
            content = plan.scenario.reply.format(**plan.values) or "已答复。"
            add(
                "reply",
                lambda now: wf.reply(case, actor=clerk, now=now, content=content, channel=channel),
            )

        def callback(satisfaction: str | None = None) -> None:
            if satisfaction is None:
                satisfaction = (
                    "unreachable"
                    if plan.anonymous
                    else rng.choices(
                        ("satisfied", "basically_satisfied", "unreachable"), weights=(70, 22, 8)
                    )[0]
                )
            who = self._u(rng.choice(("clerk", "clerk", "supervisor")))
            note, sat = rng.choice(texts.CALLBACK_NOTES[satisfaction]), satisfaction
            # An unreachable complainant is tried on later days until the last attempt closes it.
            for _ in range(settings.CALLBACK_MAX_ATTEMPTS if sat == "unreachable" else 1):
                add(
                    "callback",
                    lambda now: wf.callback(case, actor=who, now=now, satisfaction=sat, note=note),
                )

        def handled_once() -> None:
            submit()
            review()
            reply()

        def suspend() -> None:
            leader, reason = self._u("deputy"), rng.choice(texts.SUSPEND_REASONS)
            add("suspend", lambda now: wf.suspend(case, actor=leader, now=now, reason=reason))

        def to_handling(*, self_handle: bool) -> None:
            intake()
            if v == "returned":
                returned()
            assign(unit, self_handle=self_handle)

        # --- the routes, by target ---
        if t == S.ACCEPTED:
            if v == "reopened":
                add(
                    "reject",
                    lambda now: wf.reject(case, actor=clerk, now=now, reason="no_substance"),
                )
                sup, why = self._u("supervisor"), rng.choice(texts.REOPEN_REASONS)
                add("reopen", lambda now: wf.reopen(case, actor=sup, now=now, reason=why))
            intake()
            if v == "returned":
                returned()
            elif v == "refused_signoff":
                assign(unit, self_handle=False, sign=False, approve=False)
                approve_step(ok=False)
        elif t == S.NOT_ACCEPTED:
            reason = rng.choice(texts.REJECT_REASONS)
            add("reject", lambda now: wf.reject(case, actor=registrar, now=now, reason=reason))
        elif t == S.REFERRED:
            if v == "after_accept":
                intake()
            to = next(to for sc, to in texts.REFERRALS if sc is plan.scenario)
            authority = to.format(**plan.values)
            add(
                "refer",
                lambda now: wf.refer(
                    case,
                    actor=clerk,
                    now=now,
                    to=authority,
                    reason="不属于本中心受理范围,已告知诉求人向有权处理的机关反映。",
                ),
            )
        elif t == S.PENDING_APPROVAL:
            intake()
            assign(unit, self_handle=v == "self", sign=False, approve=False)
        elif t == S.DISPATCHED:
            intake()
            assign(unit, self_handle=False, sign=False)
        elif t == S.HANDLING:
            to_handling(self_handle=self_handled and v in {"plain", "self", "extension_pending"})
            if v == "extension_pending":
                extension(decide=False)
            elif v == "extension_decided":
                extension(decide=True)
            elif v == "rework":
                submit()
                review(ok=False)
            elif v == "dissatisfied_once":
                handled_once()
                callback("dissatisfied")
            elif v == "resumed":
                suspend()
                leader = self._u("deputy")
                add("resume", lambda now: wf.resume(case, actor=leader, now=now))
        elif t in {S.RESULT_SUBMITTED, S.REVIEWED, S.REPLIED, S.CLOSED, S.ARCHIVED}:
            to_handling(self_handle=self_handled and v in {"plain", "self"})
            if v == "extension_decided":
                extension(decide=True)
            elif v == "rework":
                submit()
                review(ok=False)
            submit()
            if t != S.RESULT_SUBMITTED:
                review()
            if t not in {S.RESULT_SUBMITTED, S.REVIEWED}:
                reply()
            if t in {S.CLOSED, S.ARCHIVED} and v == "decided":
                # Dissatisfied twice: the director decides to close it.
                callback("dissatisfied")
                handled_once()
                callback("dissatisfied")
                director, note = self._u("director"), rng.choice(texts.DECISION_NOTES)
                add(
                    "decide",
                    lambda now: wf.decide(case, actor=director, now=now, rehandle=False, note=note),
                )
            elif t in {S.CLOSED, S.ARCHIVED}:
                callback()
            if t == S.ARCHIVED:
                add("archive", lambda now: wf.archive(case, actor=clerk, now=now))
        elif t == S.PENDING_DECISION:
            to_handling(self_handle=False)
            handled_once()
            callback("dissatisfied")
            handled_once()
            callback("dissatisfied")
        elif t == S.SUSPENDED:
            intake()
            if v == "handling":
                assign(unit, self_handle=self_handled)
            suspend()
        elif t == S.MERGED:
            if v == "after_accept":
                intake()
            into = plan.merge_into
            assert into is not None
            add("merge", lambda now: wf.merge(case, actor=clerk, now=now, into=into.pk))
        elif t == S.WITHDRAWN:
            if v in {"handling", "suspended"}:
                intake()
                assign(unit, self_handle=self_handled)
            if v == "suspended":
                suspend()
            why = rng.choice(texts.WITHDRAW_REASONS)
            add("withdraw", lambda now: wf.withdraw(case, actor=clerk, now=now, reason=why))
        return steps


def demo_has_cases() -> bool:
    return Case.objects.filter(centre__code__in=DEMO_CENTRES).exists()


def generate_cases(
    users: dict[str, Any],
    count: int,
    *,
    seed: int = 12345,
    now: datetime | None = None,
    history: int = 0,
) -> Result:
    """Register `count` cases of the last month and `history` of the year before it, and walk
    each to its planned status, all in one transaction."""
    if not Category.objects.filter(code="other").exists():
        raise RuntimeError("load the demo organisation first (ensure_organisation)")
    generator = Generator(users, seed=seed, now=now or timezone.now())
    with transaction.atomic():
        return generator.run(count, history=history)
