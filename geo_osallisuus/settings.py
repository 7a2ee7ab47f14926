"""Settings for geo-osallisuus, read from the environment (see .env.example).

Nothing secret is committed: SECRET_KEY must come from the environment unless
GEO_ENV is "development" or "test", where a throwaway key is generated.
"""

import os
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A local .env (never committed) may hold the variables for a developer's machine.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# --- Environment -----------------------------------------------------------------
# "production" (default), "development" or "test". Only the latter two relax the
# requirement for an explicit SECRET_KEY and ALLOWED_HOSTS.
GEO_ENV = env.str("GEO_ENV", default="production")
if GEO_ENV not in {"production", "development", "test"}:
    raise ImproperlyConfigured(f"GEO_ENV must be production, development or test, not {GEO_ENV!r}")
DEVELOPMENT = GEO_ENV in {"development", "test"}

DEBUG = env.bool("DEBUG", default=False)

# Read directly: django-environ would treat a key that starts with "$" as a
# reference to another variable.
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if DEVELOPMENT:
    from django.core.management.utils import get_random_secret_key

    SECRET_KEY = SECRET_KEY or get_random_secret_key()
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
else:
    if not SECRET_KEY:
        raise ImproperlyConfigured("SECRET_KEY must be set in the environment outside development and tests.")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])

# --- Applications -----------------------------------------------------------------
INSTALLED_APPS = [
    # modeltranslation must come before the admin to patch its forms.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.gis",
    "leaflet",
    "rest_framework",
    "rest_framework_gis",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "areas",
    "luotsit",
    "budgeting",
    "cases",
    "spaces",
    "map_ui",
    "ogc",
    "feedback",
    "initiatives",
    "participation",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything that reads or changes the body: it compresses last.
    "geo_osallisuus.compression.DataGZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "geo_osallisuus.urls"
WSGI_APPLICATION = "geo_osallisuus.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------
# DATABASE_URL names the server (postgis://user:password@host:port/name). Without it
# the project's own cluster is used: scripts/devdb.sh writes its URL to var/database_url.
_LOCAL_DATABASE_URL_FILE = BASE_DIR / "var" / "database_url"
DATABASE_URL = env.str("DATABASE_URL", default="")
if not DATABASE_URL and _LOCAL_DATABASE_URL_FILE.exists():
    DATABASE_URL = _LOCAL_DATABASE_URL_FILE.read_text().strip()
if not DATABASE_URL:
    raise ImproperlyConfigured(
        "No database: set DATABASE_URL, or start the project's own cluster with scripts/devdb.sh start "
        "(make run and make test do it for you)."
    )
DATABASES = {"default": env.db_url_config(DATABASE_URL)}
DATABASES["default"]["ENGINE"] = "django.contrib.gis.db.backends.postgis"
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Parallel test runs against one server need distinct test database names.
if env.str("TEST_DATABASE_NAME", default=""):
    DATABASES["default"]["TEST"] = {"NAME": env.str("TEST_DATABASE_NAME")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Spatial policy ---------------------------------------------------------------
# Every geometry column is stored in this SRID (ETRS-TM35FIN, metres).
PROJECTION_SRID = 3067
# The API answers in this SRID unless asked otherwise (RFC 7946 GeoJSON).
API_DEFAULT_SRID = 4326
# The only CRSs accepted from outside; anything else is refused with a 400.
# ETRS-GK25 (3879) is the city's own; 3857 is what web maps speak.
ALLOWED_SRIDS = (4326, 3067, 3879, 3857)
# A file without a CRS is read in the city's own CRS.
IMPORT_DEFAULT_SRID = 3879
# Helsinki's extent in EPSG:3067 (land and sea, Östersundom included), and the
# margin around it inside which outside geometry is still accepted.
HELSINKI_EXTENT_3067 = (376000.0, 6644000.0, 404000.0, 6686500.0)
HELSINKI_EXTENT_MARGIN_M = 5000.0
# Share of a child's surface that must lie inside one parent for the link.
AREA_PARENT_MIN_SHARE = env.float("AREA_PARENT_MIN_SHARE", default=0.9)
# A re-import may remove at most this share of a division's areas unless forced.
IMPORT_MAX_DELETE_SHARE = env.float("IMPORT_MAX_DELETE_SHARE", default=0.2)
# The largest `radius` (metres) a located list accepts with `near`.
LOCATED_MAX_RADIUS_M = env.float("LOCATED_MAX_RADIUS_M", default=50_000.0)
# Text geolocation (areas.geocoding): the divisions whose area names are looked
# for in case titles, smallest areas preferred, and names too common to trust.
GEOLOCATE_DIVISIONS = ("osa-alue", "kaupunginosa", "peruspiiri")
GEOLOCATE_IGNORED_NAMES = ("Linjat", "Tali", "Dammen")
# Limits on geometry from outside.
GEOMETRY_MAX_VERTICES = env.int("GEOMETRY_MAX_VERTICES", default=200_000)

# --- Internationalisation ---------------------------------------------------------
LANGUAGE_CODE = "fi"
LANGUAGES = [("fi", _("Finnish")), ("sv", _("Swedish")), ("en", _("English"))]
MODELTRANSLATION_DEFAULT_LANGUAGE = "fi"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("fi", "sv", "en")
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Helsinki"
USE_I18N = True
USE_TZ = True

# --- Static files -----------------------------------------------------------------
# Every asset is served by the service itself (whitenoise); nothing from a CDN.
STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "var" / "static")
# Third-party browser libraries come from xstatic packages installed from PyPI,
# served under their own prefix (e.g. static/xstatic/leaflet/leaflet.js); nothing
# is copied into the repository and collectstatic gathers them for production.
import xstatic.pkg.leaflet  # noqa: E402
import xstatic.pkg.leaflet_markercluster  # noqa: E402

STATICFILES_DIRS = [
    ("xstatic/leaflet", xstatic.pkg.leaflet.BASE_DIR),
    ("xstatic/leaflet-markercluster", xstatic.pkg.leaflet_markercluster.BASE_DIR),
    # What PyPI does not ship, from the npm registry (scripts/npm-assets.sh).
    ("npm/leaflet.vectorgrid", BASE_DIR / "var" / "npm" / "leaflet.vectorgrid" / "dist"),
]
# In development and tests whitenoise serves straight from the apps and packages.
WHITENOISE_USE_FINDERS = DEVELOPMENT
WHITENOISE_AUTOREFRESH = DEVELOPMENT
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEVELOPMENT
            else "geo_osallisuus.staticfiles.ManifestStaticFilesStorage"
        )
    },
}

