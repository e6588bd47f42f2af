#!/usr/bin/env bash
# check-install.sh: `make install` into a staging directory, then check what
# landed there: the library with soname libgosoto.so.<major> and its links,
# the headers, a gosoto.pc whose flags build and link a program that runs.
source "$(dirname "$0")/common.sh"

need "${CC:-cc}" "install a C compiler (Debian: apt-get install build-essential)"
need readelf "install binutils (Debian: apt-get install binutils)"

stage=$(mktemp -d "${TMPDIR:-/tmp}/gosoto-install.XXXXXX")
on_exit "rm -rf '$stage'"
prefix="$stage/usr"

make -s -C "$ROOT" install PREFIX="$prefix" DESTDIR= >/dev/null
version=$(sed -n 's/^#define GOSOTO_VERSION *"\(.*\)"/\1/p' "$ROOT/include/gosoto.h")
major=${version%%.*}

fails=0
check() { # DESCRIPTION COMMAND...
    local what=$1
    shift
    if "$@"; then
        echo "ok: $what"
    else
        echo "FAIL: $what" >&2
        fails=$((fails + 1))
    fi
}

check "lib/libgosoto.so.$version is installed" test -f "$prefix/lib/libgosoto.so.$version"
check "lib/libgosoto.so.$major -> libgosoto.so.$version" \
    test "$(readlink "$prefix/lib/libgosoto.so.$major")" = "libgosoto.so.$version"
check "lib/libgosoto.so -> libgosoto.so.$major" \
    test "$(readlink "$prefix/lib/libgosoto.so")" = "libgosoto.so.$major"
check "the soname is libgosoto.so.$major" \
    bash -c "readelf -d '$prefix/lib/libgosoto.so.$version' | grep -q 'SONAME.*\[libgosoto.so.$major\]'"
check "include/gosoto.h is installed" cmp -s "$ROOT/include/gosoto.h" "$prefix/include/gosoto.h"
for h in "$ROOT"/include/gosoto/*.h; do
    check "include/gosoto/$(basename "$h") is installed" cmp -s "$h" "$prefix/include/gosoto/$(basename "$h")"
done
check "the cgo-written header is not installed" \
    bash -c "! find '$prefix' -name 'libgosoto.h' | grep -q ."
pc="$prefix/lib/pkgconfig/gosoto.pc"
check "gosoto.pc names the prefix and version" \
    bash -c "grep -qx 'prefix=$prefix' '$pc' && grep -qx 'Version: $version' '$pc'"

# Flags from gosoto.pc: through pkg-config when the machine has it, else
# read from the file (the same two lines pkg-config would use).
if command -v pkg-config >/dev/null 2>&1; then
    flags=$(PKG_CONFIG_PATH="$prefix/lib/pkgconfig" pkg-config --cflags --libs gosoto)
else
    log "pkg-config is not installed: reading the flags from gosoto.pc directly"
    flags="-I$prefix/include -L$prefix/lib -lgosoto"
    check "gosoto.pc has the usual Cflags/Libs lines" \
        bash -c "grep -qx 'Cflags: -I\${includedir}' '$pc' && grep -qx 'Libs: -L\${libdir} -lgosoto' '$pc'"
fi
cat >"$stage/prog.c" <<'C'
#include <stdio.h>
#include <string.h>
#include <gosoto.h>
#include <gosoto/all.h>
int main(void)
{
    gosoto_client *c = NULL;
    char *err = NULL;
    int st = gosoto_client_new("{\"service\": \"sqs\", \"region\": \"us-east-1\"}", &c, &err);
    if (st != GOSOTO_OK) { fprintf(stderr, "%s\n", err ? err : "?"); return 1; }
    gosoto_client_free(c);
    printf("%s\n", gosoto_version());
    return strcmp(gosoto_version(), GOSOTO_VERSION) == 0 ? 0 : 1;
}
C
# shellcheck disable=SC2086
check "a program builds with gosoto.pc's flags" \
    ${CC:-cc} -std=c99 -Wall -Wextra -Werror -pedantic -o "$stage/prog" "$stage/prog.c" $flags
check "that program runs and sees version $version" \
    bash -c "[ \"\$(LD_LIBRARY_PATH='$prefix/lib' '$stage/prog')\" = '$version' ]"
check "that program needs libgosoto.so.$major" \
    bash -c "readelf -d '$stage/prog' | grep -q 'NEEDED.*\[libgosoto.so.$major\]'"

make -s -C "$ROOT" uninstall PREFIX="$prefix" DESTDIR= >/dev/null
check "make uninstall removes everything it installed" \
    bash -c "[ -z \"\$(find '$prefix' -type f -o -type l)\" ]"

if [[ $fails -ne 0 ]]; then
    die "install: $fails checks failed"
fi
echo "install: all checks passed"
