# Outreach Kit — a plain Makefile.
#
#   make            build build/outreach
#   make run        install what is missing, build, start the kiosk
#   make check      install what is missing, build, run every test
#   make bench      measure against the peers named in DESIGN.md
#   make bench-scale  import 10^4, 10^5, 10^6 submissions (long; not in CI)
#   make lint       clang-tidy and cppcheck over the tree (scripts/lint)
#   make fuzz       run every fuzzer for FUZZ_SECONDS each
#   make install    PREFIX=/usr/local DESTDIR=
#   make deb        build-deb/outreach_<version>_<arch>.deb (and lintian)
#   make appliance-check   boot the venue laptop's image in qemu and test it
#
# Knobs: SANITIZE=address,undefined (builds into build-san/), DEBUG=1,
# CC=clang, V=1.

VERSION := 0.1.0
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share
MANDIR ?= $(DATADIR)/man
LOCALEDIR ?= $(DATADIR)/locale
PKGDATADIR ?= $(DATADIR)/outreach

PKGS := ncursesw sqlite3 libsodium libzip md4c expat jansson fribidi \
	libpcre2-8 nettle libsystemd espeak-ng sndfile libcrypto
PKG_CONFIG ?= pkg-config

ifneq ($(SANITIZE),)
BUILD ?= build-san
SANFLAGS := -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
else
BUILD ?= build
SANFLAGS :=
endif

ifeq ($(DEBUG),1)
OPT := -O0 -g3
else
# Each function and datum in its own section, so that the linker drops
# what nothing calls (--gc-sections); no unwind tables outside sanitizer
# builds (C code that nothing unwinds: they were 94 KiB of the binary).
# Code that runs once per command or per screen change is built for size
# (COLD_SRCS); the frame path, the cryptography, the store, import and
# export stay -O2. Together: 1176 KiB stripped before, under 1 MiB after.
OPT := -O2 -g -ffunction-sections -fdata-sections \
	$(if $(SANITIZE),,-fno-asynchronous-unwind-tables)
COLD_CFLAGS := -Os
GC_LDFLAGS := -Wl,--gc-sections
endif

CFLAGS ?= $(OPT)
WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wno-unused-parameter -Wformat=2 -Wvla
CPPFLAGS += -D_GNU_SOURCE -I. -DLOCALEDIR='"$(LOCALEDIR)"' -DPKGDATADIR='"$(PKGDATADIR)"'
PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
ALL_CFLAGS = -std=c11 $(WARN) $(CFLAGS) $(OBJ_CFLAGS) $(SANFLAGS) $(PKG_CFLAGS) \
	-MMD -MP

# What the kiosk needs before its first frame is all it links: curses as
# a shared library, fribidi and libunistring from their static archives
# when Debian ships them (no dynamic linking at start: the linker copies
# only the objects the program calls). The libraries it needs only now
# and then are opened on first use (see below). STATIC_LIB gives the
# archive's path, or -lNAME without one.
STATIC_LIB = $(shell f=$$($(CC) -print-file-name=lib$(1).a); \
	if [ -e "$$f" ]; then echo "$$f"; else echo "-l$(1)"; fi)
LINKED_PKGS := ncursesw
PKG_LIBS := $(shell $(PKG_CONFIG) --libs $(LINKED_PKGS) 2>/dev/null)
# libunistring ships no pkg-config file.
# No libm: content/mathload.h opens it on first use.
LDLIBS += $(PKG_LIBS) $(call STATIC_LIB,fribidi) $(call STATIC_LIB,unistring)

# libzip is not linked into the program: content/zipload.c dlopen()s it on
# first use, by the SONAME of the libzip.so that pkg-config names (linking
# it made every start resolve all of libcrypto, which libzip needs). dlopen
# and pthread_once are in libc from glibc 2.34; older ones need -ldl
# -pthread. The tests and fuzzers build zips with libzip, look into
# databases with SQLite and call libsodium and jansson themselves, so they
# link those, as needed only (the same libraries the program opens: dlopen
# of a SONAME already mapped gives that copy).
ZIP_LIB := $(shell d=$$($(PKG_CONFIG) --variable=libdir libzip 2>/dev/null); \
	if [ -n "$$d" ] && [ -e "$$d/libzip.so" ]; then echo "$$d/libzip.so"; \
	else $(CC) -print-file-name=libzip.so; fi)
OBJDUMP ?= objdump
ZIPLOAD_SONAME := $(shell $(OBJDUMP) -p "$(ZIP_LIB)" 2>/dev/null | \
	awk '$$1 == "SONAME" { print $$2; exit }')
ZIPLOAD_CPPFLAGS := $(if $(ZIPLOAD_SONAME),-DZIPLOAD_SONAME='"$(ZIPLOAD_SONAME)"')
# SQLite (sync/sqlload.h), md4c (content/markdown.c), expat (content/xlsx.c),
# libsystemd (tui/udisks.c: sd-bus, only for a USB stick),
# nettle (sync/hash.c, and digest() in forms), PCRE2 (regex() in forms),
# libsodium (content/sodiumload.h) and jansson (content/jsonload.h) are
# opened on first use as well (content/libload.h), by the SONAMEs of the
# libraries pkg-config names: linking them cost every start of the kiosk
# 1.8M instructions of the dynamic linker's work (1.1M of them for
# SQLite), and libsodium's and jansson's mappings, before a first frame
# that needs none of them.
soname = $(shell d=$$($(PKG_CONFIG) --variable=libdir $(1) 2>/dev/null); \
	$(OBJDUMP) -p "$$d/$(2)" 2>/dev/null | \
	awk '$$1 == "SONAME" { print $$2; exit }')
SQLLOAD_SONAME := $(call soname,sqlite3,libsqlite3.so)
MD4C_SONAME := $(call soname,md4c,libmd4c.so)
EXPAT_SONAME := $(call soname,expat,libexpat.so)
NETTLE_SONAME := $(call soname,nettle,libnettle.so)
# libcrypto (sync/x25519.c): the hub's X25519, already in its process
# through libzip; the kiosk never opens it. Not in the package's Depends
# of its own: libzip4 brings it, the hub computes with libsodium without
# it, and Debian's shlibs for it ask for the build machine's exact version
# (3.0.22 here, where the laptop's image had 3.0.20).
CRYPTO_SONAME := $(call soname,libcrypto,libcrypto.so)
PCRE2_SONAME := $(call soname,libpcre2-8,libpcre2-8.so)
SODIUMLOAD_SONAME := $(call soname,libsodium,libsodium.so)
JSONLOAD_SONAME := $(call soname,jansson,libjansson.so)
SYSTEMD_SONAME := $(call soname,libsystemd,libsystemd.so)
# Speech (tui/speech.c): eSpeak NG, and for a pack's recorded audio
# libsndfile and pcaudiolib (eSpeak's own audio output, no .pc file),
# opened only when a person turns speech on.
ESPEAK_SONAME := $(call soname,espeak-ng,libespeak-ng.so)
SNDFILE_SONAME := $(call soname,sndfile,libsndfile.so)
PCAUDIO_SONAME := $(shell $(OBJDUMP) -p "$$(dirname $$($(PKG_CONFIG) \
	--variable=libdir espeak-ng 2>/dev/null)/x)/libpcaudio.so" 2>/dev/null | \
	awk '$$1 == "SONAME" { print $$2; exit }')
SONAME_CPPFLAGS := \
	$(if $(SQLLOAD_SONAME),-DSQLLOAD_SONAME='"$(SQLLOAD_SONAME)"') \
	$(if $(MD4C_SONAME),-DMD4C_SONAME='"$(MD4C_SONAME)"') \
	$(if $(EXPAT_SONAME),-DEXPAT_SONAME='"$(EXPAT_SONAME)"') \
	$(if $(NETTLE_SONAME),-DNETTLE_SONAME='"$(NETTLE_SONAME)"') \
	$(if $(CRYPTO_SONAME),-DCRYPTO_SONAME='"$(CRYPTO_SONAME)"') \
	$(if $(PCRE2_SONAME),-DPCRE2_SONAME='"$(PCRE2_SONAME)"') \
	$(if $(SODIUMLOAD_SONAME),-DSODIUMLOAD_SONAME='"$(SODIUMLOAD_SONAME)"') \
	$(if $(JSONLOAD_SONAME),-DJSONLOAD_SONAME='"$(JSONLOAD_SONAME)"') \
	$(if $(SYSTEMD_SONAME),-DSYSTEMD_SONAME='"$(SYSTEMD_SONAME)"') \
	$(if $(ESPEAK_SONAME),-DESPEAK_SONAME='"$(ESPEAK_SONAME)"') \
	$(if $(SNDFILE_SONAME),-DSNDFILE_SONAME='"$(SNDFILE_SONAME)"') \
	$(if $(PCAUDIO_SONAME),-DPCAUDIO_SONAME='"$(PCAUDIO_SONAME)"')
SONAME_OBJS := sync/sqlload.o content/markdown.o content/xlsx.o sync/hash.o \
	sync/x25519.o \
	content/expr-regex.o content/expr-digest.o tui/udisks.o tui/speech.o \
	content/sodiumload.o content/jsonload.o
DL_LIBS := $(shell echo 'static pthread_once_t o = PTHREAD_ONCE_INIT; \
	static void f(void) {} \
	int main(void) { pthread_once(&o, f); return !dlopen("", 0); }' | \
	$(CC) -include dlfcn.h -include pthread.h -x c -o /dev/null - \
	>/dev/null 2>&1 || echo -ldl -pthread)
LDLIBS += $(DL_LIBS)
ZIP_LIBS := -Wl,--push-state,--as-needed $(shell $(PKG_CONFIG) --libs libzip \
	sqlite3 libsodium jansson 2>/dev/null) -lm -Wl,--pop-state
# Relative relocations packed (DT_RELR: binutils 2.38, glibc 2.36), where
# the toolchain has them: the table of pointers the loader fixes at every
# start is 0.8 KiB instead of 42 KiB (the stripped binary 40 KiB smaller).
RELR_LDFLAGS := $(shell echo 'int main(void) { return 0; }' | $(CC) \
	-Wl,-z,pack-relative-relocs -x c -o /dev/null - >/dev/null 2>&1 && \
	echo -Wl,-z,pack-relative-relocs)
ALL_LDFLAGS = $(LDFLAGS) $(GC_LDFLAGS) $(RELR_LDFLAGS) $(SANFLAGS)

ifneq ($(V),1)
Q := @
endif

