"""The what-if pages: figures that link to their applications, suggestions, worth, isolation."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from accounts.models import User
from tests.dashboards import whatif_scenario
from vetting.models import ThresholdChange
from vetting.selectors import thresholds_for

pytestmark = pytest.mark.django_db


def _text(response) -> str:  # type: ignore[no-untyped-def]
    return re.sub(r"\s+", " ", response.content.decode())


class TestWhatIfPage:
    def test_it_shows_the_combined_figures_at_the_users_thresholds(
        self, alice: User, alice_client: Client
    ) -> None:
        whatif_scenario.build(alice)
        page = _text(alice_client.get("/review/what-if/"))
        assert "6 of 7 applications had a vetting to judge again" in page
        assert 'data-testid="combined-net">-$497.60<' in page
        assert "$500.00 in contracts" in page

    def test_thresholds_in_the_query_string_re_score(
        self, alice: User, alice_client: Client
    ) -> None:
        whatif_scenario.build(alice)
        page = _text(alice_client.get("/review/what-if/", {"hire_rate_min": "40"}))
        assert 'data-testid="combined-net">$2.40<' in page

    def test_a_value_out_of_range_names_the_field_and_keeps_the_page(
        self, alice: User, alice_client: Client
    ) -> None:
        response = alice_client.get("/review/what-if/", {"hire_rate_min": "700"})
        assert response.status_code == 400
        assert "Minimum hire rate (%): Ensure this value is less than or equal to 100." in _text(
            response
        )

    def test_each_figure_links_to_its_applications(self, alice: User, alice_client: Client) -> None:
        apps = whatif_scenario.build(alice)
        base = "/review/what-if/applications/"
        everything = _text(alice_client.get(base, {"row": "hire_rate", "show": "all"}))
        assert "3 applications sent" in everything
        lost = _text(alice_client.get(base, {"row": "combined", "show": "lost"}))
        assert f"/applications/{apps['A1'].pk}/" in lost and "1 application sent" in lost
        hired = _text(alice_client.get(base, {"row": "combined", "show": "hired"}))
        assert f"/applications/{apps['A2'].pk}/" in hired
        assert f"/applications/{apps['A1'].pk}/" not in hired
        pending = _text(alice_client.get(base, {"row": "hire_rate", "show": "pending"}))
        assert f"/applications/{apps['A3'].pk}/" in pending
        lower = _text(alice_client.get(base, {"row": "combined", "hire_rate_min": "40"}))
        assert "1 application sent" in lower

    def test_the_page_links_carry_the_thresholds(self, alice: User, alice_client: Client) -> None:
        whatif_scenario.build(alice)
        page = alice_client.get("/review/what-if/", {"hire_rate_min": "40"}).content.decode()
        assert "hire_rate_min=40&amp;row=combined&amp;show=lost" in page

    @pytest.mark.parametrize(
        "query", [{"row": "nope"}, {"row": "combined", "show": "nope"}, {"idle_days": "x"}]
    )
    def test_an_unknown_figure_is_a_404(self, alice_client: Client, query: dict[str, str]) -> None:
        assert alice_client.get("/review/what-if/applications/", query).status_code == 404

    def test_bob_sees_none_of_alices_applications(self, alice: User, bob_client: Client) -> None:
        apps = whatif_scenario.build(alice)
        page = _text(bob_client.get("/review/what-if/applications/", {"row": "combined"}))
        assert "0 applications sent" in page
        assert f"/applications/{apps['A1'].pk}/" not in page

    def test_it_needs_a_login(self, client: Client) -> None:
        response = client.get("/review/what-if/")
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


class TestSuggestionsPage:
    def test_the_fragment_shows_the_best_value_and_the_warning(
        self, alice: User, alice_client: Client
    ) -> None:
        whatif_scenario.build(alice)
        page = _text(alice_client.get("/review/what-if/suggestions/", HTTP_HX_REQUEST="true"))
        assert "<html" not in page
        assert (
            'Minimum hire rate (%)</th> <td data-label="Yours" class="num">50</td> '
            '<td data-label="Best" class="num"><strong>40</strong>' in page
        )
        assert "too few to trust" in page
        assert "Use these" in page

    def test_use_these_saves_and_records_the_change(
        self, alice: User, alice_client: Client
    ) -> None:
        whatif_scenario.build(alice)
        response = alice_client.post("/review/what-if/suggestions/apply/", follow=True)
        assert "Suggested thresholds applied (Minimum hire rate (%))" in _text(response)
        assert thresholds_for(alice).hire_rate_min == 40
        assert ThresholdChange.objects.get(user=alice).source == "suggested"

    def test_use_these_is_a_post(self, alice_client: Client) -> None:
        assert alice_client.get("/review/what-if/suggestions/apply/").status_code == 405


class TestWorthFragment:
    def test_it_explains_why_it_is_hidden(self, alice: User, alice_client: Client) -> None:
        apps = whatif_scenario.build(alice)
        page = _text(alice_client.get(f"/vet/{apps['A4'].vetting_id}/worth/"))
        assert "Not enough history to estimate yet" in page

    def test_the_vetting_page_loads_it(self, alice: User, alice_client: Client) -> None:
        apps = whatif_scenario.build(alice)
        page = alice_client.get(f"/vet/{apps['A4'].vetting_id}/").content.decode()
        assert f'hx-get="/vet/{apps["A4"].vetting_id}/worth/"' in page

    def test_another_users_vetting_is_a_404(self, alice: User, bob_client: Client) -> None:
        apps = whatif_scenario.build(alice)
        assert bob_client.get(f"/vet/{apps['A4'].vetting_id}/worth/").status_code == 404

    def test_the_settings_page_says_how_it_is_computed(self, alice_client: Client) -> None:
        page = _text(alice_client.get("/settings/"))
        assert (
            "(hires in the group + 10 x your overall rate) / (applications in the group + 10)"
            in page
        )
