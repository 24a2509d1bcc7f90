"""POST /api/v1/vet: a job page in, the verdict, every rule and the facts out."""

from __future__ import annotations

import pytest

from accounts.models import User
from tests.api.conftest import ApiClient
from tests.api.helpers import CAPTURED_AT, page, vet_json
from vetting.facts import JobFacts
from vetting.models import RuleResult, Vetting
from vetting.rules import RULES, Thresholds
from vetting.services import vetting_settings_save

pytestmark = pytest.mark.django_db

URL = "/api/v1/vet"
ISO = "Give a date and time in ISO 8601, like 2026-01-12T09:30:00Z."
FUTURE = "This moment is in the future: check the device's clock."
JOB_URL = "https://www.upwork.com/jobs/~022007163664429408020"


def test_it_stores_the_vetting_and_answers_201_with_the_verdict(
    alice: User, alice_api: ApiClient
) -> None:
    response = alice_api.post(
        URL, {"text": page("job_page_fixed_intermediate.txt"), "captured_at": CAPTURED_AT}
    )

    assert response.status_code == 201
    body = response.json()
    vetting = Vetting.objects.get(owner=alice)
    assert body["id"] == vetting.pk
    assert body["verdict"] == "skip"
    assert body["score"] == 43
    assert (vetting.verdict, vetting.score, vetting.source) == ("skip", 43, "api")
    assert RuleResult.objects.filter(vetting=vetting).count() == len(RULES)
    assert body["app_url"] == f"http://testserver/vet/{vetting.pk}/"
    assert response["Location"] == f"/api/v1/vettings/{vetting.pk}"


def test_its_facts_have_the_keys_and_values_of_vet_json(alice_api: ApiClient) -> None:
    cli = vet_json("job_page_fixed_intermediate.txt")

    body = alice_api.post(
        URL, {"text": page("job_page_fixed_intermediate.txt"), "captured_at": CAPTURED_AT}
    ).json()

    # Every fact, and where each was read (text, embedded data, link): the keys of vet --json.
    assert set(body["facts"]) == set(JobFacts.field_names()) | {"sources"} == set(cli["facts"])
    assert body["facts"] == cli["facts"]
    assert body["facts"]["connects_required"] == 14
    assert (body["verdict"], body["score"]) == (cli["verdict"], cli["score"])


def test_its_rules_are_every_rule_fails_first_with_reasons(alice_api: ApiClient) -> None:
    cli = vet_json("job_page_fixed_intermediate.txt")

    body = alice_api.post(
        URL, {"text": page("job_page_fixed_intermediate.txt"), "captured_at": CAPTURED_AT}
    ).json()

    assert {(r["code"], r["status"], r["reason"]) for r in body["rules"]} == {
        (r["code"], r["status"], r["reason"]) for r in cli["rules"]
    }
    assert [r["status"] for r in body["rules"]][:4] == ["fail", "fail", "warn", "warn"]
    first = body["rules"][0]
    assert (first["code"], first["title"], first["decisive"]) == (
        "hire_rate",
        "Client hire rate",
        True,
    )
    # 100 minus the points every result took off is the score.
    assert 100 - sum(r["weight"] for r in body["rules"]) == body["score"] == 43


def test_it_prices_the_proposal_at_the_users_price(alice_api: ApiClient) -> None:
    body = alice_api.post(
        URL, {"text": page("job_page_fixed_intermediate.txt"), "captured_at": CAPTURED_AT}
    ).json()

    assert body["connects_required"] == 14
    assert body["connects_usd"] == "2.10"  # 14 x $0.15


def test_it_reads_a_saved_html_page_and_keeps_its_visible_text(
    alice: User, alice_api: ApiClient
) -> None:
    response = alice_api.post(
        URL, {"html": page("job_page_fixed_intermediate.html"), "captured_at": CAPTURED_AT}
    )

    assert response.status_code == 201
    body = response.json()
    assert (body["verdict"], body["score"]) == ("skip", 43)
    assert body["facts"]["job_url"] == JOB_URL
    vetting = Vetting.objects.get(owner=alice)
    assert vetting.job.ciphertext == "~022007163664429408020"
    assert "<div" not in vetting.raw_text
    assert "n8n Workflow Developer" in vetting.raw_text


def test_the_url_sent_names_the_job(alice: User, alice_api: ApiClient) -> None:
    body = alice_api.post(
        URL,
        {
            "text": page("job_page_fixed_intermediate.txt"),
            "url": JOB_URL,
            "captured_at": CAPTURED_AT,
        },
    ).json()

    assert body["facts"]["job_url"] == JOB_URL
    assert Vetting.objects.get(pk=body["id"]).job.url == JOB_URL


