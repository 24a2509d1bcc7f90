"""Read an Upwork job page, as the freelancer pasted or saved it, into :class:`JobFacts`.

Accepted inputs (see ``/work/shared/samples/upwork/README.md`` for the real pages behind them):

- the select-all copy (Ctrl+A, Ctrl+C) of a job page, of the job side panel opened from a feed,
  of the "Submit a proposal" page, or of a feed tile;
- the saved HTML of a job page, a feed or a search page (detected by :func:`looks_like_html`
  and turned into text by :func:`html_to_text`, which the Connects History importer reuses).

A feed or search page holds many jobs: only the **first tile** is read, so that a figure of the
second job can never be taken for the first one's. A job page keeps the facts of its own
header, "Activity on this job" and "About the client" blocks; everything from "Client's recent
history", "Other open jobs by this client" or "Similar jobs" on is somebody else's, and feed
tiles that sit behind an open side panel are skipped.

A fact the page does not give stays ``None``. The parser never raises and runs in linear time:
it walks the lines once, dispatches on exact lines, label words and first characters, and only
runs small anchored regexes on short lines. Real pages are a few hundred lines and a few
thousand tags; past 20,000 lines or 50,000 tags the rest of an input is not read, so no input
costs more than a fraction of a second.

Known limit: a search-result tile puts its skill tokens right after the description with
nothing in between, so for that layout they end the description (as they do on screen).
"""

from __future__ import annotations

import bisect
import itertools
import operator
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any, Final

from vetting.facts import SOURCE_EMBEDDED, SOURCE_JSON, SOURCE_LINK, SOURCE_TEXT, JobFacts
from vetting.upwork import dates, links, money
from vetting.upwork.html import html_to_text, looks_like_html, read_html
from vetting.upwork.job_json import job_facts_from_json, load_json
from vetting.upwork.rss import looks_like_rss_item, rss_item_facts
from vetting.upwork.tokens import relined

__all__ = ["JobFacts", "html_to_text", "looks_like_html", "parse_job_text", "parse_page"]

# A line that carries a fact is short ("Required Connects to submit a proposal: 14" is the
# longest); anything longer is prose, and keeping regexes off it keeps the parser linear.
_MAX_FACT_LINE: Final = 200
# How many lines may sit between a label and its value (tooltips are interleaved on job pages).
_LABEL_REACH: Final = 5
# "$15.00" / "-" / "$35.00" / "Hourly": how far back an amount may sit before its unit line.
_MONEY_REACH: Final = 3
# A saved Upwork page is well under this; a bigger paste is cut rather than slowing a worker.
_MAX_INPUT_CHARS: Final = 4_000_000
_MAX_TITLE: Final = 300
# A job page is a few hundred lines, a saved feed a few thousand: past this, lines are not read.
_MAX_LINES: Final = 20_000

# Sections of a page, in the order a job page shows them.
_HEADER: Final = 0  # title, posted, budget, level (the tile body in a feed)
_DESCRIPTION: Final = 1  # the client's own words: no facts are read from it
_ACTIVITY: Final = 2  # "Activity on this job"
_CLIENT: Final = 3  # "About the client" (or the client part of a feed tile)
_IGNORED: Final = 4  # the user's own bid on the proposal page
_END: Final = 5  # recent history, other jobs, similar jobs, footer: never the job's


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------


def parse_page(
    content: str, *, url: str | None = None, captured_at: datetime | None = None
) -> JobFacts:
    """Read one job from what reaches Bidbook: copied text, saved or copied HTML, or Upwork's
    job JSON. ``url`` is the job's link when the caller knows it (the extension, the API, the
    form's field); ``captured_at`` is when the page was looked at ("2 hours ago" resolves
    against it; default: now). The one entry point for the web form, the CLI and the API.

    Never raises: a paste box that errors on an odd page is worse than one that reads less.
    """
    now = captured_at if captured_at is not None else datetime.now(UTC)
    try:
        return _read_facts(content, now, url)
    except Exception:  # a bug must cost the user the facts, never the page
        return JobFacts()


def parse_job_text(text: str, now: datetime) -> JobFacts:
    """:func:`parse_page` of a paste or a saved page, looked at ``now``."""
    return parse_page(text, captured_at=now)


# --------------------------------------------------------------------------------------------
# Values: times, dates, money, counts
# --------------------------------------------------------------------------------------------


def _when(value: str, now: datetime) -> datetime | None:
    """'4 minutes ago', 'yesterday', 'last month', 'Jan 14, 2026' -> a datetime."""
    return dates.relative_time(value, now)


_calendar_date = dates.calendar_date
_AMOUNT: Final = money.AMOUNT_PATTERN
_amount = money.amount
_money_range = money.money_range
_count = money.count


_PROPOSALS: Final = re.compile(
    r"(?:(?:less|fewer) than ([0-9]{1,5})|([0-9]{1,5})\s*(?:to|-|\u2013)\s*([0-9]{1,5})"
    r"|([0-9]{1,5})\s*\+|([0-9]{1,5}))$"
)


def _proposal_range(value: str) -> tuple[int, int | None] | None:
    """'Less than 5' -> (0, 4); '5 to 10' -> (5, 10); '50+' -> (50, None)."""
    match = _PROPOSALS.match(value)
    if not match:
        return None
    below, low, high, at_least, exact = match.groups()
    if below is not None:
        return 0, max(int(below) - 1, 0)
    if low is not None:
        # "10 to 1" is a paste cut mid-number, not a range.
        return (int(low), int(high)) if int(low) <= int(high) else None
    if at_least is not None:
        return int(at_least), None
    return int(exact), int(exact)


_CONNECTS: Final = re.compile(r"([0-9]{1,4})(?:\s+connects?)?\.?$")
_REQUIRES_CONNECTS: Final = re.compile(r"this (?:proposal|job) requires ([0-9]{1,4}) connects?\b")
_JOBS_POSTED: Final = re.compile(r"([0-9][0-9,]{0,9}) jobs? posted$")
_HIRE_RATE: Final = re.compile(r"([0-9]{1,4})% hire rate(?:,\s*([0-9][0-9,]{0,9}) open jobs?)?$")
_OPEN_JOBS: Final = re.compile(r"([0-9][0-9,]{0,9}) open jobs?$")
_CLIENT_HIRES: Final = re.compile(r"([0-9][0-9,]{0,9}) hires?(?:,\s*([0-9][0-9,]{0,9}) active)?$")
_REVIEWS: Final = re.compile(r"([0-9](?:\.[0-9]{1,2})?) of ([0-9][0-9,]{0,9}) reviews?$")
_STAR_FEEDBACKS: Final = re.compile(
    r"([0-9](?:\.[0-9]{1,2})?) stars?,? based on ([0-9][0-9,]{0,9}) (?:feedbacks?|reviews?)$"
)
_RATING_IS: Final = re.compile(r"rating is ([0-9](?:\.[0-9]{1,2})?) out of 5\b")
_SPENT: Final = re.compile(_AMOUNT + r"\s*(?:total\s+)?spent$")
_PER_HOUR: Final = re.compile(_AMOUNT + r"\s*/\s*hr\b\s*(.*)$")
_LOCAL_TIME: Final = re.compile(r"(.*?)\s*[0-9]{1,2}:[0-9]{2}\s?[ap]m$")
_MEMBER_SINCE: Final = re.compile(r"member since\s+(.+)$")
# "Fixed-price - Entry level - ..." or "Hourly: $15-$35 - ...", never "Hourly work diary".
_BUDGET_WORD: Final = re.compile(
    r"(hourly range|hourly|fixed-price|fixed price)(?:\s*:\s*|\s+-\s+)(.*)$"
)


