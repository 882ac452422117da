#!/usr/bin/env bash
# Starts the Custos admin WAR on Payara Micro over TLS 1.3 only (https://127.0.0.1:8443/custos-admin-rest/console/),
# with a fresh demo keystore, a fresh token-signing key, and printed demo tokens for the three admin roles.
# Usage: bundles/custos-admin-rest/src/main/demo/run-admin-demo.sh   (after `mvn -B -ntp install -pl bundles/custos-admin-rest -DskipTests`)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
module="$(cd "$here/../../.." && pwd)"
war="$module/target/custos-admin-rest.war"
micro="$module/target/payara-micro.jar"
[[ -f "$war" ]] || { echo "build first: mvn -B -ntp install -pl bundles/custos-admin-rest -DskipTests" >&2; exit 1; }
[[ -f "$micro" ]] || { echo "missing $micro: run the same mvn install (it copies Payara Micro there)" >&2; exit 1; }
umask 077
run="$(mktemp -d -t custos-admin-demo.XXXXXX)"
pw="$(openssl rand -hex 24)"
keytool -genkeypair -alias custos-demo -keyalg EC -groupname secp256r1 -sigalg SHA256withECDSA \
  -dname "CN=localhost, O=Custos demo" -ext "SAN=dns:localhost,ip:127.0.0.1" -validity 30 \
  -storetype PKCS12 -keystore "$run/tls.p12" -storepass "$pw" -keypass "$pw" >/dev/null 2>&1
export CUSTOS_TLS_KEYSTORE="$run/tls.p12" CUSTOS_TLS_KEYSTORE_PASSWORD="$pw"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$run/jwt-signing.pem" 2>/dev/null
openssl pkey -in "$run/jwt-signing.pem" -pubout -out "$run/jwt-public.pem"
openssl rand -hex 24 > "$run/keystore.pw"
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
mint() { # principal group
  local now exp header payload sig
  now=$(date +%s); exp=$((now + 8 * 3600))
  header=$(printf '{"alg":"RS256","typ":"JWT"}' | b64url)
  payload=$(printf '{"iss":"https://idp.custos.demo","aud":"custos-admin","sub":"%s","upn":"%s","groups":["%s"],"iat":%d,"exp":%d,"jti":"%s"}' \
    "$1" "$1" "$2" "$now" "$exp" "$(openssl rand -hex 8)" | b64url)
  sig=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -sign "$run/jwt-signing.pem" -binary | b64url)
  printf '%s.%s.%s' "$header" "$payload" "$sig"
}
export MP_JWT_VERIFY_PUBLICKEY_LOCATION="file://$run/jwt-public.pem"
export MP_JWT_VERIFY_ISSUER="https://idp.custos.demo"
export CUSTOS_KEYSTORE_PATH="$run/root-keys.p12"
export CUSTOS_KEYSTORE_PASSWORD="file:$run/keystore.pw"
export CUSTOS_KEYSTORE_CREATE=true
export CUSTOS_ADMIN_BACKUP_DIR="$run/backups"
for who in "alice:key-custodian" "oscar:security-officer" "audrey:auditor"; do
  mint "${who%%:*}" "${who#*:}" > "$run/token-${who%%:*}.jwt"
done
echo "Demo files (keystores, tokens) in $run"
echo "Console: https://127.0.0.1:8443/custos-admin-rest/console/  (TLS 1.3 only; self-signed demo certificate)"
echo "Sign in with the token in $run/token-alice.jwt (custodian), token-oscar.jwt (officer) or token-audrey.jwt (auditor)."
exec java -Xmx640m -Djava.io.tmpdir="$run" -jar "$micro" --nohazelcast --disablephonehome \
  --sslport 8443 --port 8080 --prebootcommandfile "$here/tls13-preboot.asadmin" \
  --postbootcommandfile "$here/tls13-postboot.asadmin" --deploy "$war"
