#pragma once

#include <string>

namespace mailscope::gui::testing {

// Writes `copies` copies of the Ethernet/IPv4 capture `source` one after another into `out`
// (pcap), each copy's client ports shifted and its time moved on, so every copy is a set of
// sessions of its own: the tour times 1600 is 4800 sessions in 105,600 packets, enough to
// scroll 100,000 rows. Returns the number of packets written (0 on failure).
std::size_t write_repeated_capture(const std::string& source, const std::string& out, int copies);

}  // namespace mailscope::gui::testing
