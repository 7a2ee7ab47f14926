"""Resident-defined areas: proposals residents and luotsit draw, upload or assemble
from official areas; once a luotsi approves one it becomes an Area of the
non-official division `asukasalue` and works everywhere an official area does.
An app of its own above luotsit, whose moderation it uses (it was areas/resident/).

- models.py      the proposal and its geometry history (tables areas_residentarea*)
- parsing.py     GeoJSON and KML from outside, safely (no entities, no network)
- definition.py  drawn / uploaded / picked input to a geometry: one way for API and pages
- validation.py  the resident-area geometry rules (repair, clip, size, vertices)
- services.py    create, change geometry, submit, moderate (in transactions)
- selectors.py   who sees what, overlap analysis, the luotsi-view provider
- presenting.py  the overlap analysis for a reader (numbers in the page's language, names)
- registry.py    what the app registers into luotsit and map_ui
- api/           /api/v1/resident-areas/
- forms.py, pages.py, urls.py   /omat-alueet/: my areas, a new area (preview, send), an area's page
"""
