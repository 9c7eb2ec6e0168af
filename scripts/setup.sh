#!/usr/bin/env bash
# Set up everything the module and its tests need, on a fresh machine or an
# old one: Debian packages, the virtual environment, the package itself and
# the browser-test tools. Safe to run again; it skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

want_packages() {
  grep -v '^\s*#' scripts/apt-packages.txt | grep -v '^\s*$'
}

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"

missing=()
for package in $(want_packages); do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [ ! -x .venv/bin/python ]; then
  echo "Creating the virtual environment in .venv"
  python3 -m venv .venv
fi

stamp=.venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)
if [ ! -f "$stamp" ]; then
  echo "Installing the course package and its test tools"
  .venv/bin/pip install --quiet --upgrade pip
  .venv/bin/pip install --quiet -e '.[test]'
  rm -f .venv/.installed-*
  touch "$stamp"
fi

if [ -f package.json ] && [ ! -d node_modules ]; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "Installing Node.js and npm from Debian"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nodejs npm
  fi
  echo "Installing browser-test scripts from npm"
  npm ci --silent --no-audit --no-fund
fi
