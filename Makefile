# Corridor — see README.md. Everything the tests need is installed by this
# Makefile or comes from the Go module proxy.

GO        ?= go
BIN       := build/corridord
VERSION   := $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS   := -s -w
GOFLAGS_BUILD := -trimpath -buildvcs=true
DEVNET_HOME ?= ./.devnet
FUZZTIME  ?= 10s

export CGO_ENABLED ?= 0

.PHONY: all build run test test-unit fuzz vet fmt bench e2e localnet-start localnet-stop localnet-logs clean

all: build

## build: the static corridord binary in build/
build:
	$(GO) build $(GOFLAGS_BUILD) -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/corridord

## run: a single-validator devnet in ./.devnet (RESET=1 starts over)
run: build
	./$(BIN) devnet --home $(DEVNET_HOME) $(if $(RESET),--reset,)

## test: vet, unit/lifecycle/network tests, and a short run of every fuzz test
test: vet test-unit fuzz

vet:
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (echo "gofmt needed:"; gofmt -l $$(git ls-files '*.go'); exit 1)
	$(GO) vet ./...

test-unit:
	$(GO) test -count=1 -timeout 30m ./...

## fuzz: run each fuzz target for FUZZTIME (default 10s)
fuzz:
	@./scripts/fuzz-all.sh $(FUZZTIME)

clean:
	rm -rf build
