"""The services the centre publishes: `Service` rows of active categories."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from .models import Service


class Open311Error(Exception):
    """An answer in the specification's error format: the HTTP status and what was wrong."""

    def __init__(self, status: int, *descriptions: str) -> None:
        super().__init__("; ".join(descriptions))
        self.status = status
        self.descriptions = list(descriptions)


def published() -> QuerySet[Service]:
    return Service.objects.filter(category__is_active=True).select_related(
        "category", "category__parent"
    )


def service_out(service: Service) -> dict[str, Any]:
    category = service.category
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": service.description,
        # No extra questions (attributes) per service: a definition lists none.
        "metadata": False,
        "type": "realtime",
        "keywords": service.keywords,
        "group": category.parent.name if category.parent else "",
    }


def definition_out(service: Service) -> dict[str, Any]:
    return {"service_code": service.category.code, "attributes": []}


def find(code: str) -> Service | None:
    return published().filter(category__code=code).first()
