"""A select box of a model's rows is one plain query, not a server-side cursor (three round trips)."""

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pressdesk.lib.forms import StyledForm
from pressdesk.organizations.models import Organization
from pressdesk.testing.factories import Province


class _OrganizationFilter(StyledForm):
    organization = forms.ModelChoiceField(queryset=Organization.objects.order_by("name"), required=False)
    several = forms.ModelMultipleChoiceField(queryset=Organization.objects.order_by("name"), required=False)


@pytest.mark.django_db
def test_each_select_box_is_one_query_with_every_option():
    province = Province()
    form = _OrganizationFilter()
    with CaptureQueriesContext(connection) as captured:
        html = str(form["organization"]) + str(form["several"])
    sql = [query["sql"] for query in captured.captured_queries]
    assert len(sql) == 2
    assert not any("DECLARE" in statement.upper() for statement in sql)
    assert province.directorate.name in html
    assert '<option value="" selected>---------</option>' in html
