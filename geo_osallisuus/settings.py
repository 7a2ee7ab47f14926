"""Settings for geo-osallisuus, read from the environment (see .env.example).

Nothing secret is committed: SECRET_KEY must come from the environment unless
GEO_ENV is "development" or "test", where a throwaway key is generated.
"""

import os
from datetime import timedelta
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
    "geo_osallisuus.staticfiles.StaticFilesConfig",  # django.contrib.staticfiles, see there
    "django.contrib.gis",
    "csp",
    "axes",
    "leaflet",
    "rest_framework",
    "rest_framework_gis",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "areas",
    "luotsit",
    # Above luotsit: their moderation is the luotsit'.
    "resident_areas",
    "budgeting",
    "cases",
    "spaces",
    "events",
    "volunteering",
    "map_ui",
    "ogc",
    "feedback",
    "initiatives",
    "participation",
    "search",
    # Its system checks; the probes themselves are answered by geo_osallisuus.probes.
    "helsinki_health_endpoints",
    "accounts",
    "imports",
]

MIDDLEWARE = [
    # /healthz and /readiness, before anything else (geo_osallisuus/probes.py).
    "geo_osallisuus.probes.HealthProbeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # The headers first, so that every answer has them, errors of the
    # middleware below (a foreign Host header, say) included.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "geo_osallisuus.security.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    # Before anything reads the body: an oversized one is refused unread.
    "geo_osallisuus.security.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything that reads or changes the body: it compresses last.
    "geo_osallisuus.compression.DataGZipMiddleware",
    # Inside gzip, so that the ETag is the body's (gzip only weakens it): 304s and Cache-Control for the API.
    "geo_osallisuus.caching.ApiCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Asked first (after axes, which has no exception hook) about a view's exception: a lost database is a 503.
    "geo_osallisuus.dbguard.DatabaseUnavailableMiddleware",
    # Last, as django-axes asks: it answers a locked-out sign-in.
    "axes.middleware.AxesMiddleware",
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
                # {{ CSP_NONCE }} for templates that render without the request.
                "csp.context_processors.nonce",
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
# Connections (geo_osallisuus/dbpool.py): none kept between requests in development
# and tests; a pool per process in production (DATABASE_POOL_MIN_SIZE / _MAX_SIZE /
# _TIMEOUT), or none kept when PgBouncer pools in front of the server (DATABASE_POOL=false).
from geo_osallisuus import dbpool  # noqa: E402

DATABASE_POOL = dbpool.pool_enabled(environ=os.environ, development=DEVELOPMENT)
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
if DATABASE_POOL:
    if DATABASES["default"]["CONN_MAX_AGE"] != 0:
        raise ImproperlyConfigured("CONN_MAX_AGE must be 0 with DATABASE_POOL: the pool keeps the connections.")
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = dbpool.pool_options(environ=os.environ)
# A pooled connection is checked before it is handed out, a kept one at the start of a request.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# PgBouncer in transaction pooling mode cannot keep a server-side cursor between transactions.
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env.bool("DATABASE_DISABLE_SERVER_SIDE_CURSORS", default=False)
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
# Helsinki's extent in EPSG:3067 (land and sea, Östersundom included), and a margin
# around it: the outer limit of a division import, and the city itself only while no
# official division is loaded (areas.boundary: the city is the union of its official areas).
HELSINKI_EXTENT_3067 = (376000.0, 6644000.0, 404000.0, 6686500.0)
HELSINKI_EXTENT_MARGIN_M = 5000.0
# Geometry this close to that union is still in the city: GPS error in a street, a
# border road's far verge, the demo boundaries' simplification (areas.boundary).
HELSINKI_BOUNDARY_TOLERANCE_M = 50.0
# Share of a child's surface that must lie inside one parent for the link.
AREA_PARENT_MIN_SHARE = env.float("AREA_PARENT_MIN_SHARE", default=0.9)
# A re-import may remove at most this share of a division's areas unless forced.
IMPORT_MAX_DELETE_SHARE = env.float("IMPORT_MAX_DELETE_SHARE", default=0.2)
# Share of a resident area's surface that an area must hold for the area's
# luotsi to see and moderate the proposal: slivers of re-imported boundaries
# (a millionth of a m²) must not count, a real overlap must.
RESIDENT_AREA_MIN_OVERLAP_SHARE = env.float("RESIDENT_AREA_MIN_OVERLAP_SHARE", default=0.001)
# Hosts a luotsi's photo may be served from: the city's own servers (a host or
# any of its subdomains), never a third party that would learn who looks at it.
LUOTSI_PHOTO_HOSTS = env.list("LUOTSI_PHOTO_HOSTS", default=["hel.fi"])
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
from whitenoise.compress import Compressor  # noqa: E402

STATICFILES_DIRS = [
    ("xstatic/leaflet", xstatic.pkg.leaflet.BASE_DIR),
    ("xstatic/leaflet-markercluster", xstatic.pkg.leaflet_markercluster.BASE_DIR),
    # What PyPI does not ship, from the npm registry (scripts/npm-assets.sh).
    ("npm/leaflet.vectorgrid", BASE_DIR / "var" / "npm" / "leaflet.vectorgrid" / "dist"),
    ("npm/hds-core", BASE_DIR / "var" / "npm" / "hds-core" / "lib"),
    ("npm/leaflet-geoman", BASE_DIR / "var" / "npm" / "@geoman-io" / "leaflet-geoman-free" / "dist"),
]
# Source maps and the packages' sources are for developers' tools, which can
# fetch them uncompressed: compressing the ~500 of them at Brotli's top quality
# took most of collectstatic's minute of CPU.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map", "scss", "ts")
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
    "DEFAULT_SCHEMA_CLASS": "geo_osallisuus.schema.AutoSchema",
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
    # Pages: the session. Scripts: a personal API token ("Token geo_…") or an
    # access token of the identity service ("Bearer …", checked against its
    # JWKS). HTTP basic auth only in the test settings, never in production.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.api_auth.PageSessionAuthentication",
        "accounts.api_auth.ApiTokenAuthentication",
        "accounts.api_auth.OidcBearerAuthentication",
    ]
    + (["rest_framework.authentication.BasicAuthentication"] if GEO_ENV == "test" else []),
    # Writes are limited per user or client address (geo_osallisuus.throttling);
    # reads are not. Behind a proxy, NUM_PROXIES tells how many addresses in
    # X-Forwarded-For are the proxies' own. Without it (0) the header is not
    # read at all: DRF's own default (None) would take a header any client can
    # write, so a new made-up address per request would escape every limit.
    "DEFAULT_THROTTLE_CLASSES": [
        "geo_osallisuus.throttling.AnonWriteThrottle",
        "geo_osallisuus.throttling.UserWriteThrottle",
    ],
    "NUM_PROXIES": env.int("NUM_PROXIES", default=0),
    # Feedback may be sent without signing in: per client address (anonymous)
    # or per user, counted in the default cache.
    "DEFAULT_THROTTLE_RATES": {
        "feedback_anon": env.str("FEEDBACK_ANON_RATE", default="10/hour"),
        "feedback_user": env.str("FEEDBACK_USER_RATE", default="60/hour"),
        "initiative_write": env.str("INITIATIVE_WRITE_RATE", default="30/hour"),
        "write_anon": env.str("WRITE_ANON_RATE", default="30/minute"),
        "write_user": env.str("WRITE_USER_RATE", default="120/minute"),
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
# Seconds a CDN may reuse an anonymous API answer without asking (s-maxage; geo_osallisuus.caching).
# Browsers always revalidate with If-None-Match and get a 304 when nothing changed.
API_CACHE_MAX_AGE = env.int("API_CACHE_MAX_AGE", default=60)
# What every download and the API say about reuse of the data.
OGC_LICENSE_NAME = "CC BY 4.0"
OGC_LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"
OGC_ATTRIBUTION = env.str(
    "OGC_ATTRIBUTION", default="© City of Helsinki, geo-osallisuus (area divisions: Helsinki open data, CC BY 4.0)"
)

# --- Content sources ----------------------------------------------------------------
# A case's page in the city's decision archive; {id} is the lower-case Ahjo id (hel-2025-001216).
AHJO_CASE_URL = env.str("AHJO_CASE_URL", default="https://paatokset.hel.fi/fi/asia/{id}")
# The same page in the languages paatokset.hel.fi has, linked from the case page in the page's language.
AHJO_CASE_URLS = {
    "fi": AHJO_CASE_URL,
    "sv": env.str("AHJO_CASE_URL_SV", default="https://paatokset.hel.fi/sv/arende/{id}"),
    "en": env.str("AHJO_CASE_URL_EN", default="https://paatokset.hel.fi/en/case/{id}"),
}

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

# --- Sign-in through the city's identity service (OpenID Connect) -----------------
# Helsinki's service is Keycloak with Suomi.fi strong identification behind it:
# OIDC_ISSUER is the realm's URL (e.g. https://tunnistus.hel.fi/auth/realms/helsinki-tunnistus)
# and the endpoints default to Keycloak's paths under it; another provider sets
# each endpoint. Without OIDC_CLIENT_ID the service offers no such sign-in.
OIDC_ISSUER = env.str("OIDC_ISSUER", default="").rstrip("/")
OIDC_RP_CLIENT_ID = env.str("OIDC_CLIENT_ID", default="")
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_CLIENT_SECRET", "")
OIDC_RP_SCOPES = env.str("OIDC_SCOPES", default="openid profile email")
OIDC_RP_SIGN_ALGO = env.str("OIDC_SIGN_ALGO", default="RS256")
_KEYCLOAK = f"{OIDC_ISSUER}/protocol/openid-connect" if OIDC_ISSUER else ""
OIDC_OP_AUTHORIZATION_ENDPOINT = env.str("OIDC_AUTHORIZATION_ENDPOINT", default=_KEYCLOAK and f"{_KEYCLOAK}/auth")
OIDC_OP_TOKEN_ENDPOINT = env.str("OIDC_TOKEN_ENDPOINT", default=_KEYCLOAK and f"{_KEYCLOAK}/token")
OIDC_OP_USER_ENDPOINT = env.str("OIDC_USERINFO_ENDPOINT", default=_KEYCLOAK and f"{_KEYCLOAK}/userinfo")
OIDC_OP_JWKS_ENDPOINT = env.str("OIDC_JWKS_ENDPOINT", default=_KEYCLOAK and f"{_KEYCLOAK}/certs")
OIDC_OP_LOGOUT_ENDPOINT = env.str("OIDC_LOGOUT_ENDPOINT", default=_KEYCLOAK and f"{_KEYCLOAK}/logout")
# The audience API bearer tokens must carry (Keycloak: an audience mapper on the client).
OIDC_API_AUDIENCE = env.str("OIDC_API_AUDIENCE", default=OIDC_RP_CLIENT_ID)
# Authorization-code flow with PKCE, state and nonce; the ID token is kept for the sign-out.
OIDC_USE_PKCE = True
OIDC_USE_NONCE = True
OIDC_STORE_ID_TOKEN = True
OIDC_TIMEOUT = env.float("OIDC_TIMEOUT", default=10.0)
OIDC_AUTHENTICATION_CALLBACK_URL = "oidc_authentication_callback"
# Claims: the role claim (a dotted path for nested claims) and the values that
# make a person a luotsi, planner or admin; strong identification's birth date
# and home municipality (names or the municipality code, 091 is Helsinki).
OIDC_ROLES_CLAIM = env.str("OIDC_ROLES_CLAIM", default="groups")
OIDC_LUOTSI_ROLES = env.list("OIDC_LUOTSI_ROLES", default=["luotsi"])
OIDC_PLANNER_ROLES = env.list("OIDC_PLANNER_ROLES", default=["planner"])
OIDC_ADMIN_ROLES = env.list("OIDC_ADMIN_ROLES", default=["admin"])
OIDC_BIRTHDATE_CLAIM = env.str("OIDC_BIRTHDATE_CLAIM", default="birthdate")
OIDC_MUNICIPALITY_CLAIM = env.str("OIDC_MUNICIPALITY_CLAIM", default="home_municipality")
# The home's street address ("Mannerheimintie 5"), placed on the map through the address register.
OIDC_ADDRESS_CLAIM = env.str("OIDC_ADDRESS_CLAIM", default="address.street_address")
OIDC_HOME_MUNICIPALITIES = env.list("OIDC_HOME_MUNICIPALITIES", default=["091", "Helsinki", "Helsingfors"])
# Local accounts (user name and password) on the sign-in page: for development
# and the demo; production turns them off, and refuses to start while the demo
# users exist (accounts.checks).
LOCAL_SIGNIN = env.bool("LOCAL_SIGNIN", default=DEVELOPMENT)
LOGIN_URL = "accounts:signin"
LOGIN_REDIRECT_URL = "accounts:me"

# --- Security ---------------------------------------------------------------------
# Production speaks HTTPS only; development and tests serve plain http on loopback.
SESSION_COOKIE_SECURE = not DEVELOPMENT
CSRF_COOKIE_SECURE = not DEVELOPMENT
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEVELOPMENT)
# Behind a TLS-terminating proxy that sets X-Forwarded-Proto (and strips it
# from clients' requests), SECURE_PROXY_SSL_HEADER=true lets Django know the
# request came over HTTPS; without the proxy this would let clients lie.
if env.bool("SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# HSTS: a year by default outside development, subdomains included. Preloading
# is a commitment for the whole domain that is hard to take back, so it is off
# unless the operator asks for it (SECURE_HSTS_PRELOAD=true).
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEVELOPMENT else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Powerful browser features: only the location, only for the service's own
# pages (the near-me page asks for it); everything else off.
PERMISSIONS_POLICY = {
    "geolocation": ["self"],
    "camera": [],
    "microphone": [],
    "payment": [],
    "usb": [],
    "serial": [],
    "bluetooth": [],
    "midi": [],
    "magnetometer": [],
    "gyroscope": [],
    "accelerometer": [],
    "display-capture": [],
    "browsing-topics": [],
}

# Content-Security-Policy (django-csp): nothing from any host but the service.
# Scripts run only from the service's files or with the request's nonce (the
# folium map scripts carry it); no inline event handlers, no eval.
# Styles allow 'unsafe-inline': folium writes a <style> for the map's size,
# the OGC pages and the admin's and Swagger UI's markup carry style
# attributes; an injected style cannot run code, and scripts stay strict.
# (Leaflet positions its panes through element.style, which CSP never blocks.)
from urllib.parse import urlsplit  # noqa: E402

from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE  # noqa: E402


def _tile_source(url_template: str) -> str | None:
    """"https://{s}.tile.example/{z}/{x}/{y}.png" -> "https://*.tile.example"."""
    parts = urlsplit(url_template.replace("{s}", "*"))
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


_TILE_SOURCE = _tile_source(MAP_TILE_URL)
_OIDC_LOGOUT_ORIGIN = _tile_source(OIDC_OP_LOGOUT_ENDPOINT)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, UNSAFE_INLINE],
        # data: for the blank favicon and the icons Swagger UI and Leaflet
        # inline in their CSS; a background tile host only when one is set.
        "img-src": [SELF, "data:"] + ([_TILE_SOURCE] if _TILE_SOURCE else []),
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        # Signing out is a form whose answer redirects to the identity service's end-session endpoint.
        "form-action": [SELF] + ([_OIDC_LOGOUT_ORIGIN] if _OIDC_LOGOUT_ORIGIN else []),
        "frame-ancestors": [NONE],
    }
}

