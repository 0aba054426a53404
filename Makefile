# The two commands. Each does the whole set-up first (scripts/setup.sh: Debian
# packages when missing, then .venv with the project installed editable).
.PHONY: demo test setup lint typecheck unit bench clean

VENV := .venv
PY := $(VENV)/bin/python
export QT_QPA_PLATFORM ?= offscreen

setup:
	@scripts/setup.sh

demo: setup
	@scripts/demo.sh

test: setup lint typecheck unit

lint:
	$(VENV)/bin/ruff check kiosk central docsynth tests bench scripts
	$(VENV)/bin/lint-imports

typecheck:
	$(VENV)/bin/mypy

unit:
	@scripts/pytest.sh

bench: setup
	@$(PY) -c "import passporteye" 2>/dev/null || $(PY) -m pip install -q -e ".[bench]"
	$(PY) bench/vault.py
	$(PY) bench/card.py
	$(PY) bench/ocr.py
	$(PY) bench/sync.py

clean:
	rm -rf $(VENV) demo-screenshots .pytest_cache .mypy_cache .ruff_cache
