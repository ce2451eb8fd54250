# Finishes the root filesystem of localhost/node:<major>-distroless (hack/image/base-images.sh):
# $1 is the root filesystem; NODE_BINARY names the node binary. Keeps libc, libstdc++, libgcc_s and a CA bundle;
# drops what the extract pulled in for ca-certificates' maintainer scripts (openssl, perl, debconf).
set -eu
rootfs=$1
node=$NODE_BINARY
install -D -m 0755 "$node" "$rootfs/usr/local/bin/node"
# The npm build of node carries its debug info (about 18 MB); nothing at run time reads it.
if command -v strip >/dev/null 2>&1; then strip --strip-debug "$rootfs/usr/local/bin/node"; fi
mkdir -p "$rootfs/etc/ssl/certs" "$rootfs/tmp" "$rootfs/home/node"
cat "$rootfs"/usr/share/ca-certificates/*/*.crt >"$rootfs/etc/ssl/certs/ca-certificates.crt"
chmod 1777 "$rootfs/tmp"
chown 1000:1000 "$rootfs/home/node"
printf 'root:x:0:0:root:/root:/sbin/nologin\nnode:x:1000:1000::/home/node:/sbin/nologin\n' >"$rootfs/etc/passwd"
printf 'root:x:0:\nnode:x:1000:\n' >"$rootfs/etc/group"
rm -rf "$rootfs"/usr/share/ca-certificates "$rootfs"/usr/share/perl5 "$rootfs"/usr/share/debconf \
  "$rootfs"/usr/lib/ssl "$rootfs"/usr/bin/openssl "$rootfs"/usr/bin/debconf* "$rootfs"/usr/sbin/update-ca-certificates \
  "$rootfs"/usr/sbin/dpkg-* "$rootfs"/var/lib/dpkg "$rootfs"/var/cache \
  "$rootfs"/var/lib/apt "$rootfs"/usr/share/bash-completion "$rootfs"/usr/share/gdb "$rootfs"/usr/share/pixmaps \
  "$rootfs"/usr/share/gcc "$rootfs"/etc/apt
find "$rootfs" -name 'libcrypto.so*' -o -name 'libssl.so*' -o -name 'engines-3' -o -name 'ossl-modules' | xargs rm -rf
