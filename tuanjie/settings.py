"""Settings for Tuanjie. Everything that differs between machines is read from TUANJIE_* variables."""

from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF

from tuanjie.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
DATA_DIR = Path(env_str("TUANJIE_DATA_DIR", str(PROJECT_DIR / "var")))
DATA_DIR.mkdir(parents=True, exist_ok=True)  # the embedded database and uploads live here by default

DEBUG = env_bool("TUANJIE_DEBUG", False)
# The development key only ever signs a local demo or the tests; production sets TUANJIE_SECRET_KEY. With DEBUG
# off the key is refused (tuanjie/core/deploy.py) unless TUANJIE_DEMO=1 says this machine is a demo.
DEVELOPMENT_SECRET_KEY = "dev-only-insecure-key-change-me-tuanjie-0123456789abcdef"
SECRET_KEY = env_str("TUANJIE_SECRET_KEY", DEVELOPMENT_SECRET_KEY)
TUANJIE_DEMO = env_bool("TUANJIE_DEMO", False)
ALLOWED_HOSTS = env_list("TUANJIE_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("TUANJIE_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",              # Django's widget templates, for FORM_RENDERER below
    "django.contrib.postgres",   # OpClass in the trigram search indexes (created on PostgreSQL only)
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",     # the authenticator app's six-digit codes
    "django_otp.plugins.otp_static",   # the one-time recovery codes shown at enrolment
    "django_htmx",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "treebeard",
    "django_tasks",
    "django_tasks_db",
    "tuanjie.core",
    "tuanjie.places",
    "tuanjie.people",
    "tuanjie.leadership",
    "tuanjie.attachments",
    "tuanjie.notifications",
    "tuanjie.plans",
    "tuanjie.quotas",
    "tuanjie.activities",
    "tuanjie.funds",
    "tuanjie.information",
    "tuanjie.pairing",
    "tuanjie.inspections",
    "tuanjie.assessments",
    "tuanjie.titles",
    "tuanjie.commendations",
    "tuanjie.quizzes",
    "tuanjie.analytics",
    "tuanjie.documents",
    "tuanjie.agreements",
    "tuanjie.registers",
    "tuanjie.archives",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy with a nonce per response (CONTENT_SECURITY_POLICY below).
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Compresses the HTML and JSON the views produce (static files come already compressed from WhiteNoise, above,
    # which answers them before this runs). Below WhiteNoise and above every middleware that may change the body;
    # Django's length padding (4.2+) blunts BREACH against the CSRF token in compressed pages.
    "django.middleware.gzip.GZipMiddleware",
    "tuanjie.core.errors.WriteTrackingMiddleware",
    "tuanjie.core.rollback.RollbackHooksMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "tuanjie.core.sessions.IdleSessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): the session passed the second factor (people/twofactor.py requires it by role).
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "tuanjie.core.middleware.RequestContextMiddleware",
    "tuanjie.core.middleware.NulCharacterMiddleware",     # U+0000 in a parameter or body: 400, not a database error
    # Refusals (401/403, the gates below included) and spreadsheet downloads become security events
    # (core/security.py); inside the request context, so each carries its request id.
    "tuanjie.core.security.SecurityEventMiddleware",
    "tuanjie.core.middleware.LoginRequiredMiddleware",
    # Offices, inspectors and admins pass the second factor, and expired passwords are changed, before anything else.
    "tuanjie.people.twofactor.SecondFactorMiddleware",
    "tuanjie.people.password_expiry.PasswordExpiryMiddleware",
    # Exactly-once writes (Idempotency-Key): after sign-in and the messages, around every view.
    "tuanjie.core.idempotency.IdempotencyMiddleware",
    # Axes must come last so that it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tuanjie.urls"
FORM_RENDERER = "tuanjie.core.forms.FormRenderer"   # "请选择…" as every select's empty choice
WSGI_APPLICATION = "tuanjie.wsgi.application"

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
                "tuanjie.core.context_processors.navigation",
                "tuanjie.core.pagehelp.page_help",
                "tuanjie.core.sessions.session_context",
                "tuanjie.people.twofactor.second_factor_context",   # the warning when the 2FA requirement is off
            ],
            # {% csrf_token %} also renders the form's idempotency key (core/templatetags/idempotency.py).
            "builtins": ["tuanjie.core.templatetags.idempotency"],
        },
    }
]