# --------------------------------------------------------------------------------------------
# Countries (client location): written out as on the page, or a code normalised to its name
# --------------------------------------------------------------------------------------------

_COUNTRY_CODES: Final = {
    "AFG": "Afghanistan", "ALA": "Aland Islands", "ALB": "Albania", "DZA": "Algeria",
    "ASM": "American Samoa", "AND": "Andorra", "AGO": "Angola", "AIA": "Anguilla",
    "ATA": "Antarctica", "ATG": "Antigua and Barbuda", "ARG": "Argentina", "ARM": "Armenia",
    "ABW": "Aruba", "AUS": "Australia", "AUT": "Austria", "AZE": "Azerbaijan", "BHS": "Bahamas",
    "BHR": "Bahrain", "BGD": "Bangladesh", "BRB": "Barbados", "BLR": "Belarus", "BEL": "Belgium",
    "BLZ": "Belize", "BEN": "Benin", "BMU": "Bermuda", "BTN": "Bhutan", "BOL": "Bolivia",
    "BES": "Bonaire", "BIH": "Bosnia and Herzegovina", "BWA": "Botswana", "BVT": "Bouvet Island",
    "BRA": "Brazil", "IOT": "British Indian Ocean Territory", "BRN": "Brunei Darussalam",
    "BGR": "Bulgaria", "BFA": "Burkina Faso", "BDI": "Burundi", "CPV": "Cape Verde",
    "KHM": "Cambodia", "CMR": "Cameroon", "CAN": "Canada", "CYM": "Cayman Islands",
    "CAF": "Central African Republic", "TCD": "Chad", "CHL": "Chile", "CHN": "China",
    "CXR": "Christmas Island", "CCK": "Cocos (Keeling) Islands", "COL": "Colombia",
    "COM": "Comoros", "COG": "Congo", "COD": "Congo, the Democratic Republic of the",
    "COK": "Cook Islands", "CRI": "Costa Rica", "CIV": "Cote d'Ivoire", "HRV": "Croatia",
    "CUB": "Cuba", "CUW": "Curacao", "CYP": "Cyprus", "CZE": "Czech Republic", "DNK": "Denmark",
    "DJI": "Djibouti", "DMA": "Dominica", "DOM": "Dominican Republic", "ECU": "Ecuador",
    "EGY": "Egypt", "SLV": "El Salvador", "GNQ": "Equatorial Guinea", "ERI": "Eritrea",
    "EST": "Estonia", "SWZ": "Eswatini", "ETH": "Ethiopia", "FLK": "Falkland Islands",
    "FRO": "Faroe Islands", "FJI": "Fiji", "FIN": "Finland", "FRA": "France",
    "GUF": "French Guiana", "PYF": "French Polynesia", "ATF": "French Southern Territories",
    "GAB": "Gabon", "GMB": "Gambia", "GEO": "Georgia", "DEU": "Germany", "GHA": "Ghana",
    "GIB": "Gibraltar", "GRC": "Greece", "GRL": "Greenland", "GRD": "Grenada", "GLP": "Guadeloupe",
    "GUM": "Guam", "GTM": "Guatemala", "GGY": "Guernsey", "GIN": "Guinea", "GNB": "Guinea-Bissau",
    "GUY": "Guyana", "HTI": "Haiti", "HMD": "Heard Island and McDonald Islands", "VAT": "Holy See",
    "HND": "Honduras", "HKG": "Hong Kong", "HUN": "Hungary", "ISL": "Iceland", "IND": "India",
    "IDN": "Indonesia", "IRN": "Iran", "IRQ": "Iraq", "IRL": "Ireland", "IMN": "Isle of Man",
    "ISR": "Israel", "ITA": "Italy", "JAM": "Jamaica", "JPN": "Japan", "JEY": "Jersey",
    "JOR": "Jordan", "KAZ": "Kazakhstan", "KEN": "Kenya", "KIR": "Kiribati", "PRK": "North Korea",
    "KOR": "South Korea", "XKX": "Kosovo", "KWT": "Kuwait", "KGZ": "Kyrgyzstan", "LAO": "Laos",
    "LVA": "Latvia", "LBN": "Lebanon", "LSO": "Lesotho", "LBR": "Liberia", "LBY": "Libya",
    "LIE": "Liechtenstein", "LTU": "Lithuania", "LUX": "Luxembourg", "MAC": "Macao",
    "MDG": "Madagascar", "MWI": "Malawi", "MYS": "Malaysia", "MDV": "Maldives", "MLI": "Mali",
    "MLT": "Malta", "MHL": "Marshall Islands", "MTQ": "Martinique", "MRT": "Mauritania",
    "MUS": "Mauritius", "MYT": "Mayotte", "MEX": "Mexico", "FSM": "Micronesia", "MDA": "Moldova",
    "MCO": "Monaco", "MNG": "Mongolia", "MNE": "Montenegro", "MSR": "Montserrat", "MAR": "Morocco",
    "MOZ": "Mozambique", "MMR": "Myanmar", "NAM": "Namibia", "NRU": "Nauru", "NPL": "Nepal",
    "NLD": "Netherlands", "NCL": "New Caledonia", "NZL": "New Zealand", "NIC": "Nicaragua",
    "NER": "Niger", "NGA": "Nigeria", "NIU": "Niue", "NFK": "Norfolk Island",
    "MKD": "North Macedonia", "MNP": "Northern Mariana Islands", "NOR": "Norway", "OMN": "Oman",
    "PAK": "Pakistan", "PLW": "Palau", "PSE": "Palestinian Territories", "PAN": "Panama",
    "PNG": "Papua New Guinea", "PRY": "Paraguay", "PER": "Peru", "PHL": "Philippines",
    "PCN": "Pitcairn", "POL": "Poland", "PRT": "Portugal", "PRI": "Puerto Rico", "QAT": "Qatar",
    "REU": "Reunion", "ROU": "Romania", "RUS": "Russia", "RWA": "Rwanda",
    "BLM": "Saint Barthelemy", "SHN": "Saint Helena", "KNA": "Saint Kitts and Nevis",
    "LCA": "Saint Lucia", "MAF": "Saint Martin", "SPM": "Saint Pierre and Miquelon",
    "VCT": "Saint Vincent and the Grenadines", "WSM": "Samoa", "SMR": "San Marino",
    "STP": "Sao Tome and Principe", "SAU": "Saudi Arabia", "SEN": "Senegal", "SRB": "Serbia",
    "SYC": "Seychelles", "SLE": "Sierra Leone", "SGP": "Singapore", "SXM": "Sint Maarten",
    "SVK": "Slovakia", "SVN": "Slovenia", "SLB": "Solomon Islands", "SOM": "Somalia",
    "ZAF": "South Africa", "SGS": "South Georgia and the South Sandwich Islands",
    "SSD": "South Sudan", "ESP": "Spain", "LKA": "Sri Lanka", "SDN": "Sudan", "SUR": "Suriname",
    "SJM": "Svalbard and Jan Mayen", "SWE": "Sweden", "CHE": "Switzerland", "SYR": "Syria",
    "TWN": "Taiwan", "TJK": "Tajikistan", "TZA": "Tanzania", "THA": "Thailand",
    "TLS": "Timor-Leste", "TGO": "Togo", "TKL": "Tokelau", "TON": "Tonga",
    "TTO": "Trinidad and Tobago", "TUN": "Tunisia", "TUR": "Turkey", "TKM": "Turkmenistan",
    "TCA": "Turks and Caicos Islands", "TUV": "Tuvalu", "UGA": "Uganda", "UKR": "Ukraine",
    "ARE": "United Arab Emirates", "GBR": "United Kingdom", "USA": "United States",
    "UMI": "United States Minor Outlying Islands", "URY": "Uruguay", "UZB": "Uzbekistan",
    "VUT": "Vanuatu", "VEN": "Venezuela", "VNM": "Vietnam", "VGB": "British Virgin Islands",
    "VIR": "U.S. Virgin Islands", "WLF": "Wallis and Futuna", "ESH": "Western Sahara",
    "YEM": "Yemen", "ZMB": "Zambia", "ZWE": "Zimbabwe",
}  # fmt: skip
_COUNTRY_ALIASES: Final = {
    "US": "United States",
    "UK": "United Kingdom",
    "UAE": "United Arab Emirates",
    "KSA": "Saudi Arabia",
}
# Other spellings Upwork and browsers use for the same places; kept as the page wrote them.
_OTHER_COUNTRY_NAMES: Final = (
    "Åland Islands", "Bolivia, Plurinational State of", "Bonaire, Sint Eustatius and Saba",
    "Brunei", "Cabo Verde", "Czechia", "Côte d'Ivoire", "Ivory Coast", "Curaçao",
    "Democratic Republic of the Congo", "Republic of the Congo", "Congo, Democratic Republic",
    "Falkland Islands (Malvinas)", "Holy See (Vatican City State)", "Vatican City",
    "Iran, Islamic Republic of", "Korea, Republic of", "Republic of Korea", "Korea",
    "Lao People's Democratic Republic", "Macau", "Macedonia", "Micronesia, Federated States of",
    "Moldova, Republic of", "Burma", "Palestine", "Palestine, State of", "Palestinian Territory",
    "Réunion", "Russian Federation", "Saint Barthélemy", "Swaziland", "Syrian Arab Republic",
    "Taiwan, Province of China", "Tanzania, United Republic of", "East Timor", "The Bahamas",
    "The Gambia", "Türkiye", "Turkiye", "Viet Nam", "Virgin Islands, British",
    "Virgin Islands, U.S.", "United States Virgin Islands", "Netherlands Antilles",
    "Great Britain",
)  # fmt: skip
_COUNTRY_NAMES: Final = frozenset(
    name.lower() for name in (*_COUNTRY_CODES.values(), *_OTHER_COUNTRY_NAMES)
)


