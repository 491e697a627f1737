#!/usr/bin/env bash
# The .deb as a facility gets it: checked, installed with apt into a clean Debian root made by debootstrap
# (so only its declared Depends come in), then `sango --version` and the window started from there.
#   scripts/package-test.sh target/debug/bundle/deb/sango_0.1.0_amd64.deb [SHOT.png]
# Needs root, debootstrap, and on the host x11-utils, xdotool and imagemagick (the checks look into the
# root's X display from outside, so they pull nothing into the root that could hide a missing Depends).
set -euo pipefail

DEB=$(realpath "${1:?usage: $0 PACKAGE.deb [SCREENSHOT.png]}")
SHOT=$(realpath -m "${2:-$(dirname "$DEB")/package-test-first-screen.png}")
WAIT=${SANGO_PACKAGE_WAIT:-8} # seconds the window must stay up
TITLE=産後ケア台帳
VERSION=$(dpkg-deb -f "$DEB" Version)
fail() { echo "package-test: FAIL: $*" >&2; exit 1; }
step() { echo "package-test: $*"; }
t0=$SECONDS
lap() { echo "package-test: $1 took $((SECONDS - t0)) s"; t0=$SECONDS; }

# --- 1. The package itself -------------------------------------------------------------------------
[ "$(dpkg-deb -f "$DEB" Package)" = sango ] || fail "package name is not sango"
files=$(dpkg-deb -c "$DEB" | awk '{print $NF}')
for f in usr/bin/sango usr/bin/sango-app usr/share/applications/sango.desktop \
	usr/share/icons/hicolor/128x128/apps/sango-app.png; do
	grep -qx "\\./$f\\|$f" <<<"$files" || fail "$f is not in the package"
done
desktop=$(dpkg-deb --fsys-tarfile "$DEB" | tar -xO usr/share/applications/sango.desktop)
for line in "Name=$TITLE" "Exec=sango-app" "Icon=sango-app" "Categories=Office;" "Type=Application"; do
	grep -qx "$line" <<<"$desktop" || fail "the desktop entry has no line $line"
done
# Every library package the two binaries link against must be a declared Depends (dpkg-shlibdeps
# reads the binaries' NEEDED entries against this machine's Debian, as a Debian package build would).
unpacked=$(mktemp -d)
trap 'rm -rf "$unpacked"' EXIT
dpkg-deb -x "$DEB" "$unpacked"
mkdir -p "$unpacked/debian" && printf 'Source: sango\n\nPackage: sango\nArchitecture: any\n' >"$unpacked/debian/control"
needed=$(cd "$unpacked" && dpkg-shlibdeps -O usr/bin/sango usr/bin/sango-app 2>/dev/null | sed 's/^shlibs:Depends=//')
declared=$(dpkg-deb -f "$DEB" Depends)
for pkg in $(tr ',' '\n' <<<"$needed" | awk '{print $1}'); do
	tr ',' '\n' <<<"$declared" | awk '{print $1}' | grep -qx "$pkg" || fail "links against $pkg, which Depends does not name"
done
rm -rf "$unpacked"
step "package checked: files, desktop entry, Depends ⊇ dpkg-shlibdeps ($needed)"

