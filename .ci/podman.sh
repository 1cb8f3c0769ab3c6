#!/usr/bin/env bash
# Installs (if needed) what the release harness (tests/Release.Tests) runs containers with: Debian's podman and
# buildah, the runc runtime (crun refuses these machines' hybrid cgroups) and debootstrap for the stand-in base
# images. Prints nothing on success.
set -euo pipefail
missing=()
for tool in podman:podman buildah:buildah /usr/sbin/runc:runc debootstrap:debootstrap; do
  command -v "${tool%%:*}" >/dev/null 2>&1 || missing+=("${tool##*:}")
done
[ -x /usr/lib/podman/netavark ] || missing+=(netavark)
# netavark sets up pod networks with iptables and fails with "No such file or directory" without it; a fresh
# machine may lack it.
command -v iptables >/dev/null 2>&1 || missing+=(iptables)
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq
  # The same set as on the machines the harness was measured on: netavark and aardvark-dns for pod networks,
  # and podman's own recommendations.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" netavark aardvark-dns iptables uidmap slirp4netns fuse-overlayfs >/dev/null
fi
