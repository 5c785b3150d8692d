#!/usr/bin/env bash
# Builds the release: dist/nflint-VERSION-linux-x86_64.tar.gz and dist/nflint_DEBVERSION_amd64.deb.
# Called by Maven (packaging/pom.xml, profile dist) after the Linux-only shaded jar is made:
#   build-dist.sh VERSION JAR PROJECT_ROOT STAGE_DIR DIST_DIR
# The tree it packs:
#   bin/nflint                     launcher (lib/nflint-run.sh holds its JVM options and CDS logic)
#   runtime/                       jlinked Java runtime: only the modules jdeps finds, plus its own CDS archive
#   lib/nflint.jar                 the application with Z3's Linux x86-64 library
#   share/man/man1/nflint.1.gz     man page
#   share/bash-completion/completions/nflint, share/zsh/site-functions/_nflint
#   share/doc/nflint/              README, licences (THIRD-PARTY.md)
#   share/nflint/training.rules    the dump a first run checks to record lib/nflint.jsa (class data)
set -euo pipefail

version="$1"; jar="$2"; root="$3"; stage="$4"; dist="$5"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
arch_tar="linux-x86_64"
name="nflint-$version"
tree="$stage/$name"

if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
  echo "build-dist: the release is built on Linux x86-64 (this is $(uname -s)-$(uname -m))" >&2
  exit 1
fi
jhome="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
for tool in jdeps jlink; do
  if [ ! -x "$jhome/bin/$tool" ]; then
    echo "build-dist: $jhome/bin/$tool is missing: the release needs a full JDK 17 or later (set JAVA_HOME)" >&2
    exit 1
  fi
done

rm -rf "$stage"
mkdir -p "$tree"/{bin,lib,share/man/man1,share/bash-completion/completions,share/zsh/site-functions,share/doc/nflint,share/nflint} "$dist"

# Modules: what jdeps finds in the jar, less java.desktop, which only Jackson's optional java.beans
# support (@Transient, @ConstructorProperties) refers to; Jackson looks it up reflectively and goes
# on without it. The release tests run every output format on this runtime.
modules="$("$jhome/bin/jdeps" --print-module-deps --ignore-missing-deps --multi-release 17 "$jar")"
modules="$(printf '%s' "$modules" | tr ',' '\n' | grep -v -x 'java.desktop' | paste -sd, -)"
echo "build-dist: runtime modules: $modules"
"$jhome/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files --compress=2 \
  --generate-cds-archive --output "$tree/runtime" >/dev/null
