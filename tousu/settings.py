"""Django settings, read from the environment.

Environment variables (see docs/configuration.md):
  TOUSU_HOME        where the SQLite database, uploads and caches live (default ./var)
  DATABASE_URL      e.g. postgres://user@host:5432/tousu (default: SQLite under TOUSU_HOME)
  TOUSU_SECRET_KEY  Django secret key; required in production
  TOUSU_ENV         "development" (default) or "production"
"""

import os
from pathlib import Path

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

DEBUG = os.environ.get("TOUSU_DEBUG", "0" if PRODUCTION else "1") == "1"
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
    "tousu.api",
    "tousu.workbench",
    "tousu.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
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

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

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
WHITENOISE_AUTOREFRESH = DEBUG

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
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
if os.environ.get("TOUSU_HTTPS") == "1":
    # Behind a TLS-terminating proxy that sets X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 31536000
X_FRAME_OPTIONS = "DENY"

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TOUSU_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# Uploads: checked by content, not by the name the client gives.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# --- Tousu's own settings -------------------------------------------------------------------
# Case number pattern: {yy} {yyyy} {mm} {dd} {seq:Nd}; the sequence restarts each period of the
# finest date field present (the seeds' YYMMCC: restarts monthly).
TOUSU_CASE_NUMBER_PATTERN = os.environ.get("TOUSU_CASE_NUMBER_PATTERN", "{yy}{mm}{seq:05d}")
TOUSU_ATTACHMENT_MAX_BYTES = int(os.environ.get("TOUSU_ATTACHMENT_MAX_BYTES", str(20 * 1024**2)))
TOUSU_TEXT_MAX_CHARS = 20000
# Personal data is encrypted with a key derived from this (separate from SECRET_KEY so that
# rotating the session key does not make stored data unreadable).
TOUSU_DATA_KEY = os.environ.get("TOUSU_DATA_KEY", SECRET_KEY)
TOUSU_DEMO_PASSWORD = "Tousu2026!"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"tousu": {"level": os.environ.get("TOUSU_LOG_LEVEL", "INFO")}},
}
