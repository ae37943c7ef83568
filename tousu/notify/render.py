"""Rendering the administrator's templates, safely.

A template is Django template language limited to text, variables, `if`, `for`, `with` and
comments, with the default filters but those that switch escaping off; the context holds only
the message's own variables, JSON values (strings, numbers, lists), so nothing can reach an
object's attributes, the settings or other templates. Anything else is a `TemplateProblem`,
which makes the message dead with the reason — never a crash.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.template import Context, Engine, Node, TemplateSyntaxError
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
    try:
        template = _ENGINES[escape].from_string(source)
    except TemplateSyntaxError as exc:
        raise TemplateProblem(f"syntax: {exc}") from exc
    _check(template.nodelist)
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
    template = _find(code, channel, language)
    subject = render_text(template.subject, context) if template.subject else ""
    body = render_text(template.body, context, escape=template.html)
    return Rendered(subject=" ".join(subject.split()), body=body.strip(), html=template.html)


def _find(code: str, channel: str, language: str) -> Template:
    rows = {
        (t.channel, t.language): t
        for t in Template.objects.filter(code=code, channel__in={channel, "in_app"})
    }
    for key in (
        (channel, language),
        (channel, "zh-hans"),
        ("in_app", language),
        ("in_app", "zh-hans"),
    ):
        if key in rows:
            return rows[key]
    raise TemplateProblem(f"no template for {code} / {channel} / {language}")
