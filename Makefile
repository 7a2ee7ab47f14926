# geo-osallisuus: `make run` and `make test` set everything up themselves.
#   make run   [PORT=8000]   system packages, .venv, own PostGIS, migrate, demo data, serve
#   make test  [ARGS=...] [TEST_WORKERS=2]  the same setup, a check that every model change has its
#                            migration, then the whole test suite in TEST_WORKERS processes
#                            (pytest-xdist, a test database each; in random order, the seed is printed)
#   make bench [BENCH_ARGS=...] the same setup, then the benchmarks (own database, 1x/10x/100x data;
#                            report in var/bench/, see bench/RESULTS.md)
#   make load  [LOAD_SECONDS=60 LOAD_CLIENTS=50 LOAD_WORKERS= LOAD_THREADS=] the same setup, then gunicorn
#                            in production settings and gunicorn.conf.py (workers and threads as
#                            production runs them unless given) on loopback under many clients (own database
#                            geo_load); prints req/s, p50, p99 per endpoint and the peak of database
#                            connections; fails on any error or a peak over workers x pool size
#   make fuzz  [FUZZ_EXAMPLES=200] the same setup, then the longer API fuzz (schemathesis, every
#                            operation as anonymous and as admin; tests/security/test_fuzz_api.py)
#   make mutate [MUTATE_MODULES=...] the same setup, then mutmut over the rule modules, one at a
#                            time with their own tests (scripts/mutate.py); report in
#                            mutants/report.md, reviewed survivors in docs/mutation.md
#   make stop                stop the project's own PostgreSQL cluster (scripts/devdb.sh where: its data)
# With DATABASE_URL set, that server is used and no cluster is started.

SHELL := /bin/bash
PORT ?= 8000
PYTHON := .venv/bin/python
ARGS ?=
# The suite in parallel processes (pytest-xdist), each with its own test database (<name>_gw0, _gw1 ...).
# 2: this project's machines have 2 cores and the database shares them (README "Tests in parallel");
# TEST_WORKERS=0 runs it in one process. --dist loadscope keeps a module's tests on one worker,
# so module-scoped fixtures (a throwaway cluster, a built table) are made once.
TEST_WORKERS ?= 2

.PHONY: run test fuzz bench load mutate stop setup messages

setup:
	@scripts/system-deps.sh
	@scripts/venv.sh
	@scripts/npm-assets.sh
	@if [ -z "$${DATABASE_URL:-}" ]; then scripts/devdb.sh start; fi
	@$(MAKE) --no-print-directory messages

messages:
	@$(PYTHON) manage.py compilemessages --ignore='.venv/*' --ignore='var/*' -v 0

