"""Bidbook settings: one module, every value read from the environment in this one place.

Every variable has a safe local default so `make run` needs nothing; a malformed value fails
loudly with ImproperlyConfigured naming the variable instead of starting with a surprise.
"""

from __future__ import annotations

import ipaddress
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import environ
from django.core.exceptions import ImproperlyConfigured

from config.limits import MB, UPLOAD_MAX_BYTES

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)


def _read(name: str, cast: Any, default: Any) -> Any:
    """Read one variable, naming it when its value cannot be understood."""
    try:
        return env(name, cast=cast, default=default)
    except (ValueError, TypeError, environ.ImproperlyConfigured) as exc:
        raise ImproperlyConfigured(f"{name} has an invalid value: {exc}") from exc


def _bool(name: str, default: bool) -> bool:
    # environ's bool cast turns any unknown word into False; a typo must not silently disable
    # a security setting, so only the usual spellings are accepted.
    raw = env.str(name, default="")
    if raw == "":
        return default
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, got {raw!r}")


# ---------------------------------------------------------------------------------------------
# Core
# ---------------------------------------------------------------------------------------------
DEBUG = _bool("DJANGO_DEBUG", True)

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off")
    SECRET_KEY = "django-insecure-local-development-key-only-never-in-production"

ALLOWED_HOSTS: list[str] = _read(
    "DJANGO_ALLOWED_HOSTS", list, ["127.0.0.1", "localhost", "[::1]", "testserver"]
)
CSRF_TRUSTED_ORIGINS: list[str] = _read("DJANGO_CSRF_TRUSTED_ORIGINS", list, [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "accounts",
    "vetting",
    "ledger",
    "dashboards",
    "workspace",
    "corsheaders",
    "api",
]

MIDDLEWARE = [
    # Outermost, so a response made when another middleware refuses the request (a bad Host
    # header's 400, for one) carries the content-security policy too.
    "accounts.middleware.SecurityHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # /healthz is answered here, with the headers above and before anything reads the session
    # (which needs the database it is checking).
    "accounts.health.HealthzMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before CommonMiddleware: it answers the API's preflight requests (see "API" below).
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The user's zone for every date of the request (accounts.zones).
    "accounts.middleware.UserTimeZoneMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Turns a login that django-axes refused into the lockout page (accounts.views).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "workspace.context_processors.balance",
            ],
        },
    },
]

# ---------------------------------------------------------------------------------------------
# Database: SQLite unless DATABASE_URL says otherwise
# ---------------------------------------------------------------------------------------------
try:
    DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
except (ValueError, KeyError, environ.ImproperlyConfigured) as exc:
    raise ImproperlyConfigured(f"DATABASE_URL has an invalid value: {exc}") from exc
if DATABASES["default"].get("ENGINE") not in {
    "django.db.backends.sqlite3",
    "django.db.backends.postgresql",
}:
    raise ImproperlyConfigured(
        "DATABASE_URL has an invalid value: use sqlite:///path or postgres://user@host:port/name"
    )
# Every request is one transaction: a ledger write and the change it records land together.
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DATABASES["default"]["CONN_MAX_AGE"] = _read("DATABASE_CONN_MAX_AGE", int, 0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the dev server and an in-process import share the file.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )

# ---------------------------------------------------------------------------------------------
# Cache: password-reset counts live here (the e-mails' claims are in the database,
# accounts.SentEmail); in production use Redis so every worker shares them (`check --deploy`
# warns otherwise)
# ---------------------------------------------------------------------------------------------
try:
    CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://bidbook")}
except (ValueError, KeyError, environ.ImproperlyConfigured) as exc:
    raise ImproperlyConfigured(f"CACHE_URL has an invalid value: {exc}") from exc

