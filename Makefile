# One place for the project's routine jobs. `make check` is what CI runs.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LOCK := requirements-lock.txt

.PHONY: install run check lint typecheck test installed bench negmas-lock format lock clean

# Dependencies come from the lock file (exact versions and hashes), then the project
# itself without resolving anything further, so every machine installs what was tested.
$(STAMP): pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/simulator validate --quiet scenarios/*.yaml
	$(BIN)/simulator run

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

# Tests go to the workers one by one (a lesson in a browser, whose tests follow one
# another, goes whole to one worker), so the last few minutes keep both cores busy.
test: $(STAMP)
	$(BIN)/python -m pytest -q -n auto --dist loadgroup

# A wheel installed into a fresh venv outside the checkout runs every shipped scenario
# and replay from a temporary folder, as after `pipx install .`.
installed: $(STAMP)
	PYTHON=$(PYTHON) LOCK=$(LOCK) DEV_PYTHON=$(BIN)/python sh .ci/installed

check: lint typecheck test installed

# Every benchmark, each target beside its figure, and docs/benchmarks.md written from the
# run; `make bench ARGS=--quick` for smaller sizes. NegMAS, for the comparison only, goes
# into benchmarks/.negmas-venv from its own hashed lock, never into the project's venv.
bench: $(STAMP)
	$(BIN)/python benchmarks/run.py $(ARGS)

# Refresh the lock of the benchmark-only NegMAS venv (benchmarks/negmas-requirements.in).
negmas-lock: $(STAMP)
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile benchmarks/negmas-requirements.in --python-version 3.11 \
		--generate-hashes --no-annotate --custom-compile-command "make negmas-lock" \
		-o benchmarks/negmas-lock.txt

format: $(STAMP)
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

# Refresh the lock to the newest versions pyproject.toml allows; run `make check` after.
lock: $(STAMP)
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra test --extra pdf --python-version 3.11 --universal \
		--generate-hashes --no-annotate --upgrade --custom-compile-command "make lock" \
		-o $(LOCK)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis build dist
