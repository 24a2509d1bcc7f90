"""The vetting pages: paste, by hand, the verdict, re-score, skip, jobs, settings, and bob."""

from __future__ import annotations

import re
from datetime import datetime
from html import unescape
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from tests.factories import JobFactory, VettingFactory
from tests.vetting.test_services import good_job
from vetting import services
from vetting.facts import JobFacts
from vetting.forms import FactsForm
from vetting.models import Decision, Job, RuleResult, Vetting, VettingSettings
from vetting.rules import RULES, Thresholds

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "jobs"
VET_URL = "/vet/"


@pytest.fixture
def now() -> datetime:
    return timezone.now()


def text_of(response: object) -> str:
    """The page's visible words, one space apart, for assertions on what the user reads."""
    html = response.content.decode()  # type: ignore[attr-defined]
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def vet_good(owner: User, now: datetime, **changes: object) -> Vetting:
    return services.vetting_create(
        owner=owner, facts=good_job(now, **changes), raw_text="the page", source="paste", now=now
    )


def facts_post(facts: JobFacts) -> dict[str, str]:
    """What the facts form on the verdict page posts back when nothing is changed."""
    form = FactsForm(initial=FactsForm.initial_from(facts))
    data: dict[str, str] = {}
    for name in JobFacts.editable_names():
        bound = form[name]
        shown = bound.field.widget.format_value(bound.value())
        if isinstance(shown, list):  # a select's chosen values
            shown = shown[0] if shown else ""
        data[name] = "" if shown is None else str(shown)
    return data


class TestUrls:
    def test_the_urls_are_where_the_other_pages_expect_them(self) -> None:
        assert reverse("vetting:vet") == "/vet/"
        assert reverse("vetting:vet_manual") == "/vet/manual/"
        assert reverse("vetting:vetting_detail", args=[7]) == "/vet/7/"
        assert reverse("vetting:vetting_rescore", args=[7]) == "/vet/7/rescore/"
        assert reverse("vetting:vetting_skip", args=[7]) == "/vet/7/skip/"
        assert reverse("vetting:jobs") == "/jobs/"
        assert reverse("vetting:job_detail", args=[7]) == "/jobs/7/"
        assert reverse("vetting:settings") == "/settings/vetting/"

    def test_every_page_needs_a_login(self, client: Client) -> None:
        response = client.get(VET_URL)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


class TestVetPage:
    def test_it_shows_the_paste_box_the_url_the_upload_and_the_by_hand_link(
        self, alice_client: Client
    ) -> None:
        response = alice_client.get(VET_URL)

        assert response.status_code == 200
        html = response.content.decode()
        assert "<title>Vet a job · Bidbook</title>" in html
        assert 'enctype="multipart/form-data"' in html
        assert 'class="paste-box"' in html
        assert 'name="job_url"' in html
        assert 'type="file" name="file"' in html
        assert 'href="/vet/manual/"' in html

    def test_an_empty_paste_keeps_the_page_and_asks_for_the_job(self, alice_client: Client) -> None:
        response = alice_client.post(VET_URL, {"text": "  ", "job_url": ""})

        assert response.status_code == 200
        assert "Job page: Paste the job page here, or choose a saved page to upload." in text_of(
            response
        )
        assert Vetting.objects.count() == 0

    def test_a_paste_over_1_mb_is_refused_with_a_message(self, alice_client: Client) -> None:
        response = alice_client.post(VET_URL, {"text": "x" * (1024 * 1024 + 10)})

        assert response.status_code == 200
        assert (
            "Job page: The paste is over 1 MB (1.00 MB), so it was refused and not kept."
            in text_of(response)
        )
        assert "x" * 100 not in response.content.decode()
        assert Vetting.objects.count() == 0

    def test_an_upload_over_5_mb_is_refused_with_a_message(self, alice_client: Client) -> None:
        upload = SimpleUploadedFile("job.html", b"x" * (5 * 1024 * 1024 + 1), "text/html")

        response = alice_client.post(VET_URL, {"text": "", "file": upload})

        assert response.status_code == 200
        assert "Or upload a saved page: The file is 5.00 MB; the limit is 5 MB." in text_of(
            response
        )
        assert Vetting.objects.count() == 0

    def test_an_upload_too_big_for_the_server_to_hold_is_refused_with_a_message(
        self, alice_client: Client
    ) -> None:
        # Over the 6 MB in-memory upload limit, Django drops the file before the form sees it.
        upload = SimpleUploadedFile("job.html", b"x" * (7 * 1024 * 1024), "text/html")

        response = alice_client.post(VET_URL, {"text": "", "file": upload})

        assert response.status_code == 200
        assert "Or upload a saved page: The file is over 5 MB (7.00 MB sent)" in text_of(response)
        assert Vetting.objects.count() == 0

    def test_a_get_only_page_refuses_other_methods(self, alice_client: Client) -> None:
        assert alice_client.put(VET_URL).status_code == 405


