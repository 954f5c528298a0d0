#pragma once

#include <vector>

#include "model/capture_info.hpp"
#include "model/credential.hpp"
#include "model/finding.hpp"
#include "model/session.hpp"

namespace mailscope {

// Everything the report needs: the capture, its sessions in order of their first packet, and
// the credentials and findings that point at them by session id.
struct AnalysisResult {
  CaptureInfo capture;
  std::vector<Session> sessions;
  std::vector<Credential> credentials;
  std::vector<Finding> findings;
};

}  // namespace mailscope