# ---------------------------------------------------------------------------------------------
# Auth
# ---------------------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# django-axes checks every authenticate() first: the main login and the admin's alike.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# ---------------------------------------------------------------------------------------------
# Throttling: failed logins (django-axes), password resets, the client's address
# ---------------------------------------------------------------------------------------------
# LOGIN_RATE_LIMIT failures for one account from one address lock that pair (only) until
# LOGIN_RATE_WINDOW seconds after the last failure. The account is its look-alike key, so
# capitals, fullwidth letters and Cyrillic look-alikes of "alice" all count as alice.
LOGIN_RATE_LIMIT = _read("LOGIN_RATE_LIMIT", int, 5)
LOGIN_RATE_WINDOW = _read("LOGIN_RATE_WINDOW", int, 600)
if LOGIN_RATE_LIMIT < 1 or LOGIN_RATE_WINDOW < 1:
    raise ImproperlyConfigured("LOGIN_RATE_LIMIT and LOGIN_RATE_WINDOW must be at least 1")
AXES_FAILURE_LIMIT = LOGIN_RATE_LIMIT
AXES_COOLOFF_TIME = timedelta(seconds=LOGIN_RATE_WINDOW)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "accounts.throttling.login_username"
AXES_CLIENT_IP_CALLABLE = "accounts.client_ip.client_ip"
AXES_LOCKOUT_CALLABLE = "accounts.views.login_locked_out"
AXES_RESET_ON_SUCCESS = True
# A try while locked is refused without being counted, so the wait shown counts down.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# The lock needs the failures only; a row for every successful login would grow forever.
AXES_DISABLE_ACCESS_LOG = True

# Password-reset e-mails per client address and per e-mail address in PASSWORD_RESET_WINDOW s.
PASSWORD_RESET_LIMIT_PER_ADDRESS = _read("PASSWORD_RESET_LIMIT_PER_ADDRESS", int, 10)
PASSWORD_RESET_LIMIT_PER_EMAIL = _read("PASSWORD_RESET_LIMIT_PER_EMAIL", int, 3)
PASSWORD_RESET_WINDOW = _read("PASSWORD_RESET_WINDOW", int, 3600)

# The proxies in front of Bidbook, outermost first: an address or a network (CIDR) per hop.
# X-Forwarded-For is believed only from them (accounts/client_ip.py); empty: never believed.
BIDBOOK_TRUSTED_PROXIES: list[str] = _read("BIDBOOK_TRUSTED_PROXIES", list, [])
for _proxy in BIDBOOK_TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy.strip(), strict=False)
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"BIDBOOK_TRUSTED_PROXIES has an invalid value: {_proxy!r} is not an address or "
            "a network like 10.0.0.0/8"
        ) from exc
BIDBOOK_TRUSTED_PROXIES = [proxy.strip() for proxy in BIDBOOK_TRUSTED_PROXIES]

# ---------------------------------------------------------------------------------------------
# Internationalisation
# ---------------------------------------------------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = _read("DJANGO_TIME_ZONE", str, "UTC")
USE_I18N = True
USE_TZ = True

# ---------------------------------------------------------------------------------------------
# Static files
# ---------------------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Uploads are read in memory and parsed as text; nothing a user uploads is kept on disk.
# One MB of headroom over the upload limit, so a file just past it reaches the form and gets
# a message naming the limit.
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES + MB
FILE_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES + MB
FILE_UPLOAD_HANDLERS = ["django.core.files.uploadhandler.MemoryFileUploadHandler"]