# --- API --------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # JSON without NaN, Infinity or stack-deep nesting (a 400, never a 500).
    "DEFAULT_PARSER_CLASSES": [
        "geo_osallisuus.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "EXCEPTION_HANDLER": "geo_osallisuus.api.exception_handler",
    # Feedback may be sent without signing in: per client address (anonymous)
    # or per user, counted in the default cache.
    "DEFAULT_THROTTLE_RATES": {
        "feedback_anon": env.str("FEEDBACK_ANON_RATE", default="10/hour"),
        "feedback_user": env.str("FEEDBACK_USER_RATE", default="60/hour"),
        "initiative_write": env.str("INITIATIVE_WRITE_RATE", default="30/hour"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "geo-osallisuus API",
    "DESCRIPTION": (
        "Helsinki's area divisions, pending cases, city spaces, participatory budgeting and "
        "stadiluotsit. GeoJSON in EPSG:4326 unless `srid` asks for 3067, 3879 or 3857."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI's assets come from the drf-spectacular-sidecar package, not a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# --- Planners' spatial API (ogc: OGC API - Features, vector tiles, exports) --------
OGC_DEFAULT_LIMIT = 10
OGC_MAX_LIMIT = env.int("OGC_MAX_LIMIT", default=10_000)
OGC_TILE_MAX_AGE = env.int("OGC_TILE_MAX_AGE", default=300)
# What every download and the API say about reuse of the data.
OGC_LICENSE_NAME = "CC BY 4.0"
OGC_LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"
OGC_ATTRIBUTION = env.str(
    "OGC_ATTRIBUTION", default="© City of Helsinki, geo-osallisuus (area divisions: Helsinki open data, CC BY 4.0)"
)

# --- Content sources ----------------------------------------------------------------
# A case's page in the city's decision archive; {id} is the lower-case Ahjo id (hel-2025-001216).
AHJO_CASE_URL = env.str("AHJO_CASE_URL", default="https://paatokset.hel.fi/fi/asia/{id}")

# --- Map --------------------------------------------------------------------------
# Background tiles are a setting; with none the map shows areas and items on a
# plain background and makes no request to any other host.
MAP_TILE_URL = env.str("MAP_TILE_URL", default="")
MAP_TILE_ATTRIBUTION = env.str("MAP_TILE_ATTRIBUTION", default="")
# The admin's map widgets (django-leaflet) follow the same setting: no tiles,
# hence no request to another host, unless MAP_TILE_URL is set.
LEAFLET_CONFIG = {
    "TILES": [("", MAP_TILE_URL, {"attribution": MAP_TILE_ATTRIBUTION})] if MAP_TILE_URL else [],
    "DEFAULT_CENTER": (60.19, 24.97),
    "DEFAULT_ZOOM": 11,
    "SPATIAL_EXTENT": (24.7, 59.9, 25.3, 60.35),
    "RESET_VIEW": False,
}

# --- Security ---------------------------------------------------------------------
SESSION_COOKIE_SECURE = not DEVELOPMENT
CSRF_COOKIE_SECURE = not DEVELOPMENT
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Logging ----------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

# Debian 12's GDAL (3.6) cannot block file and network access in its spatial-
# reference parser. The service never hands user text to that parser: CRS
# strings are matched against ALLOWED_SRIDS (areas.geometry.parse_srid) and
# GeoJSON is parsed in Python. Only an administrator's import of a GML,
# GeoPackage or Shapefile reaches GDAL.
SILENCED_SYSTEM_CHECKS = ["gis.W001"]
