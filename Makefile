# tplpatch: the two commands of the README, and a few helpers.
SWIFT ?= swift
CORPORA ?= $(if $(TPLPATCH_CORPORA),$(TPLPATCH_CORPORA),../shared/corpora)
DEMO_DIR ?= $(or $(TMPDIR),/tmp)/tplpatch-demo
# The demo's git steps run in a repository of their own: no system or user
# config, and an author of their own, so they work on any machine.
DEMO_GIT_ENV = GIT_CONFIG_NOSYSTEM=1 HOME="$(DEMO_DIR)/.git-home" GIT_AUTHOR_NAME="tplpatch demo" GIT_AUTHOR_EMAIL=demo@example.invalid GIT_COMMITTER_NAME="tplpatch demo" GIT_COMMITTER_EMAIL=demo@example.invalid

# The commit `tplpatch --version` names (see Package.swift and README
# "Versions"): HEAD, with -dirty when tracked files differ from it; empty
# outside a git work tree (a source tarball), where the version says unknown.
# Read once, when make starts (`:=`), so every recipe of one run, and the
# check of what the build embedded, agree even if HEAD moves meanwhile.
ifeq ($(origin GIT_COMMIT),undefined)
GIT_COMMIT := $(shell c=$$(git rev-parse HEAD 2>/dev/null) && { git diff --quiet HEAD -- 2>/dev/null && echo "$$c" || echo "$$c-dirty"; })
endif
export GIT_COMMIT
export TPLPATCH_GIT_COMMIT := $(GIT_COMMIT)

.PHONY: all deps build demo test bench bench-deps bench-smoke check-corpora clean fuzz fuzz-replay dist dist-check install uninstall install-check

all: build

deps:
	@bash scripts/install-deps.sh

build: deps
	$(SWIFT) build

# The main job on the bundled sample: bump the Chroma sample on a scratch
# copy and show what changed, then prove the copy reads back the new value;
# then make the copy a git repository and release from it: `bump patch`
# computes the next version and makes a branch and a commit, and `tag`
# tags the commit with it.
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
	@echo "== git init on the scratch copy, then tplpatch bump chroma_version patch --branch 'release/python-{value}' --commit"
	@bin="$$($(SWIFT) build --show-bin-path)" && cd "$(DEMO_DIR)" && export $(DEMO_GIT_ENV) \
	  && git init -q -b main && git add -A && git commit -q -m "Chroma 1.2.3" \
	  && "$$bin/tplpatch" bump chroma_version patch --branch 'release/python-{value}' --commit \
	  && git log --oneline --decorate -2
	@echo "== tplpatch tag chroma_version --prefix v"
	@bin="$$($(SWIFT) build --show-bin-path)" && cd "$(DEMO_DIR)" && export $(DEMO_GIT_ENV) \
	  && "$$bin/tplpatch" tag chroma_version --prefix v && git tag -n1
	@echo "== tplpatch check chroma_version   (CI's check: one value, and no likely missed target)"
	@$$($(SWIFT) build --show-bin-path)/tplpatch check chroma_version --root "$(DEMO_DIR)"

check-corpora:
	@test -d "$(CORPORA)/json/JSONTestSuite" || { echo "conformance corpora not found at $(CORPORA): set TPLPATCH_CORPORA" >&2; exit 1; }

# The whole test suite, conformance corpora included.
test: deps check-corpora
	$(SWIFT) build --build-tests
	$(MAKE) fuzz-replay
	SWIFT=$(SWIFT) bash scripts/run-tests.sh

# The DocC documentation (README "Library documentation"): one archive per
# module with a catalog, written to $(DOCS_DIR); a DocC warning (a broken
# symbol link, say) fails it.
.PHONY: docs
DOCS_DIR ?= .build/docs
DOCS_TARGETS = TemplatePatch TemplateSyntax JSONSyntax HCLSyntax YAMLSyntax PythonSyntax TOMLSyntax
docs: deps
	mkdir -p "$(DOCS_DIR)"
	$(SWIFT) package --allow-writing-to-directory "$(DOCS_DIR)" generate-documentation \
	  $(foreach target,$(DOCS_TARGETS),--target $(target)) --output-path "$(DOCS_DIR)" --warnings-as-errors

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