# --- Request and upload size ------------------------------------------------------
# A body other than a multipart upload (JSON, GeoJSON, forms) above this is
# refused with a 413 before it is read (geo_osallisuus.security). Drawn
# resident areas may be 2 MB of GeoJSON (RESIDENT_AREA_MAX_BYTES).
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=5 * 1024 * 1024)
# A whole multipart upload (files included) above this is refused with a 413.
REQUEST_MAX_BYTES = env.int("REQUEST_MAX_BYTES", default=20 * 1024 * 1024)
# Uploaded files above this are spooled to a temporary file, not kept in memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = env.int("FILE_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440)
DATA_UPLOAD_MAX_NUMBER_FIELDS = env.int("DATA_UPLOAD_MAX_NUMBER_FIELDS", default=1000)
DATA_UPLOAD_MAX_NUMBER_FILES = env.int("DATA_UPLOAD_MAX_NUMBER_FILES", default=20)
# Photos sent with feedback (feedback.photos): a larger file is refused with a message
# beside the field. Stored under MEDIA_ROOT, served only by feedback's own view (no MEDIA_URL).
FEEDBACK_PHOTO_MAX_BYTES = env.int("FEEDBACK_PHOTO_MAX_BYTES", default=8 * 1024 * 1024)
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")

# --- Sign-in ----------------------------------------------------------------------
# django-axes counts failed sign-ins (admin, API basic auth) per client address
# and user name together: after AXES_FAILURE_LIMIT failures that pair is locked
# out for AXES_COOLOFF_MINUTES, with a 429 (geo_osallisuus.security).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # The city's identity service (accounts.oidc); inert until OIDC_CLIENT_ID is set.
    "accounts.oidc.CityIdentityBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_LOCKOUT_PARAMETERS = [["ip_address", "username"]]
