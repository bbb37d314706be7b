#!/usr/bin/env bash
# Fuzz/run.sh: build the libFuzzer harnesses, fuzz one or all of them, or
# replay the committed seeds and regressions once (what `make test` runs).
#
#   Fuzz/run.sh build                 build every harness
#   Fuzz/run.sh fuzz TARGET [SECS]    fuzz TARGET (json|hcl|python|yaml|toml|edit|all)
#                                     for SECS seconds each (default 600)
#   Fuzz/run.sh replay [TARGET]       run every harness once over the curated seeds (each
#                                     must parse), Fuzz/regressions/<t> and the
#                                     corpus-derived seeds (and, for json, check the
#                                     JSONTestSuite verdicts); exits 1 on any crash
#
# The module sources are compiled straight into each harness with
# `-sanitize=fuzzer,address`, so no Package.swift change is needed and the
# product under test is exactly the sources in Sources/.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export PATH="/opt/swift/usr/bin:$PATH"
SWIFTC=${SWIFTC:-swiftc}
OUT=${FUZZ_BUILD:-$ROOT/.build/fuzz}
CORPORA=${TPLPATCH_CORPORA:-$ROOT/../shared/corpora}
# The Swift runtime's own crash backtracer fights ASan's; libFuzzer reports.
export SWIFT_BACKTRACE=enable=no
TARGETS=(json hcl python yaml toml edit)
# Every harness runs each input under this many seconds or it is a finding.
TIMEOUT=${FUZZ_TIMEOUT:-10}
MAX_LEN=${FUZZ_MAX_LEN:-4096}
RSS=${FUZZ_RSS_MB:-2048}
FLAGS=(-sanitize=fuzzer,address -parse-as-library -O -g -swift-version 6 -use-ld=lld)

# The modules each harness needs, in dependency order.
modules_for() {
    case $1 in
        json) echo TemplateSyntax JSONSyntax ;;
        hcl) echo TemplateSyntax HCLSyntax ;;
        python) echo TemplateSyntax PythonSyntax ;;
        yaml) echo TemplateSyntax YAMLSyntax ;;
        toml) echo TemplateSyntax TOMLSyntax ;;
        edit) echo TemplateSyntax JSONSyntax HCLSyntax PythonSyntax YAMLSyntax TOMLSyntax ;;
        *) echo "unknown target '$1' (one of: ${TARGETS[*]})" >&2; exit 2 ;;
    esac
}

