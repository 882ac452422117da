#!/usr/bin/env bash
# Builds the benchmark jar and runs one benchmark class with a ratio report.
#   benchmarks/run.sh [--quick] [BenchmarkClassRegex] [baselineMethod]
# Default: FieldCryptoBenchmark against rawJdkAesGcm. --quick finishes in under 3 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -ntp -q -DskipTests install -pl benchmarks -am
exec java -cp benchmarks/target/benchmarks.jar io.custos.bench.Report "$@"
