# newsdrop: build, run, test and install.
#
#   make run     build (release) and run newsdrop on its built-in defaults (./var/...)
#   make test    build and run every test
#   make install install the binary, systemd files, config and man page (PREFIX, DESTDIR)
#   make deb     build the Debian package (scripts/make-deb); its path is the last line printed

PREFIX ?= /usr/local
DESTDIR ?=
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

BINDIR := $(PREFIX)/bin
LIBDIR := $(PREFIX)/lib
MANDIR := $(PREFIX)/share/man
DOCDIR := $(PREFIX)/share/doc/newsdrop
SYSCONFDIR ?= /etc
UNITDIR ?= $(LIBDIR)/systemd/system
ZSH_COMPLETIONS ?= $(PREFIX)/share/zsh/site-functions

FUZZ_SECONDS ?= 10
# What make test requires of HTML extraction (scripts/html-eval), a little under today's scores.
HTML_FLOORS := --floor html-benchmark.body=0.96 --floor article-metadata.body=0.93 --floor article-metadata.title=0.89 \
  --floor article-metadata.date=0.89 --floor article-metadata.authors=0.88 \
  --floor web-content.words=0.90 --floor web-content.words.article=0.94 --floor web-content.words.forum=0.66 \
  --max-rejected html-benchmark=0 --max-rejected article-metadata=0 --max-rejected web-content=0

# The build make install installs: release, or debug for the system tests (scripts/systemd-e2e,
# scripts/package-e2e). BUILD_FLAGS go to every swift build of it: the package adds
# --static-swift-stdlib and a scratch path of its own.
CONFIGURATION ?= release
BUILD_FLAGS ?=
BUILT := $(SWIFT) build -c $(CONFIGURATION) $(BUILD_FLAGS)

.PHONY: all deps build release run test lint fuzz bench bench-postgres bench-near-dup eval-near-dup eval-html man install deb clean

all: build

# System packages the build and the tests need, installed when missing.
deps:
	@missing=""; \
	for pkg in libsystemd-dev zlib1g-dev libxml2-dev libuchardet-dev libcld2-dev; do \
	  dpkg -s $$pkg >/dev/null 2>&1 || missing="$$missing $$pkg"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi
	@python3 -c 'import jsonschema' 2>/dev/null || python3 -m pip install --quiet jsonschema \
	  || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq python3-jsonschema; }
	@command -v $(SWIFT) >/dev/null || { echo "swift is not on PATH: install the Swift 6 toolchain from swift.org" >&2; exit 69; }

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

run: release
	$$($(SWIFT) build -c release --show-bin-path)/newsdrop run

test: deps
	scripts/ensure-journald
	scripts/ensure-postgres
	scripts/ensure-prometheus
	$(SWIFT) build --build-tests
	$(SWIFT) test
	scripts/systemd-e2e
	scripts/package-e2e
	scripts/html-eval --binary "$$($(SWIFT) build --show-bin-path)/newsdrop" --runs 1 $(HTML_FLOORS)
	$(MAKE) fuzz

# libFuzzer, optimized with ASan, over each format family (scripts/fuzz lists the targets):
# FUZZ_SECONDS per target, 10 in the smoke run of make test; FUZZ_SECONDS=600 for the long mode.
# Formatting and lint rules (.swift-format), with the formatter in the Swift toolchain, and every
# imported module declared as a dependency of its target.
lint:
	$(SWIFT) format lint --strict --recursive --parallel Sources Tests Package.swift
	SWIFT=$(SWIFT) scripts/check-imports

fuzz: deps
	$(SWIFT) build -c release --scratch-path .build-fuzz --product newsdrop-fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING
	scripts/fuzz $(FUZZ_SECONDS)

# Everything in docs/PERFORMANCE.md: backlog, burst, latency, start-up and memory beside the floor
# (scripts/bench, release build), then the per-stage and near-duplicate micro-benchmarks.
# BENCH_FILES and BENCH_RECORDS scale the runs down for a quick look.
BENCH_FILES ?= 100000
BENCH_RECORDS ?= 1000000
bench: release
	scripts/bench --files $(BENCH_FILES) --records $(BENCH_RECORDS)
	cd Benchmarks && $(SWIFT) package --disable-sandbox benchmark --target Stages --target NearDuplicateIndex --no-progress

# The PostgreSQL backend (one and three instances on one local table) beside the file backend.
bench-postgres: release
	scripts/bench-postgres --files 20000

# HTML main-text extraction over ../shared/corpus/html-benchmark: precision, recall, F1, pages/s.
eval-html: release
	scripts/html-eval --worst 10

