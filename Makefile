# tplpatch: the two commands of the README, and a few helpers.
SWIFT ?= swift
CORPORA ?= $(if $(TPLPATCH_CORPORA),$(TPLPATCH_CORPORA),../shared/corpora)
DEMO_DIR ?= $(or $(TMPDIR),/tmp)/tplpatch-demo

.PHONY: all deps build demo test bench check-corpora clean fuzz fuzz-replay

all: build

deps:
	@bash scripts/install-deps.sh

build: deps
	$(SWIFT) build

# The main job on the bundled sample: bump the Chroma sample on a scratch
# copy and show what changed, then prove the copy reads back the new value.
demo: build
	@rm -rf "$(DEMO_DIR)" && mkdir -p "$(DEMO_DIR)" && cp -R fixtures/chroma/. "$(DEMO_DIR)/"
	@echo "== tplpatch get chroma_version (before)"
	@$$($(SWIFT) build --show-bin-path)/tplpatch get chroma_version --root "$(DEMO_DIR)"
	@echo "== tplpatch set chroma_version 1.2.3 --diff"
	@$$($(SWIFT) build --show-bin-path)/tplpatch set chroma_version 1.2.3 --root "$(DEMO_DIR)" --diff
	@echo "== tplpatch set js_version 3.0.0 --diff   (a target named in .tplpatch.yml)"
	@$$($(SWIFT) build --show-bin-path)/tplpatch set js_version 3.0.0 --root "$(DEMO_DIR)" --diff
	@echo "== tplpatch get chroma_version (after)"
	@$$($(SWIFT) build --show-bin-path)/tplpatch get chroma_version --root "$(DEMO_DIR)"

check-corpora:
	@test -d "$(CORPORA)/json/JSONTestSuite" || { echo "conformance corpora not found at $(CORPORA): set TPLPATCH_CORPORA" >&2; exit 1; }

# The whole test suite, conformance corpora included.
test: deps check-corpora
	$(SWIFT) build --build-tests
	$(MAKE) fuzz-replay
	SWIFT=$(SWIFT) bash scripts/run-tests.sh

# libFuzzer harnesses (Fuzz/README.md): `make fuzz FUZZ_TARGET=yaml FUZZ_SECONDS=600`
# fuzzes one target (or `all`, one after another); `make fuzz-replay` runs
# every harness once over the committed seeds and regressions and fails on
# any crash (part of `make test`).
FUZZ_TARGET ?= all
FUZZ_SECONDS ?= 600
fuzz: deps check-corpora
	TPLPATCH_CORPORA="$(abspath $(CORPORA))" bash Fuzz/run.sh fuzz $(FUZZ_TARGET) $(FUZZ_SECONDS)

fuzz-replay: deps check-corpora
	TPLPATCH_CORPORA="$(abspath $(CORPORA))" bash Fuzz/run.sh replay

# Parser throughput (release build): MB/s and the ratio to python3's json.loads.
bench: deps
	$(SWIFT) build -c release --product tplpatch-bench
	$$($(SWIFT) build -c release --show-bin-path)/tplpatch-bench 50

clean:
	rm -rf .build
