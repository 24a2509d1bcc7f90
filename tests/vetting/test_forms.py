"""vetting.forms: the paste limits, the facts form's fields and ranges, the thresholds form."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import QueryDict

from vetting.facts import JobFacts
from vetting.forms import (
    PASTE_MAX_BYTES,
    UPLOAD_MAX_BYTES,
    FactsForm,
    PasteForm,
    ThresholdsForm,
)
from vetting.rules import RULES, Thresholds


def paste(text: str = "", job_url: str = "", **kwargs: object) -> PasteForm:
    data = QueryDict(mutable=True)
    data.update({"text": text, "job_url": job_url})
    return PasteForm(data, kwargs.pop("files", None), **kwargs)  # type: ignore[arg-type]


class TestPasteForm:
    def test_a_paste_is_the_page_text(self) -> None:
        form = paste("Title\r\nSend a proposal for: 14 Connects")
        assert form.is_valid()
        assert (form.page_text, form.source) == ("Title\nSend a proposal for: 14 Connects", "paste")

    def test_an_empty_paste_asks_for_the_page(self) -> None:
        form = paste("   \n ")
        assert not form.is_valid()
        assert form.errors["text"] == ["Paste the job page here, or choose a saved page to upload."]

    def test_a_paste_over_1_mb_is_refused_and_not_sent_back(self) -> None:
        form = paste("x" * (PASTE_MAX_BYTES + 1))
        assert not form.is_valid()
        assert form.errors["text"] == [
            "The paste is over 1 MB (1.00 MB), so it was refused and not kept. Copy only the job "
            "page (Ctrl+A, Ctrl+C on the job itself), or save the page and upload the file "
            "instead (up to 5 MB)."
        ]
        assert form["text"].value() == ""

    def test_a_paste_of_exactly_1_mb_is_accepted(self) -> None:
        assert paste("é" * (PASTE_MAX_BYTES // 2)).is_valid()

    def test_an_upload_is_decoded_as_utf8_replacing_what_is_not(self) -> None:
        upload = SimpleUploadedFile("job.html", b"\xef\xbb\xbf<html>Caf\xe9 \x00job</html>")
        form = paste("", files={"file": upload})
        assert form.is_valid()
        assert (form.page_text, form.source) == ("<html>Caf\ufffd job</html>", "upload")

    def test_an_upload_wins_over_a_paste(self) -> None:
        upload = SimpleUploadedFile("job.txt", b"from the file")
        form = paste("left in the box", files={"file": upload})
        assert form.is_valid()
        assert form.page_text == "from the file"

    def test_an_upload_over_5_mb_is_refused(self) -> None:
        upload = SimpleUploadedFile("big.html", b"x" * (UPLOAD_MAX_BYTES + 1))
        form = paste("", files={"file": upload})
        assert not form.is_valid()
        assert form.errors["file"] == [
            "The file is 5.00 MB; the limit is 5 MB. Save only the job page, or copy and paste "
            "it instead."
        ]

    def test_an_upload_too_big_to_reach_the_form_is_explained(self) -> None:
        form = paste("", request_size=7 * 1024 * 1024)
        assert not form.is_valid()
        assert form.errors["file"] == [
            "The file is over 5 MB (7.00 MB sent); the limit is 5 MB. Save only the job page, "
            "or copy and paste it instead."
        ]

    def test_a_bad_job_url_names_the_field(self) -> None:
        form = paste("page", job_url="not a url at all")
        assert not form.is_valid()
        assert form.errors["job_url"] == ["Enter a valid URL."]


class TestFactsForm:
    def test_it_has_one_field_per_fact_and_shows_each_once(self) -> None:
        form = FactsForm()
        assert sorted(form.fields) == sorted(JobFacts.editable_names())
        shown = [f.name for _, narrow, wide in form.groups() for f in [*wide, *narrow]]
        assert sorted(shown) == sorted(JobFacts.editable_names())

    def test_it_round_trips_facts(self) -> None:
        facts = JobFacts(
            title="Logo",
            posted_at=datetime(2026, 1, 10, 8, 30, tzinfo=UTC),
            budget_type="fixed",
            budget_min=Decimal("150.00"),
            budget_max=Decimal("150.00"),
            connects_required=14,
            proposals_min=50,
            payment_verified=False,
            client_rating=Decimal("4.21"),
            client_member_since=date(2021, 9, 8),
        )
        initial = FactsForm.initial_from(facts)
        unbound = FactsForm(initial=initial)
        data = {name: unbound[name].value() for name in JobFacts.editable_names()}
        data = {k: ("" if v is None else v) for k, v in data.items()}
        data["payment_verified"] = "false"

        form = FactsForm(data)

        assert form.is_valid(), form.errors
        assert form.to_facts() == facts

    @pytest.mark.parametrize(
        ("field", "value", "error"),
        [
            ("connects_required", "501", "Ensure this value is less than or equal to 500."),
            ("connects_required", "-1", "Ensure this value is greater than or equal to 0."),
            ("client_hire_rate", "101", "Ensure this value is less than or equal to 100."),
            ("client_rating", "5.5", "Ensure this value is less than or equal to 5."),
            ("budget_min", "-5", "Ensure this value is greater than or equal to 0."),
            ("proposals_min", "many", "Enter a whole number."),
        ],
    )
    def test_out_of_range_values_name_the_field(self, field: str, value: str, error: str) -> None:
        form = FactsForm({"title": "Logo", field: value})
        assert not form.is_valid()
        assert form.errors[field] == [error]

    def test_a_range_upside_down_names_its_upper_end(self) -> None:
        form = FactsForm({"title": "Logo", "budget_min": "500", "budget_max": "100"})
        assert not form.is_valid()
        assert form.errors["budget_max"] == ["Must be at least the budget from (500)."]

    def test_empty_fields_are_facts_not_on_the_page(self) -> None:
        form = FactsForm({"title": " Logo ", "client_country": "  ", "payment_verified": "unknown"})
        assert form.is_valid()
        assert form.to_facts() == JobFacts(title="Logo")

    def test_initial_values_are_rounded_to_what_the_fields_accept(self) -> None:
        initial = FactsForm.initial_from(JobFacts(client_rating=Decimal("4.215")))
        assert initial["client_rating"] == Decimal("4.22")


class TestFactsFormPageFacts:
    """The facts a page shows besides the job's: bid range, balance, questions, hours, stars."""

    def test_they_round_trip_through_the_form(self) -> None:
        facts = JobFacts(
            title="Logo",
            hours_per_week="to_be_determined",
            screening_questions=3,
            bid_high=Decimal("75.00"),
            bid_avg=Decimal("31.69"),
            bid_low=Decimal("6.00"),
            available_connects=31,
            client_ratings_given=(Decimal("5.0"), Decimal("3.4"), Decimal("4.75")),
        )
        unbound = FactsForm(initial=FactsForm.initial_from(facts))
        data = {name: unbound[name].value() for name in JobFacts.editable_names()}
        data = {k: ("" if v is None else v) for k, v in data.items()}
        assert data["client_ratings_given"] == "5.0, 3.4, 4.75"
        assert data["hours_per_week"] == "to_be_determined"

        form = FactsForm(data)

        assert form.is_valid(), form.errors
        assert form.to_facts() == facts

    def test_hours_to_be_determined_is_a_choice(self) -> None:
        choices = dict(FactsForm().fields["hours_per_week"].choices)  # type: ignore[attr-defined]
        assert choices["to_be_determined"] == "Hours to be determined"
        assert set(choices) == {"", "less_than_30", "more_than_30", "to_be_determined"}

    @pytest.mark.parametrize(
        ("field", "value", "error"),
        [
            ("bid_high", "10000.01", "Ensure this value is less than or equal to 10000."),
            ("bid_low", "-1", "Ensure this value is greater than or equal to 0."),
            ("available_connects", "10001", "Ensure this value is less than or equal to 10000."),
            ("available_connects", "-3", "Ensure this value is greater than or equal to 0."),
            ("screening_questions", "51", "Ensure this value is less than or equal to 50."),
            ("hours_per_week", "sometimes", "Select a valid choice. sometimes is not one of the "
             "available choices."),
        ],
    )  # fmt: skip
    def test_out_of_range_values_name_the_field(self, field: str, value: str, error: str) -> None:
        form = FactsForm({"title": "Logo", field: value})
        assert not form.is_valid()
        assert form.errors[field] == [error]

    def test_a_bid_average_below_the_low_is_refused_on_the_average(self) -> None:
        form = FactsForm({"title": "Logo", "bid_high": "75", "bid_avg": "5", "bid_low": "6"})
        assert not form.is_valid()
        assert form.errors == {"bid_avg": ["Must be at least the bid range's low (6)."]}

    def test_a_bid_high_below_the_average_is_refused_on_the_high(self) -> None:
        form = FactsForm({"title": "Logo", "bid_high": "30", "bid_avg": "31.69", "bid_low": "6"})
        assert not form.is_valid()
        assert form.errors == {"bid_high": ["Must be at least the bid range's average (31.69)."]}

    def test_a_bid_high_below_the_low_is_refused_without_an_average(self) -> None:
        form = FactsForm({"title": "Logo", "bid_high": "5", "bid_low": "6"})
        assert not form.is_valid()
        assert form.errors == {"bid_high": ["Must be at least the bid range's low (6)."]}

    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            ("5, 4.5,3", (Decimal(5), Decimal("4.5"), Decimal(3))),
            ("  1.0 ", (Decimal("1.0"),)),
            ("none", ()),
            ("", None),
        ],
    )
    def test_the_ratings_given_are_a_comma_separated_list(
        self, value: str, expected: tuple[Decimal, ...] | None
    ) -> None:
        form = FactsForm({"title": "Logo", "client_ratings_given": value})
        assert form.is_valid(), form.errors
        assert form.to_facts().client_ratings_given == expected

    @pytest.mark.parametrize("bad", ["6", "0.5", "4.5, five", "4.5,,3", "4.123", "nan"])
    def test_a_rating_given_out_of_range_names_the_field_and_the_value(self, bad: str) -> None:
        form = FactsForm({"title": "Logo", "client_ratings_given": bad})
        assert not form.is_valid()
        [message] = form.errors["client_ratings_given"]
        assert message.startswith("Stars this client gave: “")
        assert "is not a rating from 1.0 to 5.0" in message

    def test_more_than_50_ratings_given_are_refused(self) -> None:
        form = FactsForm({"title": "Logo", "client_ratings_given": ", ".join(["5"] * 51)})
        assert not form.is_valid()
        assert form.errors["client_ratings_given"] == [
            "Stars this client gave: at most 50 ratings (51 given)."
        ]