JOB_PAGE = "job_page_fixed_intermediate.txt"
JOB_URL = "https://www.upwork.com/jobs/~022007163664429408020"


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


class TestPaste:
    def test_a_pasted_job_page_is_vetted_with_every_rule_and_its_reason(
        self, alice_client: Client, alice: User
    ) -> None:
        response = alice_client.post(VET_URL, {"text": fixture(JOB_PAGE), "job_url": ""})

        vetting = Vetting.objects.get()
        assert response.status_code == 302
        assert response["Location"] == f"/vet/{vetting.pk}/"
        assert (vetting.owner, vetting.source, vetting.verdict, vetting.score) == (
            alice,
            "paste",
            "skip",
            43,  # the client gave its one rated freelancer 3.4 stars: 6 points
        )
        assert vetting.raw_text == fixture(JOB_PAGE)
        assert vetting.job.title == "n8n Workflow Developer for Risk Data Analysis"
        assert (vetting.job.connects_required, vetting.facts["client_hire_rate"]) == (14, 27)
        statuses = dict(vetting.rule_results.values_list("code", "status"))
        assert list(statuses) == [rule.code for rule in RULES]
        assert statuses == {
            "hire_rate": "fail",
            "idle_job": "warn",
            "interview_activity": "warn",
            "already_hired": "pass",
            "payment_verified": "pass",
            "description_quality": "pass",
            "competition": "pass",
            "ghost_job": "pass",
            "client_spend": "pass",
            "client_rating": "warn",
            "client_ratings_given": "fail",
            "client_age": "pass",
            "avg_hourly_rate": "pass",
            "connects_cost": "pass",
        }
        words = text_of(alice_client.get(response["Location"]))
        assert "✕ Skip Score 43/100" in words
        assert "Fail Client hire rate" in words
        assert "Hire rate 27%: 5 hires from 19 jobs posted; your bar is 50%" in words

    def test_the_same_url_pasted_again_is_the_same_job_and_shows_what_changed(
        self, alice_client: Client
    ) -> None:
        page = fixture(JOB_PAGE)
        alice_client.post(VET_URL, {"text": page, "job_url": JOB_URL})
        later = page.replace("Interviewing:\n0", "Interviewing:\n2").replace(
            "Proposals:\n", "Proposals:\n10 to 15\n", 1
        )

        response = alice_client.post(VET_URL, {"text": later, "job_url": JOB_URL})

        job = Job.objects.get()
        assert job.ciphertext == "~022007163664429408020"
        assert job.vettings.count() == 2
        words = text_of(alice_client.get(response["Location"]))
        assert "What changed since the last paste" in words
        assert "Proposals 5 to 10 → 10 to 15" in words
        assert "Interviewing 0 → 2" in words

    def test_the_same_title_and_client_without_a_url_is_the_same_job(
        self, alice_client: Client
    ) -> None:
        page = fixture("activity_and_client_paste.txt")

        alice_client.post(VET_URL, {"text": page})
        alice_client.post(VET_URL, {"text": page})

        job = Job.objects.get()
        assert job.title == "Senior Web Developer - WordPress + WooCommerce"
        assert job.vettings.count() == 2

    def test_a_saved_html_page_can_be_uploaded_instead(
        self, alice_client: Client, alice: User
    ) -> None:
        html = (FIXTURES / "job_page_fixed_intermediate.html").read_bytes()
        upload = SimpleUploadedFile("job.html", html, "text/html")

        response = alice_client.post(VET_URL, {"text": "", "file": upload})

        vetting = Vetting.objects.get()
        assert response["Location"] == f"/vet/{vetting.pk}/"
        # Posted when its link's id says (Jan 2, 2026), not "2 weeks" before the upload.
        # And 6 points for the client's harsh rating of its freelancer (3.4 stars).
        assert (vetting.source, vetting.verdict, vetting.score) == ("upload", "skip", 23)
        assert vetting.job.ciphertext == "~022007163664429408020"
        assert vetting.job.url == JOB_URL
        # The visible text is kept, never the markup.
        assert "n8n Workflow Developer for Risk Data Analysis" in vetting.raw_text
        assert "<" not in vetting.raw_text
        assert vetting.rule_results.count() == len(RULES)

    def test_a_page_uploaded_after_a_paste_of_it_joins_the_same_job(
        self, alice_client: Client
    ) -> None:
        alice_client.post(VET_URL, {"text": fixture(JOB_PAGE)})
        html = (FIXTURES / "job_page_fixed_intermediate.html").read_bytes()

        alice_client.post(VET_URL, {"file": SimpleUploadedFile("job.html", html, "text/html")})

        job = Job.objects.get()
        assert (job.ciphertext, job.vettings.count()) == ("~022007163664429408020", 2)

    def test_garbage_keeps_the_text_and_says_what_was_missing(self, alice_client: Client) -> None:
        response = alice_client.post(VET_URL, {"text": "Dear diary,\ntoday I <b>ate</b> cake."})

        assert response.status_code == 200
        assert "Dear diary,\ntoday I &lt;b&gt;ate&lt;/b&gt; cake.</textarea>" in (
            response.content.decode()
        )
        assert (
            "No job title, no connects cost and no client details were found: is this an "
            "Upwork job page?" in text_of(response)
        )
        assert Vetting.objects.count() == Job.objects.count() == 0

    def test_a_scrap_of_a_page_names_the_facts_it_lacks(self, alice_client: Client) -> None:
        scrap = "Logo design for a bakery\nPosted 2 hours ago\nWorldwide\nWe need a logo."

        response = alice_client.post(VET_URL, {"text": scrap})

        assert response.status_code == 200
        assert (
            "Only 2 facts were found on the page, with no connects cost and no client details"
            in text_of(response)
        )
        assert "Logo design for a bakery" in response.content.decode()
        assert Vetting.objects.count() == 0

    def test_an_uploaded_file_that_is_not_a_job_page_says_so(self, alice_client: Client) -> None:
        upload = SimpleUploadedFile("cat.png", bytes(range(256)) * 10, "image/png")

        response = alice_client.post(VET_URL, {"text": "", "file": upload})

        assert response.status_code == 200
        assert "is this an Upwork job page?" in text_of(response)
        assert Vetting.objects.count() == 0


