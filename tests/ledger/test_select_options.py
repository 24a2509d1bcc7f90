"""The select_options tag renders a select's options as the template loop it replaced did."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.template import Context, Template
from django.test import Client

from accounts.models import User
from ledger import services
from ledger.forms import OUTCOME_CHOICES
from ledger.models import ApplicationStatus
from ledger.templatetags.ledger_tags import select_options


def test_the_matching_value_is_selected_and_only_it() -> None:
    html = select_options([("a", "Apple"), ("b", "Banana"), ("c", "Cherry")], "b")
    assert html == (
        '<option value="a">Apple</option>'
        '<option value="b" selected>Banana</option>'
        '<option value="c">Cherry</option>'
    )


def test_the_empty_value_is_selected_for_an_empty_or_missing_current_value() -> None:
    choices = [("", "Pending"), ("hired", "Hired")]
    expected = '<option value="" selected>Pending</option><option value="hired">Hired</option>'
    assert select_options(choices, "") == expected
    assert select_options(choices, None) == expected


def test_values_and_labels_are_escaped() -> None:
    html = select_options([('"><script>', "<b>Bold & co</b>")], "x")
    assert html == (
        '<option value="&quot;&gt;&lt;script&gt;">&lt;b&gt;Bold &amp; co&lt;/b&gt;</option>'
    )


def test_in_a_template_the_output_is_not_escaped_twice() -> None:
    template = Template(
        "{% load ledger_tags %}<select>{% select_options choices current %}</select>"
    )
    html = template.render(Context({"choices": [("x", "X & Y"), ("y", "Y")], "current": "y"}))
    assert html == (
        '<select><option value="x">X &amp; Y</option><option value="y" selected>Y</option></select>'
    )


@pytest.mark.django_db
def test_the_applications_page_selects_each_rows_status_and_outcome(
    alice: User, alice_client: Client
) -> None:
    app = services.application_submit(
        owner=alice, job_title="Logo", submitted_on=date(2026, 3, 2), connects_paid=12
    )
    services.application_set_status(application=app, status=ApplicationStatus.VIEWED)
    services.application_set_outcome(application=app, outcome="declined")
    html = alice_client.get("/applications/").content.decode()
    status_select = re.search(
        rf'<select name="status" id="status-{app.pk}".*?</select>', html, re.S
    )
    outcome_select = re.search(
        rf'<select name="outcome" id="outcome-{app.pk}".*?</select>', html, re.S
    )
    assert status_select and outcome_select
    assert re.findall(r"<option [^>]*selected", status_select.group(0)) == [
        '<option value="viewed" selected'
    ]
    assert re.findall(r"<option [^>]*selected", outcome_select.group(0)) == [
        '<option value="declined" selected'
    ]
    assert status_select.group(0).count("<option") == len(ApplicationStatus.choices)
    assert outcome_select.group(0).count("<option") == len(OUTCOME_CHOICES)