def _country(line: str) -> str | None:
    """'United States' as written; 'USA' / 'AUS' as 'United States' / 'Australia'."""
    if line.lower().startswith("location"):
        line = line[8:].lstrip(" :")
    if not line:
        return None
    if line in _COUNTRY_CODES:
        return _COUNTRY_CODES[line]
    if line in _COUNTRY_ALIASES:
        return _COUNTRY_ALIASES[line]
    if line.lower() in _COUNTRY_NAMES:
        return line
    return None


_PLACE_NAME: Final = re.compile(r"[^\W\d_][\w .,'()&-]{1,59}$")


# --------------------------------------------------------------------------------------------
# Lines the parser recognises without a regex
# --------------------------------------------------------------------------------------------

# Label (lowercased, without its colon) -> what its value is. The value follows on the same
# line or within the next few lines, with tooltips and "Close the tooltip" in between.
_LABELS: Final = {
    "proposals": "proposals",
    "last viewed by client": "last_viewed",
    "hires": "hires",
    "interviewing": "interviewing",
    "invites sent": "invites_sent",
    "unanswered invites": "unanswered_invites",
    "required connects to submit a proposal": "connects",
    "send a proposal for": "connects",
    # The user's own balance sits on the same pages: known, so it can never become the cost.
    "connects": "balance",
    "available connects": "balance",
    "your available connects": "balance",
    "connects balance": "balance",
    "est. budget": "budget",
    "budget": "budget",
    "hourly": "hourly",
    "hourly range": "hourly",
    "fixed-price": "fixed",
    "fixed price": "fixed",
    "experience level": "level",
    "member since": "member_since",
    "posted": "posted",
    "posted on": "posted",
    "est. time": "tile_meta",
}
_LEVELS: Final = {
    "entry level": "entry",
    "entry": "entry",
    "intermediate": "intermediate",
    "expert": "expert",
}
_TILE_LEVELS: Final = {f"- {word}": level for word, level in _LEVELS.items()}
_PAYMENT: Final = {
    "payment method verified": True,
    "payment verified": True,
    "payment method not verified": False,
    "payment not verified": False,
    "payment unverified": False,
    "payment method unverified": False,
}
_SECTIONS: Final = {
    "activity on this job": _ACTIVITY,
    "about the client": _CLIENT,
    "similar jobs on upwork": _END,
    "similar jobs": _END,
    "other open jobs by this client": _END,
    "other jobs by this client": _END,
    "footer navigation": _END,
    # The proposal page: what follows is the user's own bid and cover letter.
    "terms": _IGNORED,
    "boost your proposal": _IGNORED,
    "cover letter": _IGNORED,
    "additional details": _IGNORED,
}
_END_PREFIXES: Final = (
    "client's recent history",
    "client\u2019s recent history",
    "other open jobs by this client",
    "other jobs by this client",
    "similar jobs",
    "explore similar jobs",
)
_BUDGET_WORDS: Final = {
    "hourly": "hourly",
    "hourly range": "hourly",
    "fixed-price": "fixed",
    "fixed price": "fixed",
}
# Where the client's description stops on a job page: the job's features begin.
_JOB_DESCRIPTION_ENDS: Final = frozenset(
    {
        "fixed-price", "fixed price", "hourly", "hourly range", "less than 30 hrs/week",
        "more than 30 hrs/week", "30+ hrs/week", "hours to be determined", "skills and expertise",
        "activity on this job", "about the client", "project type", "project type:",
        "experience level", "view job posting", "apply now", "mandatory skills",
        "preferred qualifications", "duration", "remote job", "contract-to-hire opportunity",
        "you will be asked to answer the following questions when submitting a proposal:",
        "entry level", "intermediate", "expert", "attachments", "attachment",
    }
)  # fmt: skip
_JOB_DESCRIPTION_END_PREFIXES: Final = ("hourly:", "est. budget", "project type:", "view job")
# Where a feed tile's description stops.
_TILE_DESCRIPTION_ENDS: Final = frozenset({"more", "skills", "skip skills", "verified", *_PAYMENT})
_TILE_DESCRIPTION_END_PREFIXES: Final = ("more about", "proposals", "previous skills")

