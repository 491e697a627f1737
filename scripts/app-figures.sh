#!/usr/bin/env bash
# App figures under Xvfb (issue 7), the app beside an empty Tauri window built the same way:
#  1. time from launch to the window mapped, and the proportional set size (PSS) of every app process
#     (sango-app and its WebKit children) once idle — the binary started directly, a facility install;
#  2. PSS after opening each screen (facility: desk with a card answered, calendar, today, payments with a
#     receipt, sync, settings; ward: usage, approvals with a notice, claims, sync, settings), the window
#     driven over tauri-driver by tests/e2e/figures.mjs, the empty window idle under the same driver.
#
#   make app-release                                                            # ui/dist, then the app and CLI
#   cargo build --release -p sango-app --features empty-window --bin empty-window   # the yardstick
#   scripts/app-figures.sh [RUNS]                                               # default 5 runs, medians
#
# Env: APP (default target/release/sango-app, else target/debug/sango-app), SANGO (the CLI, default
# beside APP), EMPTY_APP (default empty-window beside APP; EMPTY_TITLE its window title, "empty"),
# IDLE (seconds before the idle memory is read, default 5), SETTLE (seconds after each screen, default 2),
# SCREENS=0 skips part 2 (it needs tauri-driver and tests/e2e/node_modules: make deps), VERBOSE=1 prints
# each process's share. MB are MiB (the kB of /proc/PID/smaps_rollup ÷ 1024).
# Every run gets fresh data folders set up with the CLI; nothing about the machine is changed.
set -euo pipefail

RUNS=${1:-5}
IDLE=${IDLE:-5}
TITLE="産後ケア台帳"
root=$(cd "$(dirname "$0")/.." && pwd)
if [ -z "${APP:-}" ]; then
  if [ -x "$root/target/release/sango-app" ]; then APP="$root/target/release/sango-app"; else APP="$root/target/debug/sango-app"; fi
fi
APP=$(realpath "$APP")
SANGO=${SANGO:-$(dirname "$APP")/sango}
if [ -z "${EMPTY_APP:-}" ] && [ -x "$(dirname "$APP")/empty-window" ]; then EMPTY_APP="$(dirname "$APP")/empty-window"; fi
for bin in "$APP" "$SANGO"; do
  [ -x "$bin" ] || { echo "not built: $bin (make app, or set APP/SANGO)" >&2; exit 2; }
done
for tool in xvfb-run xdotool; do
  command -v $tool >/dev/null || { echo "missing: $tool (make deps)" >&2; exit 2; }
done

# PSS in kB of a process and all its descendants (WebKitWebProcess, WebKitNetworkProcess…).
pss_tree() {
  local pids=$1 all=$1 kids
  while [ -n "$pids" ]; do
    kids=$(for p in $pids; do cat /proc/$p/task/*/children 2>/dev/null; done | tr '\n' ' ')
    all="$all $kids"; pids=$(echo $kids)
  done
  local total=0 n=0
  for p in $all; do
    v=$(awk '/^Pss:/ {print $2}' /proc/$p/smaps_rollup 2>/dev/null || true)
    [ -n "$v" ] && { total=$((total + v)); n=$((n + 1)); }
  done
  echo "$total $n"
}

# One run inside Xvfb: prints "ms_to_window pss_kb processes".
one_run() {
  local app=$1 title=$2 data
  data=$(mktemp -d)
  export XDG_DATA_HOME="$data" SANGO_DATA_DIR=""
  if [ "$title" = "$TITLE" ]; then
    "$SANGO" --data-dir "$data/ward" init --ward >/dev/null
    "$SANGO" --data-dir "$data/ward" ward-card --out "$data/ward-card.json" >/dev/null
    "$SANGO" --data-dir "$data/jp.nerima.sango" init --facility tsumugi --ward-card "$data/ward-card.json" >/dev/null
  fi
  local t0 t1 pid
  t0=$(date +%s%N)
  "$app" >/dev/null 2>"$data/stderr" &
  pid=$!
  # Polled every 10 ms: `xdotool search --sync` sleeps 500 ms between tries, which rounds every time up.
  until xdotool search --onlyvisible --name "$title" >/dev/null 2>&1; do
    if [ $(( $(date +%s%N) - t0 )) -gt 60000000000 ] || ! kill -0 "$pid" 2>/dev/null; then
      echo "window '$title' not shown (60 s, or the app ended); its last words:" >&2; tail -n 3 "$data/stderr" >&2
      kill "$pid" 2>/dev/null || true; rm -rf "$data"; return 1
    fi
    sleep 0.01
  done
  t1=$(date +%s%N)
  sleep "$IDLE"
  read -r pss n < <(pss_tree "$pid")
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -rf "$data"
  echo "$(( (t1 - t0) / 1000000 )) $pss $n"
}

mb() { awk -v kb="$1" 'BEGIN {printf "%.1f", kb / 1024}'; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2] + a[NR/2+1]) / 2)}'; }

measure() {
  local label=$1 app=$2 title=$3 out
  out=$(mktemp)
  for i in $(seq "$RUNS"); do
    # One retry: GTK now and then fails to open the Xvfb display (1 launch in 10 here).
    r=$(one_run "$app" "$title") || r=$(one_run "$app" "$title") || continue
    echo "$r" >>"$out"
    read -r ms pss n <<<"$r"
    echo "$label run $i: window in ${ms} ms, PSS $(mb "$pss") MB over ${n} processes (idle ${IDLE} s)"
  done
  [ -s "$out" ] && echo "$label median of $(wc -l <"$out"): window in $(cut -d' ' -f1 "$out" | median) ms, PSS $(mb "$(cut -d' ' -f2 "$out" | median)") MB"
  rm -f "$out"
}

if [ -z "${INSIDE_XVFB:-}" ]; then
  echo "machine: $(nproc) cores, $(awk '/MemTotal/ {print int($2/1024)" MB"}' /proc/meminfo), $(uname -sr), load $(cut -d' ' -f1-3 /proc/loadavg)"
  for bin in "$APP" ${EMPTY_APP:+"$EMPTY_APP"}; do echo "binary: $bin ($(du -h "$bin" | cut -f1))"; done
  exec env INSIDE_XVFB=1 APP="$APP" SANGO="$SANGO" EMPTY_APP="${EMPTY_APP:-}" xvfb-run -a -s "-screen 0 1280x800x24" "$0" "$RUNS"
fi
measure "sango-app" "$APP" "$TITLE"
if [ -n "${EMPTY_APP:-}" ]; then
  measure "empty tauri" "$EMPTY_APP" "${EMPTY_TITLE:-empty}"
else
  echo "empty tauri: not measured (build it: cargo build --release -p sango-app --features empty-window --bin empty-window)"
fi

if [ "${SCREENS:-1}" = 0 ]; then exit 0; fi
e2e="$root/tests/e2e"
if ! command -v tauri-driver >/dev/null || [ ! -d "$e2e/node_modules" ]; then
  echo "screens: not measured (needs tauri-driver and tests/e2e/node_modules: make deps)"; exit 0
fi
cd "$e2e" && APP="$APP" SANGO="$SANGO" EMPTY_APP="${EMPTY_APP:-}" IDLE="$IDLE" node figures.mjs "$RUNS"