# --- 2. A clean root from the mirror this machine's apt uses ------------------------------------------
SUITE=$(. /etc/os-release && echo "$VERSION_CODENAME")
MIRROR=${SANGO_DEBIAN_MIRROR:-$(
	{ cat /etc/apt/sources.list.d/*.sources 2>/dev/null; echo; } | awk -v s="$SUITE" '
		/^URIs:/ {u=$2} /^Suites:/ {for (i=2; i<=NF; i++) if ($i==s) ok=1}
		/^$/ {if (ok && u) {print u; exit} u=""; ok=0}'
	grep -hs "^deb .* $SUITE " /etc/apt/sources.list /etc/apt/sources.list.d/*.list | awk '{print $2}' || true
)}
MIRROR=$(head -n1 <<<"$MIRROR")
[ -n "$MIRROR" ] || fail "no Debian mirror for $SUITE in /etc/apt/sources.list*"

ROOT=$(mktemp -d /tmp/sango-package-root.XXXXXX)
chmod 755 "$ROOT" # mktemp's 0700 would shut out the root's own users (_apt, the clerk below)
MOUNTS=()
cleanup() {
	local rc=$?
	set +e # clean up all the way, whatever fails
	# Only the processes running inside this root (started here): the app, WebKit's helpers, Xvfb.
	for sig in TERM KILL; do
		for p in /proc/[0-9]*; do
			[ "$(readlink "$p/root" 2>/dev/null)" = "$ROOT" ] && kill -s "$sig" "${p#/proc/}" 2>/dev/null
		done
		sleep 1
	done
	for ((i = ${#MOUNTS[@]} - 1; i >= 0; i--)); do
		umount -R "${MOUNTS[i]}" 2>/dev/null || umount -R -l "${MOUNTS[i]}" || true
	done
	# Never rm -rf through a mount (the root's /dev is the host's /dev).
	if findmnt -rno TARGET | grep -q "^$ROOT"; then
		echo "package-test: $ROOT still has mounts; left in place" >&2
	else
		rm -rf "$ROOT"
	fi
	exit "$rc"
}
trap cleanup EXIT INT TERM
mnt() { mount "$@" && MOUNTS+=("${*: -1}"); } # the mount point last

step "debootstrap $SUITE from $MIRROR into $ROOT"
debootstrap --variant=minbase "$SUITE" "$ROOT" "$MIRROR" >"$ROOT.log" 2>&1 || { tail -20 "$ROOT.log"; rm -f "$ROOT.log"; fail "debootstrap"; }
rm -f "$ROOT.log"
lap debootstrap
mnt -t proc proc "$ROOT/proc"
mnt -t sysfs sysfs "$ROOT/sys"
# The host's /dev with its /dev/shm (WebKit's shared memory) and /dev/pts; a slave, so that nothing
# mounted or unmounted under the root's /dev reaches the host's.
mnt --rbind /dev "$ROOT/dev"
mount --make-rslave "$ROOT/dev"
# A throwaway root: no services started by package scripts, and dpkg without its per-file fsync.
printf '#!/bin/sh\nexit 101\n' >"$ROOT/usr/sbin/policy-rc.d" && chmod 755 "$ROOT/usr/sbin/policy-rc.d"
echo force-unsafe-io >"$ROOT/etc/dpkg/dpkg.cfg.d/unsafe-io"
cp "$DEB" "$ROOT/tmp/sango.deb"
in_root() { chroot "$ROOT" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "$@"; }

# No recommends: what the package declares must be enough to run it. fonts-noto-cjk (which it
# recommends) is asked for by name so the screenshot reads as a user's would.
step "apt install ./sango.deb xvfb xauth fonts-noto-cjk"
in_root apt-get update -qq
before=$(in_root dpkg-query -f '.\n' -W | wc -l)
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	/tmp/sango.deb xvfb xauth fonts-noto-cjk >"$ROOT/tmp/apt.log" 2>&1 || { tail -20 "$ROOT/tmp/apt.log"; fail "apt install"; }
lap "apt install of $(($(in_root dpkg-query -f '.\n' -W | wc -l) - before)) packages"
in_root dpkg-query -W -f='${Status}' sango | grep -q "install ok installed" || fail "sango is not installed"
missing=$(in_root ldd /usr/bin/sango-app /usr/bin/sango | grep "not found" || true)
[ -z "$missing" ] || fail "libraries missing in the clean root: $missing"

# --- 3. The CLI and the window, as an ordinary user with a fresh home ---------------------------------
got=$(in_root sango --version)
[ "$got" = "sango $VERSION" ] || fail "sango --version printed '$got', not 'sango $VERSION'"
step "sango --version: $got"

in_root useradd -m -s /bin/sh clerk
as_clerk() {
	chroot --userspec=clerk:clerk "$ROOT" /usr/bin/env -i PATH=/usr/bin:/bin HOME=/home/clerk LANG=C.UTF-8 \
		XDG_DATA_HOME=/home/clerk/data XDG_CONFIG_HOME=/home/clerk/config XDG_CACHE_HOME=/home/clerk/cache "$@"
}
# The installed CLI does real work too: a ward set up in a folder of its own, private to the user.
as_clerk sango init --ward --data-dir /home/clerk/ward >/dev/null || fail "sango init --ward in the clean root"
[ "$(stat -c %a "$ROOT/home/clerk/ward")" = 700 ] || fail "sango init made a data folder that is not 0700"
step "sango init --ward: a 0700 data folder"
# A display number free on the host too: X's abstract socket is shared with the root.
n=150
while [ -e "/tmp/.X$n-lock" ] || [ -e "$ROOT/tmp/.X$n-lock" ] || grep -q "@/tmp/.X11-unix/X$n\$" /proc/net/unix; do
	n=$((n + 1))
done
as_clerk xvfb-run -n "$n" -f /home/clerk/Xauthority -s "-screen 0 1280x800x24" sango-app >"$ROOT/tmp/app.log" 2>&1 &
started=$SECONDS
export DISPLAY=:$n XAUTHORITY=$ROOT/home/clerk/Xauthority
app_pid() {
	for p in /proc/[0-9]*; do
		[ "$(readlink "$p/root" 2>/dev/null)" = "$ROOT" ] && [ "$(readlink "$p/exe" 2>/dev/null)" = "$ROOT/usr/bin/sango-app" ] && {
			echo "${p#/proc/}"
			return
		}
	done
	return 0
}
window=""
for _ in $(seq 60); do
	window=$(xdotool search --onlyvisible --name "$TITLE" 2>/dev/null | head -n1) && [ -n "$window" ] && break
	[ -z "$(app_pid)" ] && [ $SECONDS -gt $((started + 5)) ] && { cat "$ROOT/tmp/app.log"; fail "sango-app exited before a window"; }
	sleep 0.5
done
[ -n "$window" ] || { cat "$ROOT/tmp/app.log"; fail "no window named $TITLE within 30 s"; }
lap "window mapped"
sleep "$WAIT"
pid=$(app_pid)
[ -n "$pid" ] || { cat "$ROOT/tmp/app.log"; fail "sango-app did not stay up $WAIT s"; }
xwininfo -id "$window" | grep -q "Map State: IsViewable" || fail "the window is not mapped"
import -window root "$SHOT"
colours=$(convert "$SHOT" -format '%k' info:)
[ "$colours" -gt 50 ] || fail "the screen is near blank ($colours colours): the page did not render"
step "sango-app (pid $pid) up ${WAIT} s in window $window \"$TITLE\", $colours colours; screenshot $SHOT"
echo "package-test: passed"
