#pragma once

#include <pcap/dlt.h>

namespace mailscope {

// Link-type numbers that libpcap 1.10's <pcap/dlt.h> may lack or that differ between a file's
// LINKTYPE_* field and libpcap's DLT_* values.
constexpr int kDltLinuxSll2 = 276;  // DLT_LINUX_SLL2, Linux cooked capture v2
constexpr int kDltIPv4 = 228;       // LINKTYPE_IPV4 = DLT_IPV4
constexpr int kDltIPv6 = 229;       // LINKTYPE_IPV6 = DLT_IPV6
constexpr int kLinktypeRaw = 101;   // LINKTYPE_RAW as stored in files

// Files store LINKTYPE_* values; libpcap's API (and our link layer) speaks DLT_*. They agree
// except for a few historical numbers, of which only raw IP matters to mailscope.
constexpr int linktype_to_dlt(int linktype) {
  return linktype == kLinktypeRaw ? DLT_RAW : linktype;
}

}  // namespace mailscope
