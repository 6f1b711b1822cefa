#!/usr/bin/env bash
# The benchmark on SQLite, on PostgreSQL with one gateway instance and on PostgreSQL with two, run back to back
# and ROUNDS times over (these machines drift: compare within a round), on one private PostgreSQL server.
#   Benchmarks/compare-backends.sh FLOWGATE_BINARY [ROUNDS] [FlowGateBench options…]
# Each PostgreSQL run gets a new empty database. The server keeps the durability of the SQLite default (WAL with
# synchronous = NORMAL): fsync on, full pages written, but a commit does not wait for its WAL flush
# (synchronous_commit = off). Every run's report is kept in the folder printed at the end.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
[ $# -ge 1 ] || { echo "usage: $0 FLOWGATE_BINARY [ROUNDS] [FlowGateBench options…]" >&2; exit 2; }
flowgate=$(realpath "$1"); shift
rounds=3
if [ $# -ge 1 ] && [[ $1 =~ ^[0-9]+$ ]]; then rounds=$1; shift; fi
bench=$root/Benchmarks/FlowGateBench/.build/release/FlowGateBench
[ -x "$bench" ] || { echo "Build the benchmark first: (cd Benchmarks/FlowGateBench && swift build -c release)" >&2; exit 2; }

out=$(mktemp -d /tmp/flowgate-compare.XXXXXX)
chmod 0755 "$out"   # the server runs as an unprivileged account when this runs as root
server=$out/postgres
trap '"$root/scripts/postgres-server" remove "$server"' EXIT
url=$("$root/scripts/postgres-server" init "$server")
POSTGRES_SERVER_OPTIONS="-c fsync=on -c full_page_writes=on -c synchronous_commit=off -c shared_buffers=256MB" \
  "$root/scripts/postgres-server" start "$server"
echo "PostgreSQL $(psql "$url" -Atc 'SHOW server_version') at $url; reports in $out"

count=0
for round in $(seq 1 "$rounds"); do
  # Every other round in the reverse order, so that drift over the run does not favour one setup.
  setups="sqlite postgres-1 postgres-2"
  [ $((round % 2)) -eq 0 ] && setups="postgres-2 postgres-1 sqlite"
  for setup in $setups; do
    arguments=()
    if [ "$setup" != sqlite ]; then
      count=$((count + 1))
      psql "$url" -qc "CREATE DATABASE bench_$count"
      # Each run starts from a clean checkpoint, not in the middle of the previous run's.
      psql "$url" -qc "CHECKPOINT"
      arguments=(--database "${url%/postgres}/bench_$count")
      [ "$setup" = postgres-2 ] && arguments+=(--instances 2)
    fi
    echo "=== round $round: $setup"
    "$bench" --flowgate "$flowgate" "${arguments[@]}" "$@" | tee "$out/$round-$setup.txt"
  done
done
echo "Reports: $out"
trap - EXIT
"$root/scripts/postgres-server" remove "$server"
