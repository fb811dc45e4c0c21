# ABM-debate tutor. `make chat` talks to the bot; `make test` runs every test.
# Each step is a file target: nothing is reinstalled, rebuilt or retrained when its inputs
# did not change. Trained models are also cached by input hash in $(CACHE_DIR), so a fresh
# clone with the same training data reuses the model.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV      := .venv
BROWSE_VENV := .venv-browse
PY        := $(VENV)/bin/python
RASA      := $(VENV)/bin/rasa
UV_VERSION := 0.13.8
CACHE_DIR ?= $(HOME)/.cache/abm-tutor
DB        := knowledge/abm.db
MODEL     := models/abm-tutor.tar.gz
NLU_NAMES := data/nlu/generated_names.yml
RASA_PORT ?= 5005
ACTIONS_PORT ?= 5055
WEB_DIR   := bot/web
WEB_NODE  := $(WEB_DIR)/node_modules/.installed
CHROMIUM  ?= /usr/bin/chromium
WEB_PORT  ?= 8000

export RASA_TELEMETRY_ENABLED := false
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export TF_CPP_MIN_LOG_LEVEL := 2
export PYTHONPATH := $(CURDIR)
export CACHE_DIR RASA_PORT ACTIONS_PORT WEB_PORT CHROMIUM

KNOWLEDGE_INPUTS := $(wildcard knowledge/*.py knowledge/sources/*.yml knowledge/sources/*.txt knowledge/sources/raw/*)
TRAINING_INPUTS  := config.yml domain.yml components/safe_classifier.py $(sort $(wildcard data/*.yml data/nlu/*.yml))

.PHONY: help setup knowledge draft draft-report nlu-names model chat serve web test nlu-report answers-report bench prune report browse lock clean

help: ## Show the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-10s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(VENV)/.installed: requirements.lock scripts/find-python310.sh
	@python=$$(scripts/find-python310.sh) || exit 1; \
	 [ -x $(PY) ] || { echo "Creating $(VENV) with $$python"; $$python -m venv $(VENV); }
	$(PY) -m pip install --quiet "uv==$(UV_VERSION)"
	$(VENV)/bin/uv pip install --python $(PY) --quiet -r requirements.lock
	@touch $@

setup: $(VENV)/.installed $(DB) $(MODEL) ## Prepare everything: venv, knowledge DB, trained model

knowledge: $(DB) ## Build the knowledge DB from knowledge/sources
$(DB): $(VENV)/.installed $(KNOWLEDGE_INPUTS)
	$(PY) -m knowledge.build

draft: $(DB) ## Draft annotations for a new article: make draft SOURCE=<id> ARTICLE=<path> [OUT=var/drafts/<id>]
	@[ -n "$(SOURCE)" ] && [ -n "$(ARTICLE)" ] || { echo "usage: make draft SOURCE=<id> ARTICLE=<path> [OUT=<dir>]" >&2; exit 2; }
	$(PY) -m knowledge.draft "$(ARTICLE)" --source "$(SOURCE)" --out "$(or $(OUT),var/drafts/$(SOURCE))"

draft-report: $(VENV)/.installed ## Drafting quality: leave-one-out on the two articles (results/draft-report.json)
	$(PY) -m knowledge.draft_report

nlu-names: $(NLU_NAMES) ## Regenerate the NLU lookup tables and synonyms from the knowledge store
$(NLU_NAMES): $(DB)
	$(PY) -m knowledge.nlu_export

model: $(MODEL) ## Train the Rasa model (or reuse the cached one)
$(MODEL): $(VENV)/.installed $(NLU_NAMES) $(TRAINING_INPUTS)
	scripts/train.sh $(MODEL) $(TRAINING_INPUTS)

chat: setup ## Talk to the bot in the terminal (the servers start quietly in the background)
	@scripts/chat.sh

$(WEB_NODE): $(WEB_DIR)/package.json $(WEB_DIR)/package-lock.json
	cd $(WEB_DIR) && npm ci --no-audit --no-fund
	@touch $@

$(CHROMIUM):
	@echo "$(CHROMIUM) is missing: installing Debian's chromium for the browser test (apt-get update; apt-get install chromium)"
	@sudo=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	 $$sudo apt-get update -q && $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium

serve: setup $(WEB_NODE) ## Run Rasa (REST + socket.io, :$(RASA_PORT)), the action server (:$(ACTIONS_PORT)) and the web page (:$(WEB_PORT))
	scripts/serve.sh

web: serve ## Same as `make serve`: the tutor on a web page at http://localhost:$(WEB_PORT)/

.PHONY: cluster-deps serve-cluster
cluster-deps: ## Install PostgreSQL and Redis (Debian packages) when missing: for serve-cluster and its test
	scripts/ensure-cluster-deps.sh

serve-cluster: setup cluster-deps ## Scale-out: PostgreSQL, Redis, the action server and REPLICAS (2) Rasa servers from :$(RASA_PORT)
	scripts/cluster.sh

test: cluster-deps

test: setup $(WEB_NODE) $(CHROMIUM) $(BROWSE_VENV)/.installed ## Run every test
	$(PY) -m pytest

nlu-report: setup ## NLU quality: held-out evaluation and cross-validation (intent and entity F1)
	$(PY) scripts/nlu_report.py

answers-report: setup ## Answer quality: the question bank (development and held-out) against the real servers
	$(PY) scripts/answers_report.py

bench: setup ## Benchmarks: store queries, build and training, REST vs the starter bot, 30-learner load (results/)
	$(PY) scripts/bench_store.py
	$(PY) scripts/bench_build.py
	$(PY) scripts/bench_rest.py

report: $(VENV)/.installed $(DB) ## The teacher's class report: results/report/learners.csv, items.csv, xapi.jsonl
	$(PY) scripts/report.py

$(BROWSE_VENV)/.installed: requirements-browse.lock $(VENV)/.installed
	@python=$$(scripts/find-python310.sh) || exit 1; \
	 [ -x $(BROWSE_VENV)/bin/python ] || $$python -m venv $(BROWSE_VENV)
	$(VENV)/bin/uv pip install --python $(BROWSE_VENV)/bin/python --quiet -r requirements-browse.lock
	@touch $@

browse: $(BROWSE_VENV)/.installed $(DB) ## Browse progress and knowledge read-only with Datasette on 127.0.0.1:8001
	scripts/browse.sh

prune: $(VENV)/.installed ## Delete conversations idle for over ABM_KEEP_DAYS (90) days, and older set-aside progress
	$(PY) scripts/prune.py

lock: ## Re-pin requirements.lock (and requirements-browse.lock) from their .in files
	$(VENV)/bin/uv pip compile requirements.in --python-version 3.10 --generate-hashes -o requirements.lock
	$(VENV)/bin/uv pip compile requirements-browse.in --python-version 3.10 --generate-hashes -o requirements-browse.lock

clean: ## Remove build outputs (keeps the venv and the model cache)
	rm -rf $(DB) models results .pytest_cache
