#include "scenarios/scenarios.h"

namespace capgen {
void add_tcp_captures(CaptureSet&) {}
}  // namespace capgen
