// Every sample capture, one scenario family per file. Each function adds its captures.
#pragma once

#include <deque>

#include "core/capture.h"

namespace capgen {

using CaptureSet = std::deque<Capture>;

void add_tour_captures(CaptureSet& out);           // tour.cpp
void add_smtp_captures(CaptureSet& out);           // smtp.cpp
void add_smtp_starttls_captures(CaptureSet& out);  // smtp_starttls.cpp
void add_imap_captures(CaptureSet& out);           // imap.cpp
void add_pop3_captures(CaptureSet& out);           // pop3.cpp
void add_link_layer_captures(CaptureSet& out);     // link_layers.cpp
void add_tcp_captures(CaptureSet& out);            // tcp_oddities.cpp

inline CaptureSet all_captures() {
  CaptureSet out;
  add_tour_captures(out);
  add_smtp_captures(out);
  add_smtp_starttls_captures(out);
  add_imap_captures(out);
  add_pop3_captures(out);
  add_link_layer_captures(out);
  add_tcp_captures(out);
  return out;
}

}  // namespace capgen
