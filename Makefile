# The two commands a reader needs: `make book` and `make test`.
# Both create .venv on first use and install requirements.txt into it.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

# Browser assets the site serves itself, at the versions and hashes pinned in
# package-lock.json, copied from node_modules into _vendor/_static/vendor; _config.yml lists
# _vendor in html_extra_path, so they land in _build/html/_static/vendor. (Not in _static/:
# jupyter-book would load every .js there on every page.) MathJax renders the math at build
# time from node_modules (_ext/static_math.py), so the site needs only its fonts. Font
# Awesome's stylesheet and webfonts replace the theme's 1.5 MB fontawesome.js
# (_ext/offline_site.py swaps them on every page).
VENDOR := _vendor/_static/vendor
NPM    ?= npm

.PHONY: book lab test unit nbval lab-test site-test vendor execute bench lint clean help

help:
	@echo "make book     build the static site into _build/html (executes the chapters, cached)"
	@echo "make lab      open the chapters in JupyterLab (trusted, MyST rendered, explorers drawn)"
	@echo "make test     run every test: unit tests, nbval, the chapters in JupyterLab, the built site"
	@echo "make nbval    re-run the chapters and compare what cannot depend on rounding (NB=one chapter)"
	@echo "make lab-test open, run and operate every chapter in a real JupyterLab (headless Chromium)"
	@echo "make execute  re-run every chapter top to bottom and store its outputs (before committing)"
	@echo "make bench    run the benchmarks and print their tables"
	@echo "make vendor   fetch the pinned MathJax and Font Awesome the site serves (npm ci)"

$(STAMP): requirements.txt constraints.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --disable-pip-version-check -q -r requirements.txt
	touch $@

$(VENDOR)/VERSIONS.txt: package.json package-lock.json
	@command -v $(NPM) >/dev/null || { echo "npm (Node.js) is needed once, to fetch the pinned \
	MathJax and Font Awesome listed in package-lock.json"; exit 1; }
	$(NPM) ci --ignore-scripts --no-audit --no-fund
	rm -rf _vendor
	mkdir -p $(VENDOR)/mathjax/output/chtml/fonts
	cp node_modules/mathjax/LICENSE $(VENDOR)/mathjax/
	cp -r node_modules/mathjax/es5/output/chtml/fonts/woff-v2 $(VENDOR)/mathjax/output/chtml/fonts/
	mkdir -p $(VENDOR)/fontawesome-free
	cp -r node_modules/@fortawesome/fontawesome-free/css node_modules/@fortawesome/fontawesome-free/webfonts \
		node_modules/@fortawesome/fontawesome-free/LICENSE.txt $(VENDOR)/fontawesome-free/
	$(NPM) ls --depth=0 | tail -n +2 > $@
	@# Sphinx copies html_extra_path only on a build that writes pages: drop the old pages so
	@# the next build serves the new assets (executed notebooks stay cached in _build).
	rm -rf _build/html

vendor: $(VENDOR)/VERSIONS.txt

book: $(STAMP) $(VENDOR)/VERSIONS.txt
	$(BIN)/jupyter-book build . -W -n --keep-going
	@echo "The site is in _build/html/index.html"

# The chapters in JupyterLab, the way the book is meant to be run there. `jupyter trust`
# records the chapters' signatures in the reader's Jupyter data directory, so the explorers'
# scripts run when a chapter opens (an untrusted notebook's scripts do not run); jupyterlab-myst
# (requirements.txt) renders the MyST. JupyterLab saves into book/ what the reader runs.
LAB_PORT ?= 8888
lab: $(STAMP)
	$(BIN)/jupyter trust book/*.ipynb
	@echo "Starting JupyterLab on book/: open the http://127.0.0.1:$(LAB_PORT)/lab?token=... URL below"
	$(BIN)/jupyter lab --ServerApp.root_dir=book --ip=127.0.0.1 --port=$(LAB_PORT) \
		$(if $(filter 0,$(shell id -u)),--allow-root)

# Left out of the unit run: the built-site tests need _build/html, tests/test_lab.py runs every
# chapter in JupyterLab (minutes); `make test` runs them in their stages.
# The unit tests include _ext/static_math.py's, which render with the pinned MathJax (npm ci).
UNIT_ONLY := --ignore=tests/test_site.py --ignore=tests/test_lab.py \
	--ignore=tests/test_accessibility.py
unit: $(STAMP) $(VENDOR)/VERSIONS.txt
	$(BIN)/python -m pytest tests $(UNIT_ONLY)

# One chapter: make nbval NB=book/02_optimizers.ipynb. Cells tagged nbval-ignore-output (their
# output comes from training, and so from the CPU's rounding) are run, not compared.
NB ?= book
nbval: $(STAMP)
	$(BIN)/python -m pytest --nbval $(NB) --nbval-sanitize-with tests/nbval_sanitize.cfg -p no:cacheprovider

# Every chapter opened, run and operated in a real JupyterLab on a copy of book/ (headless
# Chromium; about 5 minutes: chapter 5 alone runs ~55 s).
lab-test: $(STAMP)
	$(BIN)/python -m pytest tests/test_lab.py -p no:cacheprovider

# The built-site checks (tests/test_site.py: offline scan, headless Chromium; the references
# page in tests/test_references.py, skipped in the first run; tests/test_accessibility.py:
# axe-core and a phone's screen) need _build/html, so they run last, after the book is built.
SITE_TESTS := tests/test_site.py tests/test_references.py tests/test_accessibility.py
test: $(STAMP) $(VENDOR)/VERSIONS.txt
	$(BIN)/python -m pytest tests $(UNIT_ONLY)
	$(BIN)/python -m pytest --nbval book --nbval-sanitize-with tests/nbval_sanitize.cfg -p no:cacheprovider
	$(BIN)/python -m pytest tests/test_lab.py -p no:cacheprovider
	$(MAKE) book
	TP5_REQUIRE_SITE=1 $(BIN)/python -m pytest $(SITE_TESTS)

site-test: $(STAMP)
	TP5_REQUIRE_SITE=1 $(BIN)/python -m pytest $(SITE_TESTS)

# tools/execute.py runs each chapter like `jupyter nbconvert --execute --inplace` and also stores
# the values its prose quotes ({eval}`q.name`) in the markdown cells, where JupyterLab reads them.
execute: $(STAMP)
	$(BIN)/python tools/execute.py book/*.ipynb

bench: $(STAMP)
	for f in benchmarks/bench_*.py; do $(BIN)/python $$f || exit 1; done

lint: $(STAMP)
	$(BIN)/ruff check tplib tests benchmarks _ext

clean:
	rm -rf _build _vendor
