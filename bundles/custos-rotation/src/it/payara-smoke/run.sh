#!/usr/bin/env bash
# Manual check (not in CI): the custos-reencrypt job under Payara Micro's own Jakarta Batch runtime (JBatch).
# Needs: mvn install of bundles/custos-rotation (and its Custos dependencies), and
# bundles/custos-admin-rest/target/payara-micro.jar (copied there by that module's build).
set -euo pipefail
cd "$(dirname "$0")"
M2=~/.m2/repository
ROOT=../../../../..
OUT=target; rm -rf "$OUT"; mkdir -p "$OUT/war/WEB-INF/lib" "$OUT/war/WEB-INF/classes"
cp -r web/* "$OUT/war/"
for a in spi crypto kms jpa rotation; do cp "$M2/io/custos/custos-$a/0.1.0-SNAPSHOT/custos-$a-0.1.0-SNAPSHOT.jar" "$OUT/war/WEB-INF/lib/"; done
cp "$M2/com/h2database/h2/2.3.232/h2-2.3.232.jar" "$M2"/org/bouncycastle/bc{prov,pkix,util}-jdk18on/1.87/*.jar "$OUT/war/WEB-INF/lib/"
CP=$(ls "$OUT"/war/WEB-INF/lib/*.jar | tr '\n' ':')$M2/jakarta/platform/jakarta.jakartaee-api/10.0.0/jakarta.jakartaee-api-10.0.0.jar:$M2/org/eclipse/persistence/eclipselink/4.0.8/eclipselink-4.0.8.jar
javac -d "$OUT/war/WEB-INF/classes" -cp "$CP" $(find src -name '*.java')
(cd "$OUT/war" && jar cf ../smoke.war .)
mkdir -p "$OUT/tmp"
java -Djava.io.tmpdir="$PWD/$OUT/tmp" -jar "$ROOT/bundles/custos-admin-rest/target/payara-micro.jar" --nohazelcast \
  --disablephonehome --deploy "$OUT/smoke.war" --contextroot smoke --port 18080 > "$OUT/payara.log" 2>&1 &
PID=$!
trap 'kill $PID' EXIT
for i in $(seq 1 120); do curl -sf -o /dev/null http://127.0.0.1:18080/smoke/ 2>/dev/null && break; grep -q 'Payara Micro.*ready' "$OUT/payara.log" && break; sleep 1; done
curl -s http://127.0.0.1:18080/smoke/smoke
