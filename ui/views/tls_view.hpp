#pragma once

#include "views/view_context.hpp"

namespace mailscope::gui {

// What a sniffer learns of a session's TLS without any key: version, cipher suite, server
// name (SNI), ALPN, and the certificate when the wire shows it (TLS 1.2 and older); then
// only record sizes. Below, every TLS session of the capture, to compare them.
void draw_tls_view(ViewContext& ctx);

}  // namespace mailscope::gui
