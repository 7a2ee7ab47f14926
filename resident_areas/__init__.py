"""Resident-defined areas: proposals residents and luotsit draw, upload or assemble
from official areas; once a luotsi approves one it becomes an Area of the
non-official division `asukasalue` and works everywhere an official area does.

- models.py      the proposal and its geometry history
- parsing.py     GeoJSON and KML from outside, safely (no entities, no network)
- validation.py  the resident-area geometry rules (repair, clip, size, vertices)
- services.py    create, change geometry, submit, moderate (in transactions)
- selectors.py   who sees what, overlap analysis, the luotsi-view provider
- registry.py    what the app registers into luotsit and map_ui
"""
