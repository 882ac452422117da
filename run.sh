#!/usr/bin/env bash
# Custos demo.
#   ./run.sh               build (the reference EAR included), then start Payara Micro with the EAR's web modules
#                          (sample device ERP, admin API and console) on https://127.0.0.1:8443, TLS 1.3 only,
#                          loopback only; Ctrl-C stops it
#   ./run.sh token NAME ROLE [AUDIENCE]   print a demo token signed by the demo's own key in run/: an administrator
#                          token (ROLE key-custodian, security-officer or auditor), or with AUDIENCE device-erp a
#                          token for the ERP API (ROLE from the ERP's policy, e.g. clinician)
#   ./run.sh cli           the command-line engine walkthrough (tools/custos-cli) on a software keystore
# Everything the demo creates (TLS and root-key keystores, their random passwords, the token-signing key) is in run/.
set -euo pipefail
cd "$(dirname "$0")"
root="$(pwd)"
run="$root/run"
mkdir -p "$run"
chmod 700 "$run"
umask 077

b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }

mint() { # principal group audience
  [[ -f "$run/jwt-signing.pem" ]] || { echo "no demo signing key yet: start the demo once with ./run.sh" >&2; exit 1; }
  local now exp header payload sig
  now=$(date +%s); exp=$((now + 8 * 3600))
  header=$(printf '{"alg":"RS256","typ":"JWT"}' | b64url)
  payload=$(printf '{"iss":"https://idp.custos.demo","aud":"%s","sub":"%s","upn":"%s","groups":["%s"],"iat":%d,"exp":%d,"jti":"%s"}' \
    "$3" "$1" "$1" "$2" "$now" "$exp" "$(openssl rand -hex 8)" | b64url)
  sig=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -sign "$run/jwt-signing.pem" -binary | b64url)
  printf '%s.%s.%s\n' "$header" "$payload" "$sig"
}

case "${1:-}" in
  cli)
    echo "[custos] building the engine demo (tests skipped; run 'mvn -B -ntp verify' for the suite)..."
    mvn -B -ntp -q -DskipTests install -pl tools/custos-cli -am
    if [ -z "${CUSTOS_KEYSTORE_PASSWORD:-}" ]; then
      export CUSTOS_KEYSTORE_PASSWORD="custos-demo-only-password"
      echo "[custos] CUSTOS_KEYSTORE_PASSWORD not set: using the demo password (never do this in production)"
    fi
    exec java -jar tools/custos-cli/target/custos-cli.jar demo run/demo-keystore.p12
    ;;
  token)
    [[ $# -eq 3 || $# -eq 4 ]] || { echo "usage: ./run.sh token NAME ROLE [AUDIENCE]   (admin roles: key-custodian, security-officer, auditor; ERP roles with AUDIENCE device-erp: clinician, sales, qa, ...)" >&2; exit 2; }
    mint "$2" "$3" "${4:-custos-admin}"
    exit 0
    ;;
  "" | server) ;;
  *)
    echo "usage: ./run.sh [server | token NAME ROLE | cli]" >&2
    exit 2
    ;;
esac

for tool in java mvn keytool openssl; do
  command -v "$tool" >/dev/null || { echo "[custos] $tool is required" >&2; exit 1; }
done
echo "[custos] building the EAR (tests skipped; run 'mvn -B -ntp verify' for the suite)..."
mvn -B -ntp -q -DskipTests install -pl ear -am
micro="$root/ear/target/payara-micro.jar"

# Demo secrets: random, created once, readable only by this user, never printed.
[[ -f "$run/tls.pw" ]] || openssl rand -hex 24 > "$run/tls.pw"
[[ -f "$run/keystore.pw" ]] || openssl rand -hex 24 > "$run/keystore.pw"
[[ -f "$run/db.pw" ]] || openssl rand -hex 24 > "$run/db.pw"
if [[ ! -f "$run/tls.p12" ]]; then
  keytool -genkeypair -alias custos-demo -keyalg EC -groupname secp256r1 -sigalg SHA256withECDSA \
    -dname "CN=localhost, O=Custos demo" -ext "SAN=dns:localhost,ip:127.0.0.1" -validity 30 \
    -storetype PKCS12 -keystore "$run/tls.p12" -storepass "$(cat "$run/tls.pw")" -keypass "$(cat "$run/tls.pw")" >/dev/null 2>&1
fi
if [[ ! -f "$run/jwt-signing.pem" ]]; then
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$run/jwt-signing.pem" 2>/dev/null
  openssl pkey -in "$run/jwt-signing.pem" -pubout -out "$run/jwt-public.pem"
