#!/usr/bin/env bash
# The fuzzers' smoke run: every target in tests/fuzz/ replays its committed
# corpus (seeds and the inputs of past crashes) and fuzzes for a few
# seconds. One line per target. Skips when clang's libFuzzer runtime is
# missing; builds the targets into build-fuzz/ (make fuzz-build) first.
# Skips in `make check SANITIZE=...`: the targets are the same binaries,
# built with ASan and UBSan whatever the build, and have just run in the
# plain `make check` (CI runs both; this saved it two to three minutes).
. tests/lib.sh

if [ -n "${SANITIZE:-}" ]; then
	skip "fuzz smoke run: the fuzz targets (ASan+UBSan already) ran in the plain make check"
	done_testing
	exit
fi
if ! why=$(tests/fuzz/run --probe 2>&1); then
	skip "fuzz smoke run: $why"
	done_testing
	exit
fi
if ! make --no-print-directory fuzz-build >"$TMP/build.log" 2>&1; then
	not_ok "the fuzz targets build (make fuzz-build)"
	tail -20 "$TMP/build.log" | sed 's/^/#   /'
	done_testing
	exit
fi
# Two targets at a time, as tests/run runs two tests at a time.
FUZZ_JOBS=${FUZZ_JOBS:-2} tests/fuzz/run --smoke
