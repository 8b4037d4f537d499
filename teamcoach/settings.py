"""teamcoach settings: one file, read from the environment.

The embedded default (``make run``) needs no configuration: SQLite in ``var/``,
a secret key generated on first start and kept in ``var/secret_key`` (outside
git), DEBUG off. Set ``DATABASE_URL`` for PostgreSQL, ``REDIS_URL`` for a shared
cache, ``TEAMCOACH_ENV=production`` for the hardened profile (docs/deploy.md).
"""

from __future__ import annotations

import logging
import secrets
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.db.utils import InterfaceError, OperationalError
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

#: Where the embedded set-up keeps what must not go into git: the SQLite
#: database, the generated secret key, collected static files, mail.
VAR_DIR = Path(env.str("TEAMCOACH_VAR_DIR", default=str(BASE_DIR / "var")))

TEAMCOACH_ENV = env.str("TEAMCOACH_ENV", default="embedded")
PRODUCTION = TEAMCOACH_ENV == "production"


def _secret_key() -> str:
    """The key from the environment, or (outside production) one kept in var/."""
    key = env.str("TEAMCOACH_SECRET_KEY", default="")
    if key:
        return key
    if PRODUCTION:
        raise ImproperlyConfigured(
            "TEAMCOACH_SECRET_KEY must be set when TEAMCOACH_ENV=production."
        )
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
#: Whether the key is the shared one from the environment (web/checks.py requires it
#: when several hosts share a database).
TEAMCOACH_SECRET_KEY_FROM_ENV = bool(env.str("TEAMCOACH_SECRET_KEY", default=""))
DEBUG = env.bool("TEAMCOACH_DEBUG", default=False)
ALLOWED_HOSTS = env.list("TEAMCOACH_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("TEAMCOACH_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_tasks_db",
    "ninja",  # its Swagger UI files, served locally
    # teamcoach's apps, from the project down (import-linter keeps the layers: make lint)
    "demo",
    "accounts",
    "api",
    "fairplay",
    "results",  # scores, match events, minutes played, the season page
    "clubs",
    "outbox",  # mail kept until delivered
    "web",  # system checks and the shared cache table
]

MIDDLEWARE = [
    # Outermost: gzip sees the final body (granian does not compress).
    "web.compression.CompressionMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "web.middleware.SecurityHeadersMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Refused before sessions or views run, yet with every header above.
    "web.middleware.UnexpectedMethodMiddleware",
    # Text PostgreSQL cannot store (NUL, lone surrogates) is refused here, on every database.
    "web.middleware.UnstorableTextMiddleware",
    "web.middleware.MaintenanceModeMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After sessions (the language cookie is read by it either way), before CommonMiddleware
    # (Django's documented place): the language from the switch or Accept-Language.
    "django.middleware.locale.LocaleMiddleware",
    "web.middleware.SiteClockMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Marks the pages the service worker may keep offline; Clear-Site-Data on sign-out.
    "fairplay.offline.OfflineMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Innermost, so the page it renders still gets every header above.
    "web.middleware.MethodNotAllowedPageMiddleware",
]

ROOT_URLCONF = "teamcoach.urls"
WSGI_APPLICATION = "teamcoach.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------
# Persistent connections from the start: connect-per-request PostgreSQL measured
# at less than half the throughput on this hardware. Health checks make a node
# recover by itself after a database restart: a dead connection is replaced at the
# start of the next request (while the database is down, pages answer 503 with
# Retry-After: web/views.py).
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("TEAMCOACH_CONN_MAX_AGE", default=600)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers go on while one writer writes; IMMEDIATE avoids
        # "database is locked" surprises when a read transaction turns into a write.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
