"""Labels found anywhere: text copied without its line breaks, laid out as a browser shows it.

Some tools store a page with ``element.textContent``, which puts nothing between two blocks:
``10 to 15Last viewed by client:2 hours ago``, ``3:15 PM41 jobs posted63% hire rate``. The
job reader works on lines, so :func:`relined` first breaks a line wherever Upwork's own layout
would have: before and after each label it prints, after a tooltip's closing period, between
a figure and the word that ends the previous one. On a select-all copy it changes nothing that
matters (the breaks are already there), so a page and its glued twin give the same facts.
The client's description (from "Summary" to the job's features) is found first and left as
the client wrote it: its words are never labels.

Labels are matched as Upwork writes them (case and all): a job title that merely contains
"expert" or "posted" is left alone. Linear: a handful of regex passes, each anchored on a
literal. A pass that eats whitespace starts only where a run of it starts (a letter, a
digit or a look-behind for "not whitespace" before it), so a megabyte of spaces costs one
scan, not one per space.
"""

from __future__ import annotations

import re
from typing import Final

from vetting.upwork.legacy import laid_out, looks_2016

# Labels that end with their colon: the value follows (a line break on both sides).
_COLON_LABELS: Final = (
    "Proposals:",
    "Last viewed by client:",
    "Hires:",
    "Interviewing:",
    "Invites sent:",
    "Unanswered invites:",
    "Required Connects to submit a proposal:",
    "Send a proposal for:",
    "Available Connects:",
    "Project Type:",
    "Talent Type:",
    "Rising Talent:",
    "English level:",
    "To freelancer:",
    "Est. budget:",
    "Est. Time:",
    "You will be asked to answer the following questions when submitting a proposal:",
)
# Whole lines on a job page: a line break on both sides.
_LINES: Final = (
    "Activity on this job",
    "About the client",
    "Payment method verified",
    "Payment method not verified",
    "Payment verified",
    "Payment unverified",
    "Payment not verified",
    "View proposal",
    "Job Feedback",
    "Save Job",
    "Location",
    "Skills and Expertise",
    "Mandatory skills",
    "Preferred qualifications",
    "Close the tooltip",
    "Apply now",
    "Save job",
    "Flag as inappropriate",
    "Learn More",
    "Job link",
    "Copy link",
    "Log out",
    "Summary",
    "Open job in a new window",
    "Job details",
    "Job feedback",
    "Phone number verified",
    "Footer navigation",
    "Experience Level",
    "No feedback given",
    "Less than 30 hrs/week",
    "More than 30 hrs/week",
    "Hours to be determined",
    "avg hourly rate paid",
    "Client's recent history",
    "Client\u2019s recent history",
    "Other open jobs by this client",
    "Similar jobs on Upwork",
    # Upwork's own first screening question, which ends without a question mark.
    "Describe your recent experience with similar projects",
)
# Lines that start a value of their own ("Member since Sep 8, 2021", "Rating is 4.2 out of 5.").
_STARTS: Final = (
    "Member since",
    "Rating is",
    "Bid range",
    "Posted on",
    "This proposal requires",
    "Hourly:",
)

# Upwork's job categories, which the apply page prints right after the title: glued, nothing
# else tells "Migrate a WordPress Blog to GhostWeb Development" apart.
_CATEGORIES: Final = (
    "Web Development", "Mobile Development", "Desktop Application Development",
    "Ecommerce Development", "Game Design & Development", "Scripts & Utilities",
    "Web & Mobile Design", "Product Management & Scrum", "QA Testing", "AI Apps & Integration",
    "Blockchain, NFT & Cryptocurrency", "Other - Software Development",
    "Data Analysis & Testing", "Data Extraction/ETL", "Data Mining & Management",
    "Data Design & Visualization", "AI & Machine Learning", "Database Management & Administration",
    "DevOps & Solution Architecture", "Network & System Administration",
    "Information Security & Compliance", "ERP/CRM Software", "IT Support",
    "Graphic, Editorial & Presentation Design", "Branding & Logo Design", "Art & Illustration",
    "Video & Animation", "Audio & Music Production", "Photography", "Product Design",
    "NFT, AR/VR & Game Art", "Performing Arts", "Content Writing",
    "Editing & Proofreading Services", "Professional & Business Writing",
    "Sales & Marketing Copywriting", "Translation & Localization Services",
    "Language Tutoring & Interpretation", "Digital Marketing", "Marketing, PR & Brand Strategy",
    "Lead Generation & Telemarketing", "Community Management & Tagging", "Virtual Assistance",
    "Project Management", "Customer Service & Tech Support", "Data Entry & Transcription Services",
    "Market Research & Product Reviews", "Accounting & Bookkeeping", "Financial Planning",
    "Management Consulting & Analysis", "Recruiting & Human Resources",
    "Personal & Professional Coaching", "Corporate & Contract Law", "Finance & Tax Law",
    "International & Immigration Law", "Public Law", "3D Modeling & CAD",
    "Building & Landscape Architecture", "Civil & Structural Engineering",
    "Electrical & Electronic Engineering", "Mechanical Engineering", "Chemical Engineering",
    "Energy Engineering", "Interior & Trade Show Design", "Physical Sciences",
    "Contract Manufacturing",
)  # fmt: skip

