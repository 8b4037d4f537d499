#!/usr/bin/env bash
# wfuzz (Debian package) with its bundled payload lists against a live teamcoach:
# XSS, SQL and all-attack lists through the lineup form's query parameters and the
# lineup URL's path parameters, and the traversal list through /static/.
# Usage: scripts/attack/wfuzz.sh http://127.0.0.1:8620   (scripts/attack/live.py passes it)
# A finding is any 5xx, any payload reflected unescaped (content~FUZZ) or any file
# content from outside the static folder. Each run is bounded (WFUZZ_TIMEOUT, default 120 s).
set -uo pipefail
BASE=${1:?base URL}
LIMIT=${WFUZZ_TIMEOUT:-120}
LISTS=/usr/share/wfuzz/wordlist/Injections
TEAM=riverside-first-xi
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
status=0

fuzz() {
  local name=$1 list=$2 filter=$3 url=$4
  echo "--- wfuzz: $name ($(wc -l <"$list") payloads from ${list##*/})"
  timeout "$LIMIT" wfuzz -c -Z --no-cache -t 4 -z "file,$list" \
    --filter "$filter" -f "$OUT/$name.json,json" "$url" >"$OUT/$name.log" 2>&1
  local rc=$?
  local found
  found=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$OUT/$name.json" 2>/dev/null || echo "?")
  local total
  total=$(grep -Eo "Processed Requests: [0-9]+" "$OUT/$name.log" | grep -Eo "[0-9]+" || echo "?")
  echo "    requests: $total, findings: $found"
  if [ "$found" != 0 ]; then
    echo "FAIL: $name"; sed -n '1,40p' "$OUT/$name.log"; status=1
  fi
  if [ "$rc" = 124 ]; then echo "note: $name stopped at the ${LIMIT}s bound"; fi
}

# Reflection only means something for payloads of 4+ characters with one that HTML
# must escape (a payload "1" or "'" is found in any page); every payload is checked
# for 5xx.
# The bundled lists have CRLF line ends: strip the CR, or it becomes part of each payload.
for list in XSS.txt SQL.txt All_attack.txt Traversal.txt; do tr -d '\r' <"$LISTS/$list" >"$OUT/$list"; done
for list in XSS.txt SQL.txt All_attack.txt; do
  grep -E "[<>\"']" "$OUT/$list" | awk 'length >= 4' >"$OUT/escapable-$list"
  # A raw space in a path is refused by the web server before any page (400, empty).
  grep -v " " "$OUT/escapable-$list" >"$OUT/path-escapable-$list"
  for target in "team=FUZZ&show=11" "team=$TEAM&show=FUZZ"; do
    field=${target%%=FUZZ*}; field=${field##*&}
    fuzz "query-${field}-${list%.txt}" "$OUT/escapable-$list" 'c>=500 or content~FUZZ' \
      "$BASE/best/?$target"
  done
  fuzz "path-team-${list%.txt}" "$OUT/path-escapable-$list" 'c>=500 or content~FUZZ' "$BASE/best/FUZZ/11/"
  fuzz "path-size-${list%.txt}" "$OUT/path-escapable-$list" 'c>=500 or content~FUZZ' "$BASE/best/$TEAM/FUZZ/"
  fuzz "5xx-show-${list%.txt}" "$OUT/$list" 'c>=500' "$BASE/best/?team=$TEAM&show=FUZZ"
  fuzz "5xx-size-${list%.txt}" "$OUT/$list" 'c>=500' "$BASE/best/$TEAM/FUZZ/"
done
fuzz static-traversal "$OUT/Traversal.txt" \
  "c>=500 or content~'root:x:' or content~'SECRET' or content~'SQLite format'" "$BASE/static/FUZZ"

exit $status
