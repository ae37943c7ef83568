from .case import Case
from .choices import (
    FINAL_STATUSES,
    LEADER_SIGNOFF_SEVERITIES,
    Channel,
    ContactChannel,
    Gender,
    Kind,
    OfficialRank,
    RespondentType,
    Satisfaction,
    Severity,
    SpecialIdentity,
    Status,
)
from .events import (
    OPEN_ASSIGNMENT_STATES,
    UNIT_VISIBLE_ASSIGNMENT_STATES,
    Assignment,
    AssignmentState,
    CaseEvent,
    ExtensionRequest,
)
from .parties import Attachment, Complainant, Demand, Respondent
from .recheck import RecheckDraw
from .reference import CaseSequence, DeadlinePolicy, Reason, ReasonKind
from .supervision import (
    Escalation,
    EscalationLevel,
    EscalationState,
    SupervisionPolicy,
)
from .tracking import TrackFailure, TrackLock

__all__ = [
    "FINAL_STATUSES",
    "LEADER_SIGNOFF_SEVERITIES",
    "OPEN_ASSIGNMENT_STATES",
    "UNIT_VISIBLE_ASSIGNMENT_STATES",
    "Assignment",
    "AssignmentState",
    "Attachment",
    "Case",
    "CaseEvent",
    "CaseSequence",
    "Channel",
    "Complainant",
    "ContactChannel",
    "DeadlinePolicy",
    "Demand",
    "Escalation",
    "EscalationLevel",
    "EscalationState",
    "ExtensionRequest",
    "Gender",
    "Kind",
    "OfficialRank",
    "Reason",
    "ReasonKind",
    "RecheckDraw",
    "Respondent",
    "RespondentType",
    "Satisfaction",
    "Severity",
    "SpecialIdentity",
    "Status",
    "SupervisionPolicy",
    "TrackFailure",
    "TrackLock",
]