# ---------------------------------------------------------------------------------------------
# E-mail: printed on the console unless an SMTP server is configured
# ---------------------------------------------------------------------------------------------
EMAIL_BACKEND = _read("DJANGO_EMAIL_BACKEND", str, "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = _read("EMAIL_HOST", str, "localhost")
EMAIL_PORT = _read("EMAIL_PORT", int, 25)
EMAIL_HOST_USER = _read("EMAIL_HOST_USER", str, "")
EMAIL_HOST_PASSWORD = _read("EMAIL_HOST_PASSWORD", str, "")
EMAIL_USE_TLS = _bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = _read("DEFAULT_FROM_EMAIL", str, "Bidbook <bidbook@localhost>")
# Used in e-mails, which have no request to build absolute links from.
SITE_URL = _read("SITE_URL", str, "http://127.0.0.1:8000").rstrip("/")

# ---------------------------------------------------------------------------------------------
# Security: safe for production once DJANGO_DEBUG is off
# ---------------------------------------------------------------------------------------------
SESSION_COOKIE_SECURE = _bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = _bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = _read("DJANGO_SECURE_HSTS_SECONDS", int, 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = _bool("DJANGO_SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Covering indexes use INCLUDE on PostgreSQL; SQLite simply builds them without it.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
CSRF_FAILURE_VIEW = "accounts.views.csrf_failure"
if _bool("DJANGO_BEHIND_TLS_PROXY", False):
    # The proxy terminates TLS and says so in this header; only trust it behind such a proxy.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# /healthz is polled by load balancers over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# ---------------------------------------------------------------------------------------------
# API (/api/v1/): rate limit per token, and the browser extension's origins
# ---------------------------------------------------------------------------------------------
# Requests one token may make in API_RATE_WINDOW seconds; then 429 with Retry-After.
API_RATE_LIMIT = _read("API_RATE_LIMIT", int, 120)
API_RATE_WINDOW = _read("API_RATE_WINDOW", int, 60)
if API_RATE_LIMIT < 1 or API_RATE_WINDOW < 1:
    raise ImproperlyConfigured("API_RATE_LIMIT and API_RATE_WINDOW must be at least 1")
# The extension's pages may call the API from the browser: list their origins, comma-separated,
# e.g. chrome-extension://<id>,moz-extension://<uuid>. No other site gets CORS headers, and
# none are sent outside /api/v1/. (The extension's background worker needs none: its host
# permission lets it call Bidbook directly.)
CORS_ALLOWED_ORIGINS: list[str] = _read("API_CORS_ALLOWED_ORIGINS", list, [])
for _origin in CORS_ALLOWED_ORIGINS:
    if _origin.startswith(("http://", "https://")) or "://" not in _origin:
        raise ImproperlyConfigured(
            "API_CORS_ALLOWED_ORIGINS lists browser extensions only, like "
            f"chrome-extension://<id> or moz-extension://<uuid>; got {_origin!r}"
        )
CORS_URLS_REGEX = r"^/api/v1/.*$"
CORS_ALLOW_CREDENTIALS = False  # the token travels in a header, never in a cookie
CORS_ALLOW_METHODS = ["GET", "POST", "PATCH", "OPTIONS"]
CORS_ALLOW_HEADERS = ["authorization", "content-type"]
CORS_PREFLIGHT_MAX_AGE = 3600

# ---------------------------------------------------------------------------------------------
# Capture: the origins the bookmarklet's window accepts a page from (and answers)
# ---------------------------------------------------------------------------------------------
CAPTURE_ALLOWED_ORIGINS: list[str] = _read(
    "CAPTURE_ALLOWED_ORIGINS", list, ["https://www.upwork.com"]
)
for _capture_origin in CAPTURE_ALLOWED_ORIGINS:
    if not re.fullmatch(r"https?://[^/\s]+", _capture_origin):
        raise ImproperlyConfigured(
            "CAPTURE_ALLOWED_ORIGINS lists origins like https://www.upwork.com (scheme and host, "
            f"no path), got {_capture_origin!r}"
        )

# ---------------------------------------------------------------------------------------------
# Celery: a real broker when CELERY_BROKER_URL is set, otherwise tasks run in-process
# ---------------------------------------------------------------------------------------------
CELERY_BROKER_URL = _read("CELERY_BROKER_URL", str, "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = _read("CELERY_RESULT_BACKEND", str, "") or None
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_TIME_LIMIT = 10 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 9 * 60
CELERY_TASK_ACKS_LATE = True
# With acks_late a message is acknowledged when its task ends; Redis hands an unacknowledged one
# to another worker after the visibility timeout (an hour by default). It must outlast the
# longest task, or a running import would be handed out twice; a lost worker is noticed sooner
# by the imports' own heartbeat (ledger/import_heartbeat.py).
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_TASK_TIME_LIMIT + 60}
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# ---------------------------------------------------------------------------------------------
# Logging
# ---------------------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": _read("DJANGO_LOG_LEVEL", str, "INFO")},
    # axes announces itself at every start and each failure at INFO; lockouts are WARNINGs.
    "loggers": {"axes": {"level": "WARNING"}},
}
