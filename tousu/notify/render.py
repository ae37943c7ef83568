"""Rendering the administrator's templates, safely.

A template is Django template language limited to text, variables, `if`, `for`, `with` and
comments, with the default filters but those that switch escaping off; the context holds only
the message's own variables, JSON values (strings, numbers, lists), so nothing can reach an
object's attributes, the settings or other templates. Anything else is a `TemplateProblem`,
which makes the message dead with the reason — never a crash.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.template import Context, Engine, Node, TemplateSyntaxError
from django.template import Template as DjangoTemplate
from django.template.base import TextNode, VariableNode
from django.template.defaulttags import CommentNode, ForNode, IfNode, WithNode

from .models import Template

ALLOWED_NODES = (TextNode, VariableNode, IfNode, ForNode, WithNode, CommentNode)
FORBIDDEN_FILTERS = frozenset({"safe", "safeseq", "pprint"})

# No loaders, no libraries: {% include %}, {% extends %} and {% load %} find nothing.
_ENGINES = {
    escape: Engine(loaders=[], libraries={}, autoescape=escape, debug=False)
    for escape in (True, False)
}


class TemplateProblem(Exception):
    """The template cannot be rendered (syntax, a forbidden tag or filter, missing template)."""


@dataclass(frozen=True)
class Rendered:
    subject: str
    body: str
    html: bool


def render_text(source: str, context: dict[str, Any], *, escape: bool = False) -> str:
    return _render(compile_text(source, escape=escape), context, escape=escape)


def compile_text(source: str, *, escape: bool = False) -> DjangoTemplate:
    """Parse and check a template source (the costly part: a delivery run does it once)."""
    try:
        template = _ENGINES[escape].from_string(source)
    except TemplateSyntaxError as exc:
        raise TemplateProblem(f"syntax: {exc}") from exc
    _check(template.nodelist)
    return template


def _render(template: DjangoTemplate, context: dict[str, Any], *, escape: bool) -> str:
    try:
        return template.render(Context(context, autoescape=escape))
    except Exception as exc:  # a filter fed the wrong type, and the like: the template's fault
        raise TemplateProblem(f"rendering: {exc}") from exc


def _check(nodelist: Any) -> None:
    for node in nodelist.get_nodes_by_type(Node):
        if not isinstance(node, ALLOWED_NODES):
            raise TemplateProblem(f"not allowed in a message template: {type(node).__name__}")
        expressions = [getattr(node, "filter_expression", None)]
        if isinstance(node, WithNode):
            expressions += list(node.extra_context.values())
        for expression in expressions:
            for func, _args in getattr(expression, "filters", ()):
                if getattr(func, "_filter_name", func.__name__) in FORBIDDEN_FILTERS:
                    raise TemplateProblem(f"filter not allowed: {func.__name__}")


def render(code: str, channel: str, language: str, context: dict[str, Any]) -> Rendered:
    """The message for this kind, channel and language (falling back to Chinese, then to the
    in-app text for a channel without its own template)."""
    return Templates({code}).render(code, channel, language, context)


class Templates:
    """The templates of the given kinds, read in one query and each compiled once: a delivery
    run renders hundreds of messages from a handful of templates. Made afresh for each run, so
    an administrator's edit counts from the next batch on."""

    def __init__(self, codes: Iterable[str]) -> None:
        self._rows = {
            (t.code, t.channel, t.language): t for t in Template.objects.filter(code__in=set(codes))
        }
        self._compiled: dict[tuple[str, bool], DjangoTemplate | TemplateProblem] = {}

    def render(self, code: str, channel: str, language: str, context: dict[str, Any]) -> Rendered:
        template = self._find(code, channel, language)
        subject = self._text(template.subject, context, escape=False) if template.subject else ""
        body = self._text(template.body, context, escape=template.html)
        return Rendered(subject=" ".join(subject.split()), body=body.strip(), html=template.html)

    def _text(self, source: str, context: dict[str, Any], *, escape: bool) -> str:
        key = (source, escape)
        if key not in self._compiled:
            try:
                self._compiled[key] = compile_text(source, escape=escape)
            except TemplateProblem as exc:
                self._compiled[key] = exc  # every message of this template is dead alike
        compiled = self._compiled[key]
        if isinstance(compiled, TemplateProblem):
            raise TemplateProblem(str(compiled))  # a fresh one: no traceback piling up
        return _render(compiled, context, escape=escape)

    def _find(self, code: str, channel: str, language: str) -> Template:
        for key in (
            (code, channel, language),
            (code, channel, "zh-hans"),
            (code, "in_app", language),
            (code, "in_app", "zh-hans"),
        ):
            if key in self._rows:
                return self._rows[key]
        raise TemplateProblem(f"no template for {code} / {channel} / {language}")
