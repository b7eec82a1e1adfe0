# The two setup commands of the README: `make run` and `make test`.
SWIFT ?= swift

.PHONY: deps build run test

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build -c release

# The main job on a built-in default: train the default libero-like spec on expert demos and
# evaluate it closed-loop (demos cached under demos/, the report under runs/).
run: build
	.build/release/polspec bench --suite libero-like

test: deps
	$(SWIFT) test
