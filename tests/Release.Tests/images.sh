#!/usr/bin/env bash
# Builds every image the release harness plays, with podman:
#   1. stand-in base images under the exact names the product's Dockerfiles use (they cannot be pulled here),
#      from a debootstrapped Debian 12 and this machine's .NET: see StandIns/;
#   2. the product's six images from its three Dockerfiles, unchanged (the edge Dockerfile once per service);
#   3. the stand-ins for what a cluster provides: PostgreSQL and daprd.
# Stand-ins are built once and kept; the product's images are rebuilt from the working tree on every run (podman's
# layer cache keeps the restore layers). Prints one line per image: "image <name> <seconds>s".
# Usage: tests/Release.Tests/images.sh [TAG]   (TAG: the chart's appVersion by default)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
standins=$here/StandIns
cache=${TODO_RELEASE_CACHE:-/var/tmp/todo-grains-release}
tag=${1:-$(sed -nE 's/^appVersion: *"?([^"]+)"?/\1/p' "$root/helm/todo-grains/Chart.yaml")}
export CONTAINERS_CONF=$standins/containers.conf
mkdir -p "$cache"

pod() { podman --runtime /usr/sbin/runc "$@"; }
# FROM lines of a Dockerfile, as the image names they pull (ARG defaults substituted).
base_image() { # <dockerfile> <stage-pattern>
  local file=$1 pattern=$2 line
  line=$(grep -E "^FROM .*$pattern" "$file" | head -1 | sed -E 's/^FROM +(--platform=[^ ]+ +)?//; s/ +AS .*//')
  while read -r name value; do line=${line//\$\{$name\}/$value}; done < <(sed -nE 's/^ARG ([A-Z_]+)=(.*)/\1 \2/p' "$file")
  echo "$line"
}
timed_build() { # <name> <podman build args...>
  local name=$1 started
  shift
  started=$(date +%s)
  if ! pod build --network=host --build-arg TARGETARCH=amd64 --layers "$@" > "$cache/build-$name.log" 2>&1; then
    tail -50 "$cache/build-$name.log" >&2
    echo "images: building $name failed (whole log: $cache/build-$name.log)" >&2
    exit 1
  fi
  echo "image $name $(( $(date +%s) - started ))s"
}

sdk=$(base_image "$root/Silo/Dockerfile" 'dotnet/sdk')
aspnet=$(base_image "$root/Silo/Dockerfile" 'dotnet/aspnet')
nginx=$(base_image "$root/Frontend/Dockerfile" 'nginx')

# 1. Stand-in bases.
if ! pod image exists localhost/todo-standin/debian:bookworm; then
  started=$(date +%s)
  rm -rf "$cache/rootfs"
  debootstrap --variant=minbase --include=ca-certificates,libicu72,libssl3,tzdata bookworm "$cache/rootfs" \
    http://deb.debian.org/debian > "$cache/debootstrap.log" 2>&1 || { tail -20 "$cache/debootstrap.log" >&2; exit 1; }
  tar -C "$cache/rootfs" -c . | pod import --change 'CMD ["/bin/bash"]' - localhost/todo-standin/debian:bookworm > /dev/null
  rm -rf "$cache/rootfs"
  echo "image todo-standin/debian $(( $(date +%s) - started ))s"
fi
dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
runtime=$(dotnet --list-runtimes | sed -nE 's/^Microsoft.NETCore.App ([^ ]+) .*/\1/p' | sort -V | tail -1)
if ! pod image exists "$sdk"; then
  context=$cache/context-sdk
  rm -rf "$context" && mkdir -p "$context"
  cp -a "$dotnet_root" "$context/dotnet"
  cp /etc/ssl/certs/ca-certificates.crt "$context/"
  timed_build standin-sdk -f "$standins/dotnet-sdk.Containerfile" -t "$sdk" "$context"
  rm -rf "$context"
fi
if ! pod image exists "$aspnet"; then
  context=$cache/context-aspnet
  rm -rf "$context" && mkdir -p "$context/dotnet/shared"
  cp -a "$dotnet_root/dotnet" "$dotnet_root/host" "$context/dotnet/"
  for framework in Microsoft.NETCore.App Microsoft.AspNetCore.App; do
    mkdir -p "$context/dotnet/shared/$framework"
    cp -a "$dotnet_root/shared/$framework/$runtime" "$context/dotnet/shared/$framework/"
  done
  timed_build standin-aspnet -f "$standins/dotnet-aspnet.Containerfile" -t "$aspnet" "$context"
  rm -rf "$context"
fi
if ! pod image exists "$nginx"; then
  timed_build standin-nginx -f "$standins/nginx-unprivileged.Containerfile" -t "$nginx" "$standins"
fi
if ! pod image exists localhost/todo-standin/postgres:15; then
  timed_build standin-postgres -f "$standins/postgres.Containerfile" -t localhost/todo-standin/postgres:15 "$standins"
fi

# 2. The product's images, from the repository root as the Dockerfiles say; restores share one package folder.
nuget=(--volume "$cache/nuget:/root/.nuget/packages")
mkdir -p "$cache/nuget"
timed_build frontend -f "$root/Frontend/Dockerfile" "${nuget[@]}" -t "todo-grains-frontend:$tag" "$root"
timed_build silo -f "$root/Silo/Dockerfile" "${nuget[@]}" -t "todo-grains-silo:$tag" "$root"
for service in Recurring Notification Audit Sync; do
  lower=$(echo "$service" | tr '[:upper:]' '[:lower:]')
  timed_build "$lower" -f "$root/EdgeServices/Dockerfile" "${nuget[@]}" --build-arg "SERVICE=$service" -t "todo-grains-$lower:$tag" "$root"
done

# 3. daprd: the stand-in sidecar published from tests/DaprSidecar.Daprd onto the aspnet stand-in.
context=$cache/context-daprd
rm -rf "$context" && mkdir -p "$context"
dotnet publish "$root/tests/DaprSidecar.Daprd/DaprSidecar.Daprd.csproj" -c Release -o "$context/app" > "$cache/publish-daprd.log" 2>&1 \
  || { tail -30 "$cache/publish-daprd.log" >&2; exit 1; }
timed_build standin-daprd -f "$standins/daprd.Containerfile" -t localhost/todo-standin/daprd:test "$context"
