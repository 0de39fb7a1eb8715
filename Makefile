# Pigment Studio site. `make serve` to preview, `make test` to check everything.
# Both work on a fresh Debian machine with only the Swift toolchain: missing
# system libraries are installed through apt first.

SWIFT        ?= swift
PORT         ?= 8080
APT_PACKAGES := libcmark-dev libsqlite3-dev pkg-config
SUDO         := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
PIGMENT      := .build/debug/pigment

.PHONY: deps build serve test check clean

## deps: install the system libraries the build links against, if missing
deps:
	@missing=""; \
	for package in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$package 2>/dev/null | grep -q "ok installed" || missing="$$missing $$package"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing:$$missing"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

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

## test: build everything and run the whole test suite
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test

clean:
	rm -rf _site .build

FORCE:
