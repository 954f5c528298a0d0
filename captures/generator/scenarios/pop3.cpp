#include "scenarios/scenarios.h"

namespace capgen {
void add_pop3_captures(CaptureSet&) {}
}  // namespace capgen