# Landmarks found in one C-speed scan of the whole text, to lay the page out before reading it.
_POSTED: Final = 1
_TILE_MARKER: Final = 2
_PROPOSALS_LINE: Final = 3
_JOB_DETAILS: Final = 4
_JOB_PAGE_LINE: Final = 5
_COST_LINE: Final = 6
_BID_RANGE_LINE: Final = 7
_AVAILABLE_LINE: Final = 8
_QUESTIONS_LINE: Final = 9
_HISTORY_LINE: Final = 10
_TO_FREELANCER_LINE: Final = 11
_HOURS_LINE: Final = 12
# A landmark is a whole line or a line's start. Whole lines are one dict lookup and the starts one
# C-speed startswith per line: a regex alternation tried at every line start cost a third of a
# parse. The bid range, balance, questions, history and hours lines are for _page_extras.
_LANDMARK_LINES: Final[dict[str, int]] = {
    "job details": _JOB_DETAILS,
    **dict.fromkeys(
        ("activity on this job", "about the client", "view job posting",
         "payment method verified", "payment method not verified"),
        _JOB_PAGE_LINE,
    ),
    "you will be asked to answer the following questions when submitting a proposal:": (
        _QUESTIONS_LINE
    ),
    **dict.fromkeys(
        ("less than 30 hrs/week", "more than 30 hrs/week", "30+ hrs/week",
         "hours to be determined"),
        _HOURS_LINE,
    ),
}  # fmt: skip
_LANDMARK_STARTS: Final[tuple[tuple[str, int], ...]] = (
    ("posted", _POSTED),
    ("job feedback", _TILE_MARKER),
    ("save job", _TILE_MARKER),
    ("proposals", _PROPOSALS_LINE),
    ("required connects to submit a proposal", _COST_LINE),
    ("send a proposal for", _COST_LINE),
    ("this proposal requires", _COST_LINE),
    ("bid range", _BID_RANGE_LINE),
    ("your available connects", _AVAILABLE_LINE),
    ("available connects", _AVAILABLE_LINE),
    ("to freelancer:", _TO_FREELANCER_LINE),
)
# "client's recent history" with any apostrophe: "client", one character, "s recent history".
_HISTORY_HEAD: Final = "client"
_HISTORY_TAIL: Final = "s recent history"
_LANDMARK_HEADS: Final = (*(start for start, _ in _LANDMARK_STARTS), _HISTORY_HEAD)
# Every landmark's first four characters. A line whose first four are not among them is no
# landmark, and that test runs for all lines in C (map over a slice getter and a set), so
# _landmark_kind's Python runs only on the few lines that pass it.
_HEAD_CHARS: Final = 4
_LANDMARK_FIRST_CHARS: Final = frozenset(
    head[:_HEAD_CHARS] for head in (*_LANDMARK_LINES, *_LANDMARK_HEADS)
)
_first_chars: Final = operator.itemgetter(slice(0, _HEAD_CHARS))


def _landmark_candidates(lows: list[str]) -> itertools.compress[int]:
    """The indexes of the lines that may be landmarks (a superset, in order)."""
    return itertools.compress(
        range(len(lows)), map(_LANDMARK_FIRST_CHARS.__contains__, map(_first_chars, lows))
    )


def _landmark_kind(low: str) -> int:
    """Which landmark the line is, or 0."""
    kind = _LANDMARK_LINES.get(low)
    if kind is not None:
        return kind
    if not low.startswith(_LANDMARK_HEADS):
        return 0
    for start, kind in _LANDMARK_STARTS:
        if low.startswith(start):
            return kind
    tail_at = len(_HISTORY_HEAD) + 1
    return _HISTORY_LINE if low[tail_at : tail_at + len(_HISTORY_TAIL)] == _HISTORY_TAIL else 0


# --------------------------------------------------------------------------------------------
# The reader
# --------------------------------------------------------------------------------------------


def _read_facts(text: str, now: datetime, url: str | None = None) -> JobFacts:
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    text = text[:_MAX_INPUT_CHARS]
    exact: dict[str, Any] = {}
    exact_source = SOURCE_EMBEDDED
    job_url: str | None = None
    head = text[:64].lstrip("\ufeff \t\r\n")
    if head[:1] in ("{", "[") and (value := load_json(text.lstrip("\ufeff"))) is not None:
        # Upwork's job JSON (the API, the extension): everything comes from it.
        return _facts_of(job_facts_from_json(value), {}, SOURCE_JSON, url, now)
    # An RSS item starts with "<" (its check lowercases 2 KB, a tenth of a paste's parse).
    if (head[:1] == "<" or not head) and looks_like_rss_item(text):
        # Upwork's legacy RSS item: labelled fields, not a page laid out in blocks.
        read = rss_item_facts(text)
        if read:
            return _facts_of({}, read, SOURCE_TEXT, url, now)
    if looks_like_html(text):
        page = read_html(text)
        text, job_url = page.text, page.job_url
        for state in page.embedded_json[:20]:
            exact = job_facts_from_json(load_json(state))
            if exact:
                break
    lines, lows = _lines_of(relined(text))
    layout = _find_layout(lows, now)
    reader = _Reader(lines, lows, layout, now)
    reader.read()
    facts = reader.facts
    facts.update(_page_extras(lows, layout))
    facts["job_url"] = job_url or links.first_job_url_in_text(text)
    return _facts_of(exact, facts, exact_source, url, now)


_BID_RANGE: Final = re.compile(
    r"bid range\s*[-:]?\s*high\s*(\$[0-9.,]+)\s*\|?\s*avg\s*(\$[0-9.,]+)\s*\|?\s*"
    r"low\s*(\$[0-9.,]+)"
)
_AVAILABLE: Final = re.compile(r"(?:your )?available connects:?\s*([0-9][0-9,]{0,6})?$")
_QUESTIONS_LABEL: Final = (
    "you will be asked to answer the following questions when submitting a proposal:"
)
_QUESTIONS_END: Final = frozenset(
    {"skills and expertise", "mandatory skills", "preferred qualifications", "activity on this job",
     "about the client", "apply now", "attachments", "attachment"}
)  # fmt: skip
_HOURS: Final = {
    "less than 30 hrs/week": "less_than_30",
    "more than 30 hrs/week": "more_than_30",
    "30+ hrs/week": "more_than_30",
    "hours to be determined": "to_be_determined",
}
_HISTORY_START: Final = ("client's recent history", "client\u2019s recent history")
_HISTORY_END: Final = ("other open jobs by this client", "similar jobs", "footer navigation")
_GIVEN_REACH: Final = 2
# Where one item of the history ends: its dates ("Jul 2025 - Sep 2025") or its terms.
_HISTORY_ITEM_END: Final = re.compile(r"[a-z]{3} [0-9]{4} -|fixed-price|hourly|billed")
_MAX_RATINGS_GIVEN: Final = 50


def _page_extras(lows: list[str], layout: _Layout) -> dict[str, Any]:
    """Facts outside the reader's blocks: bid range, balance, questions, hours, ratings given.

    Their lines were found by the layout's one pass over the text. In a feed only the first
    tile's lines count: the next tile's hours are not this job's.
    """
    found: dict[str, Any] = {}
    landmarks = layout.landmarks
    history = landmarks[_HISTORY_LINE][0] if landmarks[_HISTORY_LINE] else len(lows)
    has_history = history < len(lows)
    start = layout.start if layout.is_feed else 0
    if layout.is_feed:
        has_history = has_history and layout.start <= history < layout.end
        history = min(history, layout.end)

    def first(kind: int) -> int | None:
        at = bisect.bisect_left(landmarks[kind], start)
        index = landmarks[kind][at] if at < len(landmarks[kind]) else None
        return index if index is not None and index < history else None

    if (index := first(_BID_RANGE_LINE)) is not None:
        match = _BID_RANGE.search(lows[index])
        if match:
            high, avg, lowest = (money.money(group) for group in match.groups())
            found.update(bid_high=high, bid_avg=avg, bid_low=lowest)
    if (index := first(_AVAILABLE_LINE)) is not None:
        match = _AVAILABLE.search(lows[index])
        if match:
            number = match.group(1) or (lows[index + 1] if index + 1 < len(lows) else "")
            found["available_connects"] = money.count(number)
    if (index := first(_QUESTIONS_LINE)) is not None:
        found["screening_questions"] = _questions_after(lows, index)
    if (index := first(_HOURS_LINE)) is not None:
        found["hours_per_week"] = _HOURS.get(lows[index])
    if has_history:
        found["client_ratings_given"] = _ratings_given(lows, landmarks, history)
    return {name: value for name, value in found.items() if value is not None}


def _ratings_given(
    lows: list[str], landmarks: dict[int, list[int]], history: int
) -> tuple[Decimal, ...]:
    given: list[Decimal] = []
    for index in landmarks[_TO_FREELANCER_LINE]:
        if index < history:
            continue
        if len(given) >= _MAX_RATINGS_GIVEN or lows[index].startswith(_HISTORY_END):
            break
        rating = _rating_given(lows, index)
        if rating is not None:
            given.append(rating)
    return tuple(given)


