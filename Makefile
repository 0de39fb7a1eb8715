# Pigment Studio site. `make serve` to preview, `make test` to check everything.
# Both work on a fresh Debian machine with only the Swift toolchain: missing
# system libraries are installed through apt first.

SWIFT        ?= swift
PORT         ?= 8080
PYTHON       ?= python3
APT_PACKAGES := libcmark-dev libsqlite3-dev libjemalloc-dev pkg-config
# Only for the site checks in Tests/site-checks: Java for the Nu HTML checker, and a
# headless Chromium with its driver for axe-core, screenshots and the request check.
TEST_APT_PACKAGES := default-jre-headless chromium chromium-driver jq
# Only for the tests and the bench against PostgreSQL: Debian's server and psql for the throwaway
# cluster Tests/postgres/cluster.py starts, openssl for its self-signed certificate.
POSTGRES_APT_PACKAGES := postgresql openssl
# Runs a command with PIGMENT_TEST_POSTGRES_URL set: a throwaway cluster, stopped and removed after
# it (or the cluster the variable already names, as inside `make test`). See Tests/postgres/cluster.py.
WITH_POSTGRES := $(PYTHON) Tests/postgres/cluster.py --
# Only for `make bench`: the peers pigment is measured against, the load generator, and qemu-user
# for the instruction counts (Tests/bench/instruction_count.c; valgrind 3.19 cannot run Swift programs).
BENCH_APT_PACKAGES := hugo cmark nginx wrk qemu-user
# Extra options for Tests/bench/bench.py, e.g. BENCH_ARGS="--only api --duration 5"
BENCH_ARGS   ?=
# Only for `make fuzz`: seconds per fuzz target, and extra libFuzzer options (see Fuzzing/fuzz.sh).
FUZZ_SECONDS ?= 60
FUZZ_ARGS    ?=
SUDO         := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
PIGMENT      := .build/debug/pigment
SITE_CHECKS  := Tests/site-checks
PIP_INSTALL  := $(PYTHON) -m pip install -q --disable-pip-version-check --root-user-action=ignore

.PHONY: deps test-deps postgres-deps build serve test postgres-tests site-checks fault-checks check bench fuzz clean

# $(call apt-install,PACKAGES): apt-get install those of PACKAGES that are missing
define apt-install
@missing=""; \
	for package in $(1); do \
	  dpkg-query -W -f='$${Status}' $$package 2>/dev/null | grep -q "ok installed" || missing="$$missing $$package"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing:$$missing"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi
endef

## deps: install the system libraries the build links against, if missing
deps:
	$(call apt-install,$(APT_PACKAGES))

## postgres-deps: install PostgreSQL's server for the throwaway test cluster, if missing
postgres-deps:
	$(call apt-install,$(POSTGRES_APT_PACKAGES))

## test-deps: install what the site checks need (Debian and PyPI packages), if missing
test-deps:
	$(call apt-install,$(TEST_APT_PACKAGES))
	$(PIP_INSTALL) -r $(SITE_CHECKS)/requirements.txt
	@# axe-core 4.10 comes with axe-selenium-python 3.0.0, which declares Python >= 3.12
	@# but runs on 3.11 (see requirements.txt); on 3.12+ requirements.txt installed it.
	$(PIP_INSTALL) --no-deps --ignore-requires-python "axe-selenium-python==3.0.0"

$(PIGMENT): deps FORCE
	$(SWIFT) build --product pigment

## build: render Content/ into _site/
build: $(PIGMENT)
	$(PIGMENT) build

## check: verify content, templates and links without writing output
check: $(PIGMENT)
	$(PIGMENT) check

## serve: build, serve on http://127.0.0.1:$(PORT)/ and rebuild on change
serve: $(PIGMENT)
	$(PIGMENT) serve --port $(PORT)

## test: build everything and run the whole test suite, then the site checks. The Swift tests and the
## fault checks share one throwaway PostgreSQL cluster (PIGMENT_TEST_POSTGRES_URL; each test makes its
## own database in it), stopped and removed when they end, whatever their outcome.
test: deps postgres-deps
	$(SWIFT) build --build-tests
	$(WITH_POSTGRES) $(MAKE) --no-print-directory postgres-tests
	$(MAKE) --no-print-directory site-checks

# (Run by `test` inside the cluster: `swift test`, then the fault checks against the same cluster. The tests
# run what `build --build-tests` built; inside the cluster that build still compiles Hummingbird again, about
# 35 s of a CI run, for a reason not found yet.)
postgres-tests:
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	$(MAKE) --no-print-directory fault-checks

## fault-checks: the real consent server under faults: kill -9 under load, a locked, full and
## read-only log, clients that hold connections open, two instances on one PostgreSQL database
## (Tests/fault-checks; each check stops by itself; a throwaway cluster unless PIGMENT_TEST_POSTGRES_URL is set)
fault-checks: $(PIGMENT) postgres-deps
	$(call apt-install,sqlite3)
	$(PIP_INSTALL) "pytest>=8,<10"
	PIGMENT_BIN=$(CURDIR)/$(PIGMENT) $(WITH_POSTGRES) $(PYTHON) -m pytest Tests/fault-checks -q

## site-checks: build the site and check it in a browser (HTML validity, axe-core,
## screenshots into .artifacts/screenshots/, no third-party requests)
site-checks: test-deps $(PIGMENT)
	PIGMENT_BIN=$(CURDIR)/$(PIGMENT) $(PYTHON) -m pytest $(SITE_CHECKS) -q

## bench: release build, then the build, rebuild, consent-API and instruction-count benchmarks against Hugo, cmark and nginx
## (prints figures and ratios measured in the same run; options through BENCH_ARGS, see Tests/bench/bench.py)
bench: deps postgres-deps
	$(SWIFT) build -c release --product pigment
	$(call apt-install,$(BENCH_APT_PACKAGES))
	$(PYTHON) Tests/bench/bench.py --pigment $(CURDIR)/.build/release/pigment $(BENCH_ARGS)

# (lld, from the Swift toolchain: gold fails on the sanitized link. `-parse-as-library`: the entry is an `@main` type.)
# (`touch`: SwiftPM lists a path dependency's files again only when a manifest changed, so a new
# file in Sources/ would otherwise be missing from the fuzz build.)
## fuzz: build the libFuzzer binary (address sanitizer) and fuzz each target for FUZZ_SECONDS (60) seconds from
## the seeds in Fuzzing/seeds/; new inputs and any crash go to Fuzzing/work/, and a crash or hang fails the run
fuzz: deps
	touch Fuzzing/Package.swift
	$(SWIFT) build --package-path Fuzzing -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -use-ld=lld
	FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_ARGS="$(FUZZ_ARGS)" Fuzzing/fuzz.sh

clean:
	rm -rf _site .build Fuzzing/.build Fuzzing/work

FORCE:
