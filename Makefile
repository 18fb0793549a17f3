# The two commands of the README: `make run` and `make test`.
# Both install the missing system packages first (Debian 12 / Ubuntu).

BUILD      ?= _build
BUILD_ASAN ?= _build-asan
MESON_ARGS ?=

PACKAGES = meson ninja-build pkg-config gcc \
	libgtk-4-dev libadwaita-1-dev libsoup-3.0-dev libjson-glib-dev \
	libsecret-1-dev libsqlite3-dev gettext desktop-file-utils appstream \
	appstream-util libglib2.0-bin glib-networking openssl xvfb xauth dbus \
	gnome-keyring fonts-dejavu-core adwaita-icon-theme librsvg2-common \
	python3 curl flatpak flatpak-builder

# Only for `make fuzz`: clang with libFuzzer and the sanitizer runtimes.
FUZZ_PACKAGES = clang libclang-rt-14-dev

.PHONY: all deps build run test test-normal test-asan bench fuzz screenshots clean

all: build

deps:
	@build-aux/install-deps.sh $(PACKAGES)

$(BUILD)/build.ninja:
	meson setup $(BUILD) -Dwerror=true $(MESON_ARGS)

$(BUILD_ASAN)/build.ninja:
	meson setup $(BUILD_ASAN) -Dwerror=true -Db_sanitize=address,undefined \
		-Db_lundef=false --buildtype=debug $(MESON_ARGS)

build: deps $(BUILD)/build.ninja
	meson compile -C $(BUILD)

run: build
	build-aux/run-app.sh $(BUILD)

test: deps $(BUILD)/build.ninja $(BUILD_ASAN)/build.ninja
	meson compile -C $(BUILD)
	meson compile -C $(BUILD_ASAN)
	build-aux/run-tests.sh $(BUILD) $(BUILD_ASAN)

# One build only, for quick iterations.
test-normal: deps $(BUILD)/build.ninja
	meson compile -C $(BUILD)
	build-aux/run-tests.sh $(BUILD)

test-asan: deps $(BUILD_ASAN)/build.ninja
	meson compile -C $(BUILD_ASAN)
	build-aux/run-tests.sh $(BUILD_ASAN)

# Not part of `make test`: the budgets of DESIGN §6 as ratios, one table.
bench: deps $(BUILD)/build.ninja
	meson compile -C $(BUILD)
	bench/run.sh $(BUILD)

# libFuzzer targets (clang); FUZZ_SECONDS per target, default 60.
fuzz: deps
	@build-aux/install-deps.sh $(FUZZ_PACKAGES)
	fuzz/run.sh

# The PNGs of screenshots/, taken of the real app under Xvfb.
screenshots: deps $(BUILD)/build.ninja
	meson compile -C $(BUILD)
	build-aux/screenshots.sh $(BUILD)

clean:
	rm -rf $(BUILD) $(BUILD_ASAN) _build-fuzz-clang
