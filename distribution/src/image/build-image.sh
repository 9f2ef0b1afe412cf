#!/bin/sh
# Builds the container image of the cordon controller without a container registry (docs/kubernetes.md):
#
#   base   Debian bookworm (debootstrap --variant=minbase) with openjdk-17-jre-headless, made from Debian
#          packages only, as an OCI image layout. Made once and kept under $CORDON_IMAGE_CACHE
#          (default ~/.cache/cordon-image), in a folder named after what goes into it.
#   top    one layer with the distribution archive unpacked in /opt/cordon (with its SBOM), the link
#          /usr/local/bin/cordon, and the writable folders /var/lib/cordon (working directory) and /tmp.
#
# Usage: build-image.sh ARCHIVE VERSION OUTPUT.tar
# Writes OUTPUT.tar, an OCI image layout (tag VERSION) in one tar: `skopeo copy oci-archive:OUTPUT.tar ...`,
# `podman load -i OUTPUT.tar`, or `umoci unpack` of the layout for runc. Needs root (debootstrap, chroot,
# file owners), debootstrap, umoci and a reachable Debian mirror (CORDON_IMAGE_MIRROR) for the first base.
set -eu

archive=$1
version=$2
output=$3

suite=bookworm
mirror=${CORDON_IMAGE_MIRROR:-http://deb.debian.org/debian}
packages=openjdk-17-jre-headless
# uid/gid of the user the controller runs as (the same number as in deploy/kubernetes/cordon.yaml)
uid=65532

if [ "$(id -u)" != 0 ]; then
  echo "build-image.sh: not root, so no image is built (debootstrap, chroot and the layers' file owners need root)" >&2
  exit 0
fi
for tool in debootstrap umoci tar; do
  command -v "$tool" >/dev/null 2>&1 || { echo "build-image.sh: needs $tool (apt-get install -y debootstrap umoci)" >&2; exit 1; }
done

cache=${CORDON_IMAGE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cordon-image}
# a change to the recipe below, the suite or the packages makes a new base; bump "recipe" when editing it
key=$(printf '%s\n' recipe-3 "$suite" "$mirror" "$packages" "$uid" | sha256sum | cut -c1-16)
base=$cache/base-$suite-$key
mkdir -p "$cache"

if [ ! -f "$base/index.json" ]; then
  echo "build-image.sh: making the base in $base (debootstrap $suite from $mirror)"
  scratch=$(mktemp -d "$cache/making.XXXXXX")
  trap 'umount "$scratch/rootfs/proc" 2>/dev/null; rm -rf --one-file-system "$scratch"' EXIT
  rootfs=$scratch/rootfs
  debootstrap --variant=minbase "$suite" "$rootfs" "$mirror"
  # ca-certificates-java runs java in its postinst: it needs /proc
  mount -t proc proc "$rootfs/proc"
  chroot "$rootfs" sh -c "apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends $packages && apt-get clean"
  umount "$rootfs/proc"
  # what only the package manager and people read; the packages' copyright files (their licences) and
  # /var/lib/dpkg (scanners list the packages from it) stay
  rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/* "$rootfs"/var/log/* \
    "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/*
  find "$rootfs/usr/share/doc" -mindepth 1 ! -type d ! -name copyright -delete
  # debootstrap leaves the build machine's names here and no /etc/hosts; a runtime may mount its own over
  # them, runc does not, and the demo's PostgreSQL listens on "localhost"
  printf '127.0.0.1 localhost\n::1 localhost ip6-localhost ip6-loopback\n' >"$rootfs/etc/hosts"
  echo cordon >"$rootfs/etc/hostname"
  : >"$rootfs/etc/resolv.conf"
  echo "cordon:x:$uid:$uid:cordon controller:/var/lib/cordon:/usr/sbin/nologin" >>"$rootfs/etc/passwd"
  echo "cordon:x:$uid:" >>"$rootfs/etc/group"
  tar --numeric-owner --xattrs -C "$rootfs" -cf "$scratch/base.tar" .
  umoci init --layout "$scratch/oci"
  umoci new --image "$scratch/oci:base"
  umoci raw add-layer --image "$scratch/oci:base" --history.created_by \
    "debootstrap --variant=minbase $suite; apt-get install --no-install-recommends $packages" "$scratch/base.tar"
  umoci config --image "$scratch/oci:base" --no-history --architecture amd64 --os linux \
    --config.env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    --config.env JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64
  umoci gc --layout "$scratch/oci"
  # a build beside this one may have made it meanwhile: keep the first
  [ -f "$base/index.json" ] || mv "$scratch/oci" "$base"
  rm -rf --one-file-system "$scratch"
  trap - EXIT
else
  echo "build-image.sh: base from the cache, $base"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/cordon-image.XXXXXX")
trap 'rm -rf "$work"' EXIT
cp -a "$base" "$work/oci"

top=$work/top
mkdir -p "$top/opt" "$top/usr/local/bin" "$top/var/lib/cordon" "$top/tmp" "$top/etc/cordon"
tar xzf "$archive" -C "$top/opt"
mv "$top/opt/cordon-$version" "$top/opt/cordon"
ln -s /opt/cordon/bin/cordon "$top/usr/local/bin/cordon"
chown -R 0:0 "$top"
chmod -R go-w "$top/opt"
chown "$uid:$uid" "$top/var/lib/cordon"
chmod 1777 "$top/tmp"
tar --numeric-owner --sort=name -C "$top" -cf "$work/top.tar" .
umoci raw add-layer --image "$work/oci:base" --tag "$version" \
  --history.created_by "cordon-$version.tar.gz in /opt/cordon" "$work/top.tar"
# the entry point is cordon; the default command runs production on the mounted file, `demo` replaces it
umoci config --image "$work/oci:$version" --no-history \
  --config.user "$uid:$uid" \
  --config.entrypoint /usr/local/bin/cordon \
  --config.cmd run --config.cmd --config --config.cmd /etc/cordon/cordon.conf \
  --config.workingdir /var/lib/cordon \
  --config.volume /var/lib/cordon --config.volume /tmp \
  --config.exposedports 8080/tcp --config.exposedports 25520/tcp --config.exposedports 8558/tcp \
  --config.env ANPR_LOG_FORMAT=json \
  --config.env "JAVA_OPTS=-XX:MaxRAMPercentage=75" \
  --config.stopsignal SIGTERM \
  --config.label org.opencontainers.image.title=cordon \
  --config.label "org.opencontainers.image.version=$version" \
  --config.label org.opencontainers.image.licenses=EUPL-1.2 \
  --config.label "org.opencontainers.image.base.name=debian:$suite-minbase+$packages" \
  --config.label nl.opencordon.sbom=/opt/cordon/sbom/cordon.cdx.json
umoci rm --image "$work/oci:base"
umoci gc --layout "$work/oci"
mkdir -p "$(dirname "$output")"
tar -C "$work/oci" -cf "$output.part" .
mv "$output.part" "$output"
echo "build-image.sh: $output ($(du -b "$output" | cut -f1) bytes), tag $version"
