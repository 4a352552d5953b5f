#!/usr/bin/env bash
# The load test: bench/loadtest/run.sh [postgres|sqlite]
#
# postgres: two app processes (gunicorn, several workers each) on one PostgreSQL
#           database (bench_load on 127.0.0.1:5432), locust spreading its users
#           across both;
# sqlite:   one app process on a SQLite file.
# Prepares the data (prepare.py: LOAD_OFFICES offices sharing the organisations
# and PCC users), starts the servers, runs locust headless (100 respondents + 4
# PCC users of 4 offices for 2 minutes, loopback only), stops the servers, then
# checks every submitted answer against the database and that no user saw
# another office's data (check.py), the server logs ("database is locked",
# tracebacks) and the access logs (5xx).
# Exits non-zero if anything failed. Settings: LOAD_DURATION (2m),
# LOAD_RESPONDENTS (100), LOAD_PCC (4), LOAD_OFFICES (4), LOAD_WORKERS (3 per
# process), LOAD_THREADS (2 per worker), LOAD_SPAWN_RATE (2 users a second),
# LOAD_PORT (8101: the first server's port; the second is the next).
set -euo pipefail
MODE=${1:-postgres}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PY=$ROOT/.venv/bin/python
RUN=$ROOT/bench/data/load-$MODE
DURATION=${LOAD_DURATION:-2m}
RESPONDENTS=${LOAD_RESPONDENTS:-100}
PCC=${LOAD_PCC:-4}
OFFICES=${LOAD_OFFICES:-4}
PORT=${LOAD_PORT:-8101}
WORKERS=${LOAD_WORKERS:-3}
THREADS=${LOAD_THREADS:-2}
SPAWN=${LOAD_SPAWN_RATE:-2}
PG_ADMIN=postgresql://app:app@127.0.0.1:5432/postgres

rm -rf "$RUN" && mkdir -p "$RUN"
case "$MODE" in
  postgres)
    DB=postgresql+psycopg://app:app@127.0.0.1:5432/bench_load
    PORTS=("$PORT" "$((PORT + 1))")
    "$PY" - "$PG_ADMIN" <<'PYEOF'
import sys, psycopg
with psycopg.connect(sys.argv[1], autocommit=True) as c:
    c.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'bench_load'")
    c.execute('DROP DATABASE IF EXISTS bench_load')
    c.execute('CREATE DATABASE bench_load OWNER app')
PYEOF
    ;;
  sqlite)
    DB=sqlite:///$RUN/load.sqlite
    PORTS=("$PORT")
    ;;
  *) echo "usage: $0 [postgres|sqlite]" >&2; exit 2 ;;
esac

cd "$ROOT"
echo "== preparing $MODE ($RESPONDENTS respondents, $PCC PCC users, $OFFICES offices)"
"$PY" -m bench.loadtest.prepare --database "$DB" --out "$RUN/users.json" \
  --respondents "$RESPONDENTS" --pcc "$PCC" --offices "$OFFICES" 2> "$RUN/prepare.log"

SECRET=$("$PY" -c 'import secrets; print(secrets.token_hex(32))')
stop_servers() {
  for port in "${PORTS[@]}"; do
    pidfile=$RUN/gunicorn-$port.pid
    if [ -f "$pidfile" ]; then
      pid=$(cat "$pidfile")
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      rm -f "$pidfile"
    fi
  done
}
trap stop_servers EXIT

HOSTS=""
for port in "${PORTS[@]}"; do
  echo "== starting gunicorn on 127.0.0.1:$port ($WORKERS workers x $THREADS threads)"
  env -u ASSURANCE_NO_DEFAULT_APP DATABASE_URL="$DB" SECRET_KEY="$SECRET" APP_ENV=development \
    SESSION_COOKIE_SECURE=0 "$ROOT/.venv/bin/gunicorn" app:app --chdir "$ROOT" \
    --bind "127.0.0.1:$port" --workers "$WORKERS" --threads "$THREADS" --timeout 120 --keep-alive 30 \
    --access-logfile "$RUN/access-$port.log" --error-logfile "$RUN/server-$port.log" \
    --access-logformat '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s %(L)s' \
    --capture-output --pid "$RUN/gunicorn-$port.pid" --daemon
  HOSTS="${HOSTS:+$HOSTS,}http://127.0.0.1:$port"
done
for port in "${PORTS[@]}"; do
  for _ in $(seq 1 100); do
    curl -fsS -o /dev/null "http://127.0.0.1:$port/sign-in" && break
    sleep 0.3
  done
done

echo "== locust: $((RESPONDENTS + PCC)) users for $DURATION against $HOSTS"
set +e
LOAD_USERS="$RUN/users.json" LOAD_RECORDS="$RUN/submitted.jsonl" LOAD_SEEN="$RUN/seen.jsonl" \
  LOAD_HOSTS="$HOSTS" \
  PYTHONPATH="$ROOT" "$ROOT/.venv/bin/locust" -f "$ROOT/bench/loadtest/locustfile.py" \
  --headless --users $((RESPONDENTS + PCC)) --spawn-rate "$SPAWN" --run-time "$DURATION" \
  --stop-timeout 30 --csv "$RUN/locust" --only-summary --host "${HOSTS%%,*}" \
  > "$RUN/locust.log" 2>&1
LOCUST_RC=$?
set -e
tail -n 40 "$RUN/locust.log"
stop_servers

"$PY" -m bench.loadtest.server_times "$RUN" | tee "$RUN/server-times.txt"

echo "== checking"
FAILED=0
[ "$LOCUST_RC" -eq 0 ] || { echo "locust reported failures (exit $LOCUST_RC)"; FAILED=1; }
SERVER_ERRORS=$(cat "$RUN"/access-*.log | awk '$9 >= 500' | wc -l)
echo "server errors (5xx) in the access logs: $SERVER_ERRORS"
[ "$SERVER_ERRORS" -eq 0 ] || FAILED=1
"$PY" -m bench.loadtest.check --database "$DB" --records "$RUN/submitted.jsonl" \
  --users "$RUN/users.json" --seen "$RUN/seen.jsonl" --logs "$RUN"/server-*.log \
  2> "$RUN/check.log" || FAILED=1
[ "$FAILED" -eq 0 ] && echo "LOAD TEST PASSED ($MODE)" || echo "LOAD TEST FAILED ($MODE)"
exit "$FAILED"
