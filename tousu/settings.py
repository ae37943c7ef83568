"""Django settings, read from the environment.

Environment variables (see docs/configuration.md):
  TOUSU_HOME        where the SQLite database, uploads and caches live (default ./var)
  DATABASE_URL      e.g. postgres://user@host:5432/tousu (default: SQLite under TOUSU_HOME)
  TOUSU_SECRET_KEY  Django secret key; required in production
  TOUSU_ENV         "development" (default) or "production"
  TOUSU_QUEUE       the task queue on Redis, e.g. redis://127.0.0.1:6379/0 (default: the database)
"""

import hashlib
import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
TOUSU_HOME = Path(os.environ.get("TOUSU_HOME", "var")).resolve()
TOUSU_ENV = os.environ.get("TOUSU_ENV", "development")
if TOUSU_ENV not in {"development", "production"}:
    raise ImproperlyConfigured("TOUSU_ENV must be 'development' or 'production'")
PRODUCTION = TOUSU_ENV == "production"

# The demo key is public; production refuses to start with it (or without a key at all).
DEMO_SECRET_KEY = "tousu-demo-secret-key-not-for-production-0f3c9a"
SECRET_KEY = os.environ.get("TOUSU_SECRET_KEY", DEMO_SECRET_KEY)
if PRODUCTION and (SECRET_KEY == DEMO_SECRET_KEY or len(SECRET_KEY) < 32):
    raise ImproperlyConfigured(
        "TOUSU_ENV=production needs TOUSU_SECRET_KEY set to a random string of 32+ characters"
    )

# Off unless asked for, in the demo too: staff must never see Django's debug pages (they show
# settings and data); the project's own 400/403/404/500 pages answer instead (tousu/web/errors.py).
DEBUG = os.environ.get("TOUSU_DEBUG", "0") == "1"
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("TOUSU_ALLOWED_HOSTS", "" if PRODUCTION else "*").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("TOUSU_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "ninja",
    "django_tasks_db",
    "tousu.calendar",
    "tousu.orgs",
    "tousu.categories",
    "tousu.cases",
    "tousu.supervision",
    "tousu.stats",
    "tousu.assessment",
    "tousu.documents",
    "tousu.api",
    "tousu.notify",
    "tousu.intake",
    "tousu.intake.open311",
    "tousu.intake.importing",
    "tousu.portal",
    "altcha_django",  # the proof-of-work widget's script, served from our static files
    "tousu.workbench",
    "tousu.demo",
    "tousu.worker",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "tousu.web.middleware.NoStoreMiddleware",  # after WhiteNoise: static files stay cacheable
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Before anything reads the body (the CSRF check reads the form): in the user's language.
    "tousu.web.request_limits.RequestSizeLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "tousu.web.middleware.SlidingSessionMiddleware",
]

