"""gunicorn's settings for production: `gunicorn geo_osallisuus.wsgi:application`
run from the checkout reads this file by itself (or name it: `-c gunicorn.conf.py`).

Worker class, workers and threads come from the environment through
geo_osallisuus/serverconf.py (the one rule the load run uses too); the bind
address from gunicorn's own `--bind` or GUNICORN_CMD_ARGS.
"""

import os

from geo_osallisuus.serverconf import server_options

_options = server_options(environ=os.environ)
worker_class = _options["worker_class"]
workers = _options["workers"]
threads = _options["threads"]
# A request slower than this is a stuck worker: gunicorn restarts it.
timeout = 120
graceful_timeout = 10
