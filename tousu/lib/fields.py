"""Model fields shared by the apps."""

from typing import Any

from django.db import models

from . import crypto


class EncryptedTextField(models.TextField):
    """Stores the value encrypted; Python code only ever sees the plaintext."""

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> str | None:
        if value is None:
            return None
        return crypto.decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None:
            return None
        return crypto.encrypt(str(value))
