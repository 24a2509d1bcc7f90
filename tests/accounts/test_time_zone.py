"""The user's time zone: the names, the setting, sign-up, the middleware and the admin."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from django.utils import timezone

from accounts.middleware import UserTimeZoneMiddleware
from accounts.models import User
from accounts.zones import (
    activated_for,
    today_for,
    validate_zone,
    zone_choices,
    zone_names,
    zone_of,
)
from tests.factories import UserFactory


class TestZoneNames:
    def test_every_iana_name_and_utc_are_valid(self) -> None:
        assert {"UTC", "Pacific/Auckland", "America/Los_Angeles", "Asia/Kolkata"} <= zone_names()
        validate_zone("Asia/Kathmandu")

    def test_a_made_up_name_is_refused_with_an_example(self) -> None:
        with pytest.raises(ValidationError) as caught:
            validate_zone("Mars/Olympus_Mons")
        assert caught.value.messages == [
            "“Mars/Olympus_Mons” is not a time zone name. Pick one from the list, "
            "such as Europe/Berlin or America/Los_Angeles."
        ]

    def test_the_choices_are_grouped_by_region_utc_first_and_sorted(self) -> None:
        groups = dict(zone_choices())
        first, *regions = groups
        assert first == "UTC"
        assert regions == sorted(regions)
        assert ("America/Los_Angeles", "Los Angeles") in groups["America"]
        assert ("America/Argentina/Buenos_Aires", "Argentina / Buenos Aires") in groups["America"]
        labels = [label for _, label in groups["Pacific"]]
        assert labels == sorted(labels)
        # Legacy aliases are valid but not offered.
        assert "US" not in groups and "Etc" not in groups
        assert "US/Pacific" in zone_names()


class TestZoneOfAUser:
    def test_today_differs_from_utcs_across_midnight(self) -> None:
        moment = datetime(2026, 11, 30, 11, 30, tzinfo=UTC)
        assert today_for(User(time_zone="Pacific/Auckland"), moment) == date(2026, 12, 1)
        assert today_for(User(time_zone="America/Los_Angeles"), moment) == date(2026, 11, 30)
        assert today_for(User(time_zone="UTC"), moment) == date(2026, 11, 30)

    def test_a_name_the_database_no_longer_knows_reads_as_utc(self) -> None:
        assert zone_of(User(time_zone="Nowhere/Gone")) == ZoneInfo("UTC")
        assert zone_of(None) == ZoneInfo("UTC")

    def test_activated_for_sets_the_zone_and_restores_the_previous_one(self) -> None:
        with activated_for(User(time_zone="Asia/Kolkata")):
            assert timezone.get_current_timezone_name() == "Asia/Kolkata"
            with activated_for("Pacific/Auckland"):
                assert timezone.get_current_timezone_name() == "Pacific/Auckland"
            assert timezone.get_current_timezone_name() == "Asia/Kolkata"
        assert timezone.get_current_timezone_name() == "UTC"


@pytest.mark.django_db
class TestMiddleware:
    def _seen_zone(self, user: object) -> tuple[str, str]:
        seen: list[str] = []

        def view(request: HttpRequest) -> HttpResponse:
            seen.append(timezone.get_current_timezone_name())
            return HttpResponse()

        request = RequestFactory().get("/")
        request.user = user  # type: ignore[assignment]
        UserTimeZoneMiddleware(view)(request)
        return seen[0], timezone.get_current_timezone_name()

    def test_a_logged_in_users_zone_is_active_for_the_request_only(self) -> None:
        user = UserFactory(username="erin", time_zone="Pacific/Auckland")
        assert self._seen_zone(user) == ("Pacific/Auckland", "UTC")

    def test_an_anonymous_request_is_in_the_sites_zone(self) -> None:
        from django.contrib.auth.models import AnonymousUser

        with activated_for("Asia/Tokyo"):  # left over from an earlier request on this thread
            assert self._seen_zone(AnonymousUser()) == ("UTC", "UTC")


@pytest.mark.django_db
class TestSettingsSection:
    def test_the_settings_page_shows_the_section_with_the_users_zone(
        self, alice: User, alice_client: Client
    ) -> None:
        html = alice_client.get("/settings/").content.decode()
        assert 'id="time-zone"' in html
        assert 'action="/accounts/time-zone/"' in html
        assert '<option value="UTC" selected>UTC</option>' in html

    def test_every_page_says_which_zone_its_dates_are_in(
        self, alice: User, alice_client: Client
    ) -> None:
        alice.time_zone = "Asia/Kolkata"
        alice.save(update_fields=["time_zone"])
        html = alice_client.get("/applications/").content.decode()
        assert (
            'Dates in <a href="/settings/#time-zone" data-testid="footer-time-zone">'
            "Asia/Kolkata</a>"
        ) in html

    def test_a_plain_post_saves_and_goes_back_to_the_settings_page(
        self, alice: User, alice_client: Client
    ) -> None:
        response = alice_client.post(
            "/accounts/time-zone/", {"time_zone": "Europe/Berlin"}, follow=True
        )
        assert response.redirect_chain == [("/settings/#time-zone", 302)]
        alice.refresh_from_db()
        assert alice.time_zone == "Europe/Berlin"
        assert "Time zone saved: Europe/Berlin." in response.content.decode()
        assert '<option value="Europe/Berlin" selected>Berlin</option>' in response.content.decode()

    def test_htmx_gets_the_section_back_naming_the_saved_zone(
        self, alice: User, alice_client: Client
    ) -> None:
        response = alice_client.post(
            "/accounts/time-zone/", {"time_zone": "Asia/Kolkata"}, HTTP_HX_REQUEST="true"
        )
        assert response.status_code == 200
        html = response.content.decode()
        assert html.lstrip().startswith('<section class="card" id="time-zone">')
        assert '<strong data-testid="current-time-zone">Asia/Kolkata</strong>' in html
        assert "Saved: dates now follow Asia/Kolkata." in html
        alice.refresh_from_db()
        assert alice.time_zone == "Asia/Kolkata"

    @pytest.mark.parametrize("htmx", [False, True])
    def test_a_bad_zone_is_a_message_naming_the_field_not_a_500(
        self, alice: User, alice_client: Client, htmx: bool
    ) -> None:
        headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
        response = alice_client.post("/accounts/time-zone/", {"time_zone": "Mars/Base"}, **headers)
        assert response.status_code == 200
        assert response.context["time_zone_form"].errors == {
            "time_zone": [
                "“Mars/Base” is not a time zone name. Pick one from the list, "
                "such as Europe/Berlin or America/Los_Angeles."
            ]
        }
        assert "Time zone: “Mars/Base” is not a time zone name." in response.content.decode()
        alice.refresh_from_db()
        assert alice.time_zone == "UTC"

    def test_an_empty_zone_is_refused(self, alice: User, alice_client: Client) -> None:
        response = alice_client.post("/accounts/time-zone/", {"time_zone": ""})
        assert response.context["time_zone_form"].errors == {
            "time_zone": ["This field is required."]
        }

    def test_it_changes_only_the_logged_in_users_zone(
        self, alice: User, bob: User, alice_client: Client
    ) -> None:
        alice_client.post("/accounts/time-zone/", {"time_zone": "Europe/Paris", "user": bob.pk})
        bob.refresh_from_db()
        alice.refresh_from_db()
        assert (alice.time_zone, bob.time_zone) == ("Europe/Paris", "UTC")

    def test_it_needs_a_login(self) -> None:
        response = Client().post("/accounts/time-zone/", {"time_zone": "Europe/Paris"})
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
class TestSignup:
    FORM = {
        "username": "carol",
        "email": "carol@example.com",
        "password1": "a-long-unusual-passphrase",
        "password2": "a-long-unusual-passphrase",
    }

    def test_the_form_asks_the_browser_for_its_zone(self) -> None:
        html = Client().get("/accounts/signup/").content.decode()
        assert 'data-time-zone="browser"' in html
        assert '<script src="/static/js/time-zone.js" defer></script>' in html

    def test_a_sign_up_keeps_the_zone_it_was_given(self) -> None:
        response = Client().post(
            "/accounts/signup/", {**self.FORM, "time_zone": "Pacific/Auckland"}
        )
        assert response.status_code == 302
        assert User.objects.get(username="carol").time_zone == "Pacific/Auckland"

    def test_a_sign_up_without_a_zone_is_utc(self) -> None:
        Client().post("/accounts/signup/", self.FORM)
        assert User.objects.get(username="carol").time_zone == "UTC"

    def test_a_bad_zone_is_refused_on_its_field(self) -> None:
        response = Client().post("/accounts/signup/", {**self.FORM, "time_zone": "Atlantis/Sea"})
        assert response.status_code == 200
        assert list(response.context["form"].errors) == ["time_zone"]
        assert "Time zone: “Atlantis/Sea” is not a time zone name." in response.content.decode()
        assert not User.objects.filter(username="carol").exists()


@pytest.mark.django_db
class TestAdmin:
    def test_the_admin_shows_and_saves_the_zone(self) -> None:
        staff = User.objects.create_superuser("root", "root@example.com", "pw-for-the-admin")
        erin = UserFactory(username="erin", time_zone="Pacific/Auckland")
        client = Client()
        client.force_login(staff)

        listing = client.get("/admin/accounts/user/").content.decode()
        change = client.get(f"/admin/accounts/user/{erin.pk}/change/").content.decode()

        assert "Pacific/Auckland" in listing
        assert 'name="time_zone"' in change and 'value="Pacific/Auckland"' in change

    def test_the_model_refuses_a_bad_zone(self) -> None:
        user = UserFactory.build(username="frank", time_zone="Nowhere/Gone")
        with pytest.raises(ValidationError) as caught:
            user.full_clean()
        assert list(caught.value.message_dict) == ["time_zone"]


class TestTimeZoneDatabaseCheck:
    def test_it_is_quiet_when_the_zones_are_there(self) -> None:
        from accounts.checks import time_zone_database_check

        assert time_zone_database_check() == []

    def test_it_warns_when_only_utc_is_known(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from accounts import checks

        monkeypatch.setattr(checks, "zone_names", lambda: frozenset({"UTC"}))
        [warning] = checks.time_zone_database_check()
        assert warning.id == "accounts.W002"
        assert warning.msg == "No IANA time zone database was found: users can only choose UTC."


@pytest.mark.django_db
class TestSetTimeZoneCommand:
    def test_it_sets_the_zone_and_says_the_time_there(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        import io

        from django.core.management import call_command

        monkeypatch.setattr(
            "django.utils.timezone.now", lambda: datetime(2026, 11, 30, 11, 30, tzinfo=UTC)
        )
        erin = UserFactory(username="erin")
        out = io.StringIO()
        call_command("set_time_zone", "--user", "erin", "Pacific/Auckland", stdout=out)
        erin.refresh_from_db()
        assert erin.time_zone == "Pacific/Auckland"
        assert out.getvalue() == (
            "Time zone of erin: Pacific/Auckland (it is Dec 01, 2026 00:30 NZDT there).\n"
        )

    def test_a_bad_zone_is_an_error_naming_the_field(self) -> None:
        from django.core.management import CommandError, call_command

        UserFactory(username="erin")
        with pytest.raises(CommandError) as caught:
            call_command("set_time_zone", "--user", "erin", "Moon/Base")
        assert str(caught.value) == (
            "time_zone: “Moon/Base” is not a time zone name. Pick one from the list, "
            "such as Europe/Berlin or America/Los_Angeles."
        )
        assert User.objects.get(username="erin").time_zone == "UTC"