AXES_RESET_ON_SUCCESS = True
AXES_COOLOFF_TIME = timedelta(minutes=env.float("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_CALLABLE = "geo_osallisuus.security.signin_lockout_response"
# The client's address as the rate limits count it (NUM_PROXIES above): behind a
# proxy REMOTE_ADDR is the proxy's for everyone, and five failures by anyone
# would lock a user name out for all.
AXES_CLIENT_IP_CALLABLE = "geo_osallisuus.security.client_address"
AXES_VERBOSE = False
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if GEO_ENV == "test":
    # The suite creates hundreds of users, and the production hasher (PBKDF2) costs
    # 0.25 s a password by design; tests check who may sign in, not the hash's cost.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# --- Cache ------------------------------------------------------------------------
# Rate-limit counters live here. Each process has its own memory cache; with
# several server processes set CACHE_URL to a shared one (e.g.
# filecache:///var/tmp/geo-osallisuus-cache) so that a limit is
# one limit and not one per process.
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}

# --- Health probes (/healthz, /readiness: geo_osallisuus/probes.py) ---------------
# The release /readiness names, as in Helsinki's other services.
SENTRY_RELEASE = env.str("SENTRY_RELEASE", default="")

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
# The deploy check asks for HSTS preloading; it stays the operator's decision (above).
if not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS.append("security.W021")

# --- Published points and small areas (areas.located.published_count) ----------------
# Feedback is published as the centre of its 250 m cell. In an area smaller than
# SMALL_AREA_CELLS cells (4 cells: 250 000 m², a 500 m square) a count of such items
# from 1 to SMALL_AREA_MIN_COUNT − 1 is withheld: there it would single out a household.
SMALL_AREA_CELLS = env.int("SMALL_AREA_CELLS", default=4)
SMALL_AREA_MIN_COUNT = env.int("SMALL_AREA_MIN_COUNT", default=5)

# --- The city's land area (areas.land) ----------------------------------------------
# A GeoJSON polygon layer of the city's land: feedback off it is refused unless its
# service allows water. The demo's is approximate; production names the city's land
# layer here, or sets CITY_LAND_FILE= (empty) to treat the whole city as land.
CITY_LAND_FILE = env.str("CITY_LAND_FILE", default=str(BASE_DIR / "fixtures" / "demo" / "land.geojson"))
