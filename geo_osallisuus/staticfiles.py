"""Static files storage for production."""

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