fi
mkdir -p "$run/tmp" "$run/backups"
# One database for both applications: datasource.asadmin creates the server JDBC resources jdbc/custos (the ERP's
# persistence unit) and jdbc/custos-keys (the KMS and audit log of both WARs) on an in-memory H2 (Payara Micro's own
# H2 engine serves both pools). Payara Micro takes one post-boot file: the two are joined.
cat "$root/ear/src/main/payara/datasource.asadmin" "$root/ear/src/main/payara/postboot.asadmin" > "$run/postboot.asadmin"
# Payara Micro has no EAR support (its --deploy and --deploymentDir take WARs, JARs and RARs, and the asadmin
# deploy command answers "Archive type ... was not recognized"): it runs the EAR's content instead, as the EAR
# plugin lays it out in ear/target/custos/: the Custos libraries of lib/ on the server's class path (--addlibs DIR)
# and the two skinny web modules. The EAR itself (ear/target/custos.ear) is for Payara Server (docs/install.md).
ear_dir="$root/ear/target/custos"
erp_war="$ear_dir/device-erp.war"
admin_war="$ear_dir/custos-admin-rest.war"

export CUSTOS_TLS_KEYSTORE="$run/tls.p12"
CUSTOS_TLS_KEYSTORE_PASSWORD="$(cat "$run/tls.pw")"
export CUSTOS_TLS_KEYSTORE_PASSWORD
CUSTOS_DB_PASSWORD="$(cat "$run/db.pw")"   # read by the JDBC pools as ${ENV=CUSTOS_DB_PASSWORD}, never in a file the server echoes
export CUSTOS_DB_PASSWORD
# both WARs (MicroProfile Config reads these from the environment): the ERP's Custos services 'kms' open the same
# root keystore as the admin WAR
export MP_JWT_VERIFY_PUBLICKEY_LOCATION="file://$run/jwt-public.pem"
export MP_JWT_VERIFY_ISSUER="https://idp.custos.demo"
export CUSTOS_KEYSTORE_PATH="$run/root-keys.p12"
export CUSTOS_KEYSTORE_PASSWORD="file:$run/keystore.pw"
export CUSTOS_KEYSTORE_CREATE=true
export CUSTOS_ADMIN_BACKUP_DIR="$run/backups"
export CUSTOS_ADMIN_DATASOURCE=jdbc/custos-keys
# re-encryption jobs through the admin API: the ERP runs them (its worker polls the shared job table every 5 s)
export CUSTOS_ROTATION_ENABLED=true

base="https://127.0.0.1:8443"
cat <<EOF
[custos] starting Payara Micro 6.2025.10 with the sample device ERP and the admin WAR on one in-memory H2 database, the ERP's
         data keys in the Custos KMS (loopback only, TLS 1.3 only; log: run/server.log)
[custos] self-signed demo certificate: use curl -k, or accept it in the browser
[custos] demo files (keystores, random passwords, token-signing key) are in run/
  sample device ERP API  $base/device-erp/api/patients/1   (anonymous: masked)
                         as a clinician: curl -k -H "Authorization: Bearer \$(./run.sh token dr-chen clinician device-erp)" $base/device-erp/api/patients/1
                         create: curl -k -H 'Content-Type: application/json' -d '{"name":"Li Wei","idCardNumber":"110101199003074514","phone":"13800138000","hospital":"Peking Union"}' $base/device-erp/api/patients
                         as stored in the database: $base/device-erp/api/storage/patients/ID
  admin API              $base/custos-admin-rest/api/   (OpenAPI: $base/openapi, health: $base/health)
  admin console          $base/custos-admin-rest/console/
  administrator token    ./run.sh token alice key-custodian   (or: oscar security-officer, audrey auditor)
                         curl -k -H "Authorization: Bearer \$(./run.sh token alice key-custodian)" $base/custos-admin-rest/api/keys
  walkthrough            README.md#walkthrough: create, ciphertext, masking, rotate the key, new version, re-encrypt (jobs), verify the audit log
EOF
java -Xmx768m -Djava.io.tmpdir="$run/tmp" -jar "$micro" --nohazelcast --disablephonehome \
  --port 8080 --sslport 8443 --addlibs "$ear_dir/lib" \
  --prebootcommandfile "$root/ear/src/main/payara/preboot.asadmin" \
  --postbootcommandfile "$run/postboot.asadmin" \
  --deploy "$erp_war" --deploy "$admin_war" > "$run/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true' INT TERM EXIT
for _ in $(seq 1 120); do
  if grep -q "Payara Micro .* ready in" "$run/server.log" 2>/dev/null; then break; fi
  if ! kill -0 "$server" 2>/dev/null; then echo "[custos] Payara Micro stopped; see run/server.log" >&2; exit 1; fi
  sleep 1
done
if ! grep -q "Payara Micro .* ready in" "$run/server.log" || grep -qE "Exception while loading the app|Boot Command .* failed" "$run/server.log"; then
  echo "[custos] a web module failed to deploy; see run/server.log" >&2
  exit 1
fi
echo "[custos] $(grep -o "ready in [0-9,]* (ms)" "$run/server.log" | head -1). Ctrl-C stops the server."
wait "$server"
