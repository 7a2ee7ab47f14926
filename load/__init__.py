"""Load test: the production server (gunicorn) on loopback, many concurrent clients.

`make load` (or `python -m load`) runs it against its own database with the demo
data; tests/reliability/test_load.py runs the same code for a few seconds. This
owns errors (there must be none); speed targets belong to bench/.
"""
