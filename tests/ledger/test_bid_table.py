"""Reading the boost bid table off a captured apply page."""

from __future__ import annotations

from ledger.bid_table import Bid, bids_from_json, read_bid_table


def test_it_reads_the_sentences_of_the_apply_page() -> None:
    text = (
        "Boost your proposal\n"
        "Bid 101 Connects or higher to be ranked in 1st place\n"
        "Bid 64 Connects or higher to be ranked in 2nd place\n"
        "Bid 30 Connects or higher to be ranked in 3rd place\n"
        "Bid 12 Connects or higher to be ranked in 4th place\n"
    )
    assert read_bid_table(text) == [Bid(1, 101), Bid(2, 64), Bid(3, 30), Bid(4, 12)]


def test_it_reads_a_table_a_line_a_cell() -> None:
    text = "1st place\n52 Connects\n2nd place\n40 Connects\n3rd place:\n18 Connects"
    assert read_bid_table(text) == [Bid(1, 52), Bid(2, 40), Bid(3, 18)]


def test_it_reads_a_textcontent_capture_with_no_separators() -> None:
    assert read_bid_table("Top bids1st place101 Connects2nd place80 Connects") == [
        Bid(1, 101),
        Bid(2, 80),
    ]


def test_the_first_mention_of_a_place_counts_and_other_places_are_ignored() -> None:
    text = "1st place 90 Connects\n1st place 20 Connects\n5th place 3 Connects"
    assert read_bid_table(text) == [Bid(1, 90)]


def test_a_page_without_a_bid_table_gives_none() -> None:
    assert read_bid_table("This proposal requires 16 Connects. You'll have 44 remaining.") == []
    assert read_bid_table("") == []


def test_the_stored_table_reads_back_and_damage_is_skipped() -> None:
    stored = [Bid(1, 101).to_json(), {"place": "2", "connects": 5}, "x"]
    assert bids_from_json(stored) == [Bid(1, 101)]
    assert bids_from_json(None) == []


def test_a_boost_takes_the_best_place_it_reaches() -> None:
    from ledger.bid_table import place_for

    bids = [Bid(1, 101), Bid(2, 64), Bid(3, 30), Bid(4, 12)]
    assert [place_for(bids, boost) for boost in (0, 5, 12, 30, 63, 101, 500)] == [
        None,
        None,
        4,
        3,
        3,
        1,
        1,
    ]
