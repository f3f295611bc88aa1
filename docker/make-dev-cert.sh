#!/usr/bin/env bash
# Writes a self-signed certificate for local use to docker/certs/capstan.{crt,key}, where
# docker/compose.yaml mounts it into nginx. Extra names or addresses become subjectAltNames:
#   docker/make-dev-cert.sh capstan.lan 192.168.1.20
# Refuses to overwrite an existing pair unless --force is given first.
set -euo pipefail

certs="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/certs"
force=false
if [[ "${1:-}" == "--force" ]]; then force=true; shift; fi

crt="$certs/capstan.crt"
key="$certs/capstan.key"
if [[ -e "$crt" || -e "$key" ]] && ! $force; then
    echo "make-dev-cert: $crt or $key exists; pass --force to replace it" >&2
    exit 1
fi

san="DNS:localhost,IP:127.0.0.1,IP:::1"
for name in "$@"; do
    if [[ "$name" =~ ^[0-9.]+$ || "$name" == *:* ]]; then san+=",IP:$name"; else san+=",DNS:$name"; fi
done

mkdir -p "$certs"
umask 077
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -sha256 -days 825 \
    -subj "/CN=${1:-localhost}" -addext "subjectAltName=$san" \
    -addext "extendedKeyUsage=serverAuth" \
    -keyout "$key" -out "$crt" 2>/dev/null
chmod 644 "$crt"
echo "make-dev-cert: wrote $crt and $key for $san (valid 825 days)"