def _rating_given(lows: list[str], index: int) -> Decimal | None:
    """After "To freelancer:" and the name: the client's stars, or "No feedback given"."""
    if "no feedback" in lows[index]:  # "To freelancer: Alex H.No feedback given"
        return None
    after_name = index + 2 if lows[index] == "to freelancer:" else index + 1
    for low in lows[after_name : after_name + _GIVEN_REACH]:
        if low.startswith("no feedback") or _HISTORY_ITEM_END.match(low):
            return None
        match = _RATING_IS.match(low)
        if match:
            return Decimal(match.group(1))
    return None


def _questions_after(lows: list[str], index: int) -> int:
    count = 0
    for low in lows[index + 1 : index + 40]:
        if low in _QUESTIONS_END or low.startswith("skills and expertise"):
            break
        count += 1
    return count


_CLOCK_SKEW: Final = timedelta(minutes=5)


def _facts_of(
    exact: dict[str, Any],
    read: dict[str, Any],
    exact_source: str,
    url: str | None,
    now: datetime,
) -> JobFacts:
    """Exact data first, then what the text says; the job link's id dates an undated job."""
    values = {name: value for name, value in read.items() if value is not None}
    sources = dict.fromkeys(values, SOURCE_TEXT)
    for name, value in exact.items():
        if value is not None:
            values[name] = value
            sources[name] = exact_source
    if url and (given := links.job_url_in(url)) is not None:
        values["job_url"] = given
        sources["job_url"] = SOURCE_LINK
    if values.get("job_url") and sources.get("posted_at") not in (SOURCE_EMBEDDED, SOURCE_JSON):
        created = links.created_at(values["job_url"])
        # A job is not created after the page was looked at: then the capture time is off, and
        # the page's own "Posted" is the better reading.
        if created is not None and created <= now + _CLOCK_SKEW:
            values["posted_at"] = created
            sources["posted_at"] = SOURCE_LINK
    sources = {name: where for name, where in sources.items() if name in values}
    return JobFacts.of(values, sources)


def _lines_of(text: str) -> tuple[list[str], list[str]]:
    """Non-empty stripped lines, and the same lowercased (short lines only: long ones are prose).

    Runs of spaces in short lines become one ("Est. Time:  Less than", "more  about").
    """
    if "\xa0" in text:
        text = text.replace("\xa0", " ")
    if "\u202f" in text:
        text = text.replace("\u202f", " ")
    if "\u200b" in text:
        text = text.replace("\u200b", "")
    lines = list(filter(None, map(str.strip, text.splitlines())))[:_MAX_LINES]
    if "\u2022" in text or " Proposals:" in text:
        lines = _inline_pieces(lines)
    if "  " in text or "\t" in text:
        lines = [" ".join(line.split()) if len(line) <= _MAX_FACT_LINE else line for line in lines]
    lows = [line.lower() if len(line) <= _MAX_FACT_LINE else line for line in lines]
    return lines, lows


# A tile's header row read as one line (its parts are inline elements, or the copy lost
# Upwork's CSS): "Posted \u2022 2 hours ago Proposals: Less than 5". The bullet is a separator,
# never a value, and "Proposals:" starts a fact of its own.
_BULLET_AFTER_POSTED: Final = re.compile(r"^(Posted)\s*\u2022\s*")
_INLINE_BREAK: Final = re.compile(r"\s*\u2022\s*|\s+(?=Proposals:)")


def _inline_pieces(lines: list[str]) -> list[str]:
    pieces: list[str] = []
    for line in lines:
        if len(line) > _MAX_FACT_LINE or ("\u2022" not in line and " Proposals:" not in line):
            pieces.append(line)
            continue
        line = _BULLET_AFTER_POSTED.sub(r"\1 ", line)
        pieces.extend(piece for piece in _INLINE_BREAK.split(line) if piece)
    return pieces[:_MAX_LINES]


class _Layout:
    """Where the job sits in the text: which lines to read, skip, and take as the title."""

    def __init__(self, count: int) -> None:
        self.is_feed = False
        self.start = 0
        self.end = count
        self.skipped: list[tuple[int, int]] = []  # feed tiles behind an open side panel
        self.title_index: int | None = None
        self.landmarks: dict[int, list[int]] = {}  # kind -> the lines where it was found


def _is_posted_line(lows: list[str], index: int, now: datetime) -> bool:
    low = lows[index]
    if low == "posted":
        return index + 1 < len(lows) and _when(lows[index + 1], now) is not None
    return low.startswith(("posted ", "posted:")) and _posted_value(low[6:], now) is not None


def _posted_value(rest: str, now: datetime) -> datetime | None:
    rest = rest.lstrip(" :")
    return _when(rest[3:] if rest.startswith("on ") else rest, now)


def _posted_value_index(lows: list[str], index: int) -> int:
    return index + 1 if lows[index] == "posted" else index


def _find_layout(lows: list[str], now: datetime) -> _Layout:
    """Job page or feed; for a feed, the span of its first tile; for a page, its title line."""
    count = len(lows)
    layout = _Layout(count)
    found: dict[int, list[int]] = {kind: [] for kind in range(_POSTED, _HOURS_LINE + 1)}
    layout.landmarks = found
    for line in _landmark_candidates(lows):
        low = lows[line]
        kind = _landmark_kind(low)
        if kind and (kind != _POSTED or _is_posted_line(lows, line, now)):
            found[kind].append(line)
    posted, proposals = found[_POSTED], found[_PROPOSALS_LINE]
    spans = _tile_spans(lows, posted, found[_TILE_MARKER], proposals, count)
    tiles = [(start, end) for start, end, _ in spans]

    if found[_JOB_PAGE_LINE] or found[_COST_LINE] or found[_JOB_DETAILS]:
        layout.skipped = tiles
        job_details = found[_JOB_DETAILS][0] if found[_JOB_DETAILS] else None
        layout.title_index = _job_page_title(posted, tiles, job_details, count)
        if layout.title_index is not None:
            # Above the title there is only navigation, except the proposal page's cost line.
            heading = layout.title_index if job_details is None else job_details
            layout.start = min([heading, *found[_COST_LINE][:1]])
        return layout

    layout.is_feed = True
    joined = "\n" + "\n".join(lows) + "\n"
    inline_posted = _inline_posted_lines(joined, lows)
    if spans:
        layout.start, layout.end, layout.title_index = spans[0]
    elif inline_posted and (not posted or inline_posted[0] < posted[0]):
        # The older tile: its title, then "Fixed-price - Entry level - ... - Posted 13 minutes ago".
        first = inline_posted[0]
        layout.start = max(first - 1, 0)
        layout.title_index = first - 1 if first else None
        limit = inline_posted[1] - 1 if len(inline_posted) > 1 else count
        layout.end = _tile_end(first, proposals, limit)
    elif posted:
        first = posted[0]
        after = _posted_value_index(lows, first) + 1
        follower = lows[after] if after < count else ""
        if follower == "worldwide" or follower.endswith(" only"):
            # A job header copied without its blocks: the title sits above "Posted".
            layout.title_index = first - 1 if first else None
        else:
            layout.start = first
            layout.title_index = after if after < count else None
        layout.end = _tile_end(first, proposals, posted[1] if len(posted) > 1 else count)
    return layout