class TestVetManual:
    def test_a_job_filled_in_by_hand_is_vetted(self, alice_client: Client, alice: User) -> None:
        response = alice_client.post(
            "/vet/manual/",
            {
                "title": "Logo for a bakery",
                "connects_required": "8",
                "client_hire_rate": "20",
                "client_jobs_posted": "10",
                "client_hires": "2",
                "payment_verified": "true",
            },
        )

        vetting = Vetting.objects.get()
        assert response.status_code == 302
        assert response["Location"] == f"/vet/{vetting.pk}/"
        assert (vetting.owner, vetting.source, vetting.raw_text) == (alice, "form", "")
        assert (vetting.verdict, vetting.job.title) == ("skip", "Logo for a bakery")
        assert vetting.rule_results.get(code="hire_rate").status == "fail"
        assert vetting.rule_results.count() == len(RULES)

    def test_a_bad_value_names_the_field_and_saves_nothing(self, alice_client: Client) -> None:
        response = alice_client.post("/vet/manual/", {"title": "Logo", "client_hire_rate": "250"})

        assert response.status_code == 200
        assert "Client hire rate (%): Ensure this value is less than or equal to 100." in text_of(
            response
        )
        assert Vetting.objects.count() == 0

    def test_the_form_shows_every_fact(self, alice_client: Client) -> None:
        html = alice_client.get("/vet/manual/").content.decode()
        for name in JobFacts.editable_names():
            assert f'name="{name}"' in html