def test_a_second_capture_of_the_same_job_adds_a_vetting_to_that_job(
    alice: User, alice_api: ApiClient
) -> None:
    payload = {"html": page("job_page_fixed_intermediate.html"), "captured_at": CAPTURED_AT}
    first = alice_api.post(URL, payload).json()
    second = alice_api.post(URL, payload).json()

    assert first["id"] != second["id"]
    assert Vetting.objects.get(pk=first["id"]).job_id == Vetting.objects.get(pk=second["id"]).job_id


def test_save_false_scores_and_writes_nothing(alice: User, alice_api: ApiClient) -> None:
    response = alice_api.post(
        URL,
        {
            "text": page("job_page_fixed_intermediate.txt"),
            "captured_at": CAPTURED_AT,
            "save": False,
        },
    )

    assert response.status_code == 200
    body = response.json()
    assert body["id"] is None
    assert body["app_url"] is None
    assert (body["verdict"], body["score"]) == ("skip", 43)
    assert body["facts"] == vet_json("job_page_fixed_intermediate.txt")["facts"]
    assert Vetting.objects.count() == 0


def test_it_judges_with_the_users_own_thresholds(alice: User, alice_api: ApiClient) -> None:
    # Alice does not treat a low hire rate as decisive: the job is a caution, not a skip.
    vetting_settings_save(
        user=alice, thresholds=Thresholds(decisive=frozenset({"payment_verified"}))
    )

    body = alice_api.post(
        URL,
        {"text": page("job_page_fixed_intermediate.txt"), "captured_at": CAPTURED_AT},
    ).json()

    assert body["verdict"] == "caution"
    assert [r["code"] for r in body["rules"] if r["decisive"]] == ["payment_verified"]


def test_a_page_with_too_few_facts_is_a_422_that_says_what_is_missing(
    alice: User, alice_api: ApiClient
) -> None:
    response = alice_api.post(URL, {"text": "Hello, I would like a website."})

    assert response.status_code == 422
    body = response.json()
    assert "No job title, no connects cost and no client details" in body["detail"]
    assert body["errors"]["text"] == body["detail"]
    assert Vetting.objects.count() == 0


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({}, "text", "Send the job page: its text (Ctrl+A, Ctrl+C) or its HTML."),
        ({"text": "   "}, "text", "Send the job page: its text (Ctrl+A, Ctrl+C) or its HTML."),
        ({"text": "a", "html": "<p>b</p>"}, "html", "Send the page as text or as html, not both."),
        ({"text": 12}, "text", "Give text (a JSON string)."),
        ({"text": "x", "save": "maybe"}, "save", "Use true or false."),
        ({"text": "x", "url": "ftp://x"}, "url", "Give the job's web address, starting with https://."),
        ({"text": "x", "captured_at": "yesterday"}, "captured_at", ISO),
        ({"text": "x", "captured_at": "2999-01-01T00:00:00Z"}, "captured_at", FUTURE),
    ],
)  # fmt: skip
def test_bad_input_gets_a_message_on_its_field(
    alice_api: ApiClient, payload: dict[str, object], field: str, message: str
) -> None:
    response = alice_api.post(URL, payload)

    assert response.status_code == 422
    assert response.json()["errors"] == {field: message}
    assert Vetting.objects.count() == 0


def test_a_paste_over_1_mb_is_refused_on_its_field(alice_api: ApiClient) -> None:
    response = alice_api.post(URL, {"text": "x" * (1024 * 1024 + 1)})

    assert response.status_code == 422
    assert response.json()["errors"] == {"text": "The text is 1.00 MB; the limit is 1 MB."}


def test_a_body_that_is_not_json_is_a_400_in_words(alice_api: ApiClient) -> None:
    response = alice_api.post(URL, "{not json")

    assert response.status_code == 400
    assert response.json()["detail"].startswith("The body is not valid JSON")


def test_a_json_array_is_a_422_asking_for_the_page(alice_api: ApiClient) -> None:
    response = alice_api.post(URL, "[1, 2]")

    assert response.status_code == 422
    assert response.json()["errors"] == {
        "text": "Send the job page: its text (Ctrl+A, Ctrl+C) or its HTML."
    }


def test_nul_characters_are_dropped_not_refused(alice: User, alice_api: ApiClient) -> None:
    text = page("job_page_fixed_intermediate.txt").replace("Posted", "Po\x00sted", 1)

    response = alice_api.post(URL, {"text": text, "captured_at": CAPTURED_AT})

    assert response.status_code == 201
    assert "\x00" not in Vetting.objects.get(owner=alice).raw_text
