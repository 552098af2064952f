#!/bin/sh
# The Debian package and what it installs, used as a user would: built with
# CPack from a build configured for /usr, unpacked into a scratch root
# (dpkg -x: repeatable, needs no root), then the installed program renders an
# installed sample, and examples/minimal.c is built against the installed
# library through pkg-config and through find_package(rostrum); a program
# that calls the library as one built against 0.1.0 does renders the same.
#   package.sh deb | render | pkgconfig | find_package | prefix
# "deb" builds and unpacks into $PACKAGE_DIR; the others use what it left there.
set -eu
case_name=${1:?usage: package.sh deb|render|pkgconfig|find_package|prefix}
: "${SOURCE_DIR:?}" "${PACKAGE_DIR:?}" "${VERSION:?}"
root=$PACKAGE_DIR/root
. "$(dirname "$0")/scratch.sh"
# nothing from the build tree
unset ROSTRUM_DATA_DIR LD_LIBRARY_PATH PKG_CONFIG_PATH

multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || gcc -print-multiarch)
arch=$(dpkg --print-architecture)
deb=$PACKAGE_DIR/rostrum_${VERSION}_$arch.deb
libdir=$root/usr/lib/$multiarch

# probe FILE MIN_SECONDS: an Ogg Opus file of at least that long, with chapters
probe() {
    ffprobe -v error -show_entries stream=codec_name:format=duration -show_chapters "$1" \
        >"$work/probe" 2>"$work/err" || fail "ffprobe $1"
    grep -qx "codec_name=opus" "$work/probe" || fail "$1 is not Opus: $(cat "$work/probe")"
    duration=$(sed -n 's/^duration=//p' "$work/probe")
    awk -v d="$duration" -v min="$2" 'BEGIN { exit !(d >= min) }' || fail "$1 lasts $duration s, not $2 or more"
    grep -q "^\[CHAPTER\]" "$work/probe" || fail "$1 has no chapters"
}

[ "$case_name" = deb ] || [ -x "$root/usr/bin/rostrum" ] || fail "no unpacked package in $root (run the deb case first)"

case $case_name in
deb)
    for tool in cpack dpkg-deb dpkg-shlibdeps; do
        command -v "$tool" >/dev/null 2>&1 || fail "$tool is missing (scripts/install-deps --test installs dpkg-dev)"
    done
    rm -rf "$PACKAGE_DIR"
    mkdir -p "$PACKAGE_DIR"
    cmake -S "$SOURCE_DIR" -B "$PACKAGE_DIR/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_INSTALL_PREFIX=/usr \
        -DROSTRUM_BUILD_TESTS=OFF >"$work/log" 2>&1 || { cat "$work/log"; fail "configure"; }
    cmake --build "$PACKAGE_DIR/build" -j 2 >"$work/log" 2>&1 || { tail -n 30 "$work/log"; fail "build"; }
    (cd "$PACKAGE_DIR/build" && cpack -G DEB -B "$PACKAGE_DIR") >"$work/log" 2>&1 || { cat "$work/log"; fail "cpack"; }
    [ -f "$deb" ] || fail "no $(basename "$deb"): $(ls "$PACKAGE_DIR")"
    dpkg-deb -f "$deb" Package Version Architecture Depends >"$PACKAGE_DIR/control"
    dpkg-deb -c "$deb" >"$PACKAGE_DIR/contents"
    grep -qx "Package: rostrum" "$PACKAGE_DIR/control" && grep -qx "Version: $VERSION" "$PACKAGE_DIR/control" ||
        fail "control: $(cat "$PACKAGE_DIR/control")"
    depends=$(sed -n 's/^Depends: //p' "$PACKAGE_DIR/control")
    # computed, not guessed: every library the program and librostrum link
    # (their NEEDED entries) comes from a package that Depends names, with
    # the minimum version dpkg-shlibdeps works out from the symbols used
    dpkg-deb -x "$deb" "$work/check"
    for object in "$work/check/usr/bin/rostrum" "$work/check/usr/lib/$multiarch/librostrum.so.$VERSION"; do
        readelf -d "$object" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'
    done | sort -u >"$work/needed"
    grep -q "^libespeak-ng.so" "$work/needed" || fail "librostrum does not link libespeak-ng? $(cat "$work/needed")"
    while read -r soname; do
        [ "${soname#librostrum.so}" = "$soname" ] || continue # in this very package
        path=$(ldconfig -p | awk -v s="$soname" '$1 == s && /x86-64|'"$arch"'/ { print $NF; exit }')
        [ -n "$path" ] || path=$(ldconfig -p | awk -v s="$soname" '$1 == s { print $NF; exit }')
        [ -n "$path" ] || fail "cannot find $soname on this machine"
        # dpkg knows a file by the path it was unpacked to (/lib or /usr/lib)
        package=
        for candidate in "$path" "$(readlink -f "$path")" "/usr${path#/usr}" "${path#/usr}"; do
            [ -n "$package" ] || package=$(dpkg -S "$candidate" 2>/dev/null | head -n 1 | cut -d: -f1)
        done
        [ -n "$package" ] || fail "no package owns $path"
        echo "$depends" | tr ',' '\n' | grep -Eq "^ *$package \(>= [^)]+\)" ||
            fail "Depends lacks a versioned $package (for $soname): $depends"
    done <"$work/needed"
    # the package holds everything "cmake --install" puts in place
    for path in ./usr/bin/rostrum "./usr/lib/$multiarch/librostrum.so.$VERSION" ./usr/include/rostrum.h \
        "./usr/lib/$multiarch/pkgconfig/rostrum.pc" "./usr/lib/$multiarch/cmake/rostrum/rostrumConfig.cmake" \
        "./usr/lib/$multiarch/cmake/rostrum/rostrumTargets.cmake" ./usr/share/man/man1/rostrum.1.gz \
        ./usr/share/bash-completion/completions/rostrum ./usr/share/rostrum/voices/en-statement.voice \
        ./usr/share/rostrum/voices/en.lexicon ./usr/share/rostrum/samples/en_statement.md \
        ./usr/share/doc/rostrum/copyright ./usr/share/doc/rostrum/examples/minimal.c; do
        grep -q " $path\( \|\$\)" "$PACKAGE_DIR/contents" || fail "the package lacks $path"
    done
    grep -q " ./usr/lib/$multiarch/librostrum.so.0 -> librostrum.so.$VERSION\$" "$PACKAGE_DIR/contents" ||
        fail "no SONAME link librostrum.so.0"
    [ "$(readelf -d "$work/check/usr/lib/$multiarch/librostrum.so.$VERSION" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')" = \
        librostrum.so.0 ] || fail "the SONAME is not librostrum.so.0"
    dpkg-deb -x "$deb" "$root"
    ;;
