#!/usr/bin/env bash
# Installs what polspec needs from Debian/Ubuntu packages, if it is missing: the OpenBLAS
# library (libopenblas0-pthread). polspec loads it at run time (dlopen), so neither its
# headers nor pkg-config are needed to build. Uses sudo when not root.
set -euo pipefail
need=()
/sbin/ldconfig -p 2>/dev/null | grep -q 'libopenblas\.so\.0 ' || need+=(libopenblas0-pthread)
[ ${#need[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "polspec needs: ${need[*]} (install them with your package manager)" >&2
  exit 1
fi
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
echo "installing ${need[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
