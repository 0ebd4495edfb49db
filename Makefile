# The two commands a reader needs: `make book` and `make test`.
# Both create .venv on first use and install requirements.txt into it.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
# Keras must run on JAX whatever the reader's environment says (tplib also enforces it).
export KERAS_BACKEND := jax
# Matplotlib writes its font cache here instead of the reader's home.
export MPLBACKEND := Agg

.PHONY: book test unit nbval site-test execute bench lint clean help

help:
	@echo "make book     build the static site into _build/html (executes the chapters, cached)"
	@echo "make test     run every test: unit tests, nbval over book/, the built-site checks"
	@echo "make execute  re-run every chapter top to bottom and store its outputs (before committing)"
	@echo "make bench    run the benchmarks and print their tables"

$(STAMP): requirements.txt constraints.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --disable-pip-version-check -q -r requirements.txt
	touch $@

book: $(STAMP)
	$(BIN)/jupyter-book build . -W -n --keep-going
	@echo "The site is in _build/html/index.html"

unit: $(STAMP)
	$(BIN)/python -m pytest tests

nbval: $(STAMP)
	$(BIN)/python -m pytest --nbval book --nbval-sanitize-with tests/nbval_sanitize.cfg -p no:cacheprovider

test: $(STAMP)
	$(BIN)/python -m pytest tests
	$(BIN)/python -m pytest --nbval book --nbval-sanitize-with tests/nbval_sanitize.cfg -p no:cacheprovider

execute: $(STAMP)
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace \
		--ExecutePreprocessor.timeout=600 book/*.ipynb

bench: $(STAMP)
	for f in benchmarks/bench_*.py; do $(BIN)/python $$f || exit 1; done

lint: $(STAMP)
	$(BIN)/ruff check tplib tests benchmarks

clean:
	rm -rf _build