# Benchmarks (a separate package, release build): candidate lookups at 100k and 1M articles.
bench-near-dup: deps
	cd Benchmarks && $(SWIFT) package --disable-sandbox benchmark --target NearDuplicateIndex

# Precision and recall of the near-duplicate stage on the BBC corpus, against datasketch.
eval-near-dup: build
	@python3 -c 'import datasketch' 2>/dev/null || python3 -m pip install --quiet datasketch
	scripts/near-dup-eval

# newsdrop(8), generated from the command-line definitions by swift-argument-parser's
# generate-manual (built on its own from the resolved checkout, so that newsdrop is not built a
# second time as its plugin would), dated by the last commit so that the same tree gives the same
# page; a blank line is not a paragraph break in mdoc (groff warns), so it becomes .Pp.
GENERATE_MANUAL := $(SWIFT) build --package-path .build/checkouts/swift-argument-parser --scratch-path .build/generate-manual
man: deps
	$(BUILT) --product newsdrop
	$(SWIFT) package resolve
	$(GENERATE_MANUAL) --product generate-manual
	mkdir -p .build/man
	"$$($(GENERATE_MANUAL) --show-bin-path)/generate-manual" "$$($(BUILT) --show-bin-path)/newsdrop" \
	  --section 8 --date "$$(git log -1 --format=%cs 2>/dev/null || date -u +%F)" --output-directory .build/man
	sed -i 's/^$$/.Pp/' .build/man/newsdrop.8

install: deps man
	bin="$$($(BUILT) --show-bin-path)/newsdrop"; \
	install -Dm755 "$$bin" "$(DESTDIR)$(BINDIR)/newsdrop" && \
	mkdir -p .build/completions && \
	"$$bin" --generate-completion-script bash | sed '1{/^#!/d;}' > .build/completions/newsdrop.bash && \
	"$$bin" --generate-completion-script zsh > .build/completions/_newsdrop && \
	"$$bin" --generate-completion-script fish > .build/completions/newsdrop.fish
	sed 's|/usr/local/bin/newsdrop|$(BINDIR)/newsdrop|g; s|/etc/newsdrop/|$(SYSCONFDIR)/newsdrop/|g' systemd/newsdrop.service > .build/newsdrop.service
	install -Dm644 .build/newsdrop.service "$(DESTDIR)$(UNITDIR)/newsdrop.service"
	install -Dm644 systemd/newsdrop.tmpfiles "$(DESTDIR)$(LIBDIR)/tmpfiles.d/newsdrop.conf"
	install -Dm644 systemd/newsdrop.sysusers "$(DESTDIR)$(LIBDIR)/sysusers.d/newsdrop.conf"
	install -Dm644 systemd/newsdrop.catalog "$(DESTDIR)$(LIBDIR)/systemd/catalog/newsdrop.catalog"
	install -Dm644 systemd/postgres.conf "$(DESTDIR)$(DOCDIR)/postgres.conf"
	install -Dm644 systemd/metrics-listen.conf "$(DESTDIR)$(DOCDIR)/metrics-listen.conf"
	install -Dm644 .build/man/newsdrop.8 "$(DESTDIR)$(MANDIR)/man8/newsdrop.8"
	install -Dm644 .build/completions/newsdrop.bash "$(DESTDIR)$(PREFIX)/share/bash-completion/completions/newsdrop"
	install -Dm644 .build/completions/_newsdrop "$(DESTDIR)$(ZSH_COMPLETIONS)/_newsdrop"
	install -Dm644 .build/completions/newsdrop.fish "$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/newsdrop.fish"
	@if [ -e "$(DESTDIR)$(SYSCONFDIR)/newsdrop/newsdrop.yaml" ]; then \
	  echo "keeping $(DESTDIR)$(SYSCONFDIR)/newsdrop/newsdrop.yaml"; \
	else \
	  install -Dm644 config/newsdrop.yaml "$(DESTDIR)$(SYSCONFDIR)/newsdrop/newsdrop.yaml"; \
	fi
	@if [ -z "$(DESTDIR)" ]; then \
	  systemd-sysusers "$(LIBDIR)/sysusers.d/newsdrop.conf"; \
	  systemd-tmpfiles --create "$(LIBDIR)/tmpfiles.d/newsdrop.conf"; \
	  journalctl --update-catalog; \
	  systemctl daemon-reload 2>/dev/null || true; \
	fi

# The Debian package (release build with the Swift runtime linked in), from make install into a
# staging folder and the maintainer scripts in packaging/debian.
deb: deps
	CONFIGURATION=$(CONFIGURATION) SWIFT=$(SWIFT) scripts/make-deb

clean:
	rm -rf .build var