# One static library per module, rebuilt when any of its sources is newer.
build_module() {
    local m=$1 lib="$OUT/lib$1.a"
    local newest
    # A module is stale when its sources or the TemplateSyntax it imports changed.
    local deps=()
    [[ $m != TemplateSyntax ]] && deps=("$OUT/libTemplateSyntax.a")
    newest=$(ls -t "Sources/$m"/*.swift "${deps[@]}" "$lib" 2>/dev/null | head -1 || true)
    if [[ -f $lib && $newest == "$lib" ]]; then return; fi
    echo "fuzz: building module $m" >&2
    local extra=()
    [[ $m == YAMLSyntax ]] && extra=(-I Sources/CYAML)
    "$SWIFTC" "${FLAGS[@]}" -I "$OUT" "${extra[@]}" -module-name "$m" -emit-module \
        -emit-module-path "$OUT/$m.swiftmodule" -emit-library -static -o "$lib" \
        -whole-module-optimization "Sources/$m"/*.swift
}

build_target() {
    local t=$1 mods libs=() bin="$OUT/fuzz-$1"
    mods=$(modules_for "$t")
    for m in $mods; do build_module "$m"; libs+=("$OUT/lib$m.a"); done
    local newest
    newest=$(ls -t Fuzz/harness/Harness.swift Fuzz/harness/"$t".swift "${libs[@]}" "$bin" 2>/dev/null | head -1 || true)
    if [[ -f $bin && $newest == "$bin" ]]; then return; fi
    echo "fuzz: linking fuzz-$t" >&2
    "$SWIFTC" "${FLAGS[@]}" -I "$OUT" -I Sources/CYAML -module-name "Fuzz_$t" \
        Fuzz/harness/Harness.swift Fuzz/harness/"$t".swift "${libs[@]}" -lyaml -o "$bin"
}

build_all() {
    mkdir -p "$OUT"
    for t in "$@"; do build_target "$t"; done
}

# The valid documents every replay must accept: the committed seeds of the
# target, and the project's own fixtures of that format (used in place, not
# copied into Fuzz/seeds). The edit harness gets every format's set, each
# file behind its format byte (j h p y t). Made anew in $OUT/curated-<t>.
curated_dir() {
    local t=$1 dir="$OUT/curated-$1" f fmt name tag
    rm -rf "$dir" && mkdir -p "$dir"
    if [[ $t == edit ]]; then
        for fmt in json:j hcl:h python:p yaml:y toml:t; do
            name=${fmt%%:*} tag=${fmt##*:}
            for f in "$(curated_dir "$name")"/*; do
                [[ -f $f ]] || continue
                { printf '%s' "$tag"; cat "$f"; } >"$dir/$tag-$(basename "$f")"
            done
        done
    else
        find "Fuzz/seeds/$t" -type f ! -name '.*' -exec cp {} "$dir/" \; 2>/dev/null || true
        case $t in
            python) find fixtures -name '*.py' ;;
            toml) find fixtures -name '*.toml' ;;
        esac | while read -r f; do cp "$f" "$dir/$(echo "$f" | md5sum | cut -c1-8)-$(basename "$f")"; done
    fi
    echo "$dir"
}

# Seed folders read at run time from the corpora (never committed), plus the
# curated set and every regression in the repository.
seed_dirs() {
    local t=$1
    curated_dir "$t"
    [[ -d Fuzz/regressions/$t ]] && echo "Fuzz/regressions/$t"
    local gen="$OUT/seeds-$t" n
    if [[ $t == edit ]]; then
        for n in json hcl python yaml toml; do seed_dirs "$n" >/dev/null; done
    fi
    if [[ ! -d $gen ]]; then
        mkdir -p "$gen"
        case $t in
            json) find "$CORPORA/json" "$CORPORA/real/cloudformation" "$CORPORA/real/packagejson" -name '*.json' -size -64k ;;
            hcl) find "$CORPORA/hcl" "$CORPORA/real/terraform" -type f \( -name '*.hcl' -o -name '*.tf' -o -name '*.tfvars' -o -path '*fuzz*' \) -size -64k ;;
            yaml) find "$CORPORA/yaml" "$CORPORA/real" -type f \( -name '*.yaml' -o -name '*.yml' \) -size -64k ;;
            python) { find fixtures -name '*.py'; find /usr/lib/python3* -maxdepth 1 -name '*.py' -size -32k 2>/dev/null | sort | head -300; } ;;
            toml) { find fixtures -name '*.toml'; find /usr /opt /root /home -name '*.toml' -size -64k 2>/dev/null | sort | head -300; } ;;
            edit) ;;
        esac | while read -r f; do cp "$f" "$gen/$(echo "$f" | md5sum | cut -c1-16)-$(basename "$f")"; done
        if [[ $t == edit ]]; then
            # The edit harness picks its format from the first byte: j h p y t.
            for fmt in json:j hcl:h python:p yaml:y toml:t; do
                local name=${fmt%%:*} tag=${fmt##*:}
                for f in $(ls "$OUT/seeds-$name" 2>/dev/null | head -150); do
                    { printf '%s' "$tag"; cat "$OUT/seeds-$name/$f"; } >"$gen/$tag-$f"
                done
            done
        fi
    fi
    echo "$gen"
}

fuzz_one() {
    local t=$1 secs=$2 corpus="$OUT/corpus-$t"
    mkdir -p "$corpus" "Fuzz/regressions/$t"
    local dirs
    mapfile -t dirs < <(seed_dirs "$t")
    echo "fuzz: $t for ${secs}s (corpus $corpus)" >&2
    # Findings land in Fuzz/regressions/<t> so they are committed and replayed.
    # -fork=1 keeps one fuzzing process going past a finding (each finding
    # is still saved), so a run lasts its whole budget.
    nice -n 10 "$OUT/fuzz-$t" -max_total_time="$secs" -timeout="$TIMEOUT" -rss_limit_mb="$RSS" \
        -max_len="$MAX_LEN" -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 -print_final_stats=1 \
        -artifact_prefix="Fuzz/regressions/$t/" "$corpus" "${dirs[@]}" || return $?
}

replay_one() {
    local t=$1 files=() f
    # The curated seeds are all valid documents: each must also be accepted.
    while IFS= read -r -d '' f; do files+=("$f"); done < <(find "$(curated_dir "$t")" -type f -print0)
    echo "fuzz-replay: $t over ${#files[@]} curated seeds (committed seeds and fixtures; each must parse)" >&2
    FUZZ_EXPECT_ACCEPT=1 "$OUT/fuzz-$t" -timeout="$TIMEOUT" -rss_limit_mb="$RSS" -runs=1 "${files[@]}" >"$OUT/replay-$t.log" 2>&1 || {
        cat "$OUT/replay-$t.log" >&2
        echo "fuzz-replay: $t FAILED on a committed seed" >&2
        return 1
    }
    # Every finding ever saved (crash, timeout, slow input), fixed or not.
    files=()
    if [[ -d Fuzz/regressions/$t ]]; then
        while IFS= read -r -d '' f; do files+=("$f"); done < <(find "Fuzz/regressions/$t" -type f ! -name '.*' ! -name '*.md' -print0)
    fi
    echo "fuzz-replay: $t over ${#files[@]} regressions" >&2
    if [[ ${#files[@]} -gt 0 ]]; then
        "$OUT/fuzz-$t" -timeout="$TIMEOUT" -rss_limit_mb="$RSS" -runs=1 "${files[@]}" >"$OUT/replay-$t-regressions.log" 2>&1 || {
            cat "$OUT/replay-$t-regressions.log" >&2
            echo "fuzz-replay: $t FAILED on a regression" >&2
            return 1
        }
    fi
    # The full corpora-derived seed set too (not committed; read from
    # ../shared/corpora and the machine), each input once. The empty first
    # folder takes anything libFuzzer would write, so the seeds stay as they are.
    local gen scratch
    gen=$(seed_dirs "$t" | tail -1)
    scratch=$(mktemp -d)
    echo "fuzz-replay: $t over the $(ls "$gen" | wc -l) corpus seeds in $gen" >&2
    "$OUT/fuzz-$t" -timeout="$TIMEOUT" -rss_limit_mb="$RSS" -runs=0 "$scratch" "$gen" >"$OUT/replay-$t-corpus.log" 2>&1 || {
        rm -rf "$scratch"
        cat "$OUT/replay-$t-corpus.log" >&2
        echo "fuzz-replay: $t FAILED on a corpus seed" >&2
        return 1
    }
    rm -rf "$scratch"
    if [[ $t == json ]]; then
        # The JSONTestSuite verdicts: y_ accepted, n_ rejected (i_ either way).
        local suite="$CORPORA/json/JSONTestSuite"
        [[ -d $suite ]] || { echo "fuzz-replay: $suite not found (set TPLPATCH_CORPORA)" >&2; return 1; }
        FUZZ_JSON_VERDICTS=1 "$OUT/fuzz-json" -timeout="$TIMEOUT" -rss_limit_mb="$RSS" -runs=1 "$suite"/[yni]_*.json \
            >"$OUT/replay-json-verdicts.log" 2>&1 || {
            cat "$OUT/replay-json-verdicts.log" >&2
            echo "fuzz-replay: JSONTestSuite verdicts FAILED" >&2
            return 1
        }
    fi
}

# The dispatch sits in a function that runs only once bash has read the
# whole file, so editing this script never disturbs a run in progress.
main() {
    local cmd=${1:-} t secs x status
    case $cmd in
        build) build_all "${TARGETS[@]}" ;;
        fuzz)
            t=${2:?usage: Fuzz/run.sh fuzz TARGET [SECONDS]}
            secs=${3:-600}
            if [[ $t == all ]]; then set -- "${TARGETS[@]}"; else set -- "$t"; fi
            build_all "$@"
            for x in "$@"; do fuzz_one "$x" "$secs"; done
            ;;
        replay)
            if [[ -n ${2:-} ]]; then set -- "$2"; else set -- "${TARGETS[@]}"; fi
            build_all "$@"
            status=0
            for x in "$@"; do replay_one "$x" || status=1; done
            exit $status
            ;;
        *) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
    esac
}
main "$@"; exit $?  # one line: bash must not read on after main returns