# the no-compressed-oops archive only serves heaps over 32 GB; such a JVM runs without it
rm -f "$tree/runtime/lib/server/classes_nocoops.jsa"
if command -v strip >/dev/null 2>&1; then
  strip --strip-unneeded "$tree/runtime/lib/server/libjvm.so" "$tree"/runtime/lib/*.so 2>/dev/null || true
fi

cp "$jar" "$tree/lib/nflint.jar"
cp "$root/cli/src/main/sh/nflint-run.sh" "$tree/lib/nflint-run.sh"
install -m 0755 "$here/src/bin/nflint" "$tree/bin/nflint"
cp "$root/samples/docker-host.rules" "$tree/share/nflint/training.rules"

sed "s/@VERSION@/$version/" "$here/src/man/nflint.1" | gzip -9n > "$tree/share/man/man1/nflint.1.gz"
"$tree/runtime/bin/java" -Xshare:auto -jar "$tree/lib/nflint.jar" generate-completion \
  > "$tree/share/bash-completion/completions/nflint"
cat > "$tree/share/zsh/site-functions/_nflint" <<'ZSH'
#compdef nflint
# The completion nflint generates is written for bash; zsh runs it through bashcompinit.
autoload -U +X bashcompinit && bashcompinit
_nflint_dir="${${(%):-%x}:A:h}"
for _nflint_bash in "$_nflint_dir/../../bash-completion/completions/nflint" \
    /usr/share/bash-completion/completions/nflint; do
  if [ -f "$_nflint_bash" ]; then source "$_nflint_bash"; break; fi
done
unset _nflint_dir _nflint_bash
ZSH

doc="$tree/share/doc/nflint"
dep_version() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" "$root/pom.xml" | head -1; }
sed -e "s/@ANTLR@/$(dep_version antlr.version)/" -e "s/@Z3@/$(dep_version z3.version)/" \
  -e "s/@PICOCLI@/$(dep_version picocli.version)/" -e "s/@JACKSON@/$(dep_version jackson.version)/" \
  -e "s/@SNAKEYAML@/$(dep_version snakeyaml.version)/" "$here/src/licenses/THIRD-PARTY.md" > "$doc/THIRD-PARTY.md"
cp "$here"/src/licenses/*.txt "$doc/"
# the Apache licence text as Jackson ships it, rather than a copy kept in this repository
(cd "$doc" && "$jhome/bin/jar" xf "$tree/lib/nflint.jar" META-INF/LICENSE && mv META-INF/LICENSE Apache-2.0.txt && rmdir META-INF)
cp "$here/src/README.release.md" "$doc/README.md"

tarball="$dist/$name-$arch_tar.tar.gz"
tar -C "$stage" --owner=0 --group=0 --numeric-owner --sort=name -czf "$tarball" "$name"

# .deb: the same tree under /opt/nflint, the command, man page and completions where Debian looks
debver="$(printf '%s' "$version" | sed 's/-/~/')"
deb_root="$stage/deb"
mkdir -p "$deb_root/opt" "$deb_root/usr/bin" "$deb_root/usr/share/man/man1" \
  "$deb_root/usr/share/bash-completion/completions" "$deb_root/usr/share/zsh/vendor-completions" "$deb_root/DEBIAN"
cp -a "$tree" "$deb_root/opt/nflint"
ln -s /opt/nflint/bin/nflint "$deb_root/usr/bin/nflint"
ln -s /opt/nflint/share/man/man1/nflint.1.gz "$deb_root/usr/share/man/man1/nflint.1.gz"
ln -s /opt/nflint/share/bash-completion/completions/nflint "$deb_root/usr/share/bash-completion/completions/nflint"
cp "$tree/share/zsh/site-functions/_nflint" "$deb_root/usr/share/zsh/vendor-completions/_nflint"
installed_kb="$(du -sk --apparent-size "$deb_root" | cut -f1)"
sed -e "s/@VERSION@/$debver/" -e "s/@SIZE@/$installed_kb/" "$here/src/deb/control" > "$deb_root/DEBIAN/control"
install -m 0755 "$here/src/deb/postinst" "$deb_root/DEBIAN/postinst"
install -m 0755 "$here/src/deb/prerm" "$deb_root/DEBIAN/prerm"
# gzip: xz would save about a quarter of the size but takes minutes on a busy 2-core CI machine
deb="$dist/nflint_${debver}_amd64.deb"
dpkg-deb --root-owner-group -Zgzip -z9 --build "$deb_root" "$deb" >/dev/null

unpacked_kb="$(du -sk --apparent-size "$tree" | cut -f1)"
{
  echo "build-dist: $(basename "$tarball"): $(( $(stat -c %s "$tarball") / 1024 / 1024 )) MB packed, $(( unpacked_kb / 1024 )) MB unpacked"
  echo "build-dist:   runtime $(( $(du -sk --apparent-size "$tree/runtime" | cut -f1) / 1024 )) MB, lib/nflint.jar $(( $(stat -c %s "$tree/lib/nflint.jar") / 1024 / 1024 )) MB"
  echo "build-dist: $(basename "$deb"): $(( $(stat -c %s "$deb") / 1024 / 1024 )) MB"
} | tee "$dist/SIZES.txt"
