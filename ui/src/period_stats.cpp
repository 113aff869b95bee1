#include "period_stats.h"

#include <QCoreApplication>
#include <algorithm>
#include <chrono>

#include "labels.h"
#include "tongban/sync/hybrid_clock.h"

namespace tongban::desk {
namespace {

using namespace std::chrono;

// Adds `share` (count over the largest count) to each bar.
QVariantList WithShares(std::vector<std::pair<QVariantMap, qint64>> bars) {
  qint64 top = 0;
  for (const auto& b : bars) top = std::max(top, b.second);
  QVariantList out;
  for (auto& [bar, n] : bars) {
    bar.insert(QStringLiteral("count"), n);
    bar.insert(QStringLiteral("share"), top > 0 ? static_cast<double>(n) / static_cast<double>(top) : 0.0);
    out << bar;
  }
  return out;
}

qint64 Count(const std::map<std::string, std::int64_t>& m, const std::string& key) {
  auto it = m.find(key);
  return it == m.end() ? 0 : it->second;
}

}  // namespace

std::pair<node::Millis, node::Millis> PeriodSpan(const QString& period, node::Millis now) {
  const node::Date today = node::LocalDate(now);
  node::Date first = today, next = today + days(1);
  if (period == QLatin1String("week")) {
    first = today - (weekday(today) - Monday);
    next = first + days(7);
  } else if (period == QLatin1String("month")) {
    const year_month_day ymd(today);
    first = node::Date(ymd.year() / ymd.month() / 1);
    next = node::Date((ymd.year() / ymd.month() + months(1)) / 1);
  } else if (period == QLatin1String("year")) {
    const year y = year_month_day(today).year();
    first = node::Date(y / January / 1);
    next = node::Date((y + years(1)) / January / 1);
  }
  return {node::StartOfLocalDay(first), node::StartOfLocalDay(next)};
}

PeriodStats::PeriodStats(StoreThread* store, QObject* parent) : QObject(parent), store_(store) {}

void PeriodStats::setPeriod(const QString& period) {
  static const QStringList kPeriods = {QStringLiteral("today"), QStringLiteral("week"),
                                       QStringLiteral("month"), QStringLiteral("year")};
  if (period == period_ || !kPeriods.contains(period)) return;
  period_ = period;
  emit changed();
  refresh();
}

void PeriodStats::refresh() {
  loading_ = true;
  emit changed();
  const quint64 generation = ++generation_;
  store_->Run(
      this,
      [period = period_](StoreContext& ctx) -> Result<View> {
        if (!ctx.store()) return NoStationOpen();
        const auto [from, to] = PeriodSpan(period, ctx.store()->NowMillis());
        TB_ASSIGN_OR_RETURN(node::ServiceStats s, ctx.store()->ServiceFigures(from, to));
        TB_ASSIGN_OR_RETURN(node::ModeStats m, ctx.store()->ModeFigures(from, to));
        View v;
        v.from = Q(node::FormatDate(node::LocalDate(from)));
        v.to = Q(node::FormatDate(node::LocalDate(to - 1)));
        qint64 rated = 0;
        for (const auto& [score, n] : m.ratings) rated += n;
        v.figures = QVariantMap{
            {"received", qint64{s.received}},
            {"accepted", qint64{s.accepted}},
            {"closed", qint64{s.closed}},
            {"overdue", qint64{s.overdue}},
            {"green", qint64{s.green}},
            {"ratingCount", rated},
            {"ratingAverage", m.rating_average},
            {"rectificationsOpen", qint64{m.rectifications_open}},
            {"appointments", qint64{m.appointments}},
            {"noShows", qint64{m.appointments_no_show}},
            {"visits", qint64{m.visits}},
            {"visitsDone", qint64{m.visits_done}},
            {"shipmentsIn", qint64{m.shipments_in}},
            {"shipmentsOut", qint64{m.shipments_out}},
            {"escalationsOpen", qint64{m.escalations_open}},
            {"commitmentsOpen", qint64{m.commitments_open}},
            {"commitmentsBreached", qint64{m.commitments_breached}},
        };
        std::vector<std::pair<QVariantMap, qint64>> channels;
        for (auto c : {node::Channel::kWindow, node::Channel::kDoor, node::Channel::kPost,
                       node::Channel::kOnline}) {
          const std::string key(node::ChannelName(c));
          channels.push_back({QVariantMap{{"key", Q(key)}, {"label", ChannelLabel(c)}},
                              Count(s.by_channel, key)});
        }
        v.by_channel = WithShares(std::move(channels));
        std::vector<std::pair<QVariantMap, qint64>> statuses;
        for (int i = 0; i < node::kCaseStatusCount; ++i) {
          const auto status = static_cast<node::CaseStatus>(i);
          const std::string key(node::CaseStatusName(status));
          const qint64 n = Count(s.by_status, key);
          if (n == 0) continue;  // fifteen statuses, most of them empty in a short period
          statuses.push_back({QVariantMap{{"key", Q(key)}, {"label", StatusLabel(status)}}, n});
        }
        v.by_status = WithShares(std::move(statuses));
        std::vector<std::pair<QVariantMap, qint64>> ratings;
        for (int score = 5; score >= 1; --score) {
          auto it = m.ratings.find(score);
          ratings.push_back({QVariantMap{{"key", score}, {"label", RatingWords(score)}},
                             it == m.ratings.end() ? 0 : it->second});
        }
        v.ratings = WithShares(std::move(ratings));
        return v;
      },
      [this, generation](Result<View> r) {
        if (generation != generation_) return;
        loading_ = false;
        if (r.ok()) {
          error_.clear();
          from_ = r->from;
          to_ = r->to;
          figures_ = std::move(r->figures);
          by_channel_ = std::move(r->by_channel);
          by_status_ = std::move(r->by_status);
          ratings_ = std::move(r->ratings);
        } else {
          error_ = ErrorText(r.status());
        }
        emit changed();
      });
}

}  // namespace tongban::desk
