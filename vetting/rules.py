"""The vetting rules: one small class per rule, the registry at the bottom.

Each rule reads a :class:`RuleContext` (the job's facts, the user's thresholds, the moment of the
vetting and the previous vetting of the same job) and returns a :class:`RuleResult` with a status
and a reason a freelancer understands. Like Django's password validators, the runner collects every
result; a rule never raises on missing data: a fact that is not on the paste gives ``unknown``,
never ``fail``.

Pure Python: no Django, no ORM, no I/O, so the rules are fast and testable with plain dataclasses.

Adding a rule: one class, one line in ``RULES``, one test class. Changing what a rule decides
(not just its wording): bump ``RULESET_VERSION`` so stored vettings say which logic judged them.
"""

from __future__ import annotations

import dataclasses
import math
import re
from dataclasses import InitVar, dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any, ClassVar, TypeVar

from accounts.display import ago, day, money, plural
from vetting.facts import JobFacts

# Change whenever a rule's logic (what it passes, warns or fails) changes; stored vettings keep
# the version they were judged with, so old verdicts stay explainable after the rules move on.
RULESET_VERSION = "2026.12.1"


class Vocabulary(StrEnum):
    """Codes stored as strings, with the label people read; `choices()` serves model fields.

    A StrEnum rather than Django's TextChoices keeps the rules and the scoring free of Django.
    """

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(member.value, member.label) for member in cls]


class Status(Vocabulary):
    """What a rule found: the one vocabulary of rule statuses (RuleResult rows store it too)."""

    PASS = "pass"
    WARN = "warn"
    FAIL = "fail"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class RuleResult:
    code: str
    status: Status
    reason: str


# --------------------------------------------------------------------------------------------
# Thresholds
# --------------------------------------------------------------------------------------------

_T = TypeVar("_T", int, float)


def _setting(default: _T, *, label: str, help: str, min: _T, max: _T) -> _T:
    """A threshold field whose metadata lets the Settings page build its form."""
    return field(default=default, metadata={"label": label, "help": help, "min": min, "max": max})


# A failed decisive rule means "skip" whatever the score. These are the article's own "don't
# apply" rules plus ghost jobs: each one alone makes losing the connects likely (nobody will be
# hired, someone already was, or the client cannot pay). Competition, spending, rating and cost
# only lower the odds, so they stay non-decisive and weigh in the score.
DEFAULT_DECISIVE: frozenset[str] = frozenset(
    {
        "hire_rate",
        "idle_job",
        "already_hired",
        "payment_verified",
        "ghost_job",
        "description_quality",
    }
)


