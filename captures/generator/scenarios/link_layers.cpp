#include "scenarios/scenarios.h"

namespace capgen {
void add_link_layer_captures(CaptureSet&) {}
}  // namespace capgen
