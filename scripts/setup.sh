#!/usr/bin/env bash
# Installs everything podlab needs to build, serve and test, skipping what is already present at the
# pinned version. Safe to run repeatedly; a second run installs nothing.
#   scripts/setup.sh            build tools only (rust target, trunk, wasm-bindgen-cli, wasm-opt)
#   scripts/setup.sh --browser  also Chromium + chromedriver (needed by the tests)
set -euo pipefail

TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=0.2.130      # must equal Cargo.lock's wasm-bindgen (checked below)
BINARYEN_VERSION=132              # Debian's binaryen 108 corrupts wasm-bindgen output: use npm's

root=$(cd "$(dirname "$0")/.." && pwd)
tools="$root/.tools"
want_browser=0
[ "${1:-}" = "--browser" ] && want_browser=1

say() { printf '\033[1msetup:\033[0m %s\n' "$*"; }
die() { printf 'setup: ERROR: %s\n' "$*" >&2; exit 1; }

command -v cargo >/dev/null || die "cargo not found: install Rust with rustup first (https://rustup.rs)"
export PATH="$HOME/.cargo/bin:$PATH"

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
  cargo install trunk --version "$TRUNK_VERSION" --locked || die "cargo install trunk failed"
fi

if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 4 minutes, once)"
  # Not --locked: one locked dependency of the CLI is missing from the registry.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force \
    || die "cargo install wasm-bindgen-cli failed"
fi

if [ "$("$tools/node_modules/.bin/wasm-opt" --version 2>/dev/null | awk '{print $3}')" != "$BINARYEN_VERSION" ]; then
  command -v npm >/dev/null || die "npm not found: it is needed to install binaryen's wasm-opt"
  say "installing wasm-opt (npm binaryen@$BINARYEN_VERSION) into .tools/"
  mkdir -p "$tools"
  (cd "$tools" && { [ -f package.json ] || echo '{"private":true}' > package.json; } \
    && npm install --no-audit --no-fund --silent "binaryen@$BINARYEN_VERSION") \
    || die "npm install binaryen@$BINARYEN_VERSION failed"
fi

if [ "$want_browser" = 1 ]; then
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    say "installing Chromium and chromedriver (Debian packages)"
    sudo_cmd=""
    [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq || die "apt-get update failed"
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium chromium-driver >/dev/null \
      || die "apt-get install chromium chromium-driver failed"
  fi
  if [ ! -d "$tools/node_modules/playwright-core" ]; then
    say "installing playwright-core (driver library only; it uses /usr/bin/chromium)"
    mkdir -p "$tools"
    (cd "$tools" && npm install --no-audit --no-fund --silent playwright-core@1.64.1) \
      || die "npm install playwright-core failed"
  fi
fi
say "tools ready"
