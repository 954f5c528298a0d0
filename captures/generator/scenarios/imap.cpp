#include "scenarios/scenarios.h"

namespace capgen {
void add_imap_captures(CaptureSet&) {}
}  // namespace capgen
