# Corridor — see README.md. Everything the tests need is installed by this
# Makefile or comes from the Go module proxy.

GO        ?= go
BIN       := build/corridord
# The commit goes into the binary twice: -buildvcs=true stamps vcs.revision
# where Go can (a plain clone), -X main.buildCommit where it cannot (a git
# worktree); `corridord version` prints it.
COMMIT    := $(shell git rev-parse HEAD 2>/dev/null)
MODIFIED  := $(if $(shell git status --porcelain --untracked-files=no 2>/dev/null | head -1),true,false)
LDFLAGS   := -s -w -X main.buildCommit=$(COMMIT) -X main.buildModified=$(MODIFIED)
GOFLAGS_BUILD := -trimpath -buildvcs=true
DEVNET_HOME ?= ./.devnet
FUZZTIME  ?= 10s

export CGO_ENABLED ?= 0

.PHONY: all web build run install test test-unit fuzz vet fmt bench e2e localnet-start localnet-stop localnet-logs clean

all: build

## web: the page's verifier (GOOS=js GOARCH=wasm) and Go's wasm_exec.js into
## web/static/ (both .gitignored), embedded by the next build (docs/web.md).
## force64bit: curve25519-voi picks its field arithmetic by GOARCH and lists no wasm.
WASM_EXEC := $(firstword $(wildcard $(shell $(GO) env GOROOT)/lib/wasm/wasm_exec.js $(shell $(GO) env GOROOT)/misc/wasm/wasm_exec.js))
web:
	@test -n "$(WASM_EXEC)" || (echo "wasm_exec.js not found under $$($(GO) env GOROOT)"; exit 1)
	cp $(WASM_EXEC) web/static/wasm_exec.js
	GOOS=js GOARCH=wasm $(GO) build -trimpath -tags force64bit -ldflags '-s -w' -o web/static/verifier.wasm ./web/wasm

## build: the static corridord binary in build/ (with the page, after make web)
build: web
	$(GO) build $(GOFLAGS_BUILD) -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/corridord

## run: a single-validator devnet in ./.devnet (RESET=1 starts over; RPC_PORT=, P2P_PORT=, API_ADDRESS= or ARGS="..." pass through, and are remembered)
run: build
	./$(BIN) devnet --home $(DEVNET_HOME) $(if $(RESET),--reset,) $(if $(RPC_PORT),--rpc-port $(RPC_PORT),) \
		$(if $(P2P_PORT),--p2p-port $(P2P_PORT),) $(if $(API_ADDRESS),--api.address $(API_ADDRESS),) $(ARGS)

## install: build, then copy corridord to BINDIR (default: go env GOBIN, else $(go env GOPATH)/bin; e.g. sudo make install BINDIR=/usr/local/bin)
BINDIR ?= $(or $(shell $(GO) env GOBIN),$(shell $(GO) env GOPATH)/bin)
install: build
	install -d $(DESTDIR)$(BINDIR)
	install -m 0755 $(BIN) $(DESTDIR)$(BINDIR)/corridord
	@echo "installed $(DESTDIR)$(BINDIR)/corridord"; case ":$$PATH:" in *":$(BINDIR):"*) ;; *) echo "note: $(BINDIR) is not on your PATH";; esac

## test: vet, unit/lifecycle/network tests, and a short run of every fuzz test
test: vet test-unit fuzz

vet:
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (echo "gofmt needed:"; gofmt -l $$(git ls-files '*.go'); exit 1)
	$(GO) vet ./...
	$(GO) vet -tags e2e ./testnet/e2e/

test-unit: web
	$(GO) test -count=1 -timeout 30m ./...

## fuzz: run each fuzz target for FUZZTIME (default 10s)
fuzz:
	@./scripts/fuzz-all.sh $(FUZZTIME)

clean:
	rm -rf build

# ---- Multi-city testnet (docs/operations.md) --------------------------------
LOCALNET_DIR     ?= build/localnet
LOCALNET_PROJECT ?= corridor-localnet
IMAGE            ?= corridor/corridord:local
LOCALNET_COMPOSE := docker-compose -p $(LOCALNET_PROJECT) -f testnet/docker-compose.yml
LOCALNET_ENV     := CORRIDOR_IMAGE=$(IMAGE) CORRIDOR_PROJECT=$(LOCALNET_PROJECT) \
	CORRIDOR_TESTNET_DIR=$(abspath $(LOCALNET_DIR)) CORRIDOR_UID=$$(id -u) CORRIDOR_GID=$$(id -g)

