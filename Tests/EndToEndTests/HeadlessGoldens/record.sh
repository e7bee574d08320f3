#!/usr/bin/env bash
# Records the headless logs every engine or lab change must reproduce byte for byte
# (HeadlessGoldenTests). Run it only from a commit whose numbers are the reference:
#   Tests/EndToEndTests/HeadlessGoldens/record.sh path/to/release/tinylab
# Each line of commands.txt is: golden file name, then the tinylab arguments.
set -euo pipefail
cd "$(dirname "$0")"
binary="$1"
while read -r name args; do
    [ -z "$name" ] && continue
    # shellcheck disable=SC2086
    "$binary" $args | gzip -9n > "$name.gz"
done < commands.txt