@dataclass(frozen=True)
class Thresholds:
    """Every number the rules use, with defaults from the seed article and DOMAIN.md.

    Stored per user as :meth:`to_dict`; :meth:`from_dict` fills thresholds added later with their
    defaults, so saved settings survive new rules.
    """

    hire_rate_min: int = _setting(
        50,
        label="Minimum hire rate (%)",
        help="A client who hired on fewer of their posts than this fails "
        "(the guide Bidbook follows: 50%).",
        min=0,
        max=100,
    )
    hire_rate_min_jobs: int = _setting(
        2,
        label="Jobs posted before the hire rate counts",
        help="With fewer posted jobs the client has no history to judge, so the rule only warns.",
        min=1,
        max=100,
    )
    recent_view_days: int = _setting(
        3,
        label="Recent client view (days)",
        help="A client view fewer days ago than this counts as recent; older, with nobody "
        "interviewed, warns.",
        min=1,
        max=60,
    )
    idle_days: int = _setting(
        14,
        label="Idle job (days since last view)",
        help="Not viewed by the client for this many days with nobody interviewed fails "
        "(the guide Bidbook follows: posted 30 days ago, last viewed 22 days ago).",
        min=1,
        max=90,
    )
    expiry_risk_days: int = _setting(
        25,
        label="Near expiry (days since posting)",
        help="Posted this many days ago with nobody interviewed fails: Upwork expires a post "
        "after 30 days without activity and connects spent on an expired job are lost.",
        min=1,
        max=90,
    )
    interview_grace_days: int = _setting(
        3,
        label="Days before expecting interviews",
        help="Nobody interviewed this many days after posting warns.",
        min=0,
        max=60,
    )
    interviewing_max: int = _setting(
        5,
        label="Crowded interviews",
        help="More freelancers than this being interviewed warns: the shortlist is full.",
        min=1,
        max=100,
    )
    proposals_warn: int = _setting(
        20,
        label="Many proposals",
        help="At least this many proposals warns (Upwork's '20 to 50' bracket).",
        min=0,
        max=1000,
    )
    proposals_fail: int = _setting(
        50,
        label="Too many proposals",
        help="At least this many proposals fails: 50+ is a long shot.",
        min=0,
        max=1000,
    )
    ghost_unanswered_invites: int = _setting(
        5,
        label="Ghost job: unanswered invites",
        help="This many unanswered invites with nobody interviewed fails: the client is "
        "fishing, not hiring.",
        min=1,
        max=100,
    )
    ghost_view_days: int = _setting(
        7,
        label="Ghost job: days since last view",
        help="Unanswered invites and no client view for this many days warns.",
        min=1,
        max=90,
    )
    zero_spend_jobs_fail: int = _setting(
        3,
        label="Jobs posted with $0 spent",
        help="A client who has posted this many jobs, hired nobody and spent $0 fails; fewer "
        "is a new client and only warns.",
        min=1,
        max=100,
    )
    rating_fail: float = _setting(
        4.0,
        label="Minimum client rating",
        help="A client rated below this (out of 5) by freelancers fails.",
        min=0.0,
        max=5.0,
    )
    rating_warn: float = _setting(
        4.5,
        label="Comfortable client rating",
        help="A client rated below this, but at or above the minimum, warns.",
        min=0.0,
        max=5.0,
    )
    new_client_days: int = _setting(
        30,
        label="New client account (days)",
        help="A client who joined Upwork fewer days ago than this and has spent nothing warns.",
        min=0,
        max=3650,
    )
    avg_hourly_rate_min_usd: float = _setting(
        10.0,
        label="Lowest average hourly rate paid ($)",
        help="On hourly jobs, a client who pays less than this per hour on average warns.",
        min=0.0,
        max=1000.0,
    )
    connects_cost_high: int = _setting(
        16,
        label="Costly proposal (connects)",
        help="A proposal costing at least this many connects is weighed against the budget.",
        min=1,
        max=500,
    )
    small_budget_usd: int = _setting(
        100,
        label="Small fixed budget ($)",
        help="A costly proposal on a fixed budget of this or less warns.",
        min=0,
        max=100_000,
    )
    tiny_budget_usd: int = _setting(
        50,
        label="Tiny fixed budget ($)",
        help="A costly proposal on a fixed budget of this or less fails.",
        min=0,
        max=100_000,
    )
    description_min_chars: int = _setting(
        100,
        label="Shortest description (characters)",
        help="A description shorter than this fails: nobody can tell what the job is.",
        min=0,
        max=5000,
    )
    description_detailed_chars: int = _setting(
        400,
        label="Detailed description (characters)",
        help="A description at least this long counts as one sign of a well-described job.",
        min=0,
        max=20_000,
    )
    description_good_signals: int = _setting(
        3,
        label="Signs of a well-described job",
        help="How many of length, structure, deliverables, technologies and timeline a "
        "description needs to pass.",
        min=1,
        max=5,
    )
    caution_unknowns: int = _setting(
        5,
        label="Rules that cannot be judged",
        help="When this many rules lack the facts to judge, the verdict is at best 'caution': "
        "paste the whole job page.",
        min=1,
        max=50,
    )
    decisive: frozenset[str] = field(
        default=DEFAULT_DECISIVE,
        metadata={
            "label": "Rules that mean skip",
            "help": "A job that fails any of these rules is a skip whatever its score.",
        },
    )

    @classmethod
    def numeric_fields(cls) -> tuple[dataclasses.Field[Any], ...]:
        """The fields a settings form shows as numbers (all but ``decisive``)."""
        return tuple(f for f in dataclasses.fields(cls) if f.name != "decisive")

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe: numbers as they are, ``decisive`` as a sorted list."""
        out: dict[str, Any] = {f.name: getattr(self, f.name) for f in self.numeric_fields()}
        out["decisive"] = sorted(self.decisive)
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Thresholds:
        """Inverse of :meth:`to_dict`, forgiving of old or damaged settings.

        Missing keys take their defaults and unknown keys are ignored, so settings stored before
        a threshold existed (or after one was retired) still load; a value that is not a number
        takes its default and one out of range is clamped, so a bad row never breaks vetting.
        """
        data = data or {}
        kwargs: dict[str, Any] = {}
        for f in cls.numeric_fields():
            if f.name in data:
                kwargs[f.name] = _coerce(data[f.name], f)
        decisive = data.get("decisive")
        if isinstance(decisive, list | tuple | set | frozenset):
            kwargs["decisive"] = frozenset(str(code) for code in decisive)
        return cls(**kwargs)


def _coerce(value: Any, f: dataclasses.Field[Any]) -> int | float:
    default = f.default
    if not isinstance(default, int | float):  # every numeric threshold has a number default
        raise TypeError(f"Threshold {f.name} has no numeric default")
    if isinstance(value, bool) or value is None:
        return default
    try:
        number = type(default)(value)
    except (TypeError, ValueError):
        return default
    if isinstance(number, float) and not math.isfinite(number):
        return default
    lowest: int | float = f.metadata["min"]
    highest: int | float = f.metadata["max"]
    return min(max(number, lowest), highest)


# --------------------------------------------------------------------------------------------
# Description signals (shared by description_quality, payment_verified and already_hired)
# --------------------------------------------------------------------------------------------

# Words are runs of letters and digits: one regex pass, the costliest step of the read. Names with
# dots or symbols ("node.js", "c++", "asp.net") and names of several words are phrases, searched
# only when their key word (the last word) is among the words, so most are never searched at all.
_WORD_RE = re.compile(r"[a-z0-9]+")
# _WORD_RE.findall at C speed without the regex engine: in the UTF-8 bytes every byte that is not
# an ASCII letter or digit becomes a space (a non-ASCII character's bytes are all >= 0x80, so it
# separates words as it does for the regex), and bytes.split cuts the words out. The regex took
# a fifth of a vet on a 6 KB description.
_NOT_WORD_BYTES = bytes(
    byte if 0x61 <= byte <= 0x7A or 0x30 <= byte <= 0x39 else 0x20 for byte in range(256)
)


def _words_of(lower: str) -> list[str]:
    """``_WORD_RE.findall(lower)``: the runs of ASCII lowercase letters and digits, in order."""
    return _words_of_utf8(lower.encode("utf-8", "surrogatepass"))


def _words_of_utf8(lower: bytes) -> list[str]:
    # A lone surrogate passes through as three bytes >= 0x80: a separator, as for the regex.
    return lower.translate(_NOT_WORD_BYTES).decode("ascii").split()


_ASCII_BYTES = bytes(range(128))


def _lowered(text: str) -> tuple[str, bytes]:
    """``text.lower()`` and its UTF-8 bytes (lone surrogates passed through).

    str.lower looks every character up in Unicode's tables, ~30 instructions each as soon as
    the text holds one non-ASCII character (a curly apostrophe does); bytes.lower changes ASCII
    letters only. The two agree when no non-ASCII character of the text has a lowercase of its
    own (the non-ASCII characters are the bytes left when the ASCII ones are deleted), which
    holds for punctuation, dashes and most descriptions; otherwise str.lower does it.
    """
    raw = text.encode("utf-8", "surrogatepass")
    if not raw.isascii():
        others = raw.translate(None, _ASCII_BYTES).decode("utf-8", "surrogatepass")
        if others.lower() != others:
            lower = text.lower()
            return lower, lower.encode("utf-8", "surrogatepass")
    lowered = raw.lower()
    return lowered.decode("utf-8", "surrogatepass"), lowered


_NUMBERED_RE = re.compile(r"\d{1,2}[.)]\s")
# Bullet characters seen in pasted descriptions: ascii, bullet, black circle, small squares,
# white bullet, triangular bullet, middle dot, en and em dash, check marks, arrow.
_BULLET_CHARS = frozenset(
    "-*+>\u2022\u25cf\u25aa\u25a0\u25e6\u2023\u00b7\u2013\u2014\u2714\u2705\u27a4"
)
# A description "has structure" with this many bullets, or this many separate lines.
_STRUCTURE_BULLETS = 2
_STRUCTURE_LINES = 4


def _split(words: str) -> tuple[str, ...]:
    return tuple(words.split())


def _index_phrases(phrases: dict[str, str]) -> dict[str, tuple[tuple[str, str], ...]]:
    """Group phrases by their last word: {"sheets": (("google sheets", "Google Sheets"),)}."""
    index: dict[str, list[tuple[str, str]]] = {}
    for phrase, name in phrases.items():
        index.setdefault(_WORD_RE.findall(phrase)[-1], []).append((phrase, name))
    return {key: tuple(entries) for key, entries in index.items()}


def _phrases_in(
    lower: str, words: set[str], index: dict[str, tuple[tuple[str, str], ...]]
) -> list[str]:
    """The names of the indexed phrases in ``lower`` as whole words, in order of appearance.

    "react native" is not found in "preact native", nor "you will " in "bayou will ".
    """
    found: list[tuple[int, str]] = []
    for key in words.intersection(index):
        for phrase, name in index[key]:
            at = lower.find(phrase)
            while at != -1 and not _whole_word_at(lower, at, len(phrase)):
                at = lower.find(phrase, at + 1)
            if at != -1:
                found.append((at, name))
    # Sets iterate in a different order in every process: sort, so reasons are reproducible.
    return [name for _, name in sorted(found)]


def _whole_word_at(lower: str, at: int, length: int) -> bool:
    before = lower[at - 1] if at else " "
    after = lower[at + length] if at + length < len(lower) else " "
    # A phrase that ends in a space or a symbol ("you will ", "c++") bounds itself.
    starts_clear = not (before.isalnum() and lower[at].isalnum())
    ends_clear = not (after.isalnum() and lower[at + length - 1].isalnum())
    return starts_clear and ends_clear


_TECHNOLOGIES: dict[str, str] = {
    word: name
    for name, words in {
        "Python": "python",
        "Django": "django",
        "Flask": "flask",
        "FastAPI": "fastapi",
        "JavaScript": "javascript",
        "TypeScript": "typescript",
        "React": "react reactjs",
        "Next.js": "nextjs",
        "Vue": "vue vuejs nuxt",
        "Angular": "angular",
        "Svelte": "svelte",
        "Node.js": "nodejs",
        "Express": "expressjs",
        "PHP": "php",
        "Laravel": "laravel",
        "Symfony": "symfony",
        "WordPress": "wordpress elementor",
        "WooCommerce": "woocommerce",
        "Shopify": "shopify",
        "Magento": "magento",
        "Webflow": "webflow",
        "Wix": "wix",
        "Squarespace": "squarespace",
        "HTML": "html html5",
        "CSS": "css css3 scss sass",
        "Tailwind": "tailwind tailwindcss",
        "Bootstrap": "bootstrap",
        "jQuery": "jquery",
        "Java": "java",
        "Spring": "springboot",
        "Kotlin": "kotlin",
        "Swift": "swiftui",
        "iOS": "ios",
        "Android": "android",
        "Flutter": "flutter dart",
        "React Native": "expo",
        ".NET": "dotnet",
        "Go": "golang",
        "Rust": "rust",
        "Ruby": "ruby rails",
        "Scala": "scala",
        "SQL": "sql mysql postgresql postgres sqlite mssql",
        "MongoDB": "mongodb mongo",
        "Redis": "redis",
        "Firebase": "firebase",
        "Supabase": "supabase",
        "GraphQL": "graphql",
        "API": "api apis restful webhook webhooks",
        # Only its own name: "S3" may be a season, "Lambda" a Python keyword.
        "AWS": "aws",
        "Azure": "azure",
        "Google Cloud": "gcp",
        "Docker": "docker",
        "Kubernetes": "kubernetes k8s",
        "Terraform": "terraform",
        "Linux": "linux ubuntu",
        "Git": "git github gitlab",
        "Figma": "figma",
        "Photoshop": "photoshop",
        "Illustrator": "illustrator",
        "InDesign": "indesign",
        "Canva": "canva",
        "Blender": "blender",
        "Unity": "unity",
        "Unreal": "unreal",
        "Excel": "excel vba xlsx",
        "Airtable": "airtable",
        "Zapier": "zapier",
        "Make": "integromat",
        "n8n": "n8n",
        "HubSpot": "hubspot",
        "Salesforce": "salesforce",
        "Tableau": "tableau",
        "Power BI": "powerbi",
        "Looker": "looker",
        "pandas": "pandas numpy",
        "TensorFlow": "tensorflow keras",
        "PyTorch": "pytorch",
        "OpenAI": "openai chatgpt gpt llm llms langchain",
        "Selenium": "selenium playwright puppeteer scrapy",
        "SEO": "seo",
        "Stripe": "stripe",
        "PayPal": "paypal",
        "Twilio": "twilio",
        "Solidity": "solidity web3 ethereum",
        "Premiere Pro": "premiere",
        "DaVinci Resolve": "davinci",
        "AutoCAD": "autocad",
        "SolidWorks": "solidworks",
        "Revit": "revit",
        "SketchUp": "sketchup",
        "QuickBooks": "quickbooks",
        "Xero": "xero",
        "Jira": "jira",
        "Notion": "notion",
        "Snowflake": "snowflake",
        "BigQuery": "bigquery",
        "Airflow": "airflow",
        "Spark": "pyspark",
        "Kafka": "kafka",
        "Elasticsearch": "elasticsearch",
        "MATLAB": "matlab",
        "Machine learning": "ml sklearn xgboost huggingface",
        "NLP": "nlp",
        "OCR": "ocr tesseract",
        "OpenCV": "opencv",
        "LangGraph": "langgraph",
        "SPSS": "spss",
        "Stata": "stata",
        "RStudio": "rstudio",
        "Web scraping": "scraping scraper scrapers",
    }.items()
    for word in _split(words)
}
_TECHNOLOGY_PHRASES = _index_phrases(
    {
        "node.js": "Node.js",
        "node js": "Node.js",
        "next.js": "Next.js",
        "vue.js": "Vue",
        "react.js": "React",
        "express.js": "Express",
        "c++": "C++",
        "c#": "C#",
        ".net": ".NET",
        "make.com": "Make",
        "bubble.io": "Bubble",
        "google sheets": "Google Sheets",
        "google ads": "Google Ads",
        "google analytics": "Google Analytics",
        "power bi": "Power BI",
        "after effects": "After Effects",
        "react native": "React Native",
        "spring boot": "Spring",
        "apache spark": "Spark",
        "machine learning": "Machine learning",
        "deep learning": "Machine learning",
        "computer vision": "Computer vision",
        "hugging face": "Machine learning",
    }
)

_DELIVERABLE_WORDS = frozenset(
    _split(
        "deliverable deliverables requirement requirements responsibilities scope tasks "
        "milestone milestones features specification specifications specs acceptance "
        "criteria expectations objectives"
    )
)
_DELIVERABLE_PHRASES = _index_phrases(
    {
        "you will ": "you will",
        "you'll ": "you'll",
        "you\u2019ll ": "you'll",
        "what we need": "what we need",
        "the project involves": "the project involves",
    }
)
_TIMELINE_WORDS = frozenset(
    _split(
        # Singular on purpose: "meet deadlines" and "project timelines" are skills, not dates.
        "deadline timeline timeframe asap urgent urgently days week weeks "
        "month months hours duration eta turnaround"
    )
)
# Phrases that put the details off until later.
_VAGUE_PHRASES = _index_phrases(
    {
        phrase: phrase
        for phrase in (
            "simple task",
            "easy task",
            "quick task",
            "small task",
            "simple job",
            "easy job",
            "quick job",
            "details in chat",
            "details in the chat",
            "details in dm",
            "details later",
            "will share details",
            "will share the details",
            "share more details",
            "discuss the details",
            "discuss details",
            "will discuss",
            "message me for details",
            "dm for details",
            "dm me for details",
            "details will be provided",
        )
    }
)

# The scam and multi-hire patterns are too costly to run over a whole description (a Python regex
# tries every position); they run on a short window around each occurrence of a hint word, and
# only when the hint word is among the description's words, which is rare.
_WINDOW_BEFORE = 80
_WINDOW_AFTER = 60

# Off-platform contact. A bare "Telegram" or "WhatsApp" is not flagged: building Telegram bots and
# WhatsApp integrations is real Upwork work. What is flagged is asking to be contacted there.
_CHANNELS = r"(?:whatsapp|telegram|skype|wechat|discord|signal|gmail|e-?mail|phone)"
_OFF_PLATFORM_WORDS_RE = re.compile(
    r"\b(?:contact|message|text|reach(?:\s+out)?|add|ping|call|dm|write|hit\s+up|talk|chat)"
    r"(?:\s+(?:to|with))?\s+(?:me|us)\s+(?:directly\s+)?(?:on|via|at|through|over|by|in)\s+"
    + _CHANNELS
    + r"\b"
    r"|\b(?:whatsapp|telegram|skype|wechat|discord)\s+(?:me|us)\b"
    r"|\b(?:my|our)\s+(?:whatsapp|telegram|skype|wechat|discord)(?:\s+(?:number|id|handle|is)|:)"
    r"|\b(?:whatsapp|telegram|skype)\s*:\s*[+@\d]"
    r"|\be-?mail\s+(?:me|us)\s+(?:directly\s+)?(?:at|on)\b"
    r"|\b(?:contact|reach|pay|talk\s+to|chat\s+with)\s+(?:me|us|you)\s+outside\b"
    r"|\boutside\s+(?:of\s+)?upwork\b"
    r"|\boff[- ]?(?:platform|upwork)\b"
)
_EMAIL = r"[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}"
_OFF_PLATFORM_RE = re.compile(_OFF_PLATFORM_WORDS_RE.pattern + "|" + _EMAIL)
# The e-mail alternative comes last and needs an "@": in a window without one the pattern
# without it finds exactly the same matches, five times faster (its greedy run of word
# characters is retried from every position of every word).
_OFF_PLATFORM_FALLBACK = ("@", _OFF_PLATFORM_WORDS_RE)
# Hint word -> the strings to look for in the text. "@" is not a word: description_signals adds it
# to the words when the text has one, so an email address gets looked at.
_OFF_PLATFORM_HINTS: dict[str, tuple[str, ...]] = {
    "whatsapp": ("whatsapp",),
    "telegram": ("telegram",),
    "skype": ("skype",),
    "wechat": ("wechat",),
    "discord": ("discord",),
    "signal": ("signal",),
    "mail": ("mail",),
    "email": ("email",),
    "gmail": ("gmail",),
    "phone": ("phone",),
    "outside": ("outside",),
    "off": ("off-", "off "),
    "offplatform": ("offplatform",),
    "@": ("@",),
}

_FREE_TRIAL_RE = re.compile(
    r"\bfree\s+(?:test|sample|trial\s+(?:task|work|project|article))\b"
    r"|\b(?:unpaid|non[- ]?paid|no[- ]pay)\s+(?:\w+\s+)?"
    r"(?:test|trial|task|work|sample|assignment)\b"
    r"|\b(?:test|trial|sample)(?:\s+(?:task|project|job|work|article))?\s+(?:is\s+|will\s+be\s+)?"
    r"(?:for\s+free|unpaid|not\s+paid|without\s+pay(?:ment)?)"
    r"|\b(?:work|do|complete|write|design|build)\s+(?:\w+\s+){0,3}?for\s+free\b"
)
_FREE_TRIAL_HINTS: dict[str, tuple[str, ...]] = {
    "free": ("free",),
    "unpaid": ("unpaid",),
    "nonpaid": ("nonpaid",),
    "paid": ("not paid", "non-paid", "non paid"),
    "pay": ("without pay", "no pay", "no-pay"),
    "payment": ("without payment",),
}

# Several freelancers wanted on one post: a hire already made does not close the job.
_ROLES = _split(
    "freelancer developer dev programmer engineer designer writer copywriter editor translator "
    "tester assistant va agent caller setter closer marketer specialist expert contractor "
    "candidate member artist animator illustrator transcriber researcher moderator tutor rep "
    "representative worker professional coder annotator labeler reviewer creator talent"
)
_MULTI_HIRE_RE = re.compile(
    r"\b(?:several|multiple|a\s+few|[2-9]|[1-9]\d|two|three|four|five|six|seven|eight|nine|ten|"
    r"more\s+than\s+one)\s+(?:(?!(?:year|month|week|day|hour)s?\b)[a-z-]+\s+){0,2}"
    r"(?:" + "|".join(_ROLES) + r"|person|people)s?\b"
    r"|\ba\s+team\s+of\b"
    r"|\bhir(?:e|ing)\s+(?:several|multiple|more\s+than\s+one)\b"
    r"|\bmultiple\s+hires\b"
)
_MULTI_HIRE_HINTS: dict[str, tuple[str, ...]] = {
    **{role + "s": (role + "s",) for role in _ROLES},
    "people": ("people",),
    "several": ("several",),
    "multiple": ("multiple",),
    "team": ("team of",),
    "one": ("more than one",),
}


def _scan(
    lower: str,
    words: set[str],
    hints: dict[str, tuple[str, ...]],
    pattern: re.Pattern[str],
    fallback: tuple[str, re.Pattern[str]] | None = None,
) -> tuple[str, ...]:
    """Distinct matches of ``pattern`` near the hint words present, in order of appearance.

    ``fallback`` is (literal, cheaper pattern): in a window without the literal, the cheaper
    pattern finds the same matches as ``pattern``.
    """
    found: dict[int, str] = {}
    for word in words.intersection(hints):
        for needle in hints[word]:
            at = lower.find(needle)
            while at != -1:
                start = max(0, at - _WINDOW_BEFORE)
                window = lower[start : at + len(needle) + _WINDOW_AFTER]
                chosen = pattern
                if fallback is not None and fallback[0] not in window:
                    chosen = fallback[1]
                for match in chosen.finditer(window):
                    found[start + match.start()] = " ".join(match.group(0).split())
                at = lower.find(needle, at + len(needle))
    return tuple(dict.fromkeys(found[at] for at in sorted(found)))


# The version of DescriptionSignals' stored shape *and* of the reading behind it. Vettings keep
# their signals (Vetting.description_signals) so the what-if does not read thousands of
# descriptions again; a stored shape of another version is read again from the description. Bump
# it whenever description_signals would answer differently for some text, or a field changes.
SIGNALS_VERSION = 1


@dataclass(frozen=True)
class DescriptionSignals:
    """What a job description shows, read once per vetting and shared by the rules."""

    chars: int
    words: int
    lines: int
    bullets: int
    deliverables: bool
    technologies: tuple[str, ...]
    timeline: bool
    vague: tuple[str, ...]
    off_platform: tuple[str, ...]
    free_trial: tuple[str, ...]
    multi_hire: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        """The stored shape (Vetting.description_signals), tagged with SIGNALS_VERSION."""
        return {
            "version": SIGNALS_VERSION,
            "chars": self.chars,
            "words": self.words,
            "lines": self.lines,
            "bullets": self.bullets,
            "deliverables": self.deliverables,
            "technologies": list(self.technologies),
            "timeline": self.timeline,
            "vague": list(self.vague),
            "off_platform": list(self.off_platform),
            "free_trial": list(self.free_trial),
            "multi_hire": list(self.multi_hire),
        }

    @classmethod
    def from_json(cls, data: Any) -> DescriptionSignals | None:
        """The signals a stored shape holds; ``None`` for null, another version or a damaged
        shape, which the caller reads again from the description."""
        if not isinstance(data, dict) or data.get("version") != SIGNALS_VERSION:
            return None
        try:
            return cls(
                chars=_count(data["chars"]),
                words=_count(data["words"]),
                lines=_count(data["lines"]),
                bullets=_count(data["bullets"]),
                deliverables=_flag(data["deliverables"]),
                technologies=_strings(data["technologies"]),
                timeline=_flag(data["timeline"]),
                vague=_strings(data["vague"]),
                off_platform=_strings(data["off_platform"]),
                free_trial=_strings(data["free_trial"]),
                multi_hire=_strings(data["multi_hire"]),
            )
        except (KeyError, TypeError):
            return None

    @property
    def structured(self) -> bool:
        return self.bullets >= _STRUCTURE_BULLETS or self.lines >= _STRUCTURE_LINES

    def strengths(self, detailed_chars: int) -> tuple[str, ...]:
        """The signs of a well-described job that this description shows, in words."""
        seen: list[str] = []
        if self.chars >= detailed_chars:
            seen.append(f"{self.chars:,} characters")
        if self.bullets >= _STRUCTURE_BULLETS:
            seen.append(f"{self.bullets} bullet points")
        elif self.lines >= _STRUCTURE_LINES:
            seen.append(f"{self.lines} separate lines")
        if self.deliverables:
            seen.append("deliverables")
        if self.technologies:
            seen.append("technologies named (" + ", ".join(self.technologies[:5]) + ")")
        if self.timeline:
            seen.append("a timeline")
        return tuple(seen)

    def gaps(self, detailed_chars: int) -> tuple[str, ...]:
        """The signs this description lacks, in words."""
        missing: list[str] = []
        if self.chars < detailed_chars:
            missing.append(f"only {self.chars:,} characters")
        if not self.structured:
            missing.append("no bullet points")
        if not self.deliverables:
            missing.append("no deliverables or scope")
        if not self.technologies:
            missing.append("no technologies named")
        if not self.timeline:
            missing.append("no timeline")
        return tuple(missing)


def _count(value: Any) -> int:
    # bool is an int to Python; a stored true is no count (nor is a float or a string).
    if type(value) is not int:
        raise TypeError("not a count")
    return value


def _flag(value: Any) -> bool:
    if type(value) is not bool:
        raise TypeError("not a flag")
    return value


def _strings(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise TypeError("not a list")
    # Most lists are empty; the what-if reads five of them a vetting over thousands.
    return tuple(map(str, value)) if value else ()


# Not cached: a user never vets the same text twice in a row, and a cache keyed on the text made
# the benchmark's repeated vets of one page free, so it measured the cache instead of the reading.
def description_signals(text: str) -> DescriptionSignals:
    """Read a description once; linear in its length.

    One C-level pass splits the words; word lists are set lookups, phrases are searched only when
    their key word is present, and the scam and multi-hire patterns only look at short windows
    around rare hint words, so a clean description costs little more than its tokenisation.
    """
    text = text.strip()
    lower, lower_utf8 = _lowered(text)
    word_list = _words_of_utf8(lower_utf8)
    words = set(word_list)
    lines = list(filter(None, map(str.strip, text.splitlines())))
    bullets = sum(1 for line in lines if line[0] in _BULLET_CHARS or _NUMBERED_RE.match(line))

    technologies = {_TECHNOLOGIES[word] for word in words.intersection(_TECHNOLOGIES)}
    technologies.update(_phrases_in(lower, words, _TECHNOLOGY_PHRASES))
    if "@" in lower:
        words.add("@")
    off_platform = _scan(
        lower, words, _OFF_PLATFORM_HINTS, _OFF_PLATFORM_RE, _OFF_PLATFORM_FALLBACK
    )

    return DescriptionSignals(
        chars=len(text),
        words=len(word_list),
        lines=len(lines),
        bullets=bullets,
        deliverables=not words.isdisjoint(_DELIVERABLE_WORDS)
        or bool(_phrases_in(lower, words, _DELIVERABLE_PHRASES)),
        technologies=tuple(sorted(technologies, key=str.lower)),
        timeline=not words.isdisjoint(_TIMELINE_WORDS),
        vague=tuple(_phrases_in(lower, words, _VAGUE_PHRASES)),
        off_platform=off_platform,
        free_trial=_scan(lower, words, _FREE_TRIAL_HINTS, _FREE_TRIAL_RE),
        multi_hire=_scan(lower, words, _MULTI_HIRE_HINTS, _MULTI_HIRE_RE),
    )


def judge_description(
    signals: DescriptionSignals | None, thresholds: Thresholds
) -> tuple[Status, str]:
    """The description_quality verdict; payment_verified reuses it to forgive a missing card."""
    if signals is None or signals.chars == 0:
        return Status.UNKNOWN, "No job description on the paste"
    if signals.off_platform:
        return (
            Status.FAIL,
            f"Asks to talk outside Upwork ({_quoted(signals.off_platform)}): against Upwork's "
            "terms, you lose its payment protection, and a common scam sign",
        )
    if signals.free_trial:
        return (
            Status.FAIL,
            f"Asks for free work ({_quoted(signals.free_trial)}): a trial task should be paid",
        )
    if signals.chars < thresholds.description_min_chars:
        return (
            Status.FAIL,
            f"Description is only {signals.chars:,} characters; "
            f"your minimum is {thresholds.description_min_chars:,}",
        )
    strengths = signals.strengths(thresholds.description_detailed_chars)
    points = len(strengths) - (1 if signals.vague else 0)
    vague = f"; vague wording ({_quoted(signals.vague)})" if signals.vague else ""
    if points >= thresholds.description_good_signals:
        return Status.PASS, "Well described: " + ", ".join(strengths) + vague
    seen = "seen: " + ", ".join(strengths) if strengths else "no sign of a well-described job"
    missing = "; missing: " + ", ".join(signals.gaps(thresholds.description_detailed_chars))
    if points <= 0:
        return Status.FAIL, f"Vague description: {seen}{missing}{vague}"
    return Status.WARN, f"Thin description: {seen}{missing}{vague}"


# --------------------------------------------------------------------------------------------
# Context and formatting helpers
# --------------------------------------------------------------------------------------------

_ZERO = timedelta(0)


@dataclass(frozen=True)
class RuleContext:
    """What every rule sees. ``previous`` is the last vetting of the same job, for trends.

    ``description`` holds the description's signals, read once here because three rules use
    them (description_quality, payment_verified, already_hired). ``signals`` are that reading
    done before (stored with the vetting): given, they are used as they are, so a caller
    re-judging a long history does not read every description again; ``None`` reads them here.
    """

    facts: JobFacts
    thresholds: Thresholds
    now: datetime
    previous: JobFacts | None = None
    description: DescriptionSignals | None = field(init=False, repr=False, compare=False)
    signals: InitVar[DescriptionSignals | None] = None

    def __post_init__(self, signals: DescriptionSignals | None) -> None:
        if self.now.tzinfo is None:
            raise ValueError("RuleContext.now must be timezone-aware")
        if signals is None:
            text = self.facts.description
            signals = description_signals(text) if text else None
        # A frozen dataclass sets its own derived fields through object.__setattr__.
        object.__setattr__(self, "description", signals)

    def age(self, moment: datetime | None) -> timedelta | None:
        """How long ago ``moment`` was; a naive time is taken as UTC, a future one as now."""
        if moment is None:
            return None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        elapsed = self.now - moment
        return elapsed if elapsed > _ZERO else _ZERO


def _decimal(value: Decimal | float) -> str:
    """4.0 -> "4.0", 4.25 -> "4.25", 4.5 -> "4.5": ratings and rates read naturally."""
    text = f"{value:.2f}"
    return text[:-1] if text.endswith("0") else text


def _quoted(phrases: tuple[str, ...]) -> str:
    return ", ".join(f'"{phrase}"' for phrase in phrases[:3])


def _interviewing(count: int) -> str:
    return plural(count, "freelancer") + " being interviewed"


def _sentence(text: str) -> str:
    """Capitalise the first letter only (str.capitalize would lower the rest)."""
    return text[:1].upper() + text[1:]


def _threshold_words(thresholds: Thresholds) -> dict[str, str]:
    """Each threshold as a help text writes it: dollars as money, ratings as 4.5, counts 1,000."""
    words: dict[str, str] = {}
    for item in dataclasses.fields(thresholds):
        value = getattr(thresholds, item.name)
        if item.name.endswith("_usd"):
            words[item.name] = money(value)
        elif isinstance(value, float):
            words[item.name] = _decimal(value)
        elif isinstance(value, int):
            words[item.name] = f"{value:,}"
    return words


# --------------------------------------------------------------------------------------------
# Rules
# --------------------------------------------------------------------------------------------


class Rule:
    """One check. Subclasses set the class attributes and implement :meth:`evaluate`."""

    code: ClassVar[str]
    title: ClassVar[str]
    # May name thresholds in braces ("{connects_cost_high} or more connects"): get_help_text
    # writes the user's values in, as Django's MinimumLengthValidator says "at least 8".
    help_text: ClassVar[str]
    # The advice the rule puts into code, shown on the help page: the seed article's own
    # (``from_article``) or a rule of thumb other freelancers use (DOMAIN.md).
    advice: ClassVar[str]
    from_article: ClassVar[bool] = False
    # Points off the 100 score: a fail costs ``weight``, a warn ``warn_weight``, and an unknown a
    # little, so a paste without facts does not look like a perfect job.
    weight: ClassVar[int] = 10
    warn_weight: ClassVar[int] = 4
    unknown_weight: ClassVar[int] = 2
    # False for a signal most pastes lack: its unknown is no missing fact, and does not count
    # towards "too little on the paste to judge".
    needed: ClassVar[bool] = True

    def evaluate(self, ctx: RuleContext) -> RuleResult:
        raise NotImplementedError

    def get_help_text(self, thresholds: Thresholds | None = None) -> str:
        """What the rule checks, with the values it checks against (the defaults if none)."""
        return self.help_text.format_map(_threshold_words(thresholds or Thresholds()))

    def cost(self, status: Status) -> int:
        """Points this result takes off the score."""
        if status == Status.PASS:
            return 0
        if status == Status.FAIL:
            return self.weight
        return self.warn_weight if status == Status.WARN else self.unknown_weight

    def passed(self, reason: str) -> RuleResult:
        return RuleResult(self.code, Status.PASS, reason)

    def warned(self, reason: str) -> RuleResult:
        return RuleResult(self.code, Status.WARN, reason)

    def failed(self, reason: str) -> RuleResult:
        return RuleResult(self.code, Status.FAIL, reason)

    def unknown(self, reason: str) -> RuleResult:
        return RuleResult(self.code, Status.UNKNOWN, reason)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.code}>"


class HireRate(Rule):
    code = "hire_rate"
    title = "Client hire rate"
    from_article = True
    advice = (
        "Always check the hiring rate of the client, if it is less than 50% then don't "
        "waste your connects. If the client has posted 10 jobs and he hired no one, then "
        "don't apply for that job."
    )
    help_text = (
        "Checks the share of the client's posts that ended in a hire: a client who hires on fewer "
        "than {hire_rate_min}% of them will probably not hire you either, and your connects go "
        "to a price survey."
    )
    weight = 30
    warn_weight = 10

    def evaluate(self, ctx: RuleContext) -> RuleResult:
        f, bar = ctx.facts, ctx.thresholds.hire_rate_min
        jobs, hires, rate = f.client_jobs_posted, f.client_hires, f.client_hire_rate
        if jobs is not None and jobs < ctx.thresholds.hire_rate_min_jobs:
            posted = "No job posted before" if jobs == 0 else f"Only {plural(jobs, 'job')} posted"
            return self.warned(f"{posted}: no hiring history to judge")
        if rate is None:
            if jobs is None or hires is None:
                return self.unknown("Hire rate and the client's jobs posted not on the paste")
            # "5 hires" counts contracts, not posts, so hires/jobs is an upper bound of the rate:
            # under the bar it is a sure fail, over it the best evidence there is.
            estimate = min(100, hires * 100 // jobs)
            detail = f"{plural(hires, 'hire')} from {jobs:,} jobs posted"
            if estimate < bar:
                return self.failed(
                    f"Hire rate not shown; {detail} is at most {estimate}%; your bar is {bar}%"
                )
            return self.passed(
                f"Hire rate not shown; {detail}, up to {estimate}%; your bar is {bar}%"
            )
        # Upwork has reported hire rates above 100%; the rate means 0-100.
        rate = max(0, min(100, rate))
        detail = ""
        if jobs is not None:
            detail = f" from {jobs:,} jobs posted"
            if hires is not None:
                detail = f": {plural(hires, 'hire')}{detail}"
        if rate < bar:
            return self.failed(f"Hire rate {rate}%{detail}; your bar is {bar}%")
        return self.passed(f"Hire rate {rate}%{detail}; meets your bar of {bar}%")


class IdleJob(Rule):
    code = "idle_job"
    title = "Idle job"
    from_article = True
    advice = (
        "A job posted 30 days ago whose client last viewed it 22 days ago, with nobody "
        "interviewed: you don't need to waste your connects on that job."
    )
    help_text = (
        "Checks when the client last looked at the job and whether anyone is being interviewed: "
        "a job left alone for {idle_days} days is not going to be filled, and an expired job "
        "keeps your connects."
    )
    weight = 30
    warn_weight = 10

    def evaluate(self, ctx: RuleContext) -> RuleResult:
        f, t = ctx.facts, ctx.thresholds
        viewed, posted = ctx.age(f.last_viewed_at), ctx.age(f.posted_at)
        interviewing = f.interviewing
        posted_text = f"Posted {ago(posted)}, " if posted is not None else ""

        if interviewing is None:
            if viewed is not None and viewed.days < t.recent_view_days:
                return self.passed(f"Client viewed the job {ago(viewed)}")
            return self.unknown(
                "Interviewing count not on the paste: cannot tell if the job is idle"
            )
        if interviewing > 0:
            if viewed is not None and viewed.days >= t.idle_days:
                return self.warned(
                    f"Client has not viewed the job for {plural(viewed.days, 'day')}, "
                    f"even with {_interviewing(interviewing)}"
                )
            if viewed is None:
                return self.passed(_sentence(_interviewing(interviewing)))
            return self.passed(
                f"Client viewed the job {ago(viewed)}; {_interviewing(interviewing)}"
            )

        if viewed is not None and viewed.days >= t.idle_days:
            return self.failed(
                _sentence(
                    f"{posted_text}last viewed by the client {ago(viewed)}, nobody interviewed; "
                    f"your limit is {t.idle_days} days without a view"
                )
            )
        if posted is not None and posted.days >= t.expiry_risk_days:
            return self.failed(
                f"Posted {ago(posted)} and nobody interviewed: close to Upwork's expiry of jobs "
                "without activity, and connects spent on an expired job are lost"
            )
        if viewed is not None and viewed.days >= t.recent_view_days:
            return self.warned(
                f"Client last viewed the job {ago(viewed)} and nobody is interviewed"
            )
        if viewed is not None:
            return self.passed(f"Client viewed the job {ago(viewed)}")
        if posted is None:
            return self.unknown(
                "Neither the posting date nor the client's last view is on the paste"
            )
        if posted.days < t.recent_view_days:
            return self.passed(f"Posted {ago(posted)}: too new to be idle")
        if posted.days >= t.idle_days:
            return self.warned(f"Posted {ago(posted)}, no client view shown and nobody interviewed")
        return self.unknown("Client's last view not on the paste")


class InterviewActivity(Rule):
    code = "interview_activity"
    title = "Interviews under way"
    from_article = True
    advice = (
        "Note whether the interview process is continued or not, if it is then apply for "
        "that job: a job posted 30 days ago with the last interview a day or two ago means "
        "the client is still searching."
    )
    help_text = (
        "Checks that the client is interviewing and still looking at the job: a client who is "
        "talking to freelancers is hiring, even on an old post."
    )
    weight = 15
    warn_weight = 6

    def evaluate(self, ctx: RuleContext) -> RuleResult:
        f, t = ctx.facts, ctx.thresholds
        interviewing = f.interviewing
        if interviewing is None:
            return self.unknown("Interviewing count not on the paste")
        if interviewing > t.interviewing_max:
            return self.warned(
                f"{_sentence(_interviewing(interviewing))}: the shortlist is crowded "
                f"(more than {t.interviewing_max})"
            )
        before = ctx.previous.interviewing if ctx.previous is not None else None
        if before is not None and before < interviewing:
            return self.passed(
                f"Interviews growing: from {before} to {interviewing} since your last look"
            )
        viewed = ctx.age(f.last_viewed_at)
        if interviewing > 0:
            if viewed is None:
                return self.passed(_sentence(_interviewing(interviewing)))
            if viewed.days < t.recent_view_days:
                return self.passed(
                    f"{_sentence(_interviewing(interviewing))}; client viewed the job {ago(viewed)}"
                )
            return self.warned(
                f"{_sentence(_interviewing(interviewing))}, but the client last viewed "
                f"the job {ago(viewed)}"
            )
        posted = ctx.age(f.posted_at)
        if posted is None:
            return self.unknown("Nobody interviewed yet, and no posting date to judge by")
        if posted.days >= t.interview_grace_days:
            return self.warned(f"Nobody interviewed, posted {ago(posted)}")
        return self.passed(f"Posted {ago(posted)}: too early for interviews")


class AlreadyHired(Rule):
    code = "already_hired"
    title = "Already hired"
    from_article = True
    advice = (
        "Before applying, always check if the freelancer is already hired or not: if the "
        "client has hired someone, why will he hire another freelancer?"
    )
    help_text = (
        "Checks whether the client already hired someone on this job: unless they want several "
        "freelancers, the job is filled and your connects are lost."
    )
    weight = 40
    warn_weight = 12

    def evaluate(self, ctx: RuleContext) -> RuleResult:
        f = ctx.facts
        hires = f.hires
        if hires is None:
            # Upwork shows "Hires" only once someone was hired, so a paste that has the activity
            # block (interviews, invites) but no hires line means nobody yet.
            if f.interviewing is None and f.invites_sent is None and f.unanswered_invites is None:
                return self.unknown(
                    "Job activity not on the paste: cannot tell if anyone was hired"
                )
            return self.passed("Nobody hired on this job yet")
        if hires <= 0:
            return self.passed("Nobody hired on this job yet")
        hired = f"Client already hired {plural(hires, 'freelancer')} on this job"
        signals = ctx.description
        if signals is not None and signals.multi_hire:
            return self.warned(
                f"{hired}, but the post wants more than one ({_quoted(signals.multi_hire)})"
            )
        return self.failed(hired)


class PaymentVerified(Rule):
    code = "payment_verified"
    title = "Payment verified"
    from_article = True
    advice = (
        "Check the verification of the payment method of the client. If it is verified then "
        "you can apply for that job; if not, read the job description."
    )
    help_text = (
        "Checks that the client's payment method is verified: until it is, you cannot be paid "
        "and hourly work has no protection; a detailed description makes it a warning only."
    )
    weight = 25
    warn_weight = 8

    def evaluate(self, ctx: RuleContext) -> RuleResult:
        verified = ctx.facts.payment_verified
        if verified is None:
            return self.unknown("Payment verification not on the paste")
        if verified:
            return self.passed("Payment method verified")
        status, _ = judge_description(ctx.description, ctx.thresholds)
        if status == Status.PASS:
            return self.warned(
                "Payment method not verified, but the description is detailed; "
                "ask the client to verify before you start"
            )
        return self.failed(
            "Payment method not verified, and the description is not detailed enough to trust it"
        )


class DescriptionQuality(Rule):
    code = "description_quality"
    title = "Job description"
    from_article = True
    advice = (
        "Always read the job description. Genuine jobs have a proper job description: if it "
        "is ambiguous or not properly defined, don't apply."
    )
    help_text = (
        "Checks that the description says what is to be delivered, with what and by when, and "
        "does not ask to move off Upwork or work for free: genuine jobs are properly described."
    )
    weight = 20
    warn_weight = 8

    def evaluate(self, ctx: RuleContext) -> RuleResult:
        status, reason = judge_description(ctx.description, ctx.thresholds)
        return RuleResult(self.code, status, reason)


def _proposals_label(low: int | None, high: int | None) -> str:
    if high is None:
        return f"{low}+"
    if not low:
        return f"Less than {high}"
    return f"{low} to {high}"


class Competition(Rule):
    code = "competition"
    title = "Competition"
    from_article = False
    advice = (
        "50 or more proposals is a long shot; “20 to 50” lowers the odds but is no reason "
        "on its own to pass."
    )
    help_text = (
        "Checks how many proposals the job already has: with {proposals_fail} or more yours is a "
        "long shot, {proposals_warn} to {proposals_fail} lowers the odds."
    )
    weight = 15
    warn_weight = 6

    def evaluate(self, ctx: RuleContext) -> RuleResult:
        f, t = ctx.facts, ctx.thresholds
        low, high = f.proposals_min, f.proposals_max
        if low is None and high is None:
            return self.unknown("Number of proposals not on the paste")
        label = _proposals_label(low, high)
        floor = low or 0
        if floor >= t.proposals_fail:
            return self.failed(f"{label} proposals: a long shot (your limit is {t.proposals_fail})")
        if floor >= t.proposals_warn:
            return self.warned(f"{label} proposals: stiff competition")
        return self.passed(f"{label} proposals")


class GhostJob(Rule):
    code = "ghost_job"
    title = "Ghost job"
    from_article = False
    advice = (
        "Many unanswered invites with nobody interviewed, and a client who has not looked "
        "for days or weeks: the post is left open with no intent to hire."
    )
    help_text = (
        "Checks for a client who sent invites nobody answered and interviews nobody: such posts "
        "are often left open with no intent to hire."
    )
    weight = 25
    warn_weight = 8

    def evaluate(self, ctx: RuleContext) -> RuleResult:
        f, t = ctx.facts, ctx.thresholds
        unanswered, interviewing = f.unanswered_invites, f.interviewing
        if unanswered is None:
            return self.unknown("Unanswered invites not on the paste")
        invites = plural(unanswered, "unanswered invite")
        if unanswered >= t.ghost_unanswered_invites:
            if interviewing == 0:
                return self.failed(f"{invites} and nobody interviewed: looks like a ghost job")
            if interviewing is None:
                return self.warned(f"{invites}; interviewing count not on the paste")
        viewed = ctx.age(f.last_viewed_at)
        if unanswered > 0 and viewed is not None and viewed.days >= t.ghost_view_days:
            return self.warned(f"{invites} and the client last viewed the job {ago(viewed)}")
        if unanswered == 0:
            return self.passed("No unanswered invites")
        if interviewing:
            return self.passed(f"{invites}; {_interviewing(interviewing)}")
        return self.passed(invites)


class ClientSpend(Rule):
    code = "client_spend"
    title = "Client spending"
    from_article = False
    advice = (
        "A client with $0 spent is new (a risk) or, after several posts and no hires, one "
        "who never pays anyone."
    )
    help_text = (
        "Checks that the client has paid freelancers before: $0 spent is a new client (a risk) "
        "or, after several posts and no hires, one who never pays anyone."
    )
    weight = 15
    warn_weight = 5

    def evaluate(self, ctx: RuleContext) -> RuleResult:
        f, t = ctx.facts, ctx.thresholds
        spent, hires, jobs = f.client_total_spent, f.client_hires, f.client_jobs_posted
        if spent is not None and spent > 0:
            return self.passed(f"Client has spent {money(spent)} on Upwork")
        if spent is None and hires != 0:
            return self.unknown("Client's total spent not on the paste")
        nothing = "spent $0 on Upwork" if spent is not None else "no spending on record"
        if jobs is not None and jobs >= t.zero_spend_jobs_fail and not hires:
            return self.failed(
                f"Client has {nothing} after {jobs:,} jobs posted and no hires: "
                "posts but does not pay"
            )
        return self.warned(f"Client has {nothing} so far")


class ClientRating(Rule):
    code = "client_rating"
    title = "Client rating"
    from_article = False
    advice = (
        "A client rated under about 4 stars by freelancers brings disputes, scope creep or "
        "late payment."
    )
    help_text = (
        "Checks the rating freelancers gave the client: under {rating_fail} (or under "
        "{rating_warn}, a warning) means disputes, scope creep or late payment."
    )
    weight = 15
    warn_weight = 5

    def evaluate(self, ctx: RuleContext) -> RuleResult:
        f, t = ctx.facts, ctx.thresholds
        rating, reviews = f.client_rating, f.client_reviews
        if reviews == 0:
            return self.unknown("No reviews of the client yet")
        if rating is None:
            return self.unknown("Client rating not on the paste")
        rated = f"Client rated {rating:.2f}"
        if reviews is not None:
            rated += f" from {plural(reviews, 'review')}"
        if rating < t.rating_fail:
            return self.failed(f"{rated}; your bar is {_decimal(t.rating_fail)}")
        if rating < t.rating_warn:
            return self.warned(f"{rated}; below your comfort level of {_decimal(t.rating_warn)}")
        return self.passed(rated)


class ClientRatingsGiven(Rule):
    """The other side of the client's reviews: the stars it gave its freelancers."""

    code = "client_ratings_given"
    title = "Ratings this client gives"
    help_text = (
        "Checks the stars this client gave freelancers in its recent history: a harsh rater "
        "can cost you your Job Success Score. Non-decisive: it only lowers the score."
    )
    advice = (
        "Read the feedback a client left its past freelancers before you apply: a client who "
        "hands out low stars will do the same to you, and one poor review costs more than the "
        "connects."
    )
    weight = 6
    warn_weight = 3
    # Most pastes carry no recent history: its absence is no sign at all, so it costs nothing.
    unknown_weight = 0
    needed = False

    def evaluate(self, ctx: RuleContext) -> RuleResult:
        f, t = ctx.facts, ctx.thresholds
        given = f.client_ratings_given
        if given is None:
            return self.unknown("The client's recent history is not on the paste")
        if not given:
            return self.unknown("The client rated none of its recent freelancers")
        average = sum(given, Decimal(0)) / len(given)
        stars = ", ".join(_decimal(rating) for rating in given)
        said = f"Gave {plural(len(given), 'freelancer')} {stars} (average {average:.2f})"
        if average < Decimal(str(t.rating_fail)):
            return self.failed(f"{said}: a harsh rater; your bar is {_decimal(t.rating_fail)}")
        if average < Decimal(str(t.rating_warn)):
            return self.warned(f"{said}; below your comfort level of {_decimal(t.rating_warn)}")
        return self.passed(said)


