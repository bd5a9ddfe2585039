#!/usr/bin/env bash
# Smoke test of the built image (deploy/image/build.sh): the embedded start (local SII, PGlite) in a
# container answers /healthz, issues a factura that the local SII accepts, renders its PDF, the agent
# answers (offline), it runs as a non-root user, its HEALTHCHECK passes, and `podman stop` ends it within
# the grace period, both once started and during start-up. Each step is timed; any failure prints the
# container's last log lines and exits 1.
# Usage: deploy/image/smoke.sh [TAG]   (TAG defaults to localhost/dte:ci)
set -euo pipefail
TAG="${1:-localhost/dte:ci}"
GRACE=10
PORT="$(node -e "const s = require('node:net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); })")"
BASE="http://127.0.0.1:$PORT"
NAME="dte-smoke-$$"
CURRENT=""
TOTAL=$SECONDS

# podman without the noise of its missing systemd (no timer for the HEALTHCHECK: it is run by hand below).
pm() { podman "$@" 2> >(grep -v 'unable to get systemd connection' >&2); }
step() { printf '[smoke] %s\n' "$*" >&2; }
cleanup() { pm rm -f --time 0 "$NAME" "$NAME-early" >/dev/null 2>&1 || true; }
trap cleanup EXIT
fail() {
  printf '[smoke] FAILED: %s\n' "$*" >&2
  [ -n "$CURRENT" ] && { printf '[smoke] last log lines of %s:\n' "$CURRENT" >&2; podman logs --tail 30 "$CURRENT" >&2 || true; }
  exit 1
}
timed() { local name="$1" start=$SECONDS; shift; "$@" || fail "$name"; step "$name: $((SECONDS - start)) s"; }
json() { node -e "let s = ''; process.stdin.on('data', (d) => s += d).on('end', () => { const v = JSON.parse(s); console.log($1); })"; }

# The same run options everywhere: runc (crun cannot work with this machine's cgroups), rlimits set
# explicitly, host networking on loopback only.
run() {
  local name="$1"
  pm --runtime runc run -d --name "$name" --ulimit nofile=20000:20000 --ulimit nproc=32768:32768 \
    --network host -e HOST=127.0.0.1 -e PORT="$PORT" -e SII_ENV=local --stop-timeout "$GRACE" --health-interval disable "$TAG" >/dev/null
}

wait_healthy() {
  for _ in $(seq 1 480); do
    curl -fsS "$BASE/healthz" >/dev/null 2>&1 && return 0
    [ "$(podman inspect --format '{{.State.Running}}' "$NAME")" = true ] || { step "container exited"; return 1; }
    sleep 0.5
  done
  return 1
}

demo_token() {
  for _ in $(seq 1 40); do
    TOKEN="$(podman logs "$NAME" 2>/dev/null | sed -n 's/^ *export TOKEN=//p' | tail -1)"
    [ -n "$TOKEN" ] && return 0
    sleep 0.5
  done
  return 1
}

issue_factura() {
  local body
  body='{"Encabezado":{"IdDoc":{"TipoDTE":33,"FmaPago":1},"Emisor":{"RUTEmisor":"'"$COMPANY"'","RznSoc":"EMPRESA DE PRUEBA","GiroEmis":"Servicios","Acteco":[620200],"DirOrigen":"Calle Falsa 123","CmnaOrigen":"Santiago"},"Receptor":{"RUTRecep":"77777777-7","RznSocRecep":"Cliente de prueba","GiroRecep":"Comercio","DirRecep":"Calle 2","CmnaRecep":"Santiago"}},"Detalle":[{"NmbItem":"Cajón","QtyItem":3,"PrcItem":1000}]}'
  curl -sS -o "$WORK/issue.json" -X POST "$BASE/v1/documents" -H "Authorization: Bearer $TOKEN" \
    -H 'Content-Type: application/json' -H "Idempotency-Key: smoke-$$" -d "$body" || return 1
  DOC_ID="$(json v.id <"$WORK/issue.json" 2>/dev/null || true)"
  [ -n "$DOC_ID" ] && [ "$DOC_ID" != undefined ] || { step "POST /v1/documents answered: $(head -c 600 "$WORK/issue.json")"; return 1; }
}

until_accepted() {
  local state=""
  for _ in $(seq 1 120); do
    state="$(curl -fsS "$BASE/v1/documents/$DOC_ID" -H "Authorization: Bearer $TOKEN" | json v.state)"
    [ "$state" = accepted ] && return 0
    case "$state" in rejected|failed) step "document $DOC_ID is $state"; return 1 ;; esac
    sleep 0.5
  done
  step "document $DOC_ID still $state"
  return 1
}