else:
    # A database that is down refuses at once; one that does not answer costs 3 s, not 2 min.
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = 3
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and sessions -------------------------------------------------------
# Redis is optional at run time: web.cache.ResilientRedisCache answers a miss when
# Redis is down or hung (short socket timeouts, then a few seconds without trying),
# so no page waits for it or fails because of it. Sessions live in the database
# only: a Redis outage can neither log anyone out nor bring a closed session back.
# "shared" is a table in the database every app server sees: maintenance mode.
REDIS_URL = env.str("REDIS_URL", default="")
SHARED_CACHE = {
    "BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "LOCATION": "teamcoach_cache",
    "TIMEOUT": None,
    "OPTIONS": {"MAX_ENTRIES": 100_000},
}
#: How long a rendered page stays in the "kept" cache under its fingerprint
#: (web.validators.conditional); 0 turns the page cache off (304s still work).
TEAMCOACH_PAGE_CACHE_SECONDS = env.int("TEAMCOACH_PAGE_CACHE_SECONDS", default=600)
# "kept": pages, their gzip forms, the kept team, game and schedule — entries whose key
# names the stamps they were made for, so a copy in this process's memory is never
# stale (web.cache.NearCache: memory first, then Redis, written to both).
KEPT_ENTRIES = 2000
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "web.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("TEAMCOACH_CACHE_PREFIX", default="teamcoach"),
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5},
        },
        "kept": {
            "BACKEND": "web.cache.NearCache",
            "LOCATION": "kept",
            "TIMEOUT": TEAMCOACH_PAGE_CACHE_SECONDS or 1,
            "OPTIONS": {"FAR": "default", "MAX_ENTRIES": KEPT_ENTRIES},
        },
        "shared": SHARED_CACHE,
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "kept": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "kept",
            "TIMEOUT": TEAMCOACH_PAGE_CACHE_SECONDS or 1,
            "OPTIONS": {"MAX_ENTRIES": KEPT_ENTRIES},
        },
        "shared": SHARED_CACHE,
    }
#: Where rate-limit counters live: Redis when there is one, else "database": the table
#: web.models.RateCount (one UPSERT per counter; web/ratelimit.py).
TEAMCOACH_RATE_LIMIT_CACHE = "default" if REDIS_URL else "database"
#: Addresses whose pages carry a secret of their own (answer links, invitations,
#: calendar feeds, API tokens, account and admin pages): never compressed (BREACH,
#: docs/security.md). Regular expressions matched at the start of the path.
TEAMCOACH_UNCOMPRESSED_PATHS = [
    r"/a/",
    r"/calendar/",
    r"/invitations/",
    r"/api/tokens/",
    r"/accounts/",
    r"/admin/",
    r"/teams/[^/]+/calendar/",
    r"/s/",  # share links (clubs/sharing.py)
    r"/teams/[^/]+/games/\d+/availability/",  # shows the share and answer links to copy
]
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- Accounts: allauth, two-factor --------------------------------------------
AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/accounts/login/"  # allauth's login page

