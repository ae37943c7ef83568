"""Why a domain operation was refused. The API maps each class to one HTTP status."""

from __future__ import annotations


class WorkflowError(Exception):
    code = "error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidInput(WorkflowError):
    """Bad input: names each bad field (HTTP 422)."""

    code = "invalid_input"

    def __init__(self, fields: dict[str, list[str]], message: str = "") -> None:
        super().__init__(message or "; ".join(f"{k}: {' '.join(v)}" for k, v in fields.items()))
        self.fields = fields

    @classmethod
    def one(cls, field: str, message: str) -> InvalidInput:
        return cls({field: [message]})


class Forbidden(WorkflowError):
    """The user may see the case but not do this to it (HTTP 403)."""

    code = "forbidden"


class NotAllowed(WorkflowError):
    """The verb is not allowed in the case's current status (HTTP 409)."""

    code = "invalid_state"

    def __init__(self, message: str, status: str) -> None:
        super().__init__(message)
        self.status = status


class Conflict(NotAllowed):
    """Someone else changed the case first (HTTP 409)."""

    code = "conflict"


class AlreadyRegistered(WorkflowError):
    """A case with this channel's external id exists already: the caller gets that case back
    (idempotent intake from a higher platform or an Open311 client), nothing new is written."""

    code = "already_registered"

    def __init__(self, case_id: int) -> None:
        super().__init__("a case with this external id exists already")
        self.case_id = case_id