class TestVettingDetail:
    def test_it_shows_the_verdict_the_score_every_rule_and_the_actions(
        self, alice_client: Client, alice: User, now: datetime
    ) -> None:
        vetting = vet_good(alice, now, client_hire_rate=20, connects_required=21)

        response = alice_client.get(f"/vet/{vetting.pk}/")

        assert response.status_code == 200
        html = response.content.decode()
        words = text_of(response)
        assert 'class="verdict-banner verdict-skip"' in html
        assert "✕ Skip Score 70/100 70/100 1 failed, 0 warned, 0 unknown, 13 passed." in words
        assert "Failed a rule that means skip: Client hire rate." in words
        assert html.count('<li id="rule-') == len(RULES)
        # Fails first.
        assert words.index("Fail Client hire rate") < words.index("Pass Idle job")
        assert "Hire rate 20%: 8 hires from 10 jobs posted; your bar is 50%" in words
        assert f'href="/applications/new/?vetting={vetting.pk}"' in html
        assert f'action="/vet/{vetting.pk}/skip/"' in html
        assert "Skip and keep 21 connects" in words
        assert f'action="/vet/{vetting.pk}/rescore/"' in html
        assert 'name="client_hire_rate" value="20"' in html
        assert "What changed since the last paste" not in words

    def test_on_a_skip_verdict_skipping_is_the_primary_button(
        self, alice_client: Client, alice: User, now: datetime
    ) -> None:
        vetting = vet_good(alice, now, client_hire_rate=20, connects_required=21)
        assert vetting.verdict == "skip"

        html = alice_client.get(f"/vet/{vetting.pk}/").content.decode()

        assert '<button type="submit" class="button primary">Skip and keep 21 connects' in html
        assert f'<a class="button" href="/applications/new/?vetting={vetting.pk}">I applied' in html
        assert html.index("Skip and keep 21 connects") < html.index("I applied</a>")

    def test_on_an_apply_verdict_i_applied_is_the_primary_button(
        self, alice_client: Client, alice: User, now: datetime
    ) -> None:
        vetting = vet_good(alice, now, connects_required=21)
        assert vetting.verdict == "apply"

        html = alice_client.get(f"/vet/{vetting.pk}/").content.decode()

        assert (
            f'<a class="button primary" href="/applications/new/?vetting={vetting.pk}">I applied'
            in html
        )
        assert '<button type="submit" class="button">Skip and keep 21 connects' in html

    def test_a_repaste_shows_what_changed_since_the_last_one(
        self, alice_client: Client, alice: User, now: datetime
    ) -> None:
        vet_good(alice, now, interviewing=1)
        again = vet_good(alice, now, interviewing=3)

        words = text_of(alice_client.get(f"/vet/{again.pk}/"))

        assert "What changed since the last paste Interviewing 1 → 3" in words

    def test_stored_facts_that_no_longer_load_still_show_the_page(
        self, alice_client: Client, alice: User
    ) -> None:
        vetting = VettingFactory(job__owner=alice, facts={"posted_at": "yesterday"})

        assert alice_client.get(f"/vet/{vetting.pk}/").status_code == 200


class TestRescore:
    def test_a_corrected_value_makes_a_new_vetting_and_leaves_the_old_one(
        self, alice_client: Client, alice: User, now: datetime
    ) -> None:
        old = vet_good(alice, now, client_hire_rate=20)
        data = facts_post(good_job(now, client_hire_rate=20))
        data["client_hire_rate"] = "80"

        response = alice_client.post(f"/vet/{old.pk}/rescore/", data)

        new = Vetting.objects.exclude(pk=old.pk).get()
        assert response.status_code == 302
        assert response["Location"] == f"/vet/{new.pk}/"
        assert (new.verdict, new.score, new.source) == ("apply", 100, "edit")
        assert (new.job_id, new.raw_text) == (old.job_id, "the page")
        assert new.facts["client_hire_rate"] == 80
        old.refresh_from_db()
        assert (old.verdict, old.score, old.facts["client_hire_rate"]) == ("skip", 70, 20)
        assert old.rule_results.get(code="hire_rate").status == "fail"
        words = text_of(alice_client.get(response["Location"]))
        assert "Verdict skip → apply" in words
        assert "Client hire rate 20% → 80%" in words

    def test_a_bad_correction_names_the_field_and_saves_nothing(
        self, alice_client: Client, alice: User, now: datetime
    ) -> None:
        old = vet_good(alice, now)
        data = facts_post(good_job(now))
        data["connects_required"] = "9000"

        response = alice_client.post(f"/vet/{old.pk}/rescore/", data)

        assert response.status_code == 200
        assert "Connects required: Ensure this value is less than or equal to 500." in text_of(
            response
        )
        assert Vetting.objects.count() == 1

    def test_it_only_takes_a_post(self, alice_client: Client, alice: User, now: datetime) -> None:
        vetting = vet_good(alice, now)
        assert alice_client.get(f"/vet/{vetting.pk}/rescore/").status_code == 405


