"""WeChat's message XML in, the passive reply out.

Read with expat directly, as a flat `<xml>` of named fields: a document type declaration is
refused outright (WeChat never sends one), so no entity can be declared — no billion laughs, no
external entities — and an undeclared entity is expat's own error. The body is bounded before
parsing and the nesting too (an event's nested fields are read, not kept). The reply is written
by hand: every value in CDATA, XML-illegal characters dropped, a `]]>` split."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from xml.parsers import expat

# A pushed message is a few hundred bytes; 64 KB is far beyond any genuine one.
MAX_BYTES = 64 * 1024
MAX_DEPTH = 4
MAX_FIELD_CHARS = 8192
# What XML 1.0 cannot carry at all.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class Malformed(ValueError):
    """Not a message we can read (the reason is for the log: it never quotes the body)."""


def parse(body: bytes) -> dict[str, str]:
    """The top-level fields of a message, e.g. {"MsgType": "text", "Content": "…"}."""
    if not body.strip():
        raise Malformed("empty body")
    if len(body) > MAX_BYTES:
        raise Malformed("body too large")
    reader = _Reader()
    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = reader.refuse_doctype
    parser.EntityDeclHandler = reader.refuse_entity
    parser.StartElementHandler = reader.start
    parser.EndElementHandler = reader.end
    parser.CharacterDataHandler = reader.text
    try:
        parser.Parse(body, True)
    except expat.ExpatError as exc:
        raise Malformed(f"not well-formed XML ({expat.ErrorString(exc.code)})") from None
    except (UnicodeError, RecursionError) as exc:
        raise Malformed(f"unreadable XML ({type(exc).__name__})") from None
    if reader.root != "xml":
        raise Malformed("the root element is not <xml>")
    return reader.fields


class _Reader:
    def __init__(self) -> None:
        self.root = ""
        self.path: list[str] = []
        self.fields: dict[str, str] = {}
        self.chunks: list[str] = []

    def refuse_doctype(self, *_args: Any) -> None:
        raise Malformed("a document type declaration")

    def refuse_entity(self, *_args: Any) -> None:
        raise Malformed("an entity declaration")

    def start(self, name: str, _attrs: dict[str, str]) -> None:
        if not self.path:
            self.root = name
        if len(self.path) >= MAX_DEPTH:
            raise Malformed("nested too deeply")
        self.path.append(name)
        self.chunks = []

    def end(self, name: str) -> None:
        if len(self.path) == 2:  # a field of <xml>
            value = "".join(self.chunks)
            if len(value) > MAX_FIELD_CHARS:
                raise Malformed(f"field {name[:40]} too long")
            self.fields[name] = value
        self.path.pop()
        self.chunks = []

    def text(self, data: str) -> None:
        if len(self.path) == 2:
            self.chunks.append(data)


def _cdata(value: str) -> str:
    clean = _ILLEGAL.sub("", value)
    return "<![CDATA[" + clean.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def text_reply(message: dict[str, str], content: str, now: datetime) -> str:
    """The passive reply to `message`: a text back to its sender, from the account it was sent
    to (WeChat swaps the two names)."""
    return (
        "<xml>"
        f"<ToUserName>{_cdata(message.get('FromUserName', ''))}</ToUserName>"
        f"<FromUserName>{_cdata(message.get('ToUserName', ''))}</FromUserName>"
        f"<CreateTime>{int(now.timestamp())}</CreateTime>"
        "<MsgType><![CDATA[text]]></MsgType>"
        f"<Content>{_cdata(content)}</Content>"
        "</xml>"
    )
