#!/usr/bin/env bash
# Runs Pipeline's whole test suite on a fresh machine with the .NET SDK:
# installs rabbitmq-server (and, for the browser test, chromium and chromium-driver) from Debian if missing, starts a private broker and a private
# PostgreSQL cluster on loopback,
# runs every test project, stops both, and ends with one line: "N passed, N failed".
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

broker_dir="$root/tests/.broker"
results="$root/tests/TestResults"
rm -rf "$results"; mkdir -p "$results"

tests/rabbitmq.sh install || { echo "0 passed, 1 failed"; exit 1; }
# The newsroom page's browser test (tests/Pipeline.Indexer.Tests/NewsroomPageTests.cs) drives Debian's chromium
# through its chromedriver: install both from Debian when that test exists and they are missing.
if [ -f tests/Pipeline.Indexer.Tests/NewsroomPageTests.cs ] && { [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; }; then
  echo "Installing chromium and chromium-driver from Debian for the browser test…"
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get install -y -q chromium chromium-driver >/dev/null 2>&1 \
    || { $sudo_cmd apt-get update -q >/dev/null 2>&1 || true; $sudo_cmd apt-get install -y -q chromium chromium-driver >/dev/null 2>&1; } \
    || true
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    echo "chromium and chromium-driver could not be installed (apt-get install -y chromium chromium-driver failed)."
    echo "0 passed, 1 failed"; exit 1
  fi
fi
tests/rabbitmq.sh stop "$broker_dir" 2>/dev/null || true
rm -rf "$broker_dir"
if ! uri=$(tests/rabbitmq.sh start "$broker_dir" "${PIPELINE_TEST_AMQP_PORT:-5679}"); then
  echo "The test broker did not start."; echo "0 passed, 1 failed"; exit 1
fi
port=${PIPELINE_TEST_AMQP_PORT:-5679}
postgres_dir="$root/tests/.postgres"
tests/postgres.sh stop "$postgres_dir" 2>/dev/null || true
if ! pg=$(tests/postgres.sh start "$postgres_dir" "${PIPELINE_TEST_POSTGRES_PORT:-5479}"); then
  tests/rabbitmq.sh stop "$broker_dir" || true
  echo "The test PostgreSQL did not start."; echo "0 passed, 1 failed"; exit 1
fi
export PIPELINE_TEST_POSTGRES="$pg"
echo "PostgreSQL: $pg"
trap 'tests/rabbitmq.sh stop "$broker_dir" || true; tests/postgres.sh stop "$postgres_dir" || true' EXIT
export PIPELINE_TEST_RABBITMQ_URI="$uri"
export PIPELINE_TEST_RABBITMQ_MANAGEMENT="http://guest:guest@127.0.0.1:$((port + 10000))/"
echo "Broker: $uri (management on port $((port + 10000)))"

log="$results/dotnet-test.log"
dotnet build Pipeline.sln -c Release -nologo -v quiet 2>&1 | tee "$results/build.log" | grep -E "error|Warn|Error" || true
if [ "${PIPESTATUS[0]}" -ne 0 ]; then
  echo "The build failed; see $results/build.log."
  echo "0 passed, 1 failed"; exit 1
fi
dotnet test --solution Pipeline.sln -c Release --no-build --results-directory "$results" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# Sum each test assembly's own result line: "… .dll (net10.0|x64) passed|failed (…)" is followed by totals at the end;
# the MTP summary prints "total: N / failed: N / succeeded: N / skipped: N" once for the whole run.
total=$(grep -E '^\s+total: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+')
failed=$(grep -E '^\s+failed: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+')
passed=$(grep -E '^\s+succeeded: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+')
skipped=$(grep -E '^\s+skipped: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+')
if [ -z "${total:-}" ]; then
  echo "The test run did not report a summary (exit code $status); see $log."
  echo "0 passed, 1 failed"; exit 1
fi
failed=$(( ${failed:-0} + ${skipped:-0} ))   # a skipped test counts against the run: CI runs every test
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "${passed:-0} passed, ${failed} failed"
[ "$failed" -eq 0 ]