class TestThresholdsForm:
    def test_it_has_a_field_per_threshold_with_its_label_help_and_range(self) -> None:
        form = ThresholdsForm()
        field = form.fields["hire_rate_min"]
        assert field.label == "Minimum hire rate (%)"
        assert field.help_text.startswith("A client who hired on fewer of their posts")
        assert (field.min_value, field.max_value) == (0, 100)  # type: ignore[attr-defined]
        assert set(form.fields) == {f.name for f in Thresholds.numeric_fields()} | {"decisive"}
        assert form.fields["decisive"].choices == [  # type: ignore[attr-defined]
            (rule.code, rule.title) for rule in RULES
        ]

    def test_the_defaults_submitted_unchanged_give_the_default_thresholds(self) -> None:
        data = QueryDict(mutable=True)
        for name, value in Thresholds().to_dict().items():
            if name == "decisive":
                data.setlist(name, value)
            else:
                data[name] = str(value)
        form = ThresholdsForm(data)
        assert form.is_valid(), form.errors
        assert form.to_thresholds() == Thresholds()

    def test_a_value_out_of_range_names_the_field(self) -> None:
        data = {**Thresholds().to_dict(), "hire_rate_min": "150", "decisive": []}
        form = ThresholdsForm(data)
        assert not form.is_valid()
        assert form.errors["hire_rate_min"] == ["Ensure this value is less than or equal to 100."]

    def test_a_warning_bar_below_the_failing_bar_is_refused(self) -> None:
        data = {**Thresholds().to_dict(), "rating_warn": "3.5", "decisive": []}
        form = ThresholdsForm(data)
        assert not form.is_valid()
        assert form.errors["rating_warn"] == ["Must be at least “Minimum client rating” (4.0)."]

    def test_an_unknown_rule_code_is_refused(self) -> None:
        data = QueryDict(mutable=True)
        data.update({k: str(v) for k, v in Thresholds().to_dict().items() if k != "decisive"})
        data.setlist("decisive", ["hire_rate", "made_up"])
        form = ThresholdsForm(data)
        assert not form.is_valid()
        assert form.errors["decisive"] == [
            "Select a valid choice. made_up is not one of the available choices."
        ]