# The benchmark (README "Speed"): whole tplpatch processes and their peers
# on generated inputs, at the issue's sizes, with the release build. Writes
# the Markdown table to $(BENCH_SCRATCH)/results.md as well.
BENCH_SCRATCH ?= $(or $(TMPDIR),/tmp)/tplpatch-bench
BENCH_ARGS ?=
BENCH_FLAGS = --sources "$(CURDIR)/Benchmarks" --revision "$$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"

bench-deps:
	@bash scripts/install-bench-deps.sh

bench: deps bench-deps
	$(SWIFT) build -c release --product tplpatch
	$(SWIFT) build -c release --product tplpatch-bench
	bin="$$($(SWIFT) build -c release --show-bin-path)" && "$$bin/tplpatch-bench" --tplpatch "$$bin/tplpatch" \
	  --scratch "$(BENCH_SCRATCH)" --markdown "$(BENCH_SCRATCH)/results.md" $(BENCH_FLAGS) $(BENCH_ARGS)

# The same harness at tiny sizes, one run each, with the debug build that
# `make test` made (CI): fails when tplpatch fails on an input or an input is
# invalid, never on a speed figure or a missing peer.
bench-smoke: deps bench-deps
	$(SWIFT) build --product tplpatch-bench
	$(SWIFT) build --product tplpatch
	bin="$$($(SWIFT) build --show-bin-path)" && "$$bin/tplpatch-bench" --smoke --tplpatch "$$bin/tplpatch" \
	  --scratch "$(BENCH_SCRATCH)-smoke" --markdown "$(BENCH_SCRATCH)-smoke/results.md" $(BENCH_FLAGS) $(BENCH_ARGS)

# A self-contained binary for Linux (README "Binary releases"): a static
# release build packed as dist/tplpatch-VERSION-linux-ARCH.tar.gz with its
# completions, man page, README, changelog and SHA256SUMS.
DIST_DIR ?= dist
dist: deps
	SWIFT=$(SWIFT) DIST_DIR=$(DIST_DIR) bash scripts/dist.sh

# The tarball's binary runs the sample's bump in a minimal Debian root
# without Swift (debootstrap, cached outside the repository), and
# `make install`/`uninstall` put and remove exactly the expected files
# (run by .ci/run after make test; needs root).
dist-check: dist
	DIST_DIR=$(DIST_DIR) bash scripts/dist-check.sh
	$(MAKE) install-check

# `make install PREFIX=/usr/local DESTDIR=`: the files of the tarball, from
# the same static build, in their conventional folders.
PREFIX ?= /usr/local
INSTALL_FILES = bin/tplpatch share/man/man1/tplpatch.1 share/bash-completion/completions/tplpatch \
  share/zsh/site-functions/_tplpatch share/fish/vendor_completions.d/tplpatch.fish
install: dist
	@stage=$$(ls -d .build/dist-stage/tplpatch-*/ | head -1) && for f in $(INSTALL_FILES); do \
	  mode=644; [ "$$f" = bin/tplpatch ] && mode=755; \
	  echo "install $(DESTDIR)$(PREFIX)/$$f"; install -D -m $$mode "$$stage$$f" "$(DESTDIR)$(PREFIX)/$$f" || exit 1; done

uninstall:
	@for f in $(INSTALL_FILES); do echo "rm -f $(DESTDIR)$(PREFIX)/$$f"; rm -f "$(DESTDIR)$(PREFIX)/$$f"; done

install-check:
	MAKE="$(MAKE)" bash scripts/install-check.sh

clean:
	rm -rf .build
