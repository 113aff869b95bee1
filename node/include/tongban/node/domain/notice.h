// The one-time notice (一次性告知书): everything the applicant still has to bring,
// listed once and completely, so nobody makes a second trip to learn of a third.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "tongban/node/domain/case.h"
#include "tongban/node/domain/catalog.h"

namespace tongban::node {

struct NoticeLine {
  MaterialSpec material;
  std::string why;  // "容缺受理, due 2026-03-20" / "required, not provided"
};

struct OneTimeNotice {
  std::string station_name;
  std::string item_name;
  std::string item_code;
  std::string case_no;         // empty when no case was received
  std::string applicant_name;  // masked
  Date issued;
  std::vector<NoticeLine> lines;
};

// For a received case: the materials it still owes (tolerated or committed).
OneTimeNotice NoticeForCase(const CaseRecord& c, const ServiceItem& item,
                            const std::string& station_name, Date issued);
// For an application not received: the required materials not in `have`.
OneTimeNotice NoticeForItem(const ServiceItem& item, const std::vector<std::string>& have,
                            const std::string& station_name, Date issued);

// Plain text in Chinese, ready for a receipt printer or the terminal.
std::string RenderNoticeText(const OneTimeNotice& notice);

}  // namespace tongban::node
