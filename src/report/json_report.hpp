#pragma once

#include <string>

#include "model/session.hpp"

namespace mailscope {

// One session as the version-1 JSON report of DESIGN.md writes it (the report itself is
// written by JsonReportWriter, report_writer.hpp).
std::string to_json_text(const Session& session);

}  // namespace mailscope