render)
    # the unpacked program finds its library ($ORIGIN) and its data (beside
    # the library) inside the scratch root: no LD_LIBRARY_PATH, no ROSTRUM_DATA_DIR
    loaded=$(ldd "$root/usr/bin/rostrum" | sed -n 's/.*librostrum.so.0 => \(.*\) (0x.*/\1/p')
    [ -n "$loaded" ] && [ "$(readlink -f "$loaded")" = "$(readlink -f "$libdir/librostrum.so.0")" ] ||
        fail "the installed program does not load the installed library: $loaded"
    "$root/usr/bin/rostrum" --version >"$work/version" || fail "--version"
    grep -qx "rostrum $VERSION" "$work/version" || fail "--version: $(cat "$work/version")"
    "$root/usr/bin/rostrum" voices >"$work/voices" 2>"$work/err" || fail "voices"
    grep -q "^preset  *en-statement .*\[built-in: $root/usr/share/rostrum/voices/en-statement.voice\]\$" "$work/voices" ||
        fail "the installed data is not the one used: $(grep en-statement "$work/voices")"
    sample=$root/usr/share/rostrum/samples/en_statement.md
    "$root/usr/bin/rostrum" render "$sample" -o "$work/statement.opus" --manifest "$work/statement.json" \
        --quiet 2>"$work/err" || fail "render of the installed sample"
    probe "$work/statement.opus" 30
    grep -q '"paragraph"' "$work/statement.json" || fail "manifest"
    # the installed manual page and completion are usable as installed
    if command -v man >/dev/null 2>&1; then
        MANWIDTH=80 man -l "$root/usr/share/man/man1/rostrum.1.gz" 2>"$work/err" | grep -q -- "--voice-map" ||
            fail "the installed manual page"
    fi
    bash -c ". '$root/usr/share/bash-completion/completions/rostrum' && complete -p rostrum" >/dev/null ||
        fail "the installed completion does not load"
    ;;
pkgconfig)
    # what a program built against a real /usr install is told ...
    export PKG_CONFIG_LIBDIR="$libdir/pkgconfig"
    [ "$(pkg-config --modversion rostrum)" = "$VERSION" ] || fail "pkg-config --modversion"
    [ "$(pkg-config --variable=libdir rostrum)" = "/usr/lib/$multiarch" ] &&
        [ "$(pkg-config --variable=includedir rostrum)" = /usr/include ] || fail "rostrum.pc does not describe /usr"
    # ... and the same through the scratch root
    export PKG_CONFIG_SYSROOT_DIR="$root"
    flags=$(pkg-config --cflags --libs rostrum) || fail "pkg-config --cflags --libs rostrum"
    # shellcheck disable=SC2086
    flags=$(echo $flags) # one space between flags
    [ "$flags" = "-I$root/usr/include -L$libdir -lrostrum" ] || fail "pkg-config gives: $flags"
    # shellcheck disable=SC2086
    cc -std=c11 -Wall -Wextra -Werror "$root/usr/share/doc/rostrum/examples/minimal.c" $flags -o "$work/minimal" \
        2>"$work/err" || fail "cc minimal.c \$(pkg-config --cflags --libs rostrum)"
    LD_LIBRARY_PATH=$libdir "$work/minimal" "$work/minimal.opus" >"$work/out" 2>"$work/err" || fail "minimal"
    grep -q "^$work/minimal.opus: [1-9][0-9]* chapters, rostrum $VERSION\$" "$work/out" || fail "minimal: $(cat "$work/out")"
    probe "$work/minimal.opus" 2
    ffprobe -v error -show_entries stream_tags=title -of default=nw=1:nk=1 "$work/minimal.opus" | grep -qx "Minimal example" ||
        fail "minimal.opus has no TITLE tag"
    ;;
