"""A complainant's personal data is sealed for its own row and field: the column holds no
plaintext, and a ciphertext copied to another complainant or another field does not open there —
a clear error, never someone else's data."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection, transaction

from tests.api.helpers import ADDRESS, ID_NUMBER, NAME, PHONE
from tousu.cases.models import Case, Complainant
from tousu.cases.registration import NewComplainant
from tousu.lib import crypto
from tousu.lib.fields import Sealed

MakeCase = Callable[..., Case]
PERSONAL = ["name", "id_number", "phone", "address"]


def stored(complainant: Complainant, column: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM cases_complainant WHERE id = %s", [complainant.pk])
        [(value,)] = cursor.fetchall()
    return str(value)


def copy_column(source: Complainant, source_column: str, target: Complainant, column: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE cases_complainant SET {column} = %s WHERE id = %s",
            [stored(source, source_column), target.pk],
        )


def test_the_stored_columns_hold_no_plaintext_only_v2_ciphertexts_of_the_current_key(
    make_case: MakeCase,
) -> None:
    person = make_case().complainants.get()

    columns = {c: stored(person, c) for c in PERSONAL}

    assert all(v.startswith(f"v2:{crypto.current_key_id()}:") for v in columns.values())
    for plain in (NAME, ID_NUMBER, PHONE, ADDRESS, PHONE[-4:], "幸福小区"):
        assert all(plain not in v for v in columns.values())
    assert [getattr(person, c) for c in PERSONAL] == [NAME, ID_NUMBER, PHONE, ADDRESS]


def test_a_phone_copied_to_a_complainant_of_another_case_does_not_open_there(
    make_case: MakeCase,
) -> None:
    zhang = make_case().complainants.get()
    li = make_case(complainants=[NewComplainant(name="李四", phone="13900001111")])
    li_person = li.complainants.get()
    copy_column(zhang, "phone", li_person, "phone")

    copied = Complainant.objects.get(pk=li_person.pk)

    with pytest.raises(crypto.DecryptionError, match=f"case_id={li.pk}") as refused:
        _ = copied.phone
    assert "does not belong to cases.complainant.phone" in str(refused.value)
    assert copied.name == "李四"


def test_a_second_complainant_of_the_same_case_cannot_borrow_the_firsts_name(
    make_case: MakeCase,
) -> None:
    case = make_case(
        complainants=[
            NewComplainant(name="张三", is_representative=True),
            NewComplainant(name="王五"),
        ]
    )
    first, second = case.complainants.order_by("position")
    copy_column(first, "name", second, "name")

    with pytest.raises(crypto.DecryptionError, match="position=2"):
        _ = Complainant.objects.get(pk=second.pk).name


def test_an_id_number_copied_into_the_phone_field_of_the_same_row_does_not_open(
    make_case: MakeCase,
) -> None:
    person = make_case().complainants.get()
    copy_column(person, "id_number", person, "phone")

    reloaded = Complainant.objects.get(pk=person.pk)

    with pytest.raises(crypto.DecryptionError, match=r"cases\.complainant\.phone\|"):
        _ = reloaded.phone
    assert reloaded.id_number == ID_NUMBER


def test_an_altered_ciphertext_is_refused(make_case: MakeCase) -> None:
    person = make_case().complainants.get()
    token = stored(person, "phone")
    flipped = token[:-6] + ("A" if token[-6] != "A" else "B") + token[-5:]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE cases_complainant SET phone = %s WHERE id = %s", [flipped, person.pk]
        )

    with pytest.raises(crypto.DecryptionError):
        _ = Complainant.objects.get(pk=person.pk).phone


def test_update_with_a_plaintext_is_refused_and_nothing_changes(make_case: MakeCase) -> None:
    person = make_case().complainants.get()
    before = stored(person, "phone")

    # (in a savepoint: a refused query spoils its transaction, as any database error does)
    with (
        pytest.raises(TypeError, match=r"cases\.Complainant\.phone is encrypted"),
        transaction.atomic(),
    ):
        Complainant.objects.filter(pk=person.pk).update(phone="13700000000")

    assert stored(person, "phone") == before
    assert Complainant.objects.get(pk=person.pk).phone == PHONE


def test_values_hand_out_a_sealed_value_that_refuses_to_become_text(make_case: MakeCase) -> None:
    person = make_case().complainants.get()

    [phone] = Complainant.objects.filter(pk=person.pk).values_list("phone", flat=True)

    assert isinstance(phone, Sealed)
    assert phone.token == stored(person, "phone")
    with pytest.raises(TypeError, match="through its model instance"):
        str(phone)


def test_a_complainant_loaded_with_only_some_fields_still_reads_the_others(
    make_case: MakeCase,
) -> None:
    case = make_case()

    person = Complainant.objects.only("id", "name").get(case=case)

    assert (person.name, person.phone, person.address) == (NAME, PHONE, ADDRESS)


def test_a_changed_phone_saved_on_the_instance_is_sealed_again_for_its_row(
    make_case: MakeCase,
) -> None:
    person = make_case().complainants.get()
    before = stored(person, "phone")

    person.phone = "13700000000"
    person.save()

    assert stored(person, "phone") != before
    assert "13700000000" not in stored(person, "phone")
    assert Complainant.objects.get(pk=person.pk).phone == "13700000000"
