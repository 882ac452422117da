#!/usr/bin/env bash
# Builds Custos and starts the demo. Today: the crypto engine end to end on a software keystore.
# (The Payara Micro demo with the EAR and the sample device ERP replaces this when the EAR lands.)
set -euo pipefail
cd "$(dirname "$0")"
echo "[custos] building (tests skipped; run 'mvn -B -ntp verify' for the suite)..."
mvn -B -ntp -q -DskipTests install -pl tools/custos-cli -am
mkdir -p run
if [ -z "${CUSTOS_KEYSTORE_PASSWORD:-}" ]; then
  export CUSTOS_KEYSTORE_PASSWORD="custos-demo-only-password"
  echo "[custos] CUSTOS_KEYSTORE_PASSWORD not set: using the demo password (never do this in production)"
fi
exec java -jar tools/custos-cli/target/custos-cli.jar demo run/demo-keystore.p12
