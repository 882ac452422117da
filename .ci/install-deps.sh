#!/usr/bin/env bash
# Installs and starts what the test suite needs on a Debian machine: SoftHSM2 (PKCS#11 token for the
# HSM tests), PostgreSQL on 127.0.0.1:5432 with database `test`, Chromium + chromedriver (console test).
# Idempotent; safe to run by hand.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

need=()
command -v softhsm2-util >/dev/null 2>&1 || need+=(softhsm2)
command -v pkcs11-tool >/dev/null 2>&1 || need+=(opensc)
command -v pg_ctlcluster >/dev/null 2>&1 || need+=(postgresql)
# headless browser for the admin console test (custos-admin-rest)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
if ((${#need[@]})); then
  echo "[custos-ci] installing: ${need[*]}"
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
fi

if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
  echo "[custos-ci] starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n 1)" main start || true
  for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
fi
if pg_isready -h 127.0.0.1 -p 5432 -q; then
  if ! psql -h 127.0.0.1 -U postgres -Atc "select 1 from pg_database where datname='test'" | grep -q 1; then
    psql -h 127.0.0.1 -U postgres -c "create database test" >/dev/null
  fi
  echo "[custos-ci] PostgreSQL ready on 127.0.0.1:5432 (database test)"
else
  echo "[custos-ci] PostgreSQL is not reachable on 127.0.0.1:5432" >&2
  exit 1
fi
echo "[custos-ci] SoftHSM2: $(softhsm2-util --version)"
