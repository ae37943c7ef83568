"""GeoReport v2's two formats: JSON, and XML shaped as the specification's examples.

A list in XML is an element per item, named after its container (`services` → `service`, the
requests → `request` inside `service_requests`, `errors` → `error`); a missing value is an empty
element. Text is cleaned of the control characters XML 1.0 cannot carry, so that every answer
parses, whatever a case's title holds."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any
from xml.etree import ElementTree as ET

from django.http import HttpResponse

FORMATS = ("json", "xml")
CONTENT_TYPES = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}

# The element name of one item of a list, by the list's name.
ITEM_NAMES = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "endpoints": "endpoint",
    "formats": "format",
    "attributes": "attribute",
    "values": "value",
}
# What XML 1.0 cannot hold: C0 controls but tab, newline and return; U+FFFE, U+FFFF; surrogates.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def respond(fmt: str, root: str, value: Any, status: int = 200) -> HttpResponse:
    """`value` (a list or a dict) as JSON, or as XML under the element `root`."""
    if fmt == "xml":
        body = xml_document(root, value)
    else:
        body = json.dumps(value, ensure_ascii=False).encode()
    return HttpResponse(body, status=status, content_type=CONTENT_TYPES[fmt])


def xml_document(root: str, value: Any) -> bytes:
    element = ET.Element(root)
    _fill(element, root, value)
    return ET.tostring(element, encoding="utf-8", xml_declaration=True)


def _fill(element: ET.Element, name: str, value: Any) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _fill(ET.SubElement(element, key), key, item)
    elif isinstance(value, Sequence) and not isinstance(value, str):
        child = ITEM_NAMES[name]
        for item in value:
            _fill(ET.SubElement(element, child), child, item)
    elif value is not None:
        element.text = _text(value)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return _NOT_XML.sub("", str(value))


def clean(text: str) -> str:
    """Text fit for both formats (JSON would carry it, but an XML client must read the same)."""
    return _NOT_XML.sub("", text)


def errors(fmt: str, status: int, descriptions: Sequence[str]) -> HttpResponse:
    """The specification's error answer: a list of {code, description}; the code is the HTTP
    status, as in its examples."""
    items = [{"code": status, "description": clean(d)} for d in descriptions]
    return respond(fmt, "errors", items, status=status)