# Widgets render through the project's templates (FormRenderer is Django's TemplatesSetting), so
# tuanjie/templates/django/forms/ can replace Django's select (hundreds of options on the add pages) with a faster
# template of the same markup.

# --- Database: embedded SQLite by default, PostgreSQL when TUANJIE_DATABASE_URL says so. ---
DATABASES = {
    "default": dj_database_url.parse(
        env_str("TUANJIE_DATABASE_URL", f"sqlite:///{DATA_DIR / 'tuanjie.sqlite3'}"),
        conn_max_age=env_int("TUANJIE_DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,   # a connection kept from before a database restart is checked, not failed on
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the demo serve readers while a write is in progress; the timeout rides out short write bursts
    # (imports check every row before they take the write lock, so they hold it only while writing).
    DATABASES["default"]["OPTIONS"] = {
        "timeout": env_int("TUANJIE_SQLITE_TIMEOUT", 30),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
# Dashboards may read from a streaming replica (docs/scaling.md); tests mirror it onto the primary.
if env_str("TUANJIE_REPLICA_DATABASE_URL"):
    DATABASES["replica"] = dj_database_url.parse(env_str("TUANJIE_REPLICA_DATABASE_URL"),
                                                 conn_max_age=env_int("TUANJIE_DB_CONN_MAX_AGE", 60),
                                                 conn_health_checks=True)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["tuanjie.analytics.routers.DashboardReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "people.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",   # the preferred one: every sign-in upgrades to it
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
    # Imports' random initial passwords only (people/hashers.py): re-hashed with the first at first sign-in.
    "tuanjie.people.hashers.RandomInitialPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "tuanjie.people.passwords.CharacterClassValidator"},
    # Keyboard walks, dates, the person's own name and place (Qwerty@1234, Tuanjie2026!): zxcvbn's guess estimate.
    {"NAME": "tuanjie.people.passwords.StrengthValidator"},
]
# A password older than this many days must be changed at the next request (0: never expires).
TUANJIE_PASSWORD_MAX_AGE_DAYS = env_int("TUANJIE_PASSWORD_MAX_AGE_DAYS", 0)
# The second factor (TOTP) for the roles that manage people and data; the demo's personas are enrolled with a
# published secret (README). Turning it off puts a warning on every page of those roles.
TUANJIE_2FA_REQUIRED = env_bool("TUANJIE_2FA_REQUIRED", True)
OTP_TOTP_ISSUER = "团结 Tuanjie"
OTP_TOTP_THROTTLE_FACTOR = 1   # each wrong code doubles the wait before the next try (1 s, 2 s, 4 s …)
# Security events (sign-in, refusals, exports, household reads) are kept this many days; `tuanjie purge` prunes.
# 等保 2.0 level 3 asks for at least six months.
TUANJIE_SECURITY_LOG_DAYS = max(env_int("TUANJIE_SECURITY_LOG_DAYS", 400), 183)
# One request that reads more households than this is also logged as a bulk read.
TUANJIE_BULK_READ_HOUSEHOLDS = env_int("TUANJIE_BULK_READ_HOUSEHOLDS", 100)   # pages show 50
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Idle sessions end: requests push the expiry forward (written at most once a minute, core/sessions.py),
# so only inactivity lets it lapse.
SESSION_COOKIE_AGE = env_int("TUANJIE_SESSION_IDLE_SECONDS", 30 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("TUANJIE_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# --- HTTPS (README "Production settings"): off by default so the demo runs on http://127.0.0.1. ---
SECURE_SSL_REDIRECT = env_bool("TUANJIE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("TUANJIE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("TUANJIE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("TUANJIE_HSTS_PRELOAD", False)
# Behind a reverse proxy that terminates TLS: trust its X-Forwarded-Proto (only when the proxy always sets it).
if env_bool("TUANJIE_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = env_bool("TUANJIE_USE_X_FORWARDED_HOST", False)
SECURE_SSL_HOST = env_str("TUANJIE_SSL_HOST") or None
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "tuanjie.core.errors.csrf_failure"   # Chinese: "not saved, go back and submit again"

# Lockout: five failures for the same account from the same address lock it for fifteen minutes.
AXES_FAILURE_LIMIT = env_int("TUANJIE_LOCKOUT_FAILURES", 5)
AXES_COOLOFF_TIME = env_int("TUANJIE_LOCKOUT_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Chinese for everyone until an English catalogue exists: choosing the language from the browser would give
# English Django messages and date formats inside Chinese pages. Add LocaleMiddleware with the translations.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
# Front-end packages come from npm at install time (node_modules is never committed).
NODE_MODULES = Path(env_str("TUANJIE_NODE_MODULES", str(PROJECT_DIR / "node_modules")))
STATICFILES_DIRS = [BASE_DIR / "static"] + [
    (prefix, NODE_MODULES / path)
    for prefix, path in [
        ("vendor/bootstrap", "bootstrap/dist"),
        ("vendor/htmx", "htmx.org/dist"),
        ("vendor/echarts", "echarts/dist"),
        ("vendor/idb", "idb/build"),   # IndexedDB with promises, for the offline queue (tuanjie/queue.js)
        # photos resized in the browser (photos.js; its web worker imports this same copy) and resumable uploads
        ("vendor/browser-image-compression", "browser-image-compression/dist"),
        ("vendor/tus-js-client", "tus-js-client/dist"),
    ]
    if (NODE_MODULES / path).is_dir()
]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "tuanjie.core.icons.IconSubsetFinder",   # vendor/bootstrap-icons/: only the icons the product names
]
STORAGES = {
    "default": {"BACKEND": "tuanjie.attachments.storage.WholeFileSystemStorage"},   # no partial files
    # Hashed names (app.3f2a9c.css) that WhiteNoise serves with a ten-year max-age, gzip and brotli beside them;
    # `collectstatic` writes the manifest, and a name missing from it is an error, never a silent unhashed link.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if env_str("TUANJIE_S3_BUCKET"):
    # Attachments on S3-compatible object storage (MinIO, OSS, COS…): pip install "tuanjie[s3]".
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("TUANJIE_S3_BUCKET"),
            "endpoint_url": env_str("TUANJIE_S3_ENDPOINT") or None,
            "access_key": env_str("TUANJIE_S3_ACCESS_KEY") or None,
            "secret_key": env_str("TUANJIE_S3_SECRET_KEY") or None,
            "region_name": env_str("TUANJIE_S3_REGION") or None,
            "default_acl": None,
            "querystring_auth": True,
        },
    }
TUANJIE_MAX_UPLOAD_MB = env_int("TUANJIE_MAX_UPLOAD_MB", 20)
# Deleted records (and their files) stay in the recycle bin this many days before `tuanjie purge` removes them.
TUANJIE_RECYCLE_DAYS = env_int("TUANJIE_RECYCLE_DAYS", 30)
# Idempotency keys (core/idempotency.py): how long a retry is recognised, and how long a duplicate waits for the first.
TUANJIE_IDEMPOTENCY_DAYS = env_int("TUANJIE_IDEMPOTENCY_DAYS", 7)
TUANJIE_IDEMPOTENCY_WAIT_SECONDS = env_int("TUANJIE_IDEMPOTENCY_WAIT_SECONDS", 10)
# Public quiz answering: sheets one network address may start per quiz in the window (a school's Wi-Fi is one
# address, so the cap is a class's worth, not one). Counted in the default cache: per process unless CACHES names a
# shared one.
TUANJIE_QUIZ_STARTS_PER_ADDRESS = env_int("TUANJIE_QUIZ_STARTS_PER_ADDRESS", 200)
TUANJIE_QUIZ_WINDOW_SECONDS = env_int("TUANJIE_QUIZ_WINDOW_SECONDS", 600)
# "dashboard": the dashboard's rendered fragments (analytics/fragments.py). Local memory, per process: each key holds
# the facts version read from the database on every request, so a worker's own copy is never stale and needs no
# shared server; a lookup is a dictionary read, not a round trip. "default" is Django's own default, written out.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "dashboard": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tuanjie-dashboard",
                  "TIMEOUT": 3600, "OPTIONS": {"MAX_ENTRIES": 2000}},
}
TUANJIE_API_REQUIRE_IF_MATCH = env_bool("TUANJIE_API_REQUIRE_IF_MATCH", False)
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("TUANJIE_MEDIA", str(DATA_DIR / "media")))
# Resumable uploads in progress (attachments/resumable.py): always local disk, whatever stores the attachments.
TUANJIE_UPLOADS_DIR = Path(env_str("TUANJIE_UPLOADS_DIR", str(DATA_DIR / "uploads")))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000

EMAIL_BACKEND = env_str("TUANJIE_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("TUANJIE_FROM_EMAIL", "tuanjie@localhost")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # First: its challenge is the WWW-Authenticate of every 401 (people/api_auth.py).
        "tuanjie.people.api_auth.TokenAuthentication",
        "tuanjie.people.api_auth.CachedBasicAuthentication",
        "rest_framework.authentication.SessionAuthentication",   # the session passed the gate (people/twofactor.py)
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["tuanjie.core.filters.ApiFilterBackend"],   # related choices restricted; an unknown id filters to nothing
    # The browsable API stays unless switched off: its forms and filters read related records through `restrict`
    # (core/related.py), so they show nothing the JSON does not, and offices' IT staff try the API there.
    # TUANJIE_BROWSABLE_API=0 leaves JSON only, for a site that wants the smallest surface.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer",
                                 *(["rest_framework.renderers.BrowsableAPIRenderer"]
                                   if env_bool("TUANJIE_BROWSABLE_API", True) else [])],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "tuanjie.core.schema.ChineseAutoSchema",   # Chinese tags and summaries
    "EXCEPTION_HANDLER": "tuanjie.core.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "团结 Tuanjie API",
    "DESCRIPTION": "民族团结进步创建工作平台接口。每个请求只返回调用者所在层级及其下级的数据。",
    "VERSION": "1.0.0",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Bodies are documented as JSON only: a form encoding cannot say null, a number or a list as the schema does, so
    # what it documented was not what the serializers accept. (The server still reads forms, for the browsable API.)
    "PARSER_WHITELIST": ["rest_framework.parsers.JSONParser"],
    # Every operation lists the refusals it can answer (400/401/403/404/409/422…) with their Chinese bodies.
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "tuanjie.core.schema.document_refusals"],
    # The schema and Swagger page describe every operation and field: signed-in people only.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SERVE_AUTHENTICATION": None,   # the API's own (tokens, Basic, session)
    # One name per workflow's state choices: without them drf-spectacular guesses names for the many "state" and
    # "status" fields and warns, which `tuanjie check --deploy` reports (it must report nothing).
    "ENUM_NAME_OVERRIDES": {
        "DivisionSyncStatusEnum": "tuanjie.places.models.DivisionSync.Status",
        "PlanStatusEnum": "tuanjie.plans.models.Plan.Status",
        "PlanTaskStatusEnum": "tuanjie.plans.models.PlanTask.Status",
        "InformationItemStatusEnum": "tuanjie.information.models.InformationItem.Status",
        "NeedStateEnum": "tuanjie.pairing.models.Need.State",
        "RoundStateEnum": "tuanjie.inspections.models.Round.State",
        "RectificationStateEnum": "tuanjie.inspections.models.Rectification.State",
        "AssessmentCampaignStateEnum": "tuanjie.assessments.models.Campaign.State",
        "EntryStateEnum": "tuanjie.assessments.models.Entry.State",
        "TitleApplicationStatusEnum": "tuanjie.titles.models.TitleApplication.Status",
        "DemonstrationTitleStatusEnum": "tuanjie.titles.models.DemonstrationTitle.Status",
        "CommendationCampaignStatusEnum": "tuanjie.commendations.models.Campaign.Status",
        "NominationStatusEnum": "tuanjie.commendations.models.Nomination.Status",
        "GeneratedDocumentStatusEnum": "tuanjie.documents.models.GeneratedDocument.Status",
    },
}

# --- Content-Security-Policy (django-csp 4). Scripts and styles come from this site only; no inline script or
# style attribute runs (event handlers live in static/tuanjie/*.js, inline styles as classes in app.css). A nonce
# is there for any inline <script> a page may need ({{ request.csp_nonce }}). ---
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],   # the nonce for the Swagger page's one <style>; style="" attributes never run
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "worker-src": [SELF, "blob:"],
        "manifest-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Background jobs (document generation and other slow work): the database backend needs no extra service;
# `tuanjie serve` starts a worker beside the web server. TUANJIE_TASKS=immediate runs jobs inline.
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if env_str("TUANJIE_TASKS", "database") == "immediate" else "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("TUANJIE_LOG_LEVEL", "WARNING")},
}
