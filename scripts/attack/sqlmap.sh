#!/usr/bin/env bash
# sqlmap (Debian package) against a live teamcoach: the lineup form's query parameters,
# the lineup URL's path parameters and the admin login form (with its CSRF token).
# Usage: scripts/attack/sqlmap.sh http://127.0.0.1:8620   (scripts/attack/live.py passes it)
# Fails when sqlmap finds an injection point or the server answers 5xx. Bounded in time:
# each target has SQLMAP_TIMEOUT seconds (default 240).
set -uo pipefail
BASE=${1:?base URL}
LIMIT=${SQLMAP_TIMEOUT:-240}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
COMMON=(--batch --flush-session --output-dir="$OUT" --level=2 --risk=1
        --technique=BEUST --time-sec=2 --timeout=10 --retries=0 --disable-coloring)
TEAM=riverside-first-xi
status=0

run() {
  local name=$1; shift
  echo "--- sqlmap: $name"
  timeout "$LIMIT" sqlmap "${COMMON[@]}" "$@" >"$OUT/$name.log" 2>&1
  local rc=$?
  grep -E "does not seem to be injectable|all tested parameters|identified the following" \
    "$OUT/$name.log" | sed 's/^.*\] //' | sed 's/^/    /' | sort -u | head -10
  grep -A1 "HTTP error codes" "$OUT/$name.log" | sed 's/^/    /' 
  if grep -q "identified the following injection point" "$OUT/$name.log"; then
    echo "FAIL: injectable ($name)"; status=1
  fi
  if grep -A1 "HTTP error codes" "$OUT/$name.log" | grep -Eq "\b5[0-9][0-9] \("; then
    echo "FAIL: server error ($name)"; status=1
  fi
  if [ "$rc" = 124 ]; then echo "note: $name stopped at the ${LIMIT}s bound"; fi
}

run query -u "$BASE/best/?team=$TEAM&show=11" -p team,show
run path -u "$BASE/best/$TEAM*/11*/"
# Every login attempt costs an Argon2 hash by design, so time-based tests would only
# measure that: boolean, error, union and stacked queries on the user name.
# The page carries a fresh CSRF token and CSP nonce each time, so comparing page text
# is noisy (one CI run saw a false "injectable"). The oracle that matters is whether
# a payload signs in: only a real bypass answers 302, a refused login answers 200.
run login -u "$BASE/accounts/login/" --data "csrfmiddlewaretoken=x&login=coach&password=secret" \
  -p login --technique=BEUS --level=1 --code=302 --csrf-token=csrfmiddlewaretoken --csrf-url="$BASE/accounts/login/"

exit $status
