# Everything runs inside .venv, created on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help install services run demo test test-rabbitmq test-pgbouncer bare-machine-check lint format bench screenshots clean debian-packages messages

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(STAMP): requirements.txt requirements-dev.txt
	@test -x $(BIN)/python || deploy/local/ensure-services --venv
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

# Translations: the .po files are the source; their .mo files are compiled
# here (msgfmt, from Debian's gettext) and never committed.
MSGFMT := /usr/bin/msgfmt
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/*.po))
$(MSGFMT):
	@deploy/local/ensure-services --install gettext

%.mo: %.po | $(MSGFMT)
	$(MSGFMT) --check-format -o $@ $<

install: $(STAMP) $(MO_FILES) ## Create .venv, install the pinned requirements, compile translations

# PostgreSQL and Redis on this machine: installed with apt when missing,
# started when down (deploy/local/ensure-services; remote ones are left alone).
services: ## Install and start PostgreSQL and Redis when they are missing or down
	@deploy/local/ensure-services

run: export DEBUG ?= true
run: services $(STAMP) $(MO_FILES) debian-packages ## Create the database, migrate, start web + worker + beat (Ctrl-C stops all)
	$(BIN)/python manage.py ensure_database
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py run_banner
	$(BIN)/honcho start

# The demo runs the app against the fake provider (lyricsapp/provider/fake/):
# callbacks arrive within seconds, some twice, some never (recovered by polling),
# some failed (531 ones are resubmitted).
FAKE_SUNO_PORT ?= 8090
demo: export DEBUG ?= true
demo: export FAKE_SUNO_PORT := $(FAKE_SUNO_PORT)
demo: export SUNO_API_BASE_URL := http://127.0.0.1:$(FAKE_SUNO_PORT)
demo: export SUNO_API_KEY ?= demo-key
demo: export SUNO_POLL_AFTER_SECONDS ?= 20
demo: export SUNO_POLL_INTERVAL_SECONDS ?= 10
demo: export LYRICS_SWEEP_SECONDS ?= 10
demo: export SUNO_PENDING_DEADLINE_SECONDS ?= 300
demo: services $(STAMP) $(MO_FILES) debian-packages ## Like make run, against a fake provider, filling the library within a minute
	$(BIN)/python manage.py ensure_database
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py run_banner
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/honcho start -f Procfile.demo

# Songbook PDFs: WeasyPrint's libraries (Pango, HarfBuzz), the CJK fonts it
# sets Chinese in, and pdftotext, which the songbook test reads the PDF with.
DEBIAN_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk poppler-utils
debian-packages:
	@dpkg -s $(DEBIAN_PACKAGES) >/dev/null 2>&1 || deploy/local/ensure-services --install $(DEBIAN_PACKAGES)

# The options every catalogue update uses (tests/test_i18n_catalogue.py too).
MAKEMESSAGES_OPTIONS := --no-location --no-obsolete --ignore=.venv --ignore=bench --ignore=tests \
	--ignore=staticfiles --ignore=node_modules

# axe-core checks accessibility in the browser tests; npm installs the pinned
# version into node_modules/ (git-ignored), nothing is fetched at test time.
AXE_VERSION := 4.10.3
AXE := node_modules/axe-core/axe.min.js
$(AXE):
	npm install --no-save --no-audit --no-fund axe-core@$(AXE_VERSION)

# The browser tests drive Debian's Chromium (never a downloaded browser build).
CHROMIUM := /usr/bin/chromium
$(CHROMIUM):
	@deploy/local/ensure-services --install chromium

# The deploy tests run Debian's nginx and PgBouncer in front of the app.
DEPLOY_TOOLS := /usr/sbin/nginx /usr/sbin/pgbouncer
$(DEPLOY_TOOLS):
	@deploy/local/ensure-services --install nginx pgbouncer

# The monitoring tests check deploy/monitoring/ with Debian's promtool.
PROMTOOL := /usr/bin/promtool
$(PROMTOOL):
	@deploy/local/ensure-services --install prometheus

test: services $(STAMP) $(MO_FILES) $(CHROMIUM) $(AXE) $(DEPLOY_TOOLS) $(PROMTOOL) debian-packages ## Run the whole test suite against real PostgreSQL and Redis
	$(BIN)/pytest

# The worker-fault tests against RabbitMQ (quorum queues, publisher confirms):
# each test gets a virtual host of its own on this broker.
RABBITMQ_URL ?= amqp://guest:guest@127.0.0.1:5672//
test-rabbitmq: services $(STAMP) ## The worker tests with RabbitMQ as the broker
	CELERY_BROKER_URL=$(RABBITMQ_URL) $(BIN)/pytest -p no:cacheprovider -m worker \
		tests/processing tests/provider tests/deploy tests/events

# The callback and worker suites with the database behind PgBouncer in
# transaction-pooling mode (deploy/pgbouncer/pgbouncer.ini).
test-pgbouncer: services $(STAMP) $(DEPLOY_TOOLS) ## The callback and worker tests through PgBouncer
	$(BIN)/python -m tests.deploy.proxies through-pgbouncer -- $(BIN)/pytest -p no:cacheprovider --create-db --reuse-db \
		tests/callbacks tests/processing tests/provider/test_worker.py

# make run on a bare Debian 12 (debootstrap + chroot + network namespace, as
# root; a few minutes and a few hundred MB of downloads): not part of make test.
bare-machine-check: ## Prove make run on a bare Debian 12 root: install, start, post a callback
	deploy/local/bare-machine-check

# CJK fonts make the screenshots readable; the tests themselves do not need them.
screenshots: $(STAMP) $(MO_FILES) $(CHROMIUM) ## Refresh docs/screenshots/ from the browser tests
	@dpkg -s fonts-noto-cjk >/dev/null 2>&1 || deploy/local/ensure-services --install fonts-noto-cjk
	SAVE_SCREENSHOTS=1 $(BIN)/pytest -m browser tests/library/test_browser.py tests/i18n/test_browser_zh.py \
		tests/workspace/test_browser.py tests/workspace/editing/test_browser.py

# Update the catalogues from the code and templates (then translate what is new).
messages: $(STAMP) | $(MSGFMT) ## Update locale/*/django.po from the code (docs/i18n.md)
	DEBUG=true $(BIN)/python manage.py makemessages -l zh_Hans $(MAKEMESSAGES_OPTIONS)

lint: $(STAMP) ## ruff check, format check, and the import rule (lint-imports)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

format: $(STAMP) ## Format the code with ruff
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(STAMP) ## Run the benchmarks (BENCH="callbacks search" for some; see docs/performance.md)
	$(BIN)/python -m bench $(BENCH)

clean: ## Remove .venv and caches
	rm -rf $(VENV) .pytest_cache .ruff_cache staticfiles
