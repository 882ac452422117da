#!/usr/bin/env bash
# Start-up time and memory that Custos adds to Payara Micro, measured in one run, configurations alternated:
#   plain   the sample device ERP without Custos (persistence.xml without the Custos lines, no Custos jars)
#   custos  the sample device ERP as shipped (Custos customizer, policy, jars in WEB-INF/lib)
#   demo    what ./run.sh starts: the EAR's content (lib/ with --addlibs, the skinny ERP and admin WARs)
# Every configuration gets the shared JDBC resources of datasource.asadmin (the ERP's unit names jdbc/custos).
# For each start: Payara Micro's own "ready in N ms", the wall time from launch until the server is ready and the
# ERP answers GET /api/patients/1 (polled every 0.2 s),
# and the JVM's resident set (VmRSS) right after that request. Plain HTTP on 127.0.0.1, --nohazelcast.
# Usage: ear/src/main/payara/measure-startup.sh [ROUNDS]   (after: mvn -B -ntp install -pl ear -am -DskipTests)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../../.." && pwd)"
rounds="${1:-3}"
micro="$root/ear/target/payara-micro.jar"
erp="$root/examples/device-erp/target/device-erp.war"
ear="$root/ear/target/custos"
for f in "$micro" "$erp" "$ear/device-erp.war" "$ear/custos-admin-rest.war"; do [[ -f "$f" ]] || { echo "missing $f: mvn -B -ntp install -pl ear -am -DskipTests" >&2; exit 1; }; done
umask 077
work="$(mktemp -d -t custos-startup.XXXXXX)"
server=""
trap '[[ -n "$server" ]] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT

# the ERP without Custos: same classes, persistence.xml without the Custos lines, no Custos jars
mkdir -p "$work/plain" "$work/plain-war"
(cd "$work/plain" && unzip -q "$erp" && rm -f WEB-INF/lib/* \
  && sed -i '/io.custos\|custos\./d' WEB-INF/classes/META-INF/persistence.xml \
  && rm -f WEB-INF/classes/META-INF/custos-policy.json && zip -qr "$work/plain-war/device-erp.war" .)
mkdir -p "$work/custos-war" && cp "$erp" "$work/custos-war/device-erp.war"

echo "set configs.config.server-config.network-config.network-listeners.network-listener.http-listener.address=127.0.0.1" > "$work/preboot.asadmin"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/jwt.pem" 2>/dev/null
openssl pkey -in "$work/jwt.pem" -pubout -out "$work/jwt-public.pem"
openssl rand -hex 24 > "$work/keystore.pw"
export MP_JWT_VERIFY_PUBLICKEY_LOCATION="file://$work/jwt-public.pem" MP_JWT_VERIFY_ISSUER="https://idp.custos.demo"
export CUSTOS_KEYSTORE_PATH="$work/root-keys.p12" CUSTOS_KEYSTORE_PASSWORD="file:$work/keystore.pw" CUSTOS_KEYSTORE_CREATE=true
export CUSTOS_ADMIN_BACKUP_DIR="$work/backups" CUSTOS_ADMIN_DATASOURCE=jdbc/custos-keys
CUSTOS_DB_PASSWORD="$(openssl rand -hex 16)"
export CUSTOS_DB_PASSWORD

start() { # name, deploy args...
  local name="$1"; shift
  local log="$work/$name.log" tmp="$work/tmp-$name"
  rm -rf "$tmp"; mkdir -p "$tmp"
  local t0; t0=$(date +%s%N)
  java -Xmx768m -Djava.io.tmpdir="$tmp" -jar "$micro" --nohazelcast --disablephonehome --port 18480 \
    --prebootcommandfile "$work/preboot.asadmin" --postbootcommandfile "$here/datasource.asadmin" "$@" > "$log" 2>&1 &
  local pid=$!
  server=$pid
  local code=000
  for _ in $(seq 1 600); do
    if grep -q 'Payara Micro .* ready in' "$log"; then
      code=$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:18480/device-erp/api/patients/1 || true)
      [[ "$code" == 200 ]] && break
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  local t1; t1=$(date +%s%N)
  local rss; rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
  local ready; ready=$( (grep -o 'ready in [0-9,]* (ms)' "$log" || true) | head -1 | tr -dc '0-9')
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  server=""
  printf '%-7s ready_ms=%s first_answer_ms=%d rss_mb=%d http=%s\n' "$name" "${ready:-?}" $(((t1 - t0) / 1000000)) $((rss / 1024)) "$code"
}

java -version 2>&1 | head -1
echo "rounds: $rounds (order plain, custos, demo in each)"
for r in $(seq 1 "$rounds"); do
  start plain --deploy "$work/plain-war/device-erp.war"
  start custos --deploy "$work/custos-war/device-erp.war"
  start demo --addlibs "$ear/lib" --deploy "$ear/device-erp.war" --deploy "$ear/custos-admin-rest.war"
done