class TestSkip:
    def test_skip_records_the_decision_once_and_says_what_it_kept(
        self, alice_client: Client, alice: User, now: datetime
    ) -> None:
        vetting = vet_good(alice, now, connects_required=16)

        response = alice_client.post(f"/vet/{vetting.pk}/skip/", follow=True)
        alice_client.post(f"/vet/{vetting.pk}/skip/")

        decision = Decision.objects.get()
        assert (decision.owner, decision.vetting, decision.connects_saved) == (alice, vetting, 16)
        assert decision.decided_on == timezone.localdate()
        words = text_of(response)
        assert "Skipped: 16 connects kept" in words
        assert "Skip and keep" not in words

    def test_it_only_takes_a_post(self, alice_client: Client, alice: User, now: datetime) -> None:
        vetting = vet_good(alice, now)
        assert alice_client.get(f"/vet/{vetting.pk}/skip/").status_code == 405
        assert Decision.objects.count() == 0


class TestJobs:
    def test_an_empty_list_says_how_to_start(self, alice_client: Client) -> None:
        response = alice_client.get("/jobs/")
        assert response.status_code == 200
        assert "No jobs vetted yet" in text_of(response)

    def test_it_lists_each_job_with_its_latest_verdict(
        self, alice_client: Client, alice: User, now: datetime
    ) -> None:
        vet_good(alice, now, client_hire_rate=20)
        latest = vet_good(alice, now)

        response = alice_client.get("/jobs/")

        html = response.content.decode()
        words = text_of(response)
        assert "Django booking flow for a clinic Apply 100/100 16 connects 2" in words
        assert f'href="/vet/{latest.pk}/"' in html
        assert f'href="/jobs/{latest.job_id}/"' in html

    def test_search_keeps_the_matching_jobs(self, alice_client: Client, alice: User) -> None:
        VettingFactory(job__owner=alice, job__title="Shopify theme fixes")
        VettingFactory(job__owner=alice, job__title="Django REST API")

        words = text_of(alice_client.get("/jobs/", {"q": "shopify"}))

        assert "Shopify theme fixes" in words
        assert "Django REST API" not in words
        assert "1 job matching “shopify”" in words

    def test_a_search_without_matches_says_so(self, alice_client: Client, alice: User) -> None:
        VettingFactory(job__owner=alice, job__title="Shopify theme fixes")

        words = text_of(alice_client.get("/jobs/", {"q": "wordpress"}))

        assert "No job matches “wordpress”" in words

    def test_odd_search_input_never_breaks_the_page(
        self, alice_client: Client, alice: User
    ) -> None:
        VettingFactory(job__owner=alice, job__title="Shopify theme fixes")

        for q in ("shop\x00ify", "%", "_", "' OR 1=1 --", "x" * 5000):
            assert alice_client.get("/jobs/", {"q": q}).status_code == 200, q
        assert "Shopify theme fixes" in text_of(alice_client.get("/jobs/", {"q": "shop\x00ify"}))

    def test_it_pages_by_fifty(self, alice_client: Client, alice: User) -> None:
        for _ in range(51):
            VettingFactory(job__owner=alice)

        first = text_of(alice_client.get("/jobs/"))
        second = alice_client.get("/jobs/", {"page": "2"})

        assert "51 jobs; showing 1\u201350." in first
        assert "Page 1 of 2" in first
        assert "51 jobs; showing 51\u201351." in text_of(second)
        assert alice_client.get("/jobs/", {"page": "zzz"}).status_code == 200

    def test_the_number_of_queries_does_not_grow_with_the_jobs(
        self, alice_client: Client, alice: User
    ) -> None:
        def queries_for(count: int) -> int:
            Job.objects.all().delete()
            for _ in range(count):
                job = JobFactory(owner=alice)
                VettingFactory(job=job)
                VettingFactory(job=job)
            alice_client.get("/jobs/")  # warm the session
            with CaptureQueriesContext(connection) as queries:
                response = alice_client.get("/jobs/")
            assert response.status_code == 200
            return len(queries)

        assert queries_for(5) == queries_for(40)


class TestJobDetail:
    def test_it_shows_every_vetting_newest_first_with_the_trend(
        self, alice_client: Client, alice: User, now: datetime
    ) -> None:
        first = vet_good(alice, now, client_hire_rate=20)
        second = vet_good(alice, now)

        response = alice_client.get(f"/jobs/{first.job_id}/")

        assert response.status_code == 200
        words = text_of(response)
        assert "score 70 → 100" in words
        assert words.index("Apply 100/100 ▲ +30") < words.index("Skip 70/100 first")
        html = response.content.decode()
        assert html.index(f'href="/vet/{second.pk}/"') < html.index(f'href="/vet/{first.pk}/"')


