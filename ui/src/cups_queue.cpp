#include "cups_queue.h"

#include <cups/cups.h>


namespace tongban::desk {
namespace {

constexpr MessageDef kNoQueue{"desk.printer_missing", "there is no printer {0} on this computer"};
constexpr MessageDef kRefuses{"desk.printer_refuses", "printer {0} does not take jobs now: {1}"};
constexpr MessageDef kRefusesSilently{"desk.printer_refuses_silently",
                                      "printer {0} does not take jobs now"};
constexpr MessageDef kNoCups{"desk.printer_no_cups",
                             "the print service (CUPS) does not answer: {0}"};
constexpr MessageDef kNotTaken{"desk.printer_not_taken", "printer {0} did not take the job: {1}"};

std::string Option(const cups_dest_t& d, const char* name) {
  const char* v = cupsGetOption(name, d.num_options, d.options);
  return v ? v : "";
}

std::string LastError() {
  const char* e = cupsLastErrorString();
  return e ? e : "";
}

// A request CUPS could not even deliver (no server, socket gone) against one it answered.
bool ServiceDown() {
  const ipp_status_t st = cupsLastError();
  return st == IPP_STATUS_ERROR_SERVICE_UNAVAILABLE || st == IPP_STATUS_ERROR_INTERNAL;
}

struct Dests {
  int count = 0;
  cups_dest_t* list = nullptr;
  Dests() { count = cupsGetDests2(CUPS_HTTP_DEFAULT, &list); }
  ~Dests() { cupsFreeDests(count, list); }
  Dests(const Dests&) = delete;
  Dests& operator=(const Dests&) = delete;
};

// What the printer or its admin last said ("缺纸", "offline"): not among the options
// cupsGetDests returns, so asked of the queue itself.
std::string StateMessage(const char* queue) {
  char uri[1024];
  httpAssembleURIf(HTTP_URI_CODING_ALL, uri, sizeof uri, "ipp", nullptr, "localhost", 0,
                   "/printers/%s", queue);
  ipp_t* request = ippNewRequest(IPP_OP_GET_PRINTER_ATTRIBUTES);
  ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", nullptr, uri);
  ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes", nullptr,
               "printer-state-message");
  ipp_t* response = cupsDoRequest(CUPS_HTTP_DEFAULT, request, "/");  // frees `request`
  std::string message;
  if (response) {
    if (ipp_attribute_t* a = ippFindAttribute(response, "printer-state-message", IPP_TAG_TEXT))
      if (const char* text = ippGetString(a, 0, nullptr)) message = text;
    ippDelete(response);
  }
  return message;
}

PrinterQueue FromDest(const cups_dest_t& d) {
  PrinterQueue q;
  q.name = d.name;
  q.description = Option(d, "printer-info");
  q.is_default = d.is_default != 0;
  q.stopped = Option(d, "printer-state") == "5";
  q.accepting = Option(d, "printer-is-accepting-jobs") != "false";
  if (q.stopped || !q.accepting) q.state_message = StateMessage(d.name);
  return q;
}

}  // namespace

std::vector<PrinterQueue> ListPrinterQueues() {
  Dests dests;
  std::vector<PrinterQueue> out;
  for (int i = 0; i < dests.count; ++i)
    if (!dests.list[i].instance) out.push_back(FromDest(dests.list[i]));
  return out;
}

Result<int> SubmitPdf(const std::string& queue, const std::string& pdf, const std::string& title,
                      int copies) {
  std::string shown = queue;  // the printer as the clerk knows it: its description
  {
    // Asked first, so "no such printer" and "paused" read as such, not as an IPP error.
    Dests dests;
    const cups_dest_t* d = cupsGetDest(queue.c_str(), nullptr, dests.count, dests.list);
    if (!d) {
      if (dests.count == 0 && ServiceDown()) return Status(ErrorCode::kUnavailable, kNoCups, {LastError()});
      return Status(ErrorCode::kFailedPrecondition, kNoQueue, {queue});
    }
    const PrinterQueue q = FromDest(*d);
    shown = q.description.empty() ? queue : q.description;
    if (!q.accepting && q.state_message.empty())
      return Status(ErrorCode::kFailedPrecondition, kRefusesSilently, {shown});
    if (!q.accepting)
      return Status(ErrorCode::kFailedPrecondition, kRefuses, {shown, q.state_message});
  }
  cups_option_t* options = nullptr;
  int n = 0;
  n = cupsAddOption("copies", std::to_string(copies < 1 ? 1 : copies).c_str(), n, &options);
  const int job = cupsPrintFile2(CUPS_HTTP_DEFAULT, queue.c_str(), pdf.c_str(), title.c_str(), n, options);
  cupsFreeOptions(n, options);
  if (job == 0) {
    if (ServiceDown()) return Status(ErrorCode::kUnavailable, kNoCups, {LastError()});
    return Status(ErrorCode::kFailedPrecondition, kNotTaken, {shown, LastError()});
  }
  return job;
}

Result<JobProgress> FollowJob(const std::string& queue, int job) {
  cups_job_t* jobs = nullptr;
  const int count = cupsGetJobs2(CUPS_HTTP_DEFAULT, &jobs, queue.c_str(), 0, CUPS_WHICHJOBS_ALL);
  if (count < 0 || (count == 0 && ServiceDown()))
    return Status(ErrorCode::kUnavailable, kNoCups, {LastError()});
  JobProgress p;
  bool found = false;
  for (int i = 0; i < count; ++i) {
    if (jobs[i].id != job) continue;
    found = true;
    switch (jobs[i].state) {
      case IPP_JSTATE_PENDING:
      case IPP_JSTATE_HELD: p.state = JobState::kWaiting; break;
      case IPP_JSTATE_PROCESSING: p.state = JobState::kPrinting; break;
      case IPP_JSTATE_COMPLETED: p.state = JobState::kDone; break;
      case IPP_JSTATE_STOPPED:
      case IPP_JSTATE_CANCELED:
      case IPP_JSTATE_ABORTED: p.state = JobState::kFailed; break;
    }
  }
  cupsFreeJobs(count, jobs);
  if (!found) {
    // Purged from the history already: CUPS keeps finished jobs unless told not to.
    p.state = JobState::kDone;
    return p;
  }
  if (p.state == JobState::kFailed || p.state == JobState::kWaiting) {
    Dests dests;
    if (const cups_dest_t* d = cupsGetDest(queue.c_str(), nullptr, dests.count, dests.list)) {
      const PrinterQueue q = FromDest(*d);
      p.reason = q.state_message;
      // A paused or broken printer holds the job: report it rather than wait for ever.
      if (p.state == JobState::kWaiting && q.stopped) p.state = JobState::kFailed;
    }
  }
  return p;
}

void CancelJob(const std::string& queue, int job) {
  cupsCancelJob2(CUPS_HTTP_DEFAULT, queue.c_str(), job, 0);
}

}  // namespace tongban::desk
