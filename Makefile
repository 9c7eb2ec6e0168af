# Two commands do everything: `make run` serves the module, `make test` tests it.
.PHONY: run test setup lint format

setup:
	@bash scripts/setup.sh

run: setup
	.venv/bin/course serve

test: setup
	.venv/bin/pytest

lint: setup
	.venv/bin/ruff check course tests bench
	.venv/bin/ruff format --check course tests bench
	.venv/bin/course lint --strict content scenarios

format: setup
	.venv/bin/ruff format course tests bench