LIB_SRCS := $(sort $(wildcard content/*.c) $(wildcard sync/*.c) \
	$(filter-out tui/main.c,$(wildcard tui/*.c)))
LIB_OBJS := $(LIB_SRCS:%.c=$(BUILD)/%.o)
UNIT_SRCS := $(sort $(wildcard tests/unit/test-*.c))
UNIT_BINS := $(UNIT_SRCS:%.c=$(BUILD)/%)
HELPER_SRCS := $(sort $(wildcard tests/unit/helper-*.c))
HELPER_BINS := $(HELPER_SRCS:%.c=$(BUILD)/%)
PO_FILES := $(sort $(wildcard translations/*.po))
MO_FILES := $(PO_FILES:translations/%.po=$(BUILD)/locale/%/LC_MESSAGES/outreach.mo)

.PHONY: all deps run check test memcheck bench bench-helpers fuzz install uninstall bench-scale clean pot lint \
	deb appliance-check FORCE

# `make` alone builds the program (the stamp's rule below comes first).
.DEFAULT_GOAL := all

# The folders compiled into the program (where it finds the bundled pack
# and the translations) follow PREFIX. They are written to a stamp that
# changes only when they do, and the objects that use them depend on it:
# `make run` then `make install PREFIX=/opt/x` rebuilds those objects.
$(BUILD)/prefix.stamp: FORCE
	@mkdir -p $(dir $@)
	@printf '%s\n' 'LOCALEDIR=$(LOCALEDIR)' 'PKGDATADIR=$(PKGDATADIR)' \
		>$@.new; if cmp -s $@.new $@; then rm -f $@.new; \
		else mv -f $@.new $@; fi

$(BUILD)/tui/main.o $(BUILD)/tui/main-test.o $(BUILD)/tui/i18n.o: \
    $(BUILD)/prefix.stamp

# The compiler and its flags, written the same way: when they change (a
# SANITIZE or CFLAGS given, the Makefile's own flags edited, a library's
# pkg-config flags moved), every object is built again, so that a build
# folder never mixes objects made with different flags. A stale -O2 object
# among the -Os ones once made the stripped binary 1112 KiB instead of
# 1021 KiB.
$(BUILD)/flags.stamp: FORCE
	@mkdir -p $(dir $@)
	@printf '%s\n' 'CC=$(CC)' 'CFLAGS=$(CFLAGS) $(WARN) $(SANFLAGS)' \
		'PKG_CFLAGS=$(PKG_CFLAGS)' 'COLD_CFLAGS=$(COLD_CFLAGS)' \
		'SONAMES=$(SONAME_CPPFLAGS) $(ZIPLOAD_CPPFLAGS)' \
		'LDFLAGS=$(ALL_LDFLAGS)' 'LDLIBS=$(LDLIBS) $(ZIP_LIBS)' \
		>$@.new; if cmp -s $@.new $@; then rm -f $@.new; \
		else mv -f $@.new $@; fi

all: $(BUILD)/outreach $(MO_FILES)

deps:
	@scripts/install-deps

$(BUILD)/content/zipload.o: CPPFLAGS += $(ZIPLOAD_CPPFLAGS)
# Run once per command, form or screen change: built for size (see OPT).
COLD_SRCS := $(filter-out tui/screen-language.c tui/screen-home.c, \
	$(wildcard tui/cmd-*.c tui/plain*.c tui/screen-*.c tui/widget-*.c)) \
	tui/laptop.c tui/stick.c tui/stick-sync.c tui/udisks.c tui/passphrase.c \
	tui/consent.c tui/menu.c tui/textfield.c tui/speech.c tui/speech-read.c \
	$(wildcard sync/report*.c sync/session*.c sync/hubexport*.c) \
	sync/packsign.c sync/packcheck.c sync/hub-contacts.c sync/hub-packs.c \
	sync/hub-status.c sync/receipt-dir.c sync/trust.c \
	$(filter-out content/xlsform.c content/xlsform-name.c, \
	    $(wildcard content/xlsform*.c)) \
	$(wildcard content/xlsx*.c content/directory*.c content/pack-*.c) \
	content/markdown.c content/csv.c content/search.c
$(COLD_SRCS:%.c=$(BUILD)/%.o): OBJ_CFLAGS := $(COLD_CFLAGS)
$(SONAME_OBJS:%=$(BUILD)/%): CPPFLAGS += $(SONAME_CPPFLAGS)

$(BUILD)/%.o: %.c $(BUILD)/flags.stamp
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

# The language picker's prompt in every catalogue's language, compiled in
# (tui/i18n-prompts.h).
$(BUILD)/gen/i18n-prompts.c: $(PO_FILES) scripts/i18n-prompts
	@mkdir -p $(dir $@)
	$(Q)scripts/i18n-prompts $(PO_FILES) >$@.new && mv -f $@.new $@

$(BUILD)/gen/i18n-prompts.o: $(BUILD)/gen/i18n-prompts.c tui/i18n-prompts.h \
    $(BUILD)/flags.stamp
	$(Q)$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/liboutreach.a: $(LIB_OBJS) $(BUILD)/gen/i18n-prompts.o
	@rm -f $@
	$(Q)$(AR) rcs $@ $^

$(BUILD)/outreach: $(BUILD)/tui/main.o $(BUILD)/liboutreach.a
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LDLIBS)

# The same program with the tests' hooks (tests/hooks/): a plain-text log
# of what would be sealed, a pretend clock, power switch and battery.
# Tests only; `make install` never takes it.
$(BUILD)/tui/main-test.o: tui/main.c $(BUILD)/flags.stamp
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(CPPFLAGS) -DOUTREACH_TEST_HOOKS $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/outreach-test: $(BUILD)/tui/main-test.o \
    $(BUILD)/tests/hooks/submit-log.o $(BUILD)/tests/hooks/laptop-fake.o \
    $(BUILD)/tests/hooks/speech-sink.o $(BUILD)/liboutreach.a
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/unit/%: tests/unit/%.c $(BUILD)/liboutreach.a tests/unit/test.h
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  TEST    $@")
	$(Q)$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(BUILD)/liboutreach.a \
		$(LDLIBS) $(ZIP_LIBS)

# The speech test renders WAV through the test sink (tests/hooks/).
$(BUILD)/tests/unit/test-speech: tests/unit/test-speech.c \
    $(BUILD)/tests/hooks/speech-sink.o $(BUILD)/liboutreach.a tests/unit/test.h
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  TEST    $@")
	$(Q)$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< \
		$(BUILD)/tests/hooks/speech-sink.o $(BUILD)/liboutreach.a \
		$(LDLIBS) $(ZIP_LIBS)

# The pretend udisks2 of tests/cli/udisks.sh speaks D-Bus with sd-bus.
$(BUILD)/tests/unit/helper-udisks: ZIP_LIBS += $(shell $(PKG_CONFIG) --libs \
	libsystemd 2>/dev/null)

$(BUILD)/locale/%/LC_MESSAGES/outreach.mo: translations/%.po
	@mkdir -p $(dir $@)
	$(Q)msgfmt --check -o $@ $<

# `make run` and `make check` install what is missing first, then build with
# a fresh make so that pkg-config sees the libraries just installed.
run: deps
	$(Q)$(MAKE) --no-print-directory all
	$(BUILD)/outreach $(RUNFLAGS)

check: deps
	$(Q)$(MAKE) --no-print-directory test

test: all $(BUILD)/outreach-test $(UNIT_BINS) $(HELPER_BINS)
	$(Q)BUILD=$(BUILD) SANITIZE=$(SANITIZE) tests/run

bench: deps
	$(Q)$(MAKE) --no-print-directory all bench-helpers
	$(Q)BUILD=$(BUILD) scripts/bench

bench-scale: deps
	$(Q)$(MAKE) --no-print-directory all bench-helpers
	$(Q)BUILD=$(BUILD) scripts/bench scale

bench-helpers: $(HELPER_BINS)

# Every unit test under valgrind's memcheck: no definite leaks, no invalid
# reads or writes (expensive vectors skipped with OUTREACH_QUICK).
memcheck: all $(UNIT_BINS)
	$(Q)fail=0; for t in $(UNIT_BINS); do \
		if OUTREACH_QUICK=1 valgrind -q --error-exitcode=99 \
		    --leak-check=full --errors-for-leak-kinds=definite \
		    $$t >/dev/null 2>$(BUILD)/memcheck.log; then \
			echo "memcheck ok: $$t"; \
		else echo "memcheck FAILED: $$t"; cat $(BUILD)/memcheck.log; fail=1; fi; \
	done; OUTREACH=$(CURDIR)/$(BUILD)/outreach tests/memcheck/screen.sh || fail=1; \
	exit $$fail

pot:
	$(Q)scripts/make-pot

# clang-tidy (.clang-tidy) and cppcheck (scripts/lint-cppcheck.supp) over
# every C file; any finding fails.
lint: deps
	$(Q)scripts/lint

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(PKGDATADIR)/packs
	install -m 0755 $(BUILD)/outreach $(DESTDIR)$(BINDIR)/outreach
	install -m 0644 tui/outreach.1 $(DESTDIR)$(MANDIR)/man1/outreach.1
	cp -R content/packs/hackney $(DESTDIR)$(PKGDATADIR)/packs/
	for mo in $(MO_FILES); do \
		l=$${mo#$(BUILD)/locale/}; l=$${l%%/*}; \
		install -d $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES; \
		install -m 0644 $$mo $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/outreach.mo; \
	done

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/outreach $(DESTDIR)$(MANDIR)/man1/outreach.1
	rm -rf $(DESTDIR)$(PKGDATADIR)
	rm -f $(DESTDIR)$(LOCALEDIR)/*/LC_MESSAGES/outreach.mo

# $(BUILD) (a BUILD=DIR of your own too), the default builds with and
# without SANITIZE, make deb's build-deb, and the fuzzers' $(FUZZ_BUILD).
clean:
	rm -rf $(sort $(BUILD) build build-san build-deb) $(FUZZ_BUILD)

# The venue laptop: an image of Debian with the package, booted in qemu and
# driven through QMP and a test-only root console (scripts/appliance/).
# Skipped, saying so, only on a machine without qemu.
appliance-check: deps
	$(Q)if ! command -v qemu-system-x86_64 >/dev/null 2>&1; then \
		echo "appliance-check: SKIPPED: qemu-system-x86_64 is not installed" \
		    "(scripts/install-deps installs it on Debian)"; \
	else \
		$(MAKE) --no-print-directory deb && \
		img=$$(scripts/appliance/build-image build-deb/outreach_$(VERSION)_$$(dpkg --print-architecture).deb) && \
		scripts/appliance/vmtest "$$img" build-deb/outreach; \
	fi

# The Debian package: the program built for /usr, the Hackney pack, the
# translations, the manual and the kiosk session (scripts/deb/).
deb: deps
	$(Q)$(MAKE) --no-print-directory BUILD=build-deb PREFIX=/usr all
	$(Q)BUILD=build-deb VERSION=$(VERSION) DLOPEN_SONAMES="$(ZIPLOAD_SONAME) \
		$(SQLLOAD_SONAME) $(MD4C_SONAME) $(EXPAT_SONAME) \
		$(NETTLE_SONAME) $(PCRE2_SONAME) $(SYSTEMD_SONAME) \
		$(SODIUMLOAD_SONAME) $(JSONLOAD_SONAME) \
		$(ESPEAK_SONAME) $(SNDFILE_SONAME) $(PCAUDIO_SONAME)" scripts/deb/build

# Each object's and each test program's headers (-MMD): editing a header
# rebuilds what includes it, tests/unit/*.h included.
-include $(LIB_OBJS:.o=.d) $(BUILD)/tui/main.d $(BUILD)/tui/main-test.d \
    $(BUILD)/tests/hooks/submit-log.d $(BUILD)/tests/hooks/laptop-fake.d \
    $(UNIT_BINS:=.d) $(HELPER_BINS:=.d)

# Fuzzing ------------------------------------------------------------------
#
# Every tests/fuzz/fuzz-<name>.c is a libFuzzer target with its seed corpus
# in tests/fuzz/corpus/<name>/ and an optional dictionary
# tests/fuzz/<name>.dict; adding a target is adding those files. The
# library is built again into build-fuzz/ with clang, coverage hooks and
# ASan+UBSan; each target links it with libFuzzer's main.
#
#   make fuzz         each target for FUZZ_SECONDS (60), new inputs kept in
#                     build-fuzz/corpus-<name>; a table of the results
#   make fuzz-smoke   each target replays its corpus and runs for
#                     FUZZ_SMOKE_SECONDS (5); part of `make check`
#
# Knobs: FUZZ=name,name (only these targets), FUZZ_JOBS (targets at once,
# default the number of cores), FUZZ_CC (clang).

FUZZ_BUILD := build-fuzz
FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60
FUZZ_SMOKE_SECONDS ?= 5
FUZZ_SAN := -fno-omit-frame-pointer -fno-sanitize-recover=all
FUZZ_CFLAGS = -std=c11 $(WARN) -Wno-unknown-warning-option -O1 -g \
	$(FUZZ_SAN) $(PKG_CFLAGS) -MMD -MP
FUZZ_SRCS := $(sort $(wildcard tests/fuzz/fuzz-*.c))
FUZZ_BINS := $(FUZZ_SRCS:tests/fuzz/%.c=$(FUZZ_BUILD)/%)
FUZZ_LIB_OBJS := $(LIB_SRCS:%.c=$(FUZZ_BUILD)/%.o)
FUZZ_ENV = FUZZ_BUILD=$(FUZZ_BUILD) FUZZ_SECONDS=$(FUZZ_SECONDS) \
	FUZZ_SMOKE_SECONDS=$(FUZZ_SMOKE_SECONDS) FUZZ_JOBS=$(FUZZ_JOBS) \
	FUZZ=$(FUZZ)

.PHONY: fuzz-build fuzz-smoke

$(FUZZ_BUILD)/content/zipload.o: CPPFLAGS += $(ZIPLOAD_CPPFLAGS)
$(SONAME_OBJS:%=$(FUZZ_BUILD)/%): CPPFLAGS += $(SONAME_CPPFLAGS)

$(FUZZ_BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $@")
	$(Q)$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_CFLAGS) \
		-fsanitize=fuzzer-no-link,address,undefined -c -o $@ $<

$(FUZZ_BUILD)/liboutreach.a: $(FUZZ_LIB_OBJS)
	@rm -f $@
	$(Q)$(AR) rcs $@ $^

$(FUZZ_BUILD)/fuzz-%: tests/fuzz/fuzz-%.c $(wildcard tests/fuzz/*.h) \
		$(FUZZ_BUILD)/liboutreach.a
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  FUZZ    $@")
	$(Q)$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_CFLAGS) \
		-fsanitize=fuzzer,address,undefined -o $@ $< \
		$(FUZZ_BUILD)/liboutreach.a $(LDLIBS) $(ZIP_LIBS)

fuzz-build: $(FUZZ_BINS)

fuzz:
	$(Q)$(MAKE) --no-print-directory fuzz-build
	$(Q)$(FUZZ_ENV) tests/fuzz/run

fuzz-smoke:
	$(Q)$(MAKE) --no-print-directory fuzz-build
	$(Q)$(FUZZ_ENV) tests/fuzz/run --smoke

-include $(FUZZ_LIB_OBJS:.o=.d) $(FUZZ_BINS:=.d)
