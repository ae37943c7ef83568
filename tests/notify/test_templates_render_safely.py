"""The administrator's templates: a broken or unsafe one makes the message dead with the reason,
never a crash; variables are escaped in HTML e-mail and left as they are in SMS."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import MONDAY
from tousu.notify.delivery import deliver_due
from tousu.notify.fanout import fan_out
from tousu.notify.models import Outbox, SentMessage, Template
from tousu.notify.render import TemplateProblem, render_text


def test_a_syntax_error_in_a_template_makes_the_message_dead_with_the_error(
    org: dict[str, Any], make_case: Any
) -> None:
    Template.objects.filter(code="acknowledged", channel="sms").update(body="编号 {% if number %}")
    make_case()
    fan_out(MONDAY)

    assert deliver_due(MONDAY) == 0

    row = Outbox.objects.get()
    assert row.state == "dead"
    assert row.last_error.startswith("syntax: Unclosed tag")
    assert SentMessage.objects.count() == 0


@pytest.mark.parametrize(
    "source",
    [
        "{% debug %}",
        "{% load static %}",
        "{% include 'workbench/base.html' %}",
        "{% autoescape off %}{{ title }}{% endautoescape %}",
        "{{ title|safe }}",
        "{% with t=title|safe %}{{ t }}{% endwith %}",
        "{% now 'Y' %}",
    ],
)
def test_tags_and_filters_that_reach_beyond_the_variables_are_refused(source: str) -> None:
    with pytest.raises(TemplateProblem):
        render_text(source, {"title": "<b>x</b>"}, escape=True)


def test_html_escapes_the_variables_sms_keeps_them() -> None:
    context = {"title": "<script>水&电</script>", "n": [1, 2]}
    source = "{{ title }}{% for i in n %}-{{ i }}{% endfor %}"

    assert render_text(source, context, escape=True) == (
        "&lt;script&gt;水&amp;电&lt;/script&gt;-1-2"
    )
    assert render_text(source, context) == "<script>水&电</script>-1-2"