def _inline_posted_lines(joined: str, lows: list[str]) -> list[int]:
    """Lines like 'Hourly - Expert - Est. Time: ... - Posted 5 minutes ago' (older tiles)."""
    found: list[int] = []
    position = joined.find(" - posted ")
    line, seen = -1, 0
    while position >= 0 and len(found) < 2:
        line += joined.count("\n", seen, position)
        seen = position
        if len(lows[line]) <= _MAX_FACT_LINE:
            found.append(line)
        position = joined.find(" - posted ", joined.find("\n", position))
        if joined.find("\n", seen) < 0:
            break
    return found


def _tile_spans(
    lows: list[str], posted: list[int], markers: list[int], proposals: list[int], count: int
) -> list[tuple[int, int, int | None]]:
    """(start, end, title line) of each tile, in order.

    A tile has a "Posted" line followed by "Job feedback"/"Save job" within 4 lines. Its title
    sits after that line (below the proposals band, in the newer layout that puts the band
    first) or, in the layout that puts the posting time after the title, right above it. A tile
    ends with its "Proposals:" line when that comes last, or where the next tile starts.
    """
    found = [at for at in posted if _first_after(markers, at) <= at + 4]
    heads = []
    for number, at in enumerate(found):
        floor = found[number - 1] + 1 if number else 0
        title = _tile_title(lows, at, floor, count)
        heads.append((at if title is None else min(at, title), at, title))
    spans = []
    for number, (start, at, title) in enumerate(heads):
        limit = heads[number + 1][0] if number + 1 < len(heads) else count
        band = _first_after(proposals, start - 1)
        if title is not None and band < title:
            # The band came first: the tile runs until the next one, or the next "Posted".
            end = min(limit, _first_after(posted, title))
        else:
            end = _tile_end(at, proposals, limit)
        spans.append((start, end, title))
    return spans


# Lines of a tile that are never its title: actions, labels, the client's figures.
_NOT_TITLE_STARTS: Final = (
    "job feedback", "save job", "proposals", "posted", "$", "verified", "payment", "rating is",
    "hourly", "fixed", "est. ", "location", "- ", "worldwide",
)  # fmt: skip


def _looks_like_title(low: str) -> bool:
    return (
        0 < len(low) <= _MAX_TITLE
        and not low.startswith(_NOT_TITLE_STARTS)
        and low not in _EXACT_LINES
        and low.rstrip(":") not in _LABELS
        and any(char.isalpha() for char in low)
    )


def _tile_title(lows: list[str], posted_at: int, floor: int, count: int) -> int | None:
    after = _posted_value_index(lows, posted_at) + 1
    while after < count and lows[after].startswith("proposals"):
        after += 1
    if after < count and _looks_like_title(lows[after]):
        return after
    above = posted_at - 1
    if above >= floor and _looks_like_title(lows[above]):
        return above
    return after if after < count else None


def _first_after(sorted_indexes: list[int], index: int) -> int:
    """The first of ``sorted_indexes`` after ``index`` (a huge number when there is none)."""
    position = bisect.bisect_right(sorted_indexes, index)
    return sorted_indexes[position] if position < len(sorted_indexes) else 1 << 62


def _tile_end(start: int, proposals: list[int], limit: int) -> int:
    """A tile ends with its "Proposals:" line, or where the next tile starts."""
    proposals_line = _first_after(proposals, start)
    return proposals_line + 1 if proposals_line < limit else limit


def _inside(spans: list[tuple[int, int]], index: int) -> bool:
    """Whether ``index`` falls in one of the sorted, disjoint ``spans``."""
    position = bisect.bisect_right(spans, (index, 1 << 62)) - 1
    return position >= 0 and spans[position][0] <= index < spans[position][1]


def _job_page_title(
    posted: list[int], tiles: list[tuple[int, int]], job_details: int | None, count: int
) -> int | None:
    if job_details is not None:
        # The proposal page: "Job details", then the title.
        return job_details + 1 if job_details + 1 < count else None
    for index in posted:
        if _inside(tiles, index):
            continue
        above = index - 1
        return None if above < 0 or _inside(tiles, above) else above
    return None


