#!/usr/bin/env bash
# Finds a headless-capable Chromium for the dashboard's browser test
# (e2e/dashboard_test.go, which drives it through chromedp) and installs
# Debian's `chromium` package when none is there.
#
#   scripts/chromium.sh path       print the browser's path; install it first if missing
#   scripts/chromium.sh find       print the browser's path, or exit 1 (never installs)
#
# Order: $SLUICE_CHROMIUM (an explicit binary), then chromium, chromium-browser,
# google-chrome, google-chrome-stable, headless-shell on PATH. Installing needs
# root (or passwordless sudo) and apt-get: Debian's package is the only browser
# this project installs, because browser builds downloaded by other tools are
# not reachable from the development machines.
#
# Timing measured on the 2-core dev machine (Debian 12): apt-get update +
# install chromium ~60-90 s the first time; `path` afterwards ~0.01 s.
set -euo pipefail

find_browser() {
	if [[ -n "${SLUICE_CHROMIUM:-}" ]]; then
		if [[ -x "$SLUICE_CHROMIUM" ]]; then
			echo "$SLUICE_CHROMIUM"
			return 0
		fi
		echo "chromium.sh: SLUICE_CHROMIUM=$SLUICE_CHROMIUM is not an executable" >&2
		return 1
	fi
	local name
	for name in chromium chromium-browser google-chrome google-chrome-stable headless-shell; do
		if command -v "$name" >/dev/null 2>&1; then
			command -v "$name"
			return 0
		fi
	done
	return 1
}

install_browser() {
	local sudo=()
	if [[ "$(id -u)" != 0 ]]; then
		if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
			sudo=(sudo -n)
		else
			echo "chromium.sh: not root and no passwordless sudo; install Debian's 'chromium' package by hand" >&2
			return 1
		fi
	fi
	if ! command -v apt-get >/dev/null 2>&1; then
		echo "chromium.sh: no apt-get on this machine; set SLUICE_CHROMIUM to a Chromium binary" >&2
		return 1
	fi
	echo "chromium.sh: installing Debian's chromium package" >&2
	"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
	"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium >&2
}

case "${1:-path}" in
find)
	find_browser
	;;
path)
	if ! find_browser 2>/dev/null; then
		install_browser
		find_browser
	fi
	;;
*)
	echo "usage: $0 [path|find]" >&2
	exit 2
	;;
esac