class TestSettings:
    def _post(self, client: Client, **changes: object) -> object:
        data: dict[str, object] = {**Thresholds().to_dict(), **changes}
        return client.post("/settings/vetting/", data)

    def test_it_shows_the_defaults(self, alice_client: Client) -> None:
        response = alice_client.get("/settings/vetting/")

        html = response.content.decode()
        assert response.status_code == 200
        assert "<title>Vetting settings · Bidbook</title>" in html
        assert 'action="/settings/vetting/"' in html
        assert 'name="hire_rate_min" value="50"' in html
        assert 'name="decisive" value="hire_rate"' in html

    def test_saved_thresholds_judge_the_next_vetting_and_are_recorded(
        self, alice_client: Client, alice: User, now: datetime
    ) -> None:
        response = self._post(alice_client, hire_rate_min="90", decisive=["hire_rate"])

        assert response.status_code == 302  # type: ignore[attr-defined]
        assert response["Location"] == "/settings/vetting/"  # type: ignore[index]
        stored = VettingSettings.objects.get(user=alice).thresholds
        assert (stored["hire_rate_min"], stored["decisive"]) == (90, ["hire_rate"])
        vetting = vet_good(alice, now)
        assert vetting.verdict == "skip"
        assert (vetting.thresholds["hire_rate_min"], vetting.thresholds["decisive"]) == (
            90,
            ["hire_rate"],
        )

    def test_a_bad_value_names_the_field_and_saves_nothing(
        self, alice_client: Client, alice: User
    ) -> None:
        response = self._post(alice_client, idle_days="-3")

        assert response.status_code == 200  # type: ignore[attr-defined]
        assert (
            "Idle job (days since last view): Ensure this value is greater than or equal to 1."
            in text_of(response)
        )
        assert not VettingSettings.objects.filter(user=alice).exists()

    def test_it_returns_to_a_local_next_page_only(self, alice_client: Client) -> None:
        response = self._post(alice_client, next="/settings/")
        assert response["Location"] == "/settings/"  # type: ignore[index]
        response = self._post(alice_client, next="https://evil.example/")
        assert response["Location"] == "/settings/vetting/"  # type: ignore[index]

    def test_reset_restores_the_defaults(self, alice_client: Client, alice: User) -> None:
        services.vetting_settings_save(user=alice, thresholds=Thresholds(hire_rate_min=90))

        alice_client.post("/settings/vetting/", {"reset": "1"})

        assert VettingSettings.objects.get(user=alice).thresholds == Thresholds().to_dict()


class TestOddUrls:
    @pytest.mark.parametrize(
        "url",
        [
            "/vet/0/",
            "/vet/99999999999999999999999/",
            "/jobs/99999999999999999999999/",
        ],
    )
    def test_an_id_that_does_not_exist_is_a_404(self, alice_client: Client, url: str) -> None:
        assert alice_client.get(url).status_code == 404

    def test_a_skip_of_an_id_out_of_range_is_a_404(self, alice_client: Client) -> None:
        assert alice_client.post("/vet/99999999999999999999999/skip/").status_code == 404


class TestBobCannotReachAlicesData:
    def test_every_vetting_and_job_url_is_a_404_and_nothing_changes(
        self, bob_client: Client, alice: User, now: datetime
    ) -> None:
        vetting = vet_good(alice, now)
        pk, job_pk = vetting.pk, vetting.job_id
        data = facts_post(good_job(now))

        for url in (f"/vet/{pk}/", f"/jobs/{job_pk}/"):
            assert bob_client.get(url).status_code == 404, url
        for url in (f"/vet/{pk}/rescore/", f"/vet/{pk}/skip/"):
            assert bob_client.post(url, data).status_code == 404, url

        assert Vetting.objects.count() == 1
        assert RuleResult.objects.count() == len(RULES)
        assert Decision.objects.count() == 0
        assert Job.objects.get().owner == alice

    def test_bobs_jobs_list_does_not_show_alices_jobs(
        self, bob_client: Client, alice: User, now: datetime
    ) -> None:
        vet_good(alice, now)
        assert "No jobs vetted yet" in text_of(bob_client.get("/jobs/"))

    def test_bobs_settings_do_not_touch_alices(self, bob_client: Client, alice: User) -> None:
        services.vetting_settings_save(user=alice, thresholds=Thresholds(hire_rate_min=90))

        bob_client.post("/settings/vetting/", {"reset": "1"})

        assert VettingSettings.objects.get(user=alice).thresholds["hire_rate_min"] == 90