run: export GEO_ENV ?= development
run: setup
	@$(PYTHON) manage.py migrate --noinput -v 0
	@$(PYTHON) manage.py load_demo_data
	@$(PYTHON) manage.py load_demo_luotsit
	@$(PYTHON) manage.py load_demo_budgeting
	@$(PYTHON) manage.py load_demo_cases
	@$(PYTHON) manage.py load_demo_spaces
	@$(PYTHON) manage.py load_demo_events
	@$(PYTHON) manage.py load_demo_volunteering
	@$(PYTHON) manage.py load_demo_feedback
	@$(PYTHON) manage.py load_demo_users
	@echo
	@echo "geo-osallisuus is starting on http://127.0.0.1:$(PORT)/ — open:"
	@echo "  City map:            http://127.0.0.1:$(PORT)/  (in Swedish /sv/, in English /en/)"
	@echo "  An area page:        http://127.0.0.1:$(PORT)/alue/peruspiiri/101/"
	@echo "  What is near me:     http://127.0.0.1:$(PORT)/lahella/"
	@echo "  API:                 http://127.0.0.1:$(PORT)/api/v1/"
	@echo "  API docs (Swagger):  http://127.0.0.1:$(PORT)/api/docs/"
	@echo "  Point lookup:        http://127.0.0.1:$(PORT)/api/v1/lookup/?lat=60.1699&lon=24.9384"
	@echo "  Suurpiirit:          http://127.0.0.1:$(PORT)/api/v1/areas/?division=suurpiiri"
	@echo "  Find my luotsi:      http://127.0.0.1:$(PORT)/api/v1/luotsit/lookup/?lat=60.1699&lon=24.9384"
	@echo "  Luotsi coverage:     http://127.0.0.1:$(PORT)/api/v1/luotsit/coverage/?division=osa-alue"
	@echo "  Budgeting results:   http://127.0.0.1:$(PORT)/api/v1/budgeting/rounds/"
	@echo "  Cases near station:  http://127.0.0.1:$(PORT)/api/v1/cases/?near=60.1699,24.9384&radius=1000"
	@echo "  City spaces:         http://127.0.0.1:$(PORT)/api/v1/spaces/?kind=library"
	@echo "  Area events:         http://127.0.0.1:$(PORT)/api/v1/events/?upcoming_days=30"
	@echo "  Volunteering:        http://127.0.0.1:$(PORT)/api/v1/volunteering/?age=16&language=sv"
	@echo "  OGC API - Features:  http://127.0.0.1:$(PORT)/ogc/  (GDAL: ogrinfo -ro -so -al OAPIF:http://127.0.0.1:$(PORT)/ogc/)"
	@echo "  Vector tile, export: http://127.0.0.1:$(PORT)/tiles/cases/12/2331/1185.mvt  http://127.0.0.1:$(PORT)/exports/spaces.gpkg"
	@echo "  Feedback (Open311):  http://127.0.0.1:$(PORT)/api/v1/open311/requests.json  (services: .../open311/services.json)"
	@echo "  Initiatives:         http://127.0.0.1:$(PORT)/api/v1/initiatives/"
	@echo "  Participation:       http://127.0.0.1:$(PORT)/osallistuminen/  (report: /osallistuminen/aloiteraportti/)"
	@echo "  Budgeting (OmaStadi): http://127.0.0.1:$(PORT)/budjetointi/  (propose, vote, results; sign in first)"
	@echo "  Feedback, initiatives: http://127.0.0.1:$(PORT)/palaute/  http://127.0.0.1:$(PORT)/aloitteet/"
	@echo "  Own areas (draw):    http://127.0.0.1:$(PORT)/omat-alueet/  Search: http://127.0.0.1:$(PORT)/haku/?q=Kallio"
	@echo "  Luotsi's workspace:  http://127.0.0.1:$(PORT)/luotsit/me/ (as demo.luotsi)"
	@echo "  Sign in:             http://127.0.0.1:$(PORT)/kirjaudu/  (the demo users above; then My page: /oma-sivu/)"
	@echo "  Admin:               http://127.0.0.1:$(PORT)/admin/ (as demo.yllapitaja)"
	@echo "Stop with Ctrl-C; 'make stop' stops the database."
	@$(PYTHON) manage.py runserver --noreload 127.0.0.1:$(PORT)

test: export GEO_ENV = test
test: setup
	@$(PYTHON) manage.py makemigrations --check --dry-run -v 1 || { \
		echo "make test: the models have changes that no migration records (listed above)."; \
		echo "Run '$(PYTHON) manage.py makemigrations' and commit the new migration files."; exit 1; }
	@$(PYTHON) -m pytest -n $(TEST_WORKERS) --dist loadscope $(ARGS)

# The in-suite fuzz runs 10 examples per operation; this one many more.
FUZZ_EXAMPLES ?= 200
fuzz: export GEO_ENV = test
fuzz: export FUZZ_EXAMPLES := $(FUZZ_EXAMPLES)
fuzz: setup
	@$(PYTHON) -m pytest tests/security/test_fuzz_api.py -p no:cacheprovider -s $(ARGS)

BENCH_ARGS ?=
bench: export GEO_ENV = development
bench: setup
	@$(PYTHON) -m bench $(BENCH_ARGS)

load: export GEO_ENV = development
load: setup
	@$(PYTHON) -m load

# Runs under `nice`, one mutant at a time: a module takes minutes, all of them an hour or more.
MUTATE_MODULES ?=
mutate: export GEO_ENV = test
mutate: setup
	@$(PYTHON) scripts/mutate.py $(MUTATE_MODULES)

stop:
	@scripts/devdb.sh stop
