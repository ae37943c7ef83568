"""After rotating the data key: seal again, with the current key, what older keys sealed, and
recompute the blind indexes (keyed with the current key, so search finds the older rows again).

Run by `tousu rotate-key` (`rotate`: batch by batch, resumable, every sealed column of every
installed model) or `tousu manage reseal_personal_data` (`reseal`: the registered models in one
transaction) once the new key is TOUSU_DATA_KEY and the old one is in TOUSU_DATA_KEYS_OLD;
afterwards (`stale()` finds nothing) the old key can be dropped from the ring.

Every model with sealed columns is listed in `SEALED`: the case domain's own here, those of the
apps above it registered by them (`register`, from their `AppConfig.ready`) — `cases` imports none
of them, and one command reseals everything.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import transaction
from django.db.models import Model

from tousu.lib import crypto
from tousu.lib.fields import EncryptedTextField, stored_token

from .models import Attachment, Case, Complainant

PERSONAL = ("name", "id_number", "phone", "address")
BLIND_INDEXES = ("name_index", "phone_index")


@dataclass(frozen=True)
class SealedModel:
    """A model's sealed columns, and how the command counts the rows it sealed again."""

    label: str
    model: type[Model]
    fields: tuple[str, ...]
    # Recomputes columns derived from the sealed ones (blind indexes) on a row; True when they
    # changed. They are saved with the row.
    refresh: Callable[[Any], bool] | None = None
    derived: tuple[str, ...] = ()


def _refresh_indexes(person: Complainant) -> bool:
    before = (person.name_index, person.phone_index)
    person.refresh_indexes()
    return before != (person.name_index, person.phone_index)


SEALED: list[SealedModel] = [
    SealedModel("complainants", Complainant, PERSONAL, _refresh_indexes, BLIND_INDEXES),
    SealedModel("attachment keys", Attachment, ("file_key", "original_name")),
    SealedModel("case contact addresses", Case, ("contact_address",)),
]


def register(sealed: SealedModel) -> None:
    """Add an app's sealed model (once: a second registration of the same model replaces it)."""
    SEALED[:] = [s for s in SEALED if s.model is not sealed.model] + [sealed]


def reseal(batch: int = 500) -> dict[str, int]:
    """Seal every registered model's rows again with the current key, in one transaction; how
    many rows of each changed, by label, in the order registered."""
    with transaction.atomic():
        return {sealed.label: _reseal(sealed, batch) for sealed in SEALED}


def _reseal(sealed: SealedModel, batch: int) -> int:
    changed = 0
    rows = sealed.model._base_manager.only(*_columns(sealed)).order_by("pk")
    for row in rows.iterator(chunk_size=batch):
        # Which key sealed a value is read before anything opens it.
        stale = any(
            crypto.needs_reseal(stored_token(row, _attname(sealed, f)) or "") for f in sealed.fields
        )
        refreshed = sealed.refresh(row) if sealed.refresh is not None else False
        if stale or refreshed:
            for field in sealed.fields:
                getattr(row, field)  # opened with the key that sealed it, sealed again on save
            row.save(update_fields=[*sealed.fields, *sealed.derived])
            changed += 1
    return changed


def _field(sealed: SealedModel, name: str) -> EncryptedTextField:
    field = sealed.model._meta.get_field(name)
    assert isinstance(field, EncryptedTextField), f"{sealed.model.__name__}.{name} is not sealed"
    return field


def _attname(sealed: SealedModel, name: str) -> str:
    return _field(sealed, name).attname


def _columns(sealed: SealedModel) -> list[str]:
    """What a row is read with: the sealed columns, what they are bound to, the derived ones."""
    bound = [attribute for name in sealed.fields for attribute in _field(sealed, name).bound_to]
    return list(dict.fromkeys(["pk", *sealed.fields, *bound, *sealed.derived]))


# --- `tousu rotate-key`: the whole project, batch by batch -----------------------------------


def everything_sealed() -> list[SealedModel]:
    """The registered models, then every other installed model with a sealed column (found by
    its fields: a column an app forgot to register is still rotated — only derived columns such
    as blind indexes need the registration)."""
    out = list(SEALED)
    covered = {(s.model, f) for s in out for f in s.fields}
    for model in apps.get_models():
        missing = tuple(
            f.name
            for f in model._meta.get_fields()
            if isinstance(f, EncryptedTextField) and (model, f.name) not in covered
        )
        if missing:
            out.append(SealedModel(model._meta.label, model, missing))
    return out


def stale() -> Counter[str]:
    """How many stored values each key id other than the current one still seals, over every
    sealed column (empty: nothing needs the old keys any more). Reads ciphertexts only."""
    found: Counter[str] = Counter()
    for sealed in everything_sealed():
        columns = [_attname(sealed, f) for f in sealed.fields]
        for values in sealed.model._base_manager.values_list(*columns).iterator(chunk_size=2000):
            for value in values:
                token = getattr(value, "token", "")
                if crypto.needs_reseal(token):
                    found[token.split(":")[1] if token.count(":") >= 2 else "?"] += 1
    return found


def unknown_keys(found: Counter[str]) -> list[str]:
    """The key ids among `found` that no key of the ring opens (TOUSU_DATA_KEYS_OLD lacks them)."""
    ring = set(crypto.ring_key_ids())
    return sorted(k for k in found if k not in ring)


def rotate(batch: int = 200, progress: Callable[[str, int], None] | None = None) -> dict[str, int]:
    """Seal every sealed column of every installed model again with the current key and
    recompute the registered derived columns (blind indexes); how many rows changed, by label.

    One transaction per `batch` rows, each row locked while it is rewritten (a concurrent edit
    waits, and is not overwritten with what was read before it). A row already sealed with the
    current key, its indexes current, is left alone: a run stopped part-way (killed, a lost
    connection) is simply started again and continues; the old keys open the rest meanwhile."""
    done: dict[str, int] = {}
    for sealed in everything_sealed():
        done[sealed.label] = 0
        last: Any = None
        while True:
            with transaction.atomic():
                rows = sealed.model._base_manager.only(*_columns(sealed)).order_by("pk")
                if last is not None:
                    rows = rows.filter(pk__gt=last)
                chunk = list(rows.select_for_update()[:batch])
                for row in chunk:
                    done[sealed.label] += _reseal_row(sealed, row)
            if not chunk:
                break
            last = chunk[-1].pk
            if progress is not None:
                progress(sealed.label, done[sealed.label])
    return done


def _reseal_row(sealed: SealedModel, row: Any) -> int:
    stale_value = any(
        crypto.needs_reseal(stored_token(row, _attname(sealed, f)) or "") for f in sealed.fields
    )
    refreshed = sealed.refresh(row) if sealed.refresh is not None else False
    if not (stale_value or refreshed):
        return 0
    for field in sealed.fields:
        getattr(row, field)  # opened with the key that sealed it, sealed again on save
    row.save(update_fields=[*sealed.fields, *sealed.derived])
    return 1
