# Sango — two commands on a fresh Debian 12 machine: `make run` and `make test`.
# Each installs what is missing (system packages, tauri-driver, npm packages), then builds.

SHELL := /bin/bash
.DEFAULT_GOAL := run

APT_PACKAGES := libwebkit2gtk-4.1-dev build-essential file pkg-config libxdo-dev libssl-dev \
	libayatana-appindicator3-dev librsvg2-dev xvfb xauth webkit2gtk-driver chromium \
	fonts-noto-cjk imagemagick x11-utils xdotool
CARGO ?= cargo
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APP_DEBUG := target/debug/sango-app
APP_RELEASE := target/release/sango-app

.PHONY: lint run test deps apt tauri-driver npm ui app app-release test-rust test-ui test-e2e check-bindings soak bench clean

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
