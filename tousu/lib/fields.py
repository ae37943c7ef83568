"""Model fields shared by the apps."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models.query_utils import DeferredAttribute

from . import crypto


class Sealed:
    """A ciphertext as the database holds it, not yet opened.

    Opening needs the row it belongs to (its context is the associated data), so a value read
    without its model instance — `values()`, `values_list()` — stays sealed: it is not a string,
    and turning it into one fails loudly instead of showing ciphertext or someone else's data.
    """

    __slots__ = ("token",)

    def __init__(self, token: str) -> None:
        self.token = token

    def __str__(self) -> str:
        raise TypeError(
            "an encrypted value can only be read through its model instance, "
            "not through values()/values_list()"
        )

    def __repr__(self) -> str:
        return "<Sealed>"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sealed) and other.token == self.token

    def __hash__(self) -> int:
        return hash(self.token)


def stored_token(instance: Any, attname: str) -> str | None:
    """The ciphertext an instance still holds as read from the database (None once opened or
    assigned): lets a re-keying job see which key sealed a value without opening it."""
    value = instance.__dict__.get(attname)
    return value.token if isinstance(value, Sealed) else None


class _OpenOnRead(DeferredAttribute):
    """The attribute of an encrypted field: a `Sealed` value from the database is opened on
    first access, with the instance at hand (its row is the associated data), then kept."""

    field: EncryptedTextField

    def __get__(self, instance: Any, cls: Any = None) -> Any:
        if instance is None:
            return self
        value = super().__get__(instance, cls)
        if isinstance(value, Sealed):
            value = crypto.decrypt(value.token, context=self.field.context_of(instance))
            instance.__dict__[self.field.attname] = value
        return value

    def __set__(self, instance: Any, value: Any) -> None:
        instance.__dict__[self.field.attname] = value


class EncryptedTextField(models.TextField):
    """Stores the value encrypted, bound to its model, field and row; Python code on a model
    instance only ever sees the plaintext.

    `bound_to` names the attributes that identify the row — known before the INSERT (so not the
    id) and never changed afterwards — e.g. `("case_id", "position")` for a complainant. The
    value is sealed in `pre_save`, where the instance is at hand, and opened on attribute
    access. Without an instance there is no row to bind to, so `update()`/`filter()` with a
    plaintext are refused (the empty string, which reveals nothing, passes).
    """

    descriptor_class = _OpenOnRead
    # The binding changes what is sealed, not the column.
    non_db_attrs = (*models.TextField.non_db_attrs, "bound_to")

    def __init__(self, *args: Any, bound_to: tuple[str, ...] = (), **kwargs: Any) -> None:
        self.bound_to = tuple(bound_to)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        if self.bound_to:
            kwargs["bound_to"] = self.bound_to
        return name, path, args, kwargs

    def context_of(self, instance: Any) -> str:
        """The associated data: `cases.complainant.phone|case_id=7|position=1`."""
        if not self.bound_to:
            raise ValueError(f"{self.model._meta.label}.{self.name} needs bound_to")
        parts = []
        for attribute in self.bound_to:
            value = getattr(instance, attribute)
            if value is None:
                raise ValueError(
                    f"{self.model._meta.label}.{self.name} cannot be sealed before "
                    f"{attribute} is set"
                )
            parts.append(f"{attribute}={value}")
        return "|".join([f"{self.model._meta.label_lower}.{self.name}", *parts])

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None or value == "":
            return value
        return Sealed(value)

    def pre_save(self, model_instance: Any, add: bool) -> Any:
        value = getattr(model_instance, self.attname)
        if value is None or value == "":
            return value
        return Sealed(crypto.encrypt(str(value), context=self.context_of(model_instance)))

    def get_prep_value(self, value: Any) -> Any:
        if isinstance(value, Sealed):
            return value.token
        if value is None or value == "":
            return value
        raise TypeError(
            f"{self.model._meta.label}.{self.name} is encrypted for its row: set it on a model "
            "instance and save() it (update(), bulk_update() and filter() cannot seal a plaintext)"
        )

    def to_python(self, value: Any) -> Any:
        if isinstance(value, Sealed):
            return value
        return super().to_python(value)