class _Reader:
    """One pass over the lines, section by section; the first value of each fact wins."""

    def __init__(self, lines: list[str], lows: list[str], layout: _Layout, now: datetime) -> None:
        self.lines = lines
        self.lows = lows
        self.layout = layout
        self.now = now
        self.is_feed = layout.is_feed
        self.facts: dict[str, Any] = {}
        self.section = _HEADER
        self.index = 0
        self.pending_kind: str | None = None
        self.pending_left = 0
        self.money: list[tuple[int, Decimal]] = []  # amounts waiting for their unit line
        self.per_hour_at = -10  # where the last "/hr" line was
        self.description: list[str] = []
        self.description_done = False
        self.weak_rating: Decimal | None = None
        self.job_details_seen = False
        self.tile_meta_seen = False
        self.place_lines: list[tuple[int, str]] = []  # unclaimed client lines: country, city

    def put(self, name: str, value: Any) -> None:
        if value is not None and name not in self.facts:
            self.facts[name] = value

    # -- the pass --------------------------------------------------------------------------

    def read(self) -> None:
        lines, lows, layout = self.lines, self.lows, self.layout
        skipped = iter(layout.skipped)
        next_skip = next(skipped, None)
        index, end, title_index = layout.start, layout.end, layout.title_index
        while index < end:
            if next_skip is not None and index >= next_skip[0]:
                index = max(index, next_skip[1])
                next_skip = next(skipped, None)
                continue
            self.index = index
            low = lows[index]
            if index == title_index:
                self.take_title(lines[index], low)
            elif self.section != _DESCRIPTION or self.ends_description(low):
                self.read_line(lines[index], low)
                if self.section == _END:
                    break
            else:
                self.description.append(lines[index])
            index += 1
        self.finish()

    def read_line(self, line: str, low: str) -> None:
        if self.section == _DESCRIPTION:
            self.section = _HEADER
            self.description_done = True
        if self.pending_kind is not None and self.read_pending_value(line, low):
            return
        if self.section == _IGNORED and low not in _SECTIONS and low != "job details":
            return
        exact = _EXACT_LINES.get(low)
        if exact is not None:
            exact(self, line, low)
        elif len(low) > _MAX_FACT_LINE:
            self.maybe_start_tile_description(line)
        elif low[0] == "$":
            self.read_money_line(low)
        elif low[0].isdigit():
            self.read_number_line(line, low)
        elif not (":" in low and self.read_label(line, low)):
            # read_by_first_word and read_unclaimed_line, inlined: most lines of a page end
            # here unclaimed, and two calls a line were a tenth of the reader's time.
            handler = _FIRST_WORDS.get(low.partition(" ")[0])
            if handler is not None and handler(self, line, low):
                return
            if self.section == _CLIENT:
                self.read_unclaimed_line(line, low)
            elif self.is_feed:
                self.maybe_start_tile_description(line)

    def take_title(self, line: str, low: str) -> None:
        if len(line) <= _MAX_TITLE and low.rstrip(":") not in _LABELS:
            self.put("title", line)
        if self.is_feed:
            self.section = _HEADER

    def enter(self, section: int) -> None:
        self.pending_kind = None
        self.section = section

    def finish(self) -> None:
        if self.description:
            self.put("description", "\n".join(self.description))
        if self.weak_rating is not None and self.weak_rating > 0:
            self.put("client_rating", self.weak_rating)

    # -- descriptions ----------------------------------------------------------------------

    def start_description(self) -> None:
        if not self.description_done and not self.description:
            self.pending_kind = None
            self.section = _DESCRIPTION

    def ends_description(self, low: str) -> bool:
        if len(low) > _MAX_FACT_LINE:
            return False
        if self.is_feed:
            return low in _TILE_DESCRIPTION_ENDS or low.startswith(_TILE_DESCRIPTION_END_PREFIXES)
        if low in _JOB_DESCRIPTION_ENDS or low.startswith(_JOB_DESCRIPTION_END_PREFIXES):
            return True
        return low[0] == "$" and money.money_range(low) is not None

    def maybe_start_tile_description(self, line: str) -> None:
        """In a tile, the first unclaimed line after the budget or level opens the text."""
        if self.is_feed and self.tile_meta_seen and self.section == _HEADER:
            self.start_description()
            if self.section == _DESCRIPTION:
                self.description.append(line)

    # -- label: value ----------------------------------------------------------------------

    def read_pending_value(self, line: str, low: str) -> bool:
        kind = self.pending_kind
        if kind is not None and _LABEL_VALUES[kind](self, low):
            self.pending_kind = None
            return True
        self.pending_left -= 1
        if self.pending_left <= 0:
            self.pending_kind = None
        return False

    def read_label(self, line: str, low: str) -> bool:
        """'Proposals: 5 to 10', or 'Proposals:' with the value on a following line."""
        head, _, rest = low.partition(":")
        kind = _LABELS.get(head.strip())
        if kind is None:
            return False
        rest = rest.strip()
        if kind == "balance":
            self.pending_kind = None
        elif rest:
            if not _LABEL_VALUES[kind](self, rest):
                return False
        elif kind in ("hourly", "fixed"):
            self.set_budget(kind, ())
        else:
            self.pending_kind = kind
            self.pending_left = _LABEL_REACH
        if kind == "tile_meta" and self.budget_allowed():
            self.saw_tile_meta()
        return True

    def value_proposals(self, low: str) -> bool:
        found = _proposal_range(low)
        if found is None:
            return False
        if "proposals_min" not in self.facts:
            self.facts["proposals_min"], self.facts["proposals_max"] = found
        return True

    def value_posted(self, low: str) -> bool:
        if not self.put_when("posted_at", low[3:] if low.startswith("on ") else low):
            return False
        if self.job_details_seen and not self.is_feed:
            self.start_description()  # the proposal page: the job's text follows its date
        return True

    def put_when(self, name: str, low: str) -> bool:
        if len(low) > 60:
            return False
        moment = _when(low, self.now)
        if moment is None:
            return False
        self.put(name, moment)
        return True

    def put_count(self, name: str, low: str) -> bool:
        number = _count(low)
        if number is None:
            return False
        self.put(name, number)
        return True

    def value_tile_meta(self, low: str) -> bool:
        """'1 to 3 months, Less than 30 hrs/week': a tile's duration and hours."""
        for piece in low.split(","):
            hours = _HOURS.get(piece.strip())
            if hours is not None:
                self.put("hours_per_week", hours)
        return True

    def value_connects(self, low: str) -> bool:
        match = _CONNECTS.match(low)
        if not match:
            return False
        self.put("connects_required", int(match.group(1)))
        return True

    def value_budget(self, kind: str, low: str) -> bool:
        amounts = _money_range(low)
        if amounts is None:
            return False
        self.set_budget(kind, amounts)
        return True

    def value_level(self, low: str) -> bool:
        level = _LEVELS.get(low)
        if level is None:
            return False
        self.put_level(level)
        return True

    def value_member_since(self, low: str) -> bool:
        day = _calendar_date(low)
        if day is None:
            return False
        self.put("client_member_since", day)
        return True

    # -- budget and level ------------------------------------------------------------------

    def budget_allowed(self) -> bool:
        # On a job page the budget is in the header ("Fixed-price $665.00" further down is the
        # client's history); a tile may show it anywhere, even after the client figures.
        return self.section == _HEADER or (self.is_feed and self.section != _DESCRIPTION)

    def set_budget(self, kind: str, amounts: tuple[Decimal, ...]) -> None:
        if not self.budget_allowed():
            return
        self.saw_tile_meta()
        self.put("budget_type", kind)
        if amounts and self.facts.get("budget_type") == kind and "budget_min" not in self.facts:
            self.put("budget_min", amounts[0])
            self.put("budget_max", amounts[-1])

    def put_level(self, level: str) -> None:
        if self.budget_allowed():
            self.saw_tile_meta()
            self.put("experience_level", level)

    def saw_tile_meta(self) -> None:
        # In a search tile the budget follows the client figures, and the text follows it.
        self.tile_meta_seen = True
        if self.is_feed and self.section == _CLIENT:
            self.section = _HEADER

    def recent_amounts(self, reach: int) -> tuple[Decimal, ...]:
        """Amounts on the last few lines, consumed so that they attach to one unit line only."""
        amounts = tuple(amount for at, amount in self.money if at >= self.index - reach)
        self.money.clear()
        return amounts

    # -- exact lines -----------------------------------------------------------------------

    def line_section(self, line: str, low: str) -> None:
        self.enter(_SECTIONS[low])

    def line_payment(self, line: str, low: str) -> None:
        self.put("payment_verified", _PAYMENT[low])
        self.enter(_CLIENT)

    def line_level(self, line: str, low: str) -> None:
        self.put_level(_LEVELS.get(low) or _TILE_LEVELS[low])

    def line_budget_word(self, line: str, low: str) -> None:
        self.set_budget(_BUDGET_WORDS[low], self.recent_amounts(_MONEY_REACH))

    def line_spent(self, line: str, low: str) -> None:
        amounts = self.recent_amounts(2)
        if len(amounts) == 1:
            self.enter_client_in_feed()
            self.put("client_total_spent", amounts[0])

    def line_per_hour(self, line: str, low: str) -> None:
        self.per_hour_at = self.index

    def line_avg_rate(self, line: str, low: str) -> None:
        near_hour = self.per_hour_at >= self.index - 2 or low.startswith("/hr")
        amounts = self.recent_amounts(_MONEY_REACH)
        if near_hour and len(amounts) == 1:
            self.put("client_avg_hourly_rate", amounts[0])

    def line_no_reviews(self, line: str, low: str) -> None:
        if self.in_client():
            self.put("client_reviews", 0)

    def line_job_details(self, line: str, low: str) -> None:
        self.job_details_seen = True
        self.enter(_HEADER)

    def line_verified(self, line: str, low: str) -> None:
        if self.is_feed:
            self.enter(_CLIENT)

    def line_summary(self, line: str, low: str) -> None:
        if not self.is_feed:
            self.start_description()

    def line_label(self, line: str, low: str) -> None:
        self.read_label(line, low)

    def line_nothing(self, line: str, low: str) -> None:
        pass

    # -- lines by their first character or word --------------------------------------------

    def read_money_line(self, low: str) -> None:
        if "spent" in low:
            match = _SPENT.match(low)
            if match:
                self.enter_client_in_feed()
                self.put("client_total_spent", _amount(match.group(1), match.group(2)))
            return
        if "/hr" in low:
            match = _PER_HOUR.match(low)
            if match is None:
                return
            rate = _amount(match.group(1), match.group(2))
            if "avg hourly rate paid" in match.group(3):
                self.put("client_avg_hourly_rate", rate)
            elif not match.group(3):
                self.money = [(self.index, rate)]
                self.per_hour_at = self.index
            return
        kind = None
        for word, word_kind in _BUDGET_WORDS.items():
            if low.endswith(word):  # "$25.00-$50.00 Hourly"
                kind = word_kind
                low = low[: -len(word)].rstrip(" ,:")
                break
        amounts = _money_range(low)
        if amounts is None:
            return
        if kind is not None:
            self.set_budget(kind, amounts)
        else:
            self.money.extend((self.index, amount) for amount in amounts)

    def read_number_line(self, line: str, low: str) -> None:
        if "jobs posted" in low or "job posted" in low:
            match = _JOBS_POSTED.match(low)
            if match:
                self.put("client_jobs_posted", _count(match.group(1)))
        elif "hire rate" in low:
            match = _HIRE_RATE.match(low)
            if match:
                self.put("client_hire_rate", min(max(int(match.group(1)), 0), 100))
                if match.group(2):
                    self.put("client_open_jobs", _count(match.group(2)))
        elif "open job" in low:
            match = _OPEN_JOBS.match(low)
            if match:
                self.put("client_open_jobs", _count(match.group(1)))
        elif "hire" in low:
            match = _CLIENT_HIRES.match(low)
            if match:
                self.put("client_hires", _count(match.group(1)))
                if match.group(2):
                    self.put("client_active_hires", _count(match.group(2)))
        elif "review" in low:
            self.put_rating(_REVIEWS.match(low))
        elif "based on" in low:
            self.put_rating(_STAR_FEEDBACKS.match(low))
        elif low.endswith(("am", "pm")):
            self.read_local_time(low)

    def put_rating(self, match: re.Match[str] | None) -> None:
        if match and self.in_client():
            self.put("client_rating", Decimal(match.group(1)))
            self.put("client_reviews", _count(match.group(2)))

    def word_posted(self, line: str, low: str) -> bool:
        return self.value_posted(low[6:].lstrip(" :"))

    def word_member(self, line: str, low: str) -> bool:
        match = _MEMBER_SINCE.match(low)
        return match is not None and self.value_member_since(match.group(1))

    def word_rating(self, line: str, low: str) -> bool:
        match = _RATING_IS.match(low)
        if match is None:
            return False
        self.enter_client_in_feed()
        if self.in_client() and self.weak_rating is None:
            # Rounded ("4.2" for 4.21): used only when the page gives no "4.21 of 4 reviews".
            self.weak_rating = Decimal(match.group(1))
        return True

    def word_requires(self, line: str, low: str) -> bool:
        match = _REQUIRES_CONNECTS.match(low)
        if match is None:
            return False
        self.put("connects_required", int(match.group(1)))
        return True

    def word_end(self, line: str, low: str) -> bool:
        if low.startswith(_END_PREFIXES):
            self.enter(_END)
            return True
        return False

    def word_inline_meta(self, line: str, low: str) -> bool:
        """'Fixed-price - Entry level - Est. Budget: $50 - Posted 13 minutes ago' (older tiles)."""
        match = _BUDGET_WORD.match(low)
        if match is None:
            return False
        word, rest = match.groups()
        parts = rest.split(" - ")
        if len(parts) > 1 and parts[0].startswith("$") and parts[1].startswith("$"):
            parts[0:2] = [f"{parts[0]} - {parts[1]}"]  # "$15.00 - $35.00 - Intermediate"
        amounts = _money_range(parts[0]) if parts[0].startswith("$") else None
        if amounts is not None or not parts[0]:
            parts = parts[1:]
        self.set_budget(_BUDGET_WORDS[word], amounts or ())
        for part in parts:
            part = part.strip()
            if part in _LEVELS:
                self.put_level(_LEVELS[part])
            elif part.startswith(("est. budget:", "budget:")):
                self.value_budget("fixed", part.partition(":")[2].strip())
            elif part.startswith("posted "):
                self.value_posted(part[7:])
            elif part.startswith("est. time:"):
                self.value_tile_meta(part[10:])
        return True

    def word_location(self, line: str, low: str) -> bool:
        if self.in_client():
            self.put("client_country", _country(line))
        return True

    # -- the client block ------------------------------------------------------------------

    def in_client(self) -> bool:
        return self.section == _CLIENT

    def enter_client_in_feed(self) -> None:
        # A tile has no "About the client" header: its client figures start with these lines.
        if self.is_feed and self.section == _HEADER:
            self.enter(_CLIENT)

    def read_local_time(self, low: str) -> None:
        """'5:06 PM' under 'Riyadh', or 'Clayton11:16 AM': the country is the line above."""
        if not self.in_client() or "client_country" in self.facts:
            return
        match = _LOCAL_TIME.match(low[-60:])
        if match is None:
            return
        wanted = self.index - 1 if match.group(1) else self.index - 2
        for at, text in self.place_lines:
            if at == wanted and _PLACE_NAME.match(text):
                self.put("client_country", text)

    def read_unclaimed_line(self, line: str, low: str) -> None:
        """A line of the client block that no reader claimed: its country, or its city."""
        if (country := _country(line)) is not None:
            self.put("client_country", country)
        elif ":" in low and low.endswith(("am", "pm")):
            self.read_local_time(low)
        else:
            self.place_lines.append((self.index, line))
            del self.place_lines[:-3]


