#!/bin/sh
# Checks every sample capture against its NAME.expected.json with tshark.
#
#   captures/generator/verify_with_tshark.sh [CAPTURE_DIR] [KEYLOG_DIR]
#
# CAPTURE_DIR defaults to captures/ beside this folder. For each capture, verify_expected.py
# has tshark read the file (format, link type, packet count, TCP streams and analysis flags,
# TLS handshakes), decodes the plaintext mail protocols on its own, and compares sessions,
# transports, TLS version/SNI/cipher, TCP warnings, messages, credentials with their packet
# numbers, and findings; tshark's own SMTP/IMAP/POP dissectors must agree on the credential
# packets. With KEYLOG_DIR (from `mailscope-capgen --out DIR --keylog-dir KEYLOG_DIR`, i.e. the
# same generation run) it also decrypts every TLS capture and checks that mail (or HTTP) is
# inside. Exit status 0 when all captures match.
set -u
here=$(cd "$(dirname "$0")" && pwd)
dir=${1:-"$here/.."}
keys=${2:-}
command -v tshark >/dev/null || { echo "tshark is not installed" >&2; exit 2; }

status=0
count=0
for capture in "$dir"/*.pcap "$dir"/*.pcapng; do
  [ -e "$capture" ] || continue
  count=$((count + 1))
  python3 "$here/verify_expected.py" "$capture" || status=1
  name=$(basename "$capture")
  stem=${name%.pcapng}
  stem=${stem%.pcap}
  if [ -n "$keys" ] && [ -s "$keys/$stem.keys" ]; then
    inside=$(tshark -r "$capture" -o "tls.keylog_file:$keys/$stem.keys" \
      -Y 'tls.app_data and (smtp or imap or pop or http)' 2>/dev/null | wc -l)
    if [ "$inside" -gt 0 ]; then
      echo "     $name: $inside decrypted mail/HTTP packets with the key log"
    else
      echo "FAIL $name: nothing readable inside TLS with $keys/$stem.keys"
      status=1
    fi
  fi
done

# libpcap cannot read a pcapng whose interfaces have different link types; tshark can.
if [ -e "$dir/link-mixed.pcapng" ] && command -v tcpdump >/dev/null; then
  if tcpdump -r "$dir/link-mixed.pcapng" -c 1 >/dev/null 2>&1; then
    echo "note: this libpcap reads link-mixed.pcapng (older ones refuse it)"
  else
    echo "     link-mixed.pcapng: libpcap refuses it, as intended"
  fi
fi

[ "$count" -gt 0 ] || { echo "no captures in $dir" >&2; exit 2; }
[ "$status" -eq 0 ] && echo "all $count captures match their expected.json"
exit $status
