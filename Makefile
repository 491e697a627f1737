# Sango — two commands on a fresh Debian 12 machine: `make run` and `make test`.
# Each installs what is missing (system packages, tauri-driver, npm packages), then builds.

SHELL := /bin/bash
.DEFAULT_GOAL := run

APT_PACKAGES := libwebkit2gtk-4.1-dev build-essential file pkg-config libxdo-dev libssl-dev \
	libayatana-appindicator3-dev librsvg2-dev xvfb xauth webkit2gtk-driver chromium \
	fonts-noto-cjk imagemagick x11-utils xdotool debootstrap
CARGO ?= cargo
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APP_DEBUG := target/debug/sango-app
APP_RELEASE := target/release/sango-app
# Tauri's bundler: the npm CLI (ui/package.json), whose native binary comes inside the npm package.
TAURI := $(abspath ui/node_modules/.bin/tauri)
VERSION := $(shell sed -n 's/^  "version": "\(.*\)",$$/\1/p' src-tauri/tauri.conf.json)
DEB := target/release/bundle/deb/sango_$(VERSION)_amd64.deb
DEB_DEBUG := target/debug/bundle/deb/sango_$(VERSION)_amd64.deb

.PHONY: lint run test deps apt tauri-driver npm ui app app-release test-rust test-ui test-e2e check-bindings soak bench clean \
	package package-debug test-package

run: deps ui app-release
	@if [ -z "$$DISPLAY" ] && [ -z "$$WAYLAND_DISPLAY" ]; then \
		echo "No display: starting Sango under Xvfb (set DISPLAY to use a real screen)."; \
		xvfb-run -a -s "-screen 0 1280x800x24" $(APP_RELEASE); \
	else $(APP_RELEASE); fi

# The UI is built first: the app's crate embeds ui/dist when it compiles (its tests too).
test: deps
	$(MAKE) ui
	$(MAKE) lint
	$(MAKE) test-rust
	$(MAKE) check-bindings
	$(MAKE) test-ui
	$(MAKE) app
	$(MAKE) test-e2e
	$(MAKE) test-package
	@echo "make test: every suite passed"

deps: apt tauri-driver npm

apt:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing system packages: $$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

tauri-driver:
	@command -v tauri-driver >/dev/null || $(CARGO) install tauri-driver --version 2.1.0 --locked

npm:
	@cd ui && { [ -d node_modules ] && [ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --no-audit --no-fund; }
	@cd tests/e2e && { [ -d node_modules ] && [ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --no-audit --no-fund; }

ui:
	cd ui && npm run build

# The binaries the end-to-end tests drive: built by the same `cargo test` build (same features, so
# nothing is compiled twice); after `make test-rust` this is a no-op.
app: ui
	$(CARGO) test --workspace --no-run

app-release: ui
	$(CARGO) build --release -p sango-app -p sango-cli

# The .deb for facilities (sudo apt install ./$(DEB)): make run's release build, bundled by Tauri's
# bundler as a deb only (it downloads nothing; an AppImage would). The bundle settings, the desktop
# entry and the `sango` CLI's place (/usr/bin/sango) are in src-tauri/tauri.conf.json.
package: apt npm app-release
	cd src-tauri && $(TAURI) bundle --bundles deb --ci
	@echo "make package: $(DEB)"

# The same package from the debug build `make test` already made (a release build would add minutes to
# a cold CI run); only the CLI's path differs.
package-debug: app
	cd src-tauri && $(TAURI) bundle --debug --bundles deb --ci \
		--config '{"bundle": {"linux": {"deb": {"files": {"/usr/bin/sango": "../target/debug/sango"}}}}}'

# That package installed with apt into a clean Debian root (debootstrap), then `sango --version` and the
# window under Xvfb from there (scripts/package-test.sh; it removes the root after). Measured on this
# 2-core machine shared with other engineers' builds, in six runs: debootstrap 38-109 s, apt install of
# 240 packages into the root 32-125 s (the spread is the load and the mirror), the checks and the window
# about 15 s; the whole script 3 min 39 s at most. Bundling the debug build: 6 s.
# So it is in make test: a cold CI run (about 10.5 min before) should take at most about 14.5 min (a sum,
# not a measured run). The release build that `make package` needs took 19 min cold here, which is why
# the test bundles the debug one.
test-package: package-debug
	$(SUDO) scripts/package-test.sh $(DEB_DEBUG) target/debug/bundle/package-test-first-screen.png

# The tree as rustfmt.toml formats it, and clippy's lints as errors (benches and tests included).
lint:
	$(CARGO) fmt --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings

test-rust:
	$(CARGO) test --workspace

# The UI's TypeScript types are generated from Rust by `cargo test` (ts-rs): committed, never stale.
check-bindings:
	@if git rev-parse --git-dir >/dev/null 2>&1; then \
		if [ -n "$$(git status --porcelain -- ui/src/lib/bindings)" ]; then \
			git status --short -- ui/src/lib/bindings; \
			echo "ui/src/lib/bindings is stale: run cargo test and commit the generated files"; exit 1; \
		fi; fi

test-ui:
	cd ui && npm run check && npm test

test-e2e:
	cd tests/e2e && APP=$(abspath $(APP_DEBUG)) SANGO=$(abspath target/debug/sango) \
		xvfb-run -a -s "-screen 0 1280x800x24" npm test

# Longer reliability runs: the journal's crash test with SOAK_RUNS kill-and-reopen cycles (1,000), then
# the store's (a kill while booking, rebuilding, backing up) with LEDGER_SOAK_RUNS each (each run opens a
# whole store, so fewer). The test profile `make test` already built: durability, not speed, is measured.
SOAK_RUNS ?= 1000
LEDGER_SOAK_RUNS ?= 50
soak:
	SANGO_SOAK_RUNS=$(SOAK_RUNS) $(CARGO) test -p sango --test journal_crash -- --nocapture
	SANGO_SOAK_RUNS=$(LEDGER_SOAK_RUNS) $(CARGO) test -p sango --test ledger_crash -- --nocapture

# Benchmarks beside their floor and a peer, then the app's figures under Xvfb beside an empty Tauri window
# built the same way (docs/performance.md). Stores are generated once into $(CARGO_TARGET_DIR or
# target)/sango-bench; SANGO_BENCH_SIZES limits them.
bench: deps app-release
	$(CARGO) bench -p sango --bench ledger
	$(CARGO) build --release -p sango-app --features empty-window --bin empty-window
	scripts/app-figures.sh 5

clean:
	$(CARGO) clean; rm -rf ui/dist ui/node_modules tests/e2e/node_modules
