// The station's printers, through CUPS (libcups): which queues there are, handing a
// PDF to one, and following the job until the printer is done with it.
//
// Each call blocks on the local CUPS server (a Unix socket, or CUPS_SERVER) and is
// safe on any thread; the desk runs them off the GUI thread. Errors are Statuses
// with a key and arguments; the desk renders them.
#pragma once

#include <string>
#include <vector>

#include "tongban/status.h"

namespace tongban::desk {

struct PrinterQueue {
  std::string name;         // the CUPS queue, e.g. "HP_LaserJet_M1136"
  std::string description;  // printer-info, as the admin named it ("窗口打印机")
  bool is_default = false;
  bool stopped = false;     // paused, or in an error state
  bool accepting = true;    // takes new jobs
  std::string state_message;  // what the printer last said (out of paper, offline)
};

enum class JobState { kWaiting, kPrinting, kDone, kFailed };

struct JobProgress {
  JobState state = JobState::kWaiting;
  std::string reason;  // for kFailed: what CUPS or the printer said, when it said anything
};

// Every queue this computer can print to; empty when there is none or CUPS is not
// running (no printer is not an error: the desk offers to save the PDF instead).
std::vector<PrinterQueue> ListPrinterQueues();

// Hands `pdf` to `queue` as one job of `copies` copies titled `title`; the job id.
// FailedPrecondition when the queue does not exist or refuses jobs, Unavailable when
// CUPS does not answer.
Result<int> SubmitPdf(const std::string& queue, const std::string& pdf, const std::string& title,
                      int copies);

// Where job `job` on `queue` stands.
Result<JobProgress> FollowJob(const std::string& queue, int job);

// Withdraws job `job` from `queue`, so a printer that comes back later does not print a
// document the clerk was told to print again. Best effort: nothing to report.
void CancelJob(const std::string& queue, int job);

}  // namespace tongban::desk
