#!/usr/bin/env bash
# Static analysis of the library, the command and the viewer: cppcheck's
# warning, performance and portability checks must report nothing.
# usage: cppcheck.sh REPO_ROOT   (exit 77, a skip, when cppcheck is missing)
set -u
root=$1
command -v cppcheck >/dev/null || { echo "cppcheck not installed: skipped"; exit 77; }
cd "$root" || exit 1
dirs=(sim)
[ -d viz ] && ls viz/*.c >/dev/null 2>&1 && dirs+=(viz)
cppcheck --quiet --error-exitcode=1 --enable=warning,performance,portability --std=c11 \
  --inline-suppr -I include -I sim "${dirs[@]}"
