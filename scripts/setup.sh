#!/usr/bin/env bash
# Everything a fresh Debian machine needs to run Kaohe and its tests: the Debian
# packages (headers node-canvas builds against, the CJK font charts need, headless
# Chromium for PDFs, headless LibreOffice Calc for the tests that open workbooks as an
# office suite saves them), the npm packages (exact versions from package-lock.json, install
# scripts approved in package.json's allowScripts), and the local database (FerretDB,
# built with Go into .tools/). Safe to run again: it skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== Debian packages"
PACKAGES="build-essential pkg-config libcairo2-dev libpango1.0-dev libjpeg-dev libgif-dev librsvg2-dev fonts-noto-cjk chromium libreoffice-calc-nogui"
if ! dpkg -s $PACKAGES >/dev/null 2>&1; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $PACKAGES
fi

echo "== npm packages"
npm ci --no-audit --no-fund

echo "== local database (FerretDB)"
bash scripts/install-ferretdb.sh