pdf() {
  curl -fsS "$BASE/v1/documents/$DOC_ID/pdf" -H "Authorization: Bearer $TOKEN" -o "$WORK/doc.pdf" \
    && [ "$(head -c 5 "$WORK/doc.pdf")" = '%PDF-' ] && [ "$(stat -c %s "$WORK/doc.pdf")" -gt 1000 ]
}

agent() {
  local answer
  answer="$(curl -fsS -X POST "$BASE/v1/agent/ask" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d '{"question": "me equivoqué en la dirección del cliente, ¿cómo lo corrijo?"}' | json 'v.answer ?? ""')"
  [ "${#answer}" -gt 20 ] || { step "agent answered: $answer"; return 1; }
}

non_root() {
  local uid
  uid="$(podman exec "$NAME" id -u)"
  [ "$uid" = 1000 ] || { step "runs as uid $uid"; return 1; }
  [ "$(podman inspect --format '{{.Config.User}}' "$TAG")" = node ]
}

healthcheck() { pm healthcheck run "$NAME" >/dev/null; }

# Stops NAME and checks it ended before the grace period on the SIGTERM: exit 0 (its handler), or 143
# (killed by the SIGTERM itself, before node registered its handlers), never SIGKILL (137).
stop_within_grace() {
  local name="$1" start=$SECONDS code
  pm stop --time "$GRACE" "$name" >/dev/null
  code="$(podman inspect --format '{{.State.ExitCode}}' "$name")"
  step "$name stopped in $((SECONDS - start)) s with exit code $code"
  { [ "$code" = 0 ] || [ "$code" = 143 ]; } && [ $((SECONDS - start)) -lt "$GRACE" ]
}

stop_during_startup() {
  local early="$NAME-early"
  CURRENT="$early"
  pm --runtime runc run -d --name "$early" --ulimit nofile=20000:20000 --ulimit nproc=32768:32768 \
    --network host -e HOST=127.0.0.1 -e PORT=0 -e SII_ENV=local --health-interval disable "$TAG" >/dev/null
  sleep 2
  curl -fsS "$BASE/healthz" >/dev/null 2>&1 && step "(note: another service answers on $PORT)"
  stop_within_grace "$early"
}

WORK="$(mktemp -d /tmp/dte-smoke.XXXXXX)"
trap 'cleanup; rm -rf "$WORK"' EXIT
podman image exists "$TAG" || fail "no image $TAG: run deploy/image/build.sh first"
CURRENT="$NAME"
timed "start container" run "$NAME"
timed "/healthz answers" wait_healthy
timed "demo token printed" demo_token
COMPANY="$(podman logs "$NAME" 2>/dev/null | sed -n 's/^Demo company \([0-9]*-[0-9kK]\).*/\1/p' | tail -1)"
[ -n "$COMPANY" ] || fail "no demo company in the start's output"
timed "factura issued" issue_factura
timed "factura $DOC_ID accepted by the local SII" until_accepted
timed "PDF rendered" pdf
timed "agent answers (offline)" agent
timed "runs as non-root (uid 1000, user node)" non_root
timed "HEALTHCHECK passes" healthcheck
timed "podman stop within ${GRACE} s" stop_within_grace "$NAME"
timed "podman stop during start-up within ${GRACE} s" stop_during_startup
step "image $TAG passed in $((SECONDS - TOTAL)) s"