.PHONY: image

## image: the FROM-scratch validator image, from the static binary in build/
image: build
	docker build -q -f testnet/Dockerfile -t $(IMAGE) build

## localnet-start: four validators (shanghai, singapore, hongkong, lingang) in Docker
localnet-start: image
	@test -f $(LOCALNET_DIR)/shanghai/config/genesis.json || ./$(BIN) testnet init-files \
		--output-dir $(LOCALNET_DIR) --starting-ip 192.168.77.10 --listen-all
	$(LOCALNET_ENV) $(LOCALNET_COMPOSE) up -d
	@echo "RPC: shanghai tcp://127.0.0.1:26657, singapore :26667, hongkong :26677, lingang :26687"
	@echo "try: ./$(BIN) status --node tcp://127.0.0.1:26667"

## localnet-stop: stop and remove the localnet containers and network (keeps build/localnet; RESET=1 deletes it)
localnet-stop:
	$(LOCALNET_ENV) $(LOCALNET_COMPOSE) down -v --remove-orphans
	$(if $(RESET),rm -rf $(LOCALNET_DIR),)

## localnet-logs: follow the localnet logs
localnet-logs:
	$(LOCALNET_ENV) $(LOCALNET_COMPOSE) logs -f --tail=100

## e2e: the fault-tolerance suite (Docker if available, else processes; E2E_MODE=docker|process)
E2E_MODE   ?= auto
E2E_REPORT ?= build/e2e-report.md
E2E_RUN    := $(GO) test -tags e2e -count=1 -v -timeout 25m ./testnet/e2e/
E2E_DOWN   := docker-compose -p corridor-e2e -f testnet/docker-compose.yml -f testnet/docker-compose.twin.yml down -v --remove-orphans --timeout 5
e2e: build
	@mode=$(E2E_MODE); if [ $$mode = auto ]; then mode=process; \
		if docker info >/dev/null 2>&1 && command -v docker-compose >/dev/null; then mode=docker; fi; fi; \
	start=$$(date +%s); rm -f $(E2E_REPORT); \
	if [ $$mode = docker ]; then \
		echo "e2e: DOCKER mode (FROM-scratch image, docker-compose project corridor-e2e)"; \
		$(MAKE) --no-print-directory image || exit 1; \
		CORRIDOR_E2E_MODE=docker CORRIDOR_E2E_BIN=$(abspath $(BIN)) CORRIDOR_IMAGE=$(IMAGE) CORRIDOR_E2E_REPORT=$(abspath $(E2E_REPORT)) $(E2E_RUN); rc=$$?; \
		$(E2E_DOWN) >/dev/null 2>&1; \
	else \
		echo "e2e: PROCESS mode (no usable Docker; network-cut scenarios are listed as skipped)"; \
		CORRIDOR_E2E_MODE=process CORRIDOR_E2E_BIN=$(abspath $(BIN)) CORRIDOR_E2E_REPORT=$(abspath $(E2E_REPORT)) $(E2E_RUN); rc=$$?; \
	fi; \
	echo; echo "e2e ($$mode mode) took $$(( $$(date +%s) - start ))s, exit status $$rc; results:"; cat $(E2E_REPORT) 2>/dev/null; exit $$rc

# ---- Benchmark (docs/performance.md) -----------------------------------------
BENCH_BIN := build/corridor-bench
## bench: kvstore vs Corridor 4-validator localnets, batches, queries, disk (SHORT=1: under 3 minutes; BENCH_JSON=file; BENCH_ARGS=...)
bench: build
	$(GO) build -o build/kvstore-node ./bench/cmd/kvstore-node
	$(GO) build -o $(BENCH_BIN) ./bench/cmd/corridor-bench
	./$(BENCH_BIN) -corridord $(BIN) -kvstore-node build/kvstore-node $(if $(SHORT),-short,) $(if $(BENCH_JSON),-json $(BENCH_JSON),) $(BENCH_ARGS)