ROOT_URLCONF = "tousu.urls"
WSGI_APPLICATION = "tousu.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tousu.workbench.context.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{TOUSU_HOME / 'tousu.sqlite3'}",
        conn_max_age=int(os.environ.get("TOUSU_DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers proceed while a writer commits; IMMEDIATE avoids upgrade deadlocks.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    if not os.environ.get("DATABASE_URL"):
        # The embedded default: make its directory so a fresh checkout just works.
        TOUSU_HOME.mkdir(parents=True, exist_ok=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One process (the demo, a single server): the local-memory cache. Several web processes or
# workers must share it — the portal's rate limits and lockouts, the policy and unit-tree
# caches an admin edit clears — so TOUSU_CACHE takes a Redis URL for Django's Redis cache.
TOUSU_CACHE = os.environ.get("TOUSU_CACHE", "")
if TOUSU_CACHE and not TOUSU_CACHE.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured(
        f"TOUSU_CACHE must be a Redis URL (redis://host:6379/1), not {TOUSU_CACHE!r}"
    )
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": TOUSU_CACHE,
            "KEY_PREFIX": "tousu",
        }
        if TOUSU_CACHE
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AXES_FAILURE_LIMIT = int(os.environ.get("TOUSU_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours: 15 minutes
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "workbench/locked.html"
LOGIN_URL = "workbench:login"
LOGIN_REDIRECT_URL = "workbench:home"
LOGOUT_REDIRECT_URL = "workbench:login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TOUSU_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = TOUSU_HOME / "static"
MEDIA_ROOT = TOUSU_HOME / "media"
MEDIA_URL = "media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
# Development and the demo run without collectstatic (and with DEBUG off): WhiteNoise finds the
# files in the apps as they are asked for. Production serves what collectstatic gathered.
WHITENOISE_AUTOREFRESH = not PRODUCTION

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
}
SESSION_COOKIE_HTTPONLY = True
# A session ends at browser close and after TOUSU_SESSION_IDLE_MINUTES without activity: the
# expiry slides forward on use (tousu/middleware.py, SlidingSessionMiddleware).
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = int(os.environ.get("TOUSU_SESSION_IDLE_MINUTES", "30")) * 60
CSRF_FAILURE_VIEW = "tousu.web.errors.csrf_failure"
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
if os.environ.get("TOUSU_HTTPS") == "1":
    # Behind a TLS-terminating proxy that sets X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 31536000
X_FRAME_OPTIONS = "DENY"

# The task queue (django.tasks), run by `tousu worker`: in the database by default; TOUSU_QUEUE
# (e.g. "redis://127.0.0.1:6379/0") puts it on Redis (django-tasks-redis) for many workers; or
# TOUSU_TASKS_BACKEND names any other backend, whose own workers then run the tasks.
TOUSU_QUEUE = os.environ.get("TOUSU_QUEUE", "")
if TOUSU_QUEUE:
    if not TOUSU_QUEUE.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(
            f"TOUSU_QUEUE must be a Redis URL (redis://host:6379/0), not {TOUSU_QUEUE!r}"
        )
    if os.environ.get("TOUSU_TASKS_BACKEND"):
        raise ImproperlyConfigured("set TOUSU_QUEUE or TOUSU_TASKS_BACKEND, not both")
    INSTALLED_APPS.append("django_tasks_redis")  # its admin pages: the queued and finished tasks
    TASKS: dict[str, dict[str, Any]] = {
        "default": {
            "BACKEND": "django_tasks_redis.RedisTaskBackend",
            "OPTIONS": {
                "REDIS_URL": TOUSU_QUEUE,
                "REDIS_KEY_PREFIX": "tousu",
                # A task whose worker died is run again by another after this long: longer than
                # any of our tasks (a delivery batch holds its rows as long, NOTIFY_CLAIM_SECONDS).
                "REDIS_CLAIM_TIMEOUT": 300,
                "REDIS_COMPLETED_TASK_TTL": 14 * 86400,  # as the database's results are pruned
            },
        }
    }
else:
    TASKS = {
        "default": {
            "BACKEND": os.environ.get("TOUSU_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        }
    }
# `tousu worker` (tousu/worker/): how often it looks for due jobs and queued tasks (seconds), and
# the periodic jobs' intervals where they differ from the table in tousu/worker/jobs.py, as
# "name=seconds,…" (e.g. "supervise=30,notify-deliver=5").
TOUSU_WORKER_TICK = float(os.environ.get("TOUSU_WORKER_TICK", "1"))
TOUSU_WORKER_INTERVALS = os.environ.get("TOUSU_WORKER_INTERVALS", "")
# Delivery (tousu/notify/tasks.py): the `notify-deliver` job sends a batch itself and hands up to
# TOUSU_NOTIFY_QUEUED_BATCHES more to the task queue, where every worker's task thread sends
# them; by default only with Redis (a database queue shares them too, among workers on PostgreSQL).
NOTIFY_BATCH_SIZE = 200
NOTIFY_QUEUED_BATCHES = int(
    os.environ.get("TOUSU_NOTIFY_QUEUED_BATCHES", "10" if TOUSU_QUEUE else "0")
)

# Notifications (tousu/notify/): outgoing e-mail over SMTP when TOUSU_EMAIL_HOST is set (else the
# console); SMS and WeChat through "log" (a log line and a SentMessage row) or a dotted path.
_EMAIL_HOST = os.environ.get("TOUSU_EMAIL_HOST", "")
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": _EMAIL_HOST,
            "port": int(os.environ.get("TOUSU_EMAIL_PORT", "25")),
            "username": os.environ.get("TOUSU_EMAIL_USER", ""),
            "password": os.environ.get("TOUSU_EMAIL_PASSWORD", ""),
            "use_tls": os.environ.get("TOUSU_EMAIL_TLS", "0") == "1",
            "timeout": 30,
        },
    }
    if _EMAIL_HOST
    else {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
}
DEFAULT_FROM_EMAIL = os.environ.get("TOUSU_EMAIL_FROM", "tousu@localhost")
TOUSU_SMS_BACKEND = os.environ.get("TOUSU_SMS_BACKEND", "log")
TOUSU_WECHAT_BACKEND = os.environ.get("TOUSU_WECHAT_BACKEND", "log")
NOTIFY_MAX_ATTEMPTS = int(os.environ.get("TOUSU_NOTIFY_MAX_ATTEMPTS", "8"))
NOTIFY_RETRY_SECONDS = int(os.environ.get("TOUSU_NOTIFY_RETRY_SECONDS", "60"))
NOTIFY_CLAIM_SECONDS = 300  # a claimed message not sent by then is claimed again
EVENT_LOG_GRACE_SECONDS = 60  # how long a gap in the event ids may be a pending commit
# No SMS to complainants in these local hours (they wait until the end); empty: any time.
NOTIFY_COMPLAINANT_QUIET_HOURS = os.environ.get("TOUSU_NOTIFY_QUIET_HOURS", "21:00-08:00")
# 回访: unanswered callback attempts before a case closes as unreachable; 回访抽查: the share of
# each day's closed cases drawn for a quality re-check.
CALLBACK_MAX_ATTEMPTS = max(1, int(os.environ.get("TOUSU_CALLBACK_MAX_ATTEMPTS", "3")))
# Statistics (docs/statistics.md): a case with this many complainants or more is collective
# 集体投诉; a case whose complainant's phone brought another case within this many days before
# it is a repeat 重复投诉.
TOUSU_COLLECTIVE_PARTIES = max(2, int(os.environ.get("TOUSU_COLLECTIVE_PARTIES", "5")))
TOUSU_REPEAT_DAYS = max(1, int(os.environ.get("TOUSU_REPEAT_DAYS", "365")))
# 考核: on this day of a month, last month's unit ranking is frozen (docs/assessment.md).
TOUSU_ASSESSMENT_FREEZE_DAY = min(
    28, max(1, int(os.environ.get("TOUSU_ASSESSMENT_FREEZE_DAY", "5")))
)
RECHECK_SHARE = min(1.0, max(0.0, float(os.environ.get("TOUSU_RECHECK_SHARE", "0.05"))))
# Office hours (local, on working days of the calendar); a case registered outside them is
# announced to the duty clerks on shift (值班).
OFFICE_HOURS = os.environ.get("TOUSU_OFFICE_HOURS", "08:30-17:30")
TOUSU_DIGEST_AT = os.environ.get("TOUSU_DIGEST_AT", "08:00")  # leaders' daily digest, local time

# Uploads: checked by content, not by the name the client gives.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Attachments (encrypted anyway) are readable by the service's user only.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

# --- Tousu's own settings -------------------------------------------------------------------
# Case number pattern: {yy} {yyyy} {mm} {dd} {seq:Nd}; the sequence restarts each period of the
# finest date field present (YYMMCC, 《投诉管理制度(精选20篇)》篇1 第八条: restarts monthly).
TOUSU_CASE_NUMBER_PATTERN = os.environ.get("TOUSU_CASE_NUMBER_PATTERN", "{yy}{mm}{seq:05d}")
TOUSU_ATTACHMENT_MAX_BYTES = int(os.environ.get("TOUSU_ATTACHMENT_MAX_BYTES", str(20 * 1024**2)))
# A whole request (an intake with several files): refused with 413 before its body is read.
TOUSU_REQUEST_MAX_BYTES = int(
    os.environ.get("TOUSU_REQUEST_MAX_BYTES", str(5 * TOUSU_ATTACHMENT_MAX_BYTES))
)
TOUSU_TEXT_MAX_CHARS = 20000
# The centre (unit code) that registers what the public channels bring in (portal, e-mail,
# WeChat, SMS, Open311); empty: the first top-level centre.
TOUSU_PUBLIC_CENTRE = os.environ.get("TOUSU_PUBLIC_CENTRE", "")
# The address citizens reach Tousu at (scheme and host, e.g. https://12345.example.gov.cn): the
# QR code on letters to the citizen points to its /portal/track/. Empty: the address of the
# request that produces the letter.
TOUSU_PUBLIC_URL = os.environ.get("TOUSU_PUBLIC_URL", "").strip().rstrip("/")
if TOUSU_PUBLIC_URL and not TOUSU_PUBLIC_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured(
        f"TOUSU_PUBLIC_URL must start with https:// (or http://), not {TOUSU_PUBLIC_URL!r}"
    )
# Personal data is encrypted with a key derived from this (separate from SECRET_KEY so that
# rotating the session key does not make stored data unreadable). Production refuses to start
# without it: falling back to the secret key would tie the data to the session key.
TOUSU_DATA_KEY = os.environ.get("TOUSU_DATA_KEY", "")
if PRODUCTION and (len(TOUSU_DATA_KEY) < 32 or TOUSU_DATA_KEY == SECRET_KEY):
    raise ImproperlyConfigured(
        "TOUSU_ENV=production needs TOUSU_DATA_KEY set to a random string of 32+ characters, "
        "other than TOUSU_SECRET_KEY (keep a copy: personal data cannot be read without it)"
    )
TOUSU_DATA_KEY = TOUSU_DATA_KEY or SECRET_KEY
# Rotation: the keys used before, comma-separated; they still open what they sealed.
TOUSU_DATA_KEYS_OLD = [
    k.strip() for k in os.environ.get("TOUSU_DATA_KEYS_OLD", "").split(",") if k.strip()
]
TOUSU_DEMO_PASSWORD = "Tousu2026!"
# How long an API token lives unless `tousu token --days N` says otherwise.
TOUSU_API_TOKEN_DAYS = int(os.environ.get("TOUSU_API_TOKEN_DAYS", "90"))

# --- Open311, the higher platform, the API's Idempotency-Key (issue 6; docs/channels.md) --------
# How long `POST /api/v1/cases` remembers an Idempotency-Key (hours); the worker prunes older ones.
TOUSU_IDEMPOTENCY_KEY_HOURS = int(os.environ.get("TOUSU_IDEMPOTENCY_KEY_HOURS", "24"))
# Open311 GeoReport v2 at /open311/v2/ (tousu/intake/open311/): the jurisdiction it answers for
# (empty: any jurisdiction_id is accepted), whom clients may contact (discovery), and the most
# requests one GET /requests lists.
TOUSU_OPEN311_JURISDICTION = os.environ.get("TOUSU_OPEN311_JURISDICTION", "")
TOUSU_OPEN311_CONTACT = os.environ.get("TOUSU_OPEN311_CONTACT", "")
TOUSU_OPEN311_MAX_REQUESTS = int(os.environ.get("TOUSU_OPEN311_MAX_REQUESTS", "1000"))
# The higher platform 上级平台 (tousu/notify/webhooks.py): every status change of a case it handed
# over is POSTed to this URL, signed with HMAC-SHA256 under the secret; empty URL: nothing is sent.
TOUSU_PLATFORM_WEBHOOK_URL = os.environ.get("TOUSU_PLATFORM_WEBHOOK_URL", "")
TOUSU_PLATFORM_WEBHOOK_SECRET = os.environ.get("TOUSU_PLATFORM_WEBHOOK_SECRET", "")
TOUSU_PLATFORM_WEBHOOK_TIMEOUT = float(os.environ.get("TOUSU_PLATFORM_WEBHOOK_TIMEOUT", "10"))
if PRODUCTION and TOUSU_PLATFORM_WEBHOOK_URL and len(TOUSU_PLATFORM_WEBHOOK_SECRET) < 16:
    raise ImproperlyConfigured(
        "TOUSU_PLATFORM_WEBHOOK_URL needs TOUSU_PLATFORM_WEBHOOK_SECRET (16+ characters, agreed "
        "with the platform): the platform cannot tell Tousu's pushes from forged ones without it"
    )

# --- The e-mail channel (issue 6; tousu/intake/email/, docs/channels.md "E-mail") --------------
# The mailbox `tousu mail-poll` and the worker's `mail-poll` job read: off while no host is set.
# Each new message becomes a case (or material for the case whose thread it answers); the
# acknowledgement goes back over the SMTP settings above (TOUSU_EMAIL_*).
TOUSU_MAIL_IMAP_HOST = os.environ.get("TOUSU_MAIL_IMAP_HOST", "")
TOUSU_MAIL_IMAP_SSL = os.environ.get("TOUSU_MAIL_IMAP_SSL", "1") == "1"
TOUSU_MAIL_IMAP_PORT = int(
    os.environ.get("TOUSU_MAIL_IMAP_PORT", "993" if TOUSU_MAIL_IMAP_SSL else "143")
)
TOUSU_MAIL_IMAP_USER = os.environ.get("TOUSU_MAIL_IMAP_USER", "")
TOUSU_MAIL_IMAP_PASSWORD = os.environ.get("TOUSU_MAIL_IMAP_PASSWORD", "")
TOUSU_MAIL_IMAP_FOLDER = os.environ.get("TOUSU_MAIL_IMAP_FOLDER", "INBOX")
TOUSU_MAIL_IMAP_TIMEOUT = float(os.environ.get("TOUSU_MAIL_IMAP_TIMEOUT", "30"))
# Messages handled per poll (the rest wait for the next one), the most files kept of one message,
# and the largest message fetched at all (bigger ones are marked read and ignored, with a log line).
TOUSU_MAIL_BATCH = int(os.environ.get("TOUSU_MAIL_BATCH", "200"))
TOUSU_MAIL_MAX_FILES = int(os.environ.get("TOUSU_MAIL_MAX_FILES", "10"))
TOUSU_MAIL_MAX_BYTES = int(os.environ.get("TOUSU_MAIL_MAX_BYTES", str(TOUSU_REQUEST_MAX_BYTES)))

# --- Citizen portal /portal/ (issue 6 §1; tousu/portal/, docs/channels.md "Citizen portal") ----
# The human challenge (ALTCHA proof of work, self-hosted): TOUSU_PORTAL_CHALLENGE=0 turns it off;
# the rate limits stay. Its cost: PBKDF2 iterations per try (about 256 tries on average).
TOUSU_PORTAL_CHALLENGE = os.environ.get("TOUSU_PORTAL_CHALLENGE", "1") != "0"
ALTCHA_HMAC_SECRET = hashlib.sha256(f"tousu.portal.altcha:{SECRET_KEY}".encode()).hexdigest()
ALTCHA_CHALLENGE = {
    "cost": int(os.environ.get("TOUSU_PORTAL_CHALLENGE_COST", "5000")),
    "expires_seconds": 1800,  # a long complaint takes a while to write
}
# Rate limits (django-ratelimit, on Django's cache: one `tousu serve` process shares its memory;
# several processes need a shared cache) as "count/period" (s, m, h, d): submissions per client
# address and per phone number, track-page tries per client address.
TOUSU_PORTAL_RATE_ADDRESS = os.environ.get("TOUSU_PORTAL_RATE_ADDRESS", "10/h")
TOUSU_PORTAL_RATE_PHONE = os.environ.get("TOUSU_PORTAL_RATE_PHONE", "5/d")
TOUSU_PORTAL_RATE_TRACK = os.environ.get("TOUSU_PORTAL_RATE_TRACK", "60/h")
# Behind a reverse proxy: the request header with the client's address, e.g. HTTP_X_REAL_IP.
if os.environ.get("TOUSU_PORTAL_ADDRESS_HEADER"):
    RATELIMIT_IP_META_KEY = os.environ["TOUSU_PORTAL_ADDRESS_HEADER"]
# Files per submission (each at most TOUSU_ATTACHMENT_MAX_BYTES).
TOUSU_PORTAL_MAX_FILES = int(os.environ.get("TOUSU_PORTAL_MAX_FILES", "5"))
# How long a successful track keeps the citizen's browser bound to that case (minutes).
TOUSU_PORTAL_TRACK_MINUTES = int(os.environ.get("TOUSU_PORTAL_TRACK_MINUTES", "30"))
# Whether the track page names the unit handling the case (default: "the responsible department").
TOUSU_PORTAL_SHOW_UNIT = os.environ.get("TOUSU_PORTAL_SHOW_UNIT", "0") == "1"
# One `tousu serve` process keeps the used challenges in its own memory, as it keeps the rate
# limits: enough for it; several server processes need a shared cache for both.
SILENCED_SYSTEM_CHECKS = ["altcha.W001"]

# --- WeChat official account and SMS (issue 6 §2; tousu/intake/wechat/, tousu/intake/sms.py,
# tousu/notify/channels/sms_http.py, docs/channels.md "WeChat" and "SMS") -----------------------
# The token agreed with the WeChat platform (公众平台 → 基本配置 → 令牌); empty: the channel is off
# and every request to /channels/wechat/ is refused.
TOUSU_WECHAT_TOKEN = os.environ.get("TOUSU_WECHAT_TOKEN", "")
# Pictures of image messages: "off" (not fetched; the sender is pointed to the portal), "fetch"
# (from the message's PicUrl, only from these hosts), or a dotted path to a fetcher class.
TOUSU_WECHAT_PICTURES = os.environ.get("TOUSU_WECHAT_PICTURES", "off")
TOUSU_WECHAT_PICTURE_HOSTS = [
    h.strip()
    for h in os.environ.get("TOUSU_WECHAT_PICTURE_HOSTS", "mmbiz.qpic.cn").split(",")
    if h.strip()
]
# A picture within this many minutes of the sender's text is added to the case that text opened.
TOUSU_WECHAT_PICTURE_MINUTES = int(os.environ.get("TOUSU_WECHAT_PICTURE_MINUTES", "30"))
# Inbound SMS webhook POST /channels/sms/: the HMAC-SHA256 secret shared with the SMS provider
# (empty: the channel is off), and how far its timestamp header may be from our clock (seconds).
TOUSU_SMS_SECRET = os.environ.get("TOUSU_SMS_SECRET", "")
TOUSU_SMS_WINDOW_SECONDS = int(os.environ.get("TOUSU_SMS_WINDOW_SECONDS", "300"))
# A text from a number whose SMS case, registered within this many minutes, is still waiting to
# be accepted is added to that case (a long message split in parts, a second thought).
TOUSU_SMS_FOLLOW_UP_MINUTES = int(os.environ.get("TOUSU_SMS_FOLLOW_UP_MINUTES", "30"))
# Outgoing SMS through an HTTP gateway (TOUSU_SMS_BACKEND=http): its URL, the secret signing our
# requests, and the timeout of one request (seconds).
TOUSU_SMS_HTTP_URL = os.environ.get("TOUSU_SMS_HTTP_URL", "")
TOUSU_SMS_HTTP_SECRET = os.environ.get("TOUSU_SMS_HTTP_SECRET", "")
TOUSU_SMS_HTTP_TIMEOUT = float(os.environ.get("TOUSU_SMS_HTTP_TIMEOUT", "10"))
for _name, _secret in (
    ("TOUSU_WECHAT_TOKEN", TOUSU_WECHAT_TOKEN),
    ("TOUSU_SMS_SECRET", TOUSU_SMS_SECRET),
    ("TOUSU_SMS_HTTP_SECRET", TOUSU_SMS_HTTP_SECRET),
):
    if PRODUCTION and _secret and len(_secret) < 16:
        raise ImproperlyConfigured(f"{_name} must be at least 16 characters")

# --- Bulk import (issue 6 §2; tousu/intake/importing/, `tousu import`, docs/import.md) ----------
# At most this many rows per file, and (uploaded in the workbench) this many bytes; a finished
# import's sealed rows and error report are kept this many days (a preview never confirmed: one).
TOUSU_IMPORT_MAX_ROWS = int(os.environ.get("TOUSU_IMPORT_MAX_ROWS", "20000"))
TOUSU_IMPORT_MAX_BYTES = int(os.environ.get("TOUSU_IMPORT_MAX_BYTES", str(20 * 1024**2)))
TOUSU_IMPORT_KEEP_DAYS = int(os.environ.get("TOUSU_IMPORT_KEEP_DAYS", "30"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "tousu.lib.logstream.StderrHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "tousu": {"level": os.environ.get("TOUSU_LOG_LEVEL", "INFO")},
        # The task worker's own lines (a task started, finished, failed) in `tousu worker`.
        "django_tasks_db": {"level": os.environ.get("TOUSU_LOG_LEVEL", "INFO")},
        "django.tasks": {"level": os.environ.get("TOUSU_LOG_LEVEL", "INFO")},
    },
}

# --- Confidentiality: retention, and the log file (docs/confidentiality.md) --------------------
# Personal data of cases that ended more than this many days ago may be removed (`tousu purge`;
# its --older-than may ask for longer, never for shorter).
TOUSU_RETENTION_DAYS = int(os.environ.get("TOUSU_RETENTION_DAYS", str(3 * 365)))
if TOUSU_RETENTION_DAYS < 1:
    raise ImproperlyConfigured("TOUSU_RETENTION_DAYS must be a number of days, at least 1")
# The log lines also go to this file (made if missing); empty: standard error only. Log lines
# carry case numbers, ids and outcomes — never names, phones, addresses or message text.
TOUSU_LOG_FILE = os.environ.get("TOUSU_LOG_FILE", "")
if TOUSU_LOG_FILE:
    Path(TOUSU_LOG_FILE).parent.mkdir(parents=True, exist_ok=True)
    LOGGING["handlers"]["file"] = {  # type: ignore[index]
        "class": "logging.handlers.WatchedFileHandler",
        "filename": TOUSU_LOG_FILE,
        "encoding": "utf-8",
    }
    LOGGING["root"]["handlers"].append("file")  # type: ignore[index]
