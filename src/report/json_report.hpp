#pragma once

#include <nlohmann/json.hpp>

#include "model/analysis_result.hpp"

namespace mailscope {

// The version-1 JSON report of DESIGN.md. Secrets are masked unless `reveal`.
nlohmann::ordered_json to_json_report(const AnalysisResult& result, bool reveal);

nlohmann::ordered_json to_json(const Session& session);
nlohmann::ordered_json to_json(const Credential& credential, bool reveal);
nlohmann::ordered_json to_json(const Finding& finding);
nlohmann::ordered_json to_json(const CaptureInfo& capture);

}  // namespace mailscope
