# The two setup commands of the README: `make run` and `make test`.
SWIFT ?= swift

.PHONY: deps build run test

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build -c release

# The main job on a built-in default: check every example spec.
run: build
	.build/release/polspec check specs/

test: deps
	$(SWIFT) test
