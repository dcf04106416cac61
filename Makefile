# LGNet: `make run` starts everything locally, `make test` runs every test.
# Each target sets up .venv first (only again when pyproject.toml or requirements.lock change).

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.lgnet-installed
ARGS ?=
PYTEST_ARGS ?=
CHECKED := $(wildcard libs services tests bench)

.PHONY: help install run test lint fmt bench docs clean clean-data

help:
	@echo "make run         start PostgreSQL, the broker and the services (lgnet dev up; ARGS=...)"
	@echo "make test        install, then run every test (PYTEST_ARGS=...)"
	@echo "make lint        ruff check, ruff format --check, mypy --strict"
	@echo "make fmt         ruff fixes and formatting"
	@echo "make bench       the benchmarks (python -m bench)"
	@echo "make docs        regenerate the generated docs (python -m lgnet_events.docs write)"
	@echo "make install     only set up $(VENV)"
	@echo "make clean       remove $(VENV) and caches; make clean-data removes .lgnet/ (dev data)"

install: $(STAMP)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml requirements.lock | $(BIN)/python
	$(BIN)/python -m pip install -q --require-hashes -r requirements.lock
	$(BIN)/python -m pip install -q --no-deps --no-build-isolation -e .
	touch $@

run: install
	$(BIN)/lgnet dev up $(ARGS)

test: install
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check $(CHECKED)
	$(BIN)/ruff format --check $(CHECKED)
	$(BIN)/mypy $(CHECKED)

fmt: install
	$(BIN)/ruff check --fix $(CHECKED)
	$(BIN)/ruff format $(CHECKED)

bench: install
	$(BIN)/python -m bench

docs: install
	$(BIN)/python -m lgnet_events.docs write

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build dist
	find . -name __pycache__ -type d -prune -not -path './.venv/*' -exec rm -rf {} +

clean-data:
	rm -rf .lgnet

.PHONY: compose-up compose-down

# docker compose: three Kafka brokers (KRaft), PostgreSQL, the four services, an
# OpenTelemetry collector and Jaeger (http://localhost:16686). Needs a Docker engine.
compose-up:
	docker compose up --build --detach
	@echo "services on http://localhost:8001-8004, traces on http://localhost:16686"

# Stops and removes the containers; the data volumes stay (ARGS=--volumes removes them).
compose-down:
	docker compose down $(ARGS)

# Fault injection (docs/reliability.md): every fault once under a seeded load, or a soak that
# repeats faults drawn at random for MINUTES; both print the table and write bench/results/.
MINUTES ?= 10

.PHONY: faults faults-short soak

faults: install
	$(BIN)/python -m tests.faults

faults-short: install
	$(BIN)/pytest -m faults tests/faults

soak: install
	$(BIN)/python -m tests.faults --soak $(MINUTES)

.PHONY: fuzz
# Schemathesis against every service with many more examples than make test runs.
fuzz: install
	LGNET_FUZZ_EXAMPLES=$${LGNET_FUZZ_EXAMPLES:-200} $(BIN)/pytest -q tests/security/test_fuzz.py $(PYTEST_ARGS)
