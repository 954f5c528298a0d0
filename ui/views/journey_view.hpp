#pragma once

#include "views/view_context.hpp"

namespace mailscope::gui {

// The journey of a mail: the path from the sender's client to the reader's (five places, three
// hops), each session on its hop, and the capture playing along it. Plaintext lines travel as
// open postcards with their text beside them; TLS records as sealed envelopes with a padlock;
// an eavesdropper on the wire writes down what it could read. Controls: play/pause (space),
// step (left/right), speed, a scrub bar, next finding. The path and the timeline are built in
// ui/journey/ (no drawing there); this file only draws them.
void draw_journey_view(ViewContext& ctx);

}  // namespace mailscope::gui
