# Two commands on a fresh machine with Python 3.11, pip and make: `make run`, `make test`.
# Everything else (uv, then the locked environment) is installed on first use.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
SYNCED := $(VENV)/.synced-$(shell cat uv.lock pyproject.toml | cksum | cut -d' ' -f1)

export UV_PYTHON_DOWNLOADS := never
export UV_NATIVE_TLS := 1
export PREFECT_HOME := $(CURDIR)/.prefect
export PREFECT_SERVER_ANALYTICS_ENABLED := false
export DO_NOT_TRACK := 1

.DEFAULT_GOAL := help
.PHONY: help run test lint docs conventions demo-inbox clean serve runs export

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(SYNCED): $(UV) uv.lock pyproject.toml
	$(UV) sync --locked --python $(PYTHON)
	rm -f $(VENV)/.synced-*
	touch $@

run: $(SYNCED) ## Build warehouse/ogi.duckdb from the demo inbox and print a summary
	$(VENV)/bin/ogi refresh

serve: $(SYNCED) ## Refresh warehouse/ogi.duckdb every night (Prefect deployment; UI on :4200)
	$(VENV)/bin/ogi serve

runs: $(SYNCED) ## Show the last refresh runs of warehouse/ogi.duckdb
	$(VENV)/bin/ogi runs

export: $(SYNCED) ## Export the marts to warehouse/export/ as Parquet and CSV
	$(VENV)/bin/ogi export

test: $(SYNCED) ## Run the test suite (reads the real reports in ../shared/corpus)
	$(VENV)/bin/python -m pytest

lint: $(SYNCED) ## ruff and sqlfluff
	$(VENV)/bin/ruff check ogi flows tests
	$(VENV)/bin/sqlfluff lint models

docs: $(SYNCED) ## Build the dbt docs site into target/ (open target/index.html)
	OGI_BUILD_DB=warehouse/ogi.duckdb $(VENV)/bin/dbt docs generate --project-dir . --profiles-dir .

conventions: $(SYNCED) ## Check the dbt project against its conventions (dbt-score, ogi/dbt_rules.py)
	$(VENV)/bin/dbt parse --project-dir . --profiles-dir . --target lint --quiet
	$(VENV)/bin/dbt-score lint --namespace ogi.dbt_rules --manifest target/manifest.json --fail-any-item-under 10

demo-inbox: $(SYNCED) ## Regenerate the synthetic reports of the demo inbox
	$(VENV)/bin/ogi generate-demo

clean: ## Remove the environment, build outputs and the warehouse files
	rm -rf $(VENV) $(TOOLS) target logs .prefect warehouse/*.duckdb warehouse/.build warehouse/.cache warehouse/export
