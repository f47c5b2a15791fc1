"""The desk (the admin's home page) without a browser: its reads and its charts."""

import pytest
from django.test import Client

from articles.admin import charts
from tests.support.content import write_article

pytestmark = pytest.mark.django_db


def test_the_desk_reads_a_fixed_number_of_queries(role_users, django_assert_max_num_queries):
    for n in range(5):
        write_article(headline=f"خبر {n}", body="نص.", status="published")
        write_article(headline=f"مسودة {n}", body="نص.", actor=role_users["editor"])
    client = Client()
    client.force_login(role_users["editor"])

    with django_assert_max_num_queries(20):
        response = client.get("/admin/")

    assert response.status_code == 200
    assert response.content.decode().count("module desk-chart") == 4


def test_bars_in_right_to_left_put_labels_right_of_their_bars():
    svg = charts.bars([("طهران", 4), ("بيروت", 2)], title="t", rtl=True, empty="-")

    assert '<text x="456.0" y="20.0" class="chart-text" direction="rtl" text-anchor="start">طهران</text>' in svg
    assert '<rect x="40.0" y="8" width="250.0" height="16" class="chart-bar">' in svg


def test_columns_run_from_right_to_left_in_right_to_left():
    svg = charts.columns([("2026-01-01", 1), ("2026-01-02", 0)], title="t", rtl=True, top_label="%(n)s")

    first = svg.index("2026-01-01: 1")
    assert '<rect x="231.0"' in svg[first - 120 : first]