_LABEL_VALUES: Final[dict[str, Callable[[_Reader, str], bool]]] = {
    "proposals": _Reader.value_proposals,
    "last_viewed": lambda reader, low: reader.put_when("last_viewed_at", low),
    "posted": _Reader.value_posted,
    "hires": lambda reader, low: reader.put_count("hires", low),
    "interviewing": lambda reader, low: reader.put_count("interviewing", low),
    "invites_sent": lambda reader, low: reader.put_count("invites_sent", low),
    "unanswered_invites": lambda reader, low: reader.put_count("unanswered_invites", low),
    "connects": _Reader.value_connects,
    "budget": lambda reader, low: reader.value_budget("fixed", low),
    "hourly": lambda reader, low: reader.value_budget("hourly", low),
    "fixed": lambda reader, low: reader.value_budget("fixed", low),
    "level": _Reader.value_level,
    "member_since": _Reader.value_member_since,
    "tile_meta": _Reader.value_tile_meta,
    "balance": lambda reader, low: False,
}
_EXACT_LINES: Final[dict[str, Callable[[_Reader, str, str], None]]] = {
    **{f"{label}:": _Reader.line_label for label in _LABELS},
    **{label: _Reader.line_label for label in _LABELS},
    **dict.fromkeys(_SECTIONS, _Reader.line_section),
    **dict.fromkeys(_PAYMENT, _Reader.line_payment),
    **dict.fromkeys((*_LEVELS, *_TILE_LEVELS), _Reader.line_level),
    **dict.fromkeys(_BUDGET_WORDS, _Reader.line_budget_word),
    "total spent": _Reader.line_spent,
    "spent": _Reader.line_spent,
    "/hr": _Reader.line_per_hour,
    "avg hourly rate paid": _Reader.line_avg_rate,
    "/hr avg hourly rate paid": _Reader.line_avg_rate,
    "no feedback yet": _Reader.line_no_reviews,
    "no reviews yet": _Reader.line_no_reviews,
    "job details": _Reader.line_job_details,
    "verified": _Reader.line_verified,
    "summary": _Reader.line_summary,
    "-": _Reader.line_nothing,
}
_FIRST_WORDS: Final[dict[str, Callable[[_Reader, str, str], bool]]] = {
    "posted": _Reader.word_posted,
    "member": _Reader.word_member,
    "rating": _Reader.word_rating,
    "this": _Reader.word_requires,
    "client's": _Reader.word_end,
    "client\u2019s": _Reader.word_end,
    "other": _Reader.word_end,
    "similar": _Reader.word_end,
    "explore": _Reader.word_end,
    "fixed-price": _Reader.word_inline_meta,
    "fixed": _Reader.word_inline_meta,
    "hourly": _Reader.word_inline_meta,
    "hourly:": _Reader.word_inline_meta,
    "fixed-price:": _Reader.word_inline_meta,
    "location": _Reader.word_location,
    "location:": _Reader.word_location,
}
