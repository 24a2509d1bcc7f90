"""The description check reads words as words: a skill list is not a timeline, S3 is not AWS."""

from __future__ import annotations

from vetting.rules import description_signals


def test_timelines_and_deadlines_in_a_skill_list_are_not_a_timeline() -> None:
    signals = description_signals("Strong at managing project timelines and meeting deadlines.")
    assert signals.timeline is False


def test_a_timeline_or_a_deadline_is_one() -> None:
    assert description_signals("The timeline is tight.").timeline is True
    assert description_signals("Deadline: Friday").timeline is True


def test_s3_lambda_and_ec2_are_not_aws() -> None:
    signals = description_signals("Season S3 recap video; a lambda in the logo; EC2 model kit.")
    assert signals.technologies == ()


def test_aws_is_aws() -> None:
    assert description_signals("Deploy on AWS with Docker").technologies == ("AWS", "Docker")


def test_a_phrase_matches_whole_words_only() -> None:
    # "react native" inside "preact native", "you will " inside "bayou will ".
    signals = description_signals("Preact native widgets for a bayou will be shown")
    assert signals.technologies == ()
    assert signals.deliverables is False


def test_a_phrase_further_on_is_found_after_a_false_start() -> None:
    signals = description_signals("Preact native is not it, but React Native is.")
    assert signals.technologies == ("React", "React Native")