# Sign-up with mandatory e-mail confirmation, login by e-mail or username, TOTP
# two-factor with recovery codes (required for club admins: accounts/mfa.py).
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_REDIRECT_URL = "accounts:me"
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
# allauth's forms with the site's labels (sentence case, "e-mail"): accounts/forms.py.
ACCOUNT_FORMS = {
    "login": "accounts.forms.LoginForm",
    "signup": "accounts.forms.SignupForm",
    "add_email": "accounts.forms.AddEmailForm",
    "change_password": "accounts.forms.ChangePasswordForm",
    "reset_password": "accounts.forms.ResetPasswordForm",
    "reset_password_from_key": "accounts.forms.ResetPasswordKeyForm",
    "reauthenticate": "accounts.forms.ReauthenticateForm",
}
ACCOUNT_LOGIN_METHODS = {"email", "username"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True  # one address per account: a change replaces it once confirmed
# Confirming signs in, but only in the browser that signed up (allauth keeps the pending
# login in that session; a link opened elsewhere confirms and asks to sign in), and the
# login still passes two-factor. An invited coach's address needs no confirmation at all:
# the invitation link proved it (accounts/club_views.py, stash_verified_email).
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False  # single-use links that expire
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[teamcoach] "
ACCOUNT_PREVENT_ENUMERATION = True
# Throttling per address (ip) and per account (key); every limit expires, so an
# attacker can slow a coach's login down for minutes but never lock them out.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reauthenticate": "10/m/user",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "teamcoach"
MFA_ADAPTER = "accounts.adapter.MFAAdapter"
MFA_FORMS = {
    "activate_totp": "accounts.forms.ActivateTOTPForm",
    "authenticate": "accounts.forms.AuthenticateForm",
    "reauthenticate": "accounts.forms.MFAReauthenticateForm",
}
# --- Mail and background tasks ----------------------------------------------------
# Every message is stored in the outbox (outbox/) and delivered by the worker beside
# the web server (`teamcoach worker`, which `teamcoach serve` starts): retried with
# back-off for a day when the mail server cannot be reached, never lost.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
DEFAULT_FROM_EMAIL = env.str("TEAMCOACH_FROM_EMAIL", default="teamcoach <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
#: The first retry waits this many seconds, each next one twice as long (at most an hour).
TEAMCOACH_MAIL_RETRY_SECONDS = env.int("TEAMCOACH_MAIL_RETRY_SECONDS", default=60)
#: After this many hours of failed attempts a message is marked failed (staff can resend it).
TEAMCOACH_MAIL_GIVE_UP_HOURS = env.int("TEAMCOACH_MAIL_GIVE_UP_HOURS", default=24)
#: How often the worker looks for messages due for another attempt.
TEAMCOACH_MAIL_SWEEP_SECONDS = env.float("TEAMCOACH_MAIL_SWEEP_SECONDS", default=10.0)


def _mailer(url: str) -> dict[str, object]:
    """Django 6.1's MAILERS entry for an EMAIL_URL (django-environ's email_url schemes)."""
    if not url and PRODUCTION:
        url = "smtp://localhost:25"  # the server's own mail relay
    if not url:
        # `make run`: one readable file per message in var/mail/ (`teamcoach mail --last`).
        return {
            "BACKEND": "outbox.backends.ReadableFileBackend",
            "OPTIONS": {"file_path": str(VAR_DIR / "mail")},
        }
    config = environ.Env.email_url_config(url)
    if config["EMAIL_BACKEND"] != "django.core.mail.backends.smtp.EmailBackend":
        options = {"file_path": config["EMAIL_FILE_PATH"]} if config.get("EMAIL_FILE_PATH") else {}
        return {"BACKEND": config["EMAIL_BACKEND"], "OPTIONS": options}
    return {
        "BACKEND": config["EMAIL_BACKEND"],
        "OPTIONS": {
            "host": config["EMAIL_HOST"],
            "port": config["EMAIL_PORT"],
            "username": config["EMAIL_HOST_USER"] or None,
            "password": config["EMAIL_HOST_PASSWORD"] or None,
            "use_tls": bool(config.get("EMAIL_USE_TLS")),
            "use_ssl": bool(config.get("EMAIL_USE_SSL")),
            "timeout": 15,
        },
    }


# e.g. EMAIL_URL=smtp+tls://user:password@mail.example.org:587 switches to SMTP.
# In production the default is the host's own mail server (an MTA on port 25).
MAILERS = {
    "default": _mailer(env.str("EMAIL_URL", default="smtp://localhost:25" if PRODUCTION else ""))
}
#: How long a club invitation link stays valid.
TEAMCOACH_INVITATION_DAYS = 14

# --- Internationalisation -----------------------------------------------------
# The language comes from the switch in the footer (Django's set_language, kept in the
# language cookie), else from Accept-Language (LocaleMiddleware), else English.
# Catalogues: locale/<lang>/LC_MESSAGES/django.po, refreshed by `make messages`;
# the .mo files are compiled by `teamcoach setup` and the test set-up (not in git).
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("de", "Deutsch"),
    ("fr", "Français"),
    ("es", "Español"),
    ("nl", "Nederlands"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
#: Dates and times per language, as a coach there writes them (teamcoach/formats/).
FORMAT_MODULE_PATH = ["teamcoach.formats"]
LANGUAGE_COOKIE_SAMESITE = "Lax"
#: The default time zone of a new club (each club has its own: Club.time_zone).
TIME_ZONE = env.str("TEAMCOACH_TIME_ZONE", default="Europe/London")
USE_I18N = True
USE_TZ = True

# --- Static files (served by the web server, granian, from STATIC_ROOT) ----------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage",
    },
}

# --- Security: headers, limits, the production profile ---------------------------
# docs/security.md maps each threat to the setting here and the test that proves it.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_CSP = {
    # Nothing loads unless listed: the site needs only its own files.
    "default-src": [CSP.NONE],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "manifest-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
#: Browser features the site never uses, switched off (Permissions-Policy).
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# Request bodies: forms are small. Bigger bodies get 400 (Django) or 413 (nginx).
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024  # 1 MiB of form data
DATA_UPLOAD_MAX_NUMBER_FIELDS = 500  # a squad of 60 × a few fields, with room to spare
DATA_UPLOAD_MAX_NUMBER_FILES = 5
FILE_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024  # larger uploads spill to a temporary file

#: Proxies whose X-Forwarded-For is believed (comma-separated addresses or networks,
#: e.g. "127.0.0.1,10.0.0.0/8"). Empty: the client address is REMOTE_ADDR.
TEAMCOACH_TRUSTED_PROXIES = env.list("TEAMCOACH_TRUSTED_PROXIES", default=[])
#: Bounds that keep one request cheap (denial of service).
TEAMCOACH_MAX_TEAM_SIZE = 30
TEAMCOACH_MAX_SQUAD = 60
#: Largest JSON body the API reads, and the largest page of a list.
TEAMCOACH_API_MAX_BODY = 64 * 1024
TEAMCOACH_API_MAX_PAGE_SIZE = 100
#: Rate limits per scope, "<count>/<seconds>s" or "<count>/m" (web/ratelimit.py).
TEAMCOACH_RATE_LIMITS = {
    "lineup": env.str("TEAMCOACH_RATE_LINEUP", default="120/m"),
    "login": env.str("TEAMCOACH_RATE_LOGIN", default="10/m"),
    "signup": env.str("TEAMCOACH_RATE_SIGNUP", default="5/m"),
    "import": env.str("TEAMCOACH_RATE_IMPORT", default="10/m"),
    "api": env.str("TEAMCOACH_RATE_API", default="300/m"),
    "email": env.str("TEAMCOACH_RATE_EMAIL", default="10/m"),
    # Answer links (/a/) and share links (/s/): a family taps a few times; a token
    # guesser is stopped long before a hit (2^256 tokens).
    "links": env.str("TEAMCOACH_RATE_LINKS", default="60/m"),
}
#: Maintenance mode: every request gets the 503 page while it is on. The switch lives in
#: the database ("shared" cache), so one `teamcoach maintenance on` covers every app
#: server; TEAMCOACH_MAINTENANCE=1 forces it from the environment.
TEAMCOACH_MAINTENANCE = env.bool("TEAMCOACH_MAINTENANCE", default=False)
TEAMCOACH_MAINTENANCE_RETRY_AFTER = 300
#: Retry-After of the 503 answered while the database cannot be reached.
TEAMCOACH_OUTAGE_RETRY_AFTER = 5

if PRODUCTION:
    # Behind nginx (deploy/nginx/teamcoach.conf), which terminates TLS.
    if not env.str("TEAMCOACH_ALLOWED_HOSTS", default=""):
        raise ImproperlyConfigured(
            "TEAMCOACH_ALLOWED_HOSTS must be set when TEAMCOACH_ENV=production."
        )
    CSRF_TRUSTED_ORIGINS = env.list(
        "TEAMCOACH_CSRF_TRUSTED_ORIGINS", default=[f"https://{h}" for h in ALLOWED_HOSTS]
    )
    SECURE_SSL_REDIRECT = env.bool("TEAMCOACH_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 63072000  # two years: the preload list asks for at least one
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    LANGUAGE_COOKIE_SECURE = True
    LANGUAGE_COOKIE_HTTPONLY = True
    LANGUAGE_COOKIE_SAMESITE = "Lax"
    SECURE_CSP = {**SECURE_CSP, "upgrade-insecure-requests": True}

# --- Logging: to stderr, which granian and systemd collect ----------------------


def _one_line_warning(record: logging.LogRecord) -> bool:
    """A bad Host header is scanner noise, not our error: one WARNING line, no traceback."""
    record.levelno, record.levelname = logging.WARNING, "WARNING"
    record.exc_info, record.exc_text = None, None
    return True


def _one_line_outage(record: logging.LogRecord) -> bool:
    """A database outage answers 503 (web.views.server_error) on every request while it
    lasts: one WARNING line each, not a traceback each."""
    error = record.exc_info[1] if record.exc_info else None
    if isinstance(error, OperationalError | InterfaceError):
        record.msg, record.args = f"{record.getMessage()} (database unavailable: {error})", None
        return _one_line_warning(record)
    return True


LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        # Secret tokens in URLs (calendar feeds, answers, invitations) never reach a log.
        "redact_tokens": {"()": "web.security.RedactTokensFilter"},
        "one_line_warning": {"()": lambda: _one_line_warning},
        "one_line_outage": {"()": lambda: _one_line_outage},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["redact_tokens"]}},
    "loggers": {
        # Django logs each refused Host header as an ERROR with the full traceback (and
        # mails ADMINS); the client gets its 400 either way, the log gets one line.
        "django.security.DisallowedHost": {"filters": ["one_line_warning"]},
        "django.request": {"filters": ["one_line_outage"]},
    },
    "root": {"handlers": ["console"], "level": env.str("TEAMCOACH_LOG_LEVEL", default="WARNING")},
}
