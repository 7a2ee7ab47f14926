"""Static files storage for production."""

from django.contrib.staticfiles import apps as staticfiles_apps
from whitenoise.storage import CompressedManifestStaticFilesStorage


class ManifestStaticFilesStorage(CompressedManifestStaticFilesStorage):
    """whitenoise's compressed, hashed storage, minus the rewriting of source-map
    comments in JavaScript.

    Libraries installed from xstatic packages name source maps they do not ship
    (leaflet.markercluster.js -> leaflet.markercluster.js.map), and a reference
    to a missing file stops collectstatic. Unrewritten, the comment points at the
    unhashed name, which collectstatic keeps too. CSS url()s are still rewritten.
    """

    patterns = tuple((glob, rules) for glob, rules in CompressedManifestStaticFilesStorage.patterns if glob != "*.js")


class StaticFilesConfig(staticfiles_apps.StaticFilesConfig):
    """django.contrib.staticfiles, minus what the npm packages ship beside the files
    pages link (hds-core's base.min.css and components/all.min.css, the Leaflet
    plugins' dist): HDS's per-component builds (components/<name>/, already in
    all.min.css), its Sass sources, icon and utility sheets and TypeScript
    declarations. About 900 files that production never serves; compressing them
    at collectstatic took most of its minute. Patterns match a file's or folder's
    name, or its path inside its static folder; the apps' own folders hold none of these."""

    ignore_patterns = [*staticfiles_apps.StaticFilesConfig.ignore_patterns, "*.scss", "*.d.ts", "components/*/*", "icons", "utils", "scss"]