class ClientAge(Rule):
    code = "client_age"
    title = "Client account age"
    from_article = False
    advice = (
        "A brand-new client account that has spent nothing is where fake and careless posts "
        "come from."
    )
    help_text = (
        "Checks how long the client has been on Upwork: an account under {new_client_days} days "
        "old that has spent nothing is where fake and careless posts come from."
    )
    weight = 10
    warn_weight = 4

    def evaluate(self, ctx: RuleContext) -> RuleResult:
        f, t = ctx.facts, ctx.thresholds
        since = f.client_member_since
        if since is None:
            return self.unknown("Client's member-since date not on the paste")
        days = max(0, (ctx.now.date() - since).days)
        if days >= t.new_client_days:
            return self.passed(f"Client on Upwork since {day(since)}")
        joined = f"Client joined Upwork {plural(days, 'day')} ago"
        spent = f.client_total_spent
        if spent is not None and spent > 0:
            return self.passed(f"{joined} and has already spent {money(spent)}")
        if spent is None:
            return self.warned(f"{joined}; spending not on the paste")
        return self.warned(f"{joined} and has spent $0")


class AvgHourlyRate(Rule):
    code = "avg_hourly_rate"
    title = "Client's hourly rate"
    from_article = False
    advice = "A client who has paid a very low average hourly rate will not pay yours."
    help_text = (
        "On hourly jobs, checks the average hourly rate the client has paid: a client used to "
        "less than {avg_hourly_rate_min_usd} an hour will not pay yours."
    )
    weight = 10
    warn_weight = 4

    def evaluate(self, ctx: RuleContext) -> RuleResult:
        f, floor = ctx.facts, ctx.thresholds.avg_hourly_rate_min_usd
        if f.budget_type is None:
            return self.unknown("Fixed-price or hourly not on the paste")
        if f.budget_type != "hourly":
            return self.passed("Fixed-price job: the client's hourly rate does not apply")
        rate = f.client_avg_hourly_rate
        # Upwork shows no rate (or $0) for a client who never paid by the hour.
        if rate is None or rate <= 0:
            return self.unknown("Client's average hourly rate paid not on the paste")
        if rate < floor:
            return self.warned(
                f"Client pays {money(rate)}/hr on average; your floor is {money(floor)}/hr"
            )
        return self.passed(f"Client pays {money(rate)}/hr on average")


