#!/usr/bin/env bash
# Installs everything podlab needs to build, serve and test, skipping what is already present at
# the pinned version. Safe to run repeatedly: a second run installs nothing and takes a second.
#   scripts/setup.sh            build tools: wasm32 target, trunk, wasm-bindgen-cli, wasm-opt, node
#   scripts/setup.sh --browser  also Chromium + chromedriver and playwright-core (the tests)
#
# Where things go: cargo tools into ~/.cargo/bin; npm tools (binaryen's wasm-opt, playwright-core)
# into $PODLAB_TOOLS (default ~/.cache/podlab-tools), shared by every clone on the machine so a
# fresh clone (CI) reinstalls nothing; Chromium from the distribution (apt).
set -euo pipefail

TRUNK_VERSION=0.21.14             # 0.22 needs rustc 1.96.1: it does not build with our toolchain
WASM_BINDGEN_VERSION=0.2.130      # must equal Cargo.lock's wasm-bindgen (checked below)
BINARYEN_VERSION=132.0.0          # Debian's binaryen 108 corrupts wasm-bindgen 0.2.13x output: use npm's
PLAYWRIGHT_VERSION=1.64.1         # driver library only; it drives /usr/bin/chromium, never downloads one
AXE_VERSION=4.14.1                # axe-core: the accessibility rules the e2e suite runs on every lesson

root=$(cd "$(dirname "$0")/.." && pwd)
tools="${PODLAB_TOOLS:-$HOME/.cache/podlab-tools}"
want_browser=0
[ "${1:-}" = "--browser" ] && want_browser=1

say() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup: ERROR: %s\n' "$*" >&2; exit 1; }

# Root installs directly; anyone else needs passwordless sudo (CI has no stdin for a password).
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo -n "$@"
  else die "need root to run: $* (run as root, or install it yourself)"; fi
}
apt_updated=0
apt_install() {
  command -v apt-get >/dev/null || die "apt-get not found: install $* with your package manager"
  if [ "$apt_updated" = 0 ]; then as_root apt-get update -qq || die "apt-get update failed"; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "$@" >/dev/null \
    || die "apt-get install $* failed"
}

export PATH="$HOME/.cargo/bin:$PATH"
command -v cargo >/dev/null || die "cargo not found: install Rust with rustup first (https://rustup.rs)"
command -v rustup >/dev/null || die "rustup not found: podlab needs it to add the wasm32 target (https://rustup.rs)"

if [ -f "$root/Cargo.lock" ]; then
  lockv=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/"/,"",$3); print $3; exit}' "$root/Cargo.lock")
  [ -z "$lockv" ] || [ "$lockv" = "$WASM_BINDGEN_VERSION" ] \
    || die "Cargo.lock has wasm-bindgen $lockv but setup pins $WASM_BINDGEN_VERSION: make them equal"
fi

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "adding Rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown || die "could not add the wasm32-unknown-unknown target"
fi

if [ "$(trunk --version 2>/dev/null | awk '{print $2}')" != "$TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION (about 11 minutes on 2 cores, once)"
  cargo install trunk --version "$TRUNK_VERSION" --locked --force || die "cargo install trunk failed"
fi

if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ] \
   || [ "$(wasm-bindgen-test-runner --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 4 minutes, once)"
  # Not --locked: one locked dependency of the CLI (webpki-roots 1.0.11) is missing from the registry.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force \
    || die "cargo install wasm-bindgen-cli failed"
fi

# Node runs the CSP build hook, installs wasm-opt and runs the end-to-end tests.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  say "installing Node.js and npm (Debian packages)"
  apt_install nodejs npm
fi
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 18 ] || die "Node.js $node_major is too old: podlab needs 18 or newer (node --test)"

npm_pkg_version() { node -p "require('$tools/node_modules/$1/package.json').version" 2>/dev/null || true; }
npm_want=()
[ "$(npm_pkg_version binaryen)" = "$BINARYEN_VERSION" ] || npm_want+=("binaryen@$BINARYEN_VERSION")
if [ "$want_browser" = 1 ]; then
  [ "$(npm_pkg_version playwright-core)" = "$PLAYWRIGHT_VERSION" ] || npm_want+=("playwright-core@$PLAYWRIGHT_VERSION")
  [ "$(npm_pkg_version axe-core)" = "$AXE_VERSION" ] || npm_want+=("axe-core@$AXE_VERSION")
fi
if [ "${#npm_want[@]}" -gt 0 ]; then
  say "installing ${npm_want[*]} into $tools"
  mkdir -p "$tools"
  [ -f "$tools/package.json" ] || echo '{"private":true}' > "$tools/package.json"
  (cd "$tools" && npm install --no-audit --no-fund --silent --save-exact "${npm_want[@]}") \
    || die "npm install ${npm_want[*]} failed"
fi
wasm_opt_v=$("$tools/node_modules/.bin/wasm-opt" --version 2>/dev/null | awk '{print $3}')
[ "$wasm_opt_v" = "${BINARYEN_VERSION%%.*}" ] || die "wasm-opt in $tools is version '$wasm_opt_v', expected ${BINARYEN_VERSION%%.*}"

if [ "$want_browser" = 1 ]; then
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    say "installing Chromium and chromedriver (Debian packages)"
    apt_install chromium chromium-driver
  fi
  [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] || die "Chromium or chromedriver missing after install"
  # The single file must open from file:// in Firefox too (tests/e2e/anywhere.test.mjs drives
  # Debian's firefox-esr over WebDriver BiDi; playwright-core downloads no browser).
  if [ ! -x /usr/bin/firefox-esr ]; then
    say "installing Firefox ESR (Debian package)"
    apt_install firefox-esr
  fi
fi
say "tools ready"