_BREAK: Final = "\n"


def _alternation(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


_AROUND: Final = re.compile("(" + _alternation(_COLON_LABELS + _LINES) + ")")
_BEFORE: Final = re.compile("(?=" + _alternation(_STARTS) + ")")
# Between two blocks a glued text has nothing ("agoWorldwide") or whitespace ("ago Worldwide",
# when a tool joined the blocks with spaces or kept a formatter's indentation): every pass below
# eats that whitespace (``\s*``) and puts one line break in its place, so both glues re-lay alike.
# "Posted" glued to its time ("Posted2 weeks ago", "Posted 4 minutes ago" after a title).
_POSTED: Final = re.compile(
    r"(?<=[^\s-])\s*(?=Posted(?:\s*[0-9]|\s*(?:an?|one)\s|\s*(?:yesterday|just)))"
)
_POSTED_VALUE: Final = re.compile(r"(Posted)(?=[0-9]|yesterday|just|an? |one )")
# A sentence of a tooltip ends with its period; the value follows at once ("this job.3 days").
_SENTENCE_END: Final = re.compile(r"(?<=[a-z]\.)(?<!Est\.)\s*(?=[A-Z0-9$])")
# "Rating is 4.9 out of 5." glued to what follows ("5.$900K+ spent").
_OUT_OF_FIVE: Final = re.compile(r"(out of 5\.)\s*(?=\S)")
# The proposals band glued to the next block ("Proposals:10 to 15Django REST API").
# The band goes back on its label's line, as a tile shows it ("Proposals: 10 to 15").
_BAND: Final = re.compile(
    r"Proposals:\n\s*((?:Less|Fewer) than [0-9]{1,3}|[0-9]{1,3} to [0-9]{1,3}|[0-9]{1,3}\+)\s*"
)
# "This proposal requires 12 ConnectsWhen you submit...": the cost ends with its unit.
_REQUIRES: Final = re.compile(r"(This proposal requires [0-9]{1,4} Connects?)\s*(?=\S)")
# A tile's level after its budget ("$35.00- Expert-Est. Time:"): its own line, as on screen.
# The older tile keeps them on one line ("Fixed-price - Entry level - Est. Budget: $500 -
# Posted 13 minutes ago"): a level followed by " - " and more stays where it is.
# A tile's hours stay on its "Est. Time:" line ("Est. Time: 1 to 3 months, Less than 30
# hrs/week"), where the whole lines above put them on a line of their own.
_TILE_HOURS: Final = re.compile(r",\s*\n(?=Less than 30|More than 30|Hours to be determined)")
_TILE_LEVEL: Final = re.compile(r"(?<!\s)\s*(- (?:Entry level|Intermediate|Expert))(?! - [A-Z])\s*")
# A tile's "more" link after the end of its text ("an Instagram feed.moreWebflow").
_MORE: Final = re.compile(r"(?<=[.!?)])\s*(more)(?=[A-Z\s]|$)")
# The end of a figure's words, glued to the next figure ("spent5 hires", "PM19 jobs").
_WORD_THEN_FIGURE: Final = re.compile(
    r"\b(spent|paid|posted|active|ago|jobs?|reviews?|hours|hrs|[AP]M|total spent)\s*(?=[0-9$])"
)
# "ago" glued to the next line ("2 weeks agoWorldwide"), "/hr" glued to its words.
_AGO_THEN_WORD: Final = re.compile(
    r"\b(ago|yesterday|reviews?|stars?|feedbacks?|spent)\s*(?=[A-Z])"
)
# A value at the start of a line, glued to the sentence after it ("14This is the number...").
# Only the line's own indentation goes before the value (``[^\S\n]*``): ``\s*`` there crossed
# the next breaks, so every break of a run of indented lines rescanned the rest of the run.
_NUMBER_THEN_SENTENCE: Final = re.compile(r"(\n[^\S\n]*[0-9][0-9,]*)\s*(?=[A-Z][a-z])")
# A question glued to the next one.
_QUESTION_END: Final = re.compile(r"(?<=\?)\s*(?=[A-Z])")
# The client's country glued to its city, right before the local time
# ("Saudi ArabiaRiyadh5:06 PM"). With a space between them ("Saudi Arabia Riyadh 5:06 PM") the
# city is taken as the one word before the time: two-word cities cannot be told from a
# two-word country there.
_COUNTRY_THEN_CITY: Final = re.compile(
    r"(?<=[a-z])(?=[A-Z][a-z]+(?:[ -][A-Z][a-z]+)?\s*[0-9]{1,2}:[0-9]{2}\s?[AP]M)"
)
# A country code glued to its city ("AUSAdelaide3:16 AM").
_CODE_THEN_CITY: Final = re.compile(r"(?<=[A-Z])(?=[A-Z][a-z]+\s*[0-9]{1,2}:[0-9]{2}\s?[AP]M)")
_COUNTRY_SPACE_CITY: Final = re.compile(
    r"(?<=[A-Za-z])\s+(?=[A-Z][a-z]+\s*[0-9]{1,2}:[0-9]{2}\s?[AP]M)"
)
_PER_HOUR_WORDS: Final = re.compile(r"(/hr)\s*(?=[a-z])")
# An amount glued after a word ("1 open job$1.9K", "active$6.29"), never inside "US$" nor in
# the bid range's own line ("High $75.00 | Avg $31.69").
_WORD_THEN_MONEY: Final = re.compile(r"(?<=[a-z])(?<!High)(?<!Avg)(?<!Low)\s*(?=\$[0-9])")
# An amount glued to the text after it ("Est. budget: $400.00We ship"), or a number glued to
# the next amount ("submit a proposal: 18$4.2K total spent").
_MONEY_THEN_WORDS: Final = re.compile(r"(\$[0-9][0-9,.]*[KM]?\+?)(?![0-9,.KM+])\s*(?=[A-Z][a-z])")
_NUMBER_THEN_MONEY: Final = re.compile(r"(?<=[0-9])\s*(?=\$[0-9])")
# "4.24.21 of 4 reviews", "5.05.00 Star, based on 1 feedbacks": the rounded rating glued to
# the exact one.
_REVIEWS: Final = re.compile(
    r"(?<!\s)\s*(?=[0-9]\.[0-9]{2} (?:of [0-9][0-9,]* reviews?|Stars?,? based on))"
)
_HIRE_RATE: Final = re.compile(r"(?<=[a-z])\s*(?=[0-9]{1,3}% hire rate)")
_JOBS_POSTED: Final = re.compile(r"(?<=[a-z])\s*(?=[0-9][0-9,]* jobs? posted)")
# A job's features glued to the end of the description or to each other.
_LEVEL: Final = re.compile(
    r"(?<=[a-z0-9.])\s*(?=(?:Fixed-price|Fixed price|Hourly|Entry level|Intermediate|Expert)"
    r"(?:\s*[-A-Z$]|\s*$))"
)
_LEVEL_AFTER: Final = re.compile(
    r"(Fixed-price|Fixed price|Entry level|Intermediate|Expert)\s*(?=[A-Z])"
    r"|(Hourly|Fixed-price|Fixed price)\s*(?=[A-Z0-9])"
)


# The apply page: "Job details", the title and its category glued, then "Posted". The whole
# line is taken and its end compared with each category name: a lazy title between two runs
# of whitespace before an alternation backtracked cubically on a line of spaces.
# The whitespace before the title is taken possessively (``\s*+``): never given back.
_TITLE_LINE: Final = re.compile(r"(?<=Job details\n)(\s*+)([^\n]{1,400})(?=\n)")
_THEN_POSTED: Final = re.compile(r"\s*\nPosted")
_CATEGORIES_LONGEST_FIRST: Final = tuple(sorted(_CATEGORIES, key=len, reverse=True))
_MAX_TITLE_CHARS: Final = 300
# A budget's two ends come back together ("$30.00 -\n$60.00" when a break was left between).
_MONEY_RANGE: Final = re.compile(r"(\$[0-9][0-9,.]*[KM]?)\s*-\s*(?=\$[0-9])")
# A filter's count glued to what follows ("Less than 5(193)Build a Landing Page").
_COUNT_THEN_WORD: Final = re.compile(r"(\([0-9][0-9,]{0,9}\))\s*(?=[A-Z])")


# A select-all copy has a line every 40 characters or so; glued text has almost none.
_GLUED_CHARS_PER_LINE: Final = 150
_MIN_GLUED_CHARS: Final = 100
# A glued job page is tens of kilobytes; past this the rest is not re-laid.
MAX_RELINED_CHARS: Final = 200_000


def _breaks(text: str) -> int:
    """The line breaks of the part of ``text`` that is re-laid: both tests below weigh them."""
    return text.count("\n", 0, MAX_RELINED_CHARS)


def looks_glued(text: str) -> bool:
    """Text stored without the breaks between blocks (``textContent``), not a select-all copy."""
    return _glued(text, _breaks(text))


def _glued(text: str, breaks: int) -> bool:
    return len(text) >= _MIN_GLUED_CHARS and breaks * _GLUED_CHARS_PER_LINE < min(
        len(text), MAX_RELINED_CHARS
    )


# ``textContent`` of markup a formatter indented keeps the source's line breaks and indentation
# instead of the blocks' ("\n            Posted\n          \n            3 hours ago"): its
# breaks say nothing about the blocks. Of its lines 45-100% start indented (measured on the
# fixtures' markup, the real feed's included); of a select-all copy's, none or a few.
_INDENT: Final = "\n  "
_INDENTED_TENTHS: Final = 3
# DevTools' picture of whitespace text nodes ('" "'), when the markup was copied from it.
_DEVTOOLS_QUOTES: Final = re.compile(r'(?<!\S)"(?:\s+")+(?!\S)')


def looks_indented(text: str) -> bool:
    """The ``textContent`` of indented markup: over 3 line breaks in 10 open an indented line."""
    return _indented(text, _breaks(text))


def _indented(text: str, breaks: int) -> bool:
    return (
        breaks >= 10 and text.count(_INDENT, 0, MAX_RELINED_CHARS) * 10 > breaks * _INDENTED_TENTHS
    )


def _unindented(text: str) -> str:
    """One line, its runs of whitespace one space each: glued text, as the passes expect."""
    head = " ".join(text[:MAX_RELINED_CHARS].split())
    if '"' in head:
        head = _DEVTOOLS_QUOTES.sub(" ", head)
    return head + text[MAX_RELINED_CHARS:]


def relined(text: str) -> str:
    """``text`` with a line break wherever Upwork's layout puts one, when it is glued.

    A select-all copy is returned as it is: its breaks are already there, and the passes would
    only cost time on every paste. A page of Upwork's 2016 site is laid out in today's order
    (:mod:`vetting.upwork.legacy`), its unfilled Angular templates ("{{ clientName }}") dropped
    there; on any other page "{{ ... }}" is the client's own text (a Liquid or Handlebars job).
    """
    if looks_2016(text):
        return laid_out(text)
    # One count of the breaks serves both tests: a select-all page pays it once, not twice.
    breaks = _breaks(text)
    if _indented(text, breaks):
        text = _unindented(text)
    elif not _glued(text, breaks):
        return text
    text, rest = text[:MAX_RELINED_CHARS], text[MAX_RELINED_CHARS:]
    return _relined(text) + rest


# The client's description on a job page or side panel: from "Summary" to the job's features,
# the last of which open before "Experience Level" ("$75.00Fixed-price", "$30.00 - $60.00
# Hourly", "Less than 30 hrs/week"). Its words are the client's ("Hourly Rate is negotiable.",
# "We need an Expert Python developer"): the label passes must not make them lines.
_SUMMARY: Final = "Summary"
_EXPERIENCE_LEVEL: Final = "Experience Level"
_FEATURES_START: Final = re.compile(
    r"\$[0-9][0-9,.]*[KM]?\s*(?:-\s*\$[0-9][0-9,.]*[KM]?\s*)?(?:Fixed-price|Fixed price|Hourly)"
    r"|Less than 30 hrs/week|More than 30 hrs/week|Hours to be determined"
)


def _description_span(text: str) -> tuple[int, int] | None:
    start = text.find(_SUMMARY)
    if start < 0:
        return None
    start += len(_SUMMARY)
    level = text.find(_EXPERIENCE_LEVEL, start)
    if level < 0:
        return None
    end = -1
    for match in _FEATURES_START.finditer(text, start, level):
        end = match.start()
    return (start, end) if end > start else None


def _relined(text: str) -> str:
    """The passes, run around the client's description, never inside it."""
    span = _description_span(text)
    if span is None:
        return _relined_labels(text)
    start, end = span
    description = text[start:end].strip()
    head, tail = _relined_labels(text[:start]), _relined_labels(text[end:])
    return head + _BREAK + description + _BREAK + tail if description else head + _BREAK + tail


def _relined_labels(text: str) -> str:
    text = _AROUND.sub(r"\n\1\n", text)
    text = _BEFORE.sub(_BREAK, text)
    text = _POSTED.sub(_BREAK, text)
    text = _POSTED_VALUE.sub(r"\1\n", text)
    text = _SENTENCE_END.sub(_BREAK, text)
    text = _OUT_OF_FIVE.sub(r"\1\n", text)
    text = _BAND.sub(r"Proposals: \1\n", text)
    text = _REQUIRES.sub(r"\1\n", text)
    text = _TILE_LEVEL.sub(r"\n\1\n", text)
    text = _MORE.sub(r"\n\1\n", text)
    text = _WORD_THEN_FIGURE.sub(r"\1\n", text)
    text = _AGO_THEN_WORD.sub(r"\1\n", text)
    text = _NUMBER_THEN_SENTENCE.sub(r"\1\n", text)
    text = _QUESTION_END.sub(_BREAK, text)
    text = _COUNTRY_THEN_CITY.sub(_BREAK, text)
    text = _COUNTRY_SPACE_CITY.sub(_BREAK, text)
    text = _CODE_THEN_CITY.sub(_BREAK, text)
    text = _PER_HOUR_WORDS.sub(r"\1\n", text)
    text = _WORD_THEN_MONEY.sub(_BREAK, text)
    text = _MONEY_THEN_WORDS.sub(r"\1\n", text)
    text = _NUMBER_THEN_MONEY.sub(_BREAK, text)
    text = _REVIEWS.sub(_BREAK, text)
    text = _HIRE_RATE.sub(_BREAK, text)
    text = _JOBS_POSTED.sub(_BREAK, text)
    text = _LEVEL.sub(_BREAK, text)
    text = _TILE_HOURS.sub(", ", text)
    text = _TITLE_LINE.sub(_title_then_category, text)
    text = _COUNT_THEN_WORD.sub(r"\1\n", text)
    text = _MONEY_RANGE.sub(r"\1 - ", text)
    return _LEVEL_AFTER.sub(lambda match: (match.group(1) or match.group(2)) + _BREAK, text)


def _title_then_category(match: re.Match[str]) -> str:
    """'Migrate a WordPress Blog to GhostWeb Development' -> the title, a break, the category;
    only on the line between 'Job details' and 'Posted'. Linear: one line, 66 ``endswith``."""
    lead, line = match.group(1, 2)
    if not _THEN_POSTED.match(match.string, match.end()):
        return lead + line
    body = line.rstrip()
    for category in _CATEGORIES_LONGEST_FIRST:
        if body.endswith(category):
            title = body[: -len(category)].rstrip()
            if title and len(title) <= _MAX_TITLE_CHARS:
                return lead + title + _BREAK + category + line[len(body) :]
            break
    return lead + line