class ConnectsCost(Rule):
    code = "connects_cost"
    title = "Connects cost"
    from_article = False
    advice = (
        "A proposal of 16 connects or more on a small fixed budget costs more than the job "
        "is likely to return."
    )
    help_text = (
        "Weighs the connects a proposal costs against a fixed budget: {connects_cost_high} or "
        "more connects on a job of {small_budget_usd} or less cost more than the job is likely "
        "to return."
    )
    weight = 10
    warn_weight = 5

    def evaluate(self, ctx: RuleContext) -> RuleResult:
        f, t = ctx.facts, ctx.thresholds
        connects = f.connects_required
        if connects is None:
            return self.unknown("Connects required not on the paste")
        cost = plural(connects, "connect")
        if connects <= 0:
            return self.passed("No connects needed to apply")
        if f.budget_type == "hourly":
            return self.passed(f"{cost} for an hourly job")
        budget = f.budget_max if f.budget_max is not None else f.budget_min
        if budget is None or f.budget_type is None:
            if connects >= t.connects_cost_high:
                return self.unknown(
                    f"{cost}, but no fixed budget on the paste to weigh them against"
                )
            return self.passed(cost)
        spend = f"{cost} for a {money(budget)} fixed-price job"
        if connects >= t.connects_cost_high:
            if budget <= t.tiny_budget_usd:
                return self.failed(
                    f"{spend}: too costly for so little money "
                    f"({t.connects_cost_high}+ connects on {money(t.tiny_budget_usd)} or less)"
                )
            if budget <= t.small_budget_usd:
                return self.warned(
                    f"{spend}: costly for a small job "
                    f"({t.connects_cost_high}+ connects on {money(t.small_budget_usd)} or less)"
                )
        return self.passed(spend)


# --------------------------------------------------------------------------------------------
# Registry: the order here is the order results are shown and stored.
# --------------------------------------------------------------------------------------------

RULES: tuple[Rule, ...] = (
    HireRate(),
    IdleJob(),
    InterviewActivity(),
    AlreadyHired(),
    PaymentVerified(),
    DescriptionQuality(),
    Competition(),
    GhostJob(),
    ClientSpend(),
    ClientRating(),
    ClientRatingsGiven(),
    ClientAge(),
    AvgHourlyRate(),
    ConnectsCost(),
)

RULES_BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}

if len(RULES_BY_CODE) != len(RULES):  # pragma: no cover - a duplicated code is a bug at import
    raise RuntimeError("Two vetting rules share a code")