find_package)
    cmake -S "$root/usr/share/doc/rostrum/examples" -B "$work/build" -DCMAKE_PREFIX_PATH="$root/usr" \
        -DCMAKE_BUILD_TYPE=Release >"$work/log" 2>&1 || { cat "$work/log"; fail "find_package(rostrum)"; }
    grep -q "^rostrum_DIR:PATH=$libdir/cmake/rostrum\$" "$work/build/CMakeCache.txt" ||
        fail "found another rostrum: $(grep rostrum_DIR "$work/build/CMakeCache.txt")"
    cmake --build "$work/build" >"$work/log" 2>&1 || { cat "$work/log"; fail "build against rostrum::rostrum"; }
    # CMake gives the program the imported library's folder as its RUNPATH
    "$work/build/minimal" "$work/cmake.opus" >"$work/out" 2>"$work/err" || fail "minimal built by CMake"
    probe "$work/cmake.opus" 2
    ;;
prefix)
    # "cmake --install --prefix DIR" of the same build: rostrum.pc names DIR
    cmake --install "$PACKAGE_DIR/build" --prefix "$work/inst" >"$work/log" 2>&1 || { cat "$work/log"; fail "install"; }
    export PKG_CONFIG_LIBDIR="$work/inst/lib/$multiarch/pkgconfig"
    [ "$(pkg-config --variable=prefix rostrum)" = "$work/inst" ] ||
        fail "rostrum.pc installed under $work/inst says: $(grep '^prefix' "$PKG_CONFIG_LIBDIR/rostrum.pc")"
    flags=$(pkg-config --cflags --libs rostrum) || fail "pkg-config --cflags --libs rostrum"
    # shellcheck disable=SC2086
    cc -std=c11 -Wall -Wextra -Werror "$SOURCE_DIR/examples/minimal.c" $flags \
        -Wl,-rpath,"$(pkg-config --variable=libdir rostrum)" -o "$work/minimal" 2>"$work/err" ||
        fail "cc minimal.c with the flags of the moved install: $(cat "$work/err")"
    "$work/minimal" "$work/minimal.opus" >"$work/out" 2>"$work/err" || fail "minimal against the moved install"
    probe "$work/minimal.opus" 2
    # a program built before the options told their size links the old
    # names and knows only 0.1.0's fields: it still renders, the same bytes
    # as minimal.c, and the library touches nothing past those fields
    # shellcheck disable=SC2086
    cc -std=c11 -Wall -Wextra -Werror "$SOURCE_DIR/tests/old_program.c" $flags \
        -Wl,-rpath,"$(pkg-config --variable=libdir rostrum)" -o "$work/old_program" 2>"$work/err" ||
        fail "cc old_program.c: $(cat "$work/err")"
    nm -D --undefined-only "$work/old_program" >"$work/symbols"
    grep -q " rostrum_create\$" "$work/symbols" && grep -q " rostrum_options_init\$" "$work/symbols" &&
        ! grep -q "_sized\$" "$work/symbols" || fail "old_program does not link the old names: $(grep rostrum "$work/symbols")"
    "$work/old_program" "$work/old_program.opus" >"$work/out" 2>"$work/err" ||
        fail "a program that calls rostrum_create by its 0.1.0 name: $(cat "$work/err")"
    cmp -s "$work/minimal.opus" "$work/old_program.opus" || fail "old_program.opus differs from minimal.opus"
    # and cpack refuses a build that is not for /usr before it stages
    # anything (so the build need not even be built), saying why
    unset PKG_CONFIG_LIBDIR
    cmake -S "$SOURCE_DIR" -B "$work/local" -DCMAKE_INSTALL_PREFIX=/usr/local -DROSTRUM_BUILD_TESTS=OFF \
        >"$work/log" 2>&1 || { cat "$work/log"; fail "configure for /usr/local"; }
    if (cd "$work/local" && cpack -G DEB -B "$work/local/out") >"$work/out" 2>&1; then
        fail "cpack packaged a build for /usr/local"
    fi
    grep -q "CMAKE_INSTALL_PREFIX=/usr" "$work/out" || fail "the refusal does not say what to do: $(cat "$work/out")"
    ! ls "$work/local/out"/*.deb >/dev/null 2>&1 || fail "a package was left behind"
    ;;
*)
    echo "unknown case $case_name" >&2
    exit 2
    ;;
esac
