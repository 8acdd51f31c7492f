#!/bin/sh
# Installs the Debian/Ubuntu packages budgetconv needs that are missing.
#   tools/install-deps.sh          what building needs
#   tools/install-deps.sh --test   that, plus the real clients the tests use
#   tools/install-deps.sh --fuzz   that, plus clang and libFuzzer (--enable-fuzzing)
#   tools/install-deps.sh --coverage  --test, plus gcovr (tools/coverage.sh)
set -eu

build="autoconf automake libtool make gcc pkgconf libltdl-dev libcsv-dev
libxlsxwriter-dev libcriterion-dev libjansson-dev libutf8proc-dev unicode-data
zlib1g-dev"
test="python3 python3-openpyxl python3-jsonschema libreoffice-calc-nogui cmark-gfm
parallel rsync bash-completion groff-base man-db mandoc bsdextrautils
python3-pandas gnumeric time"
# libFuzzer and clang's sanitizer runtimes are not a dependency of clang.
fuzz="clang libclang-rt-dev"
coverage="gcovr"

want=$build
[ "${1:-}" = "--test" ] && want="$build $test"
[ "${1:-}" = "--fuzz" ] && want="$build $test $fuzz"
[ "${1:-}" = "--coverage" ] && want="$build $test $coverage"

missing=
for p in $want; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
        missing="$missing $p"
done
[ -z "$missing" ] && exit 0

echo "installing:$missing"
sudo=
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || {
        echo "need root to install:$missing (run as root or install sudo)" >&2
        exit 1
    }
    sudo=sudo
fi
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing
