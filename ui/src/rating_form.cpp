#include "rating_form.h"

namespace tongban::desk {

RatingForm::RatingForm(StoreThread* store, QObject* parent) : DeskController(store, parent) {
  // canSubmit also depends on busy.
  connect(this, &DeskController::stateChanged, this, &RatingForm::changed);
}

void RatingForm::setScore(int score) {
  if (score == score_ || score < 1 || score > 5) return;
  score_ = score;
  emit changed();
}

QVariantList RatingForm::scores() const {
  QVariantList out;
  for (int s = 1; s <= 5; ++s) out << QVariantMap{{"score", s}, {"words", RatingWords(s)}};
  return out;
}

QVariantList RatingForm::indicators() const {
  QVariantList out;
  for (const auto& i : node::RatingIndicators())
    out << QVariantMap{{"code", Q(i.code)},
                       {"label", NodeLabel(i.label)},
                       {"checked", checked_.contains(Q(i.code))}};
  return out;
}

void RatingForm::setComment(const QString& comment) {
  if (comment == comment_) return;
  comment_ = comment;
  emit changed();
}

bool RatingForm::canSubmit() const {
  return !case_no_.isEmpty() && !info_.isEmpty() && !already_rated_ && score_ > 0 && !done_ && !busy();
}

void RatingForm::open(const QString& caseNo) {
  case_no_ = caseNo.trimmed();
  info_.clear();
  already_rated_ = false;
  reset();
  if (case_no_.isEmpty()) return;
  struct Loaded {
    QVariantMap info;
    bool rated = false;
  };
  Start([no = S(case_no_)](node::NodeStore& store, const node::Session&) -> Result<Loaded> {
    TB_ASSIGN_OR_RETURN(auto c, store.GetCase(no));
    TB_ASSIGN_OR_RETURN(auto ratings, store.RatingsOf(no));
    return Loaded{QVariantMap{{"itemName", Q(c.item_name)},
                              {"applicantName", Q(c.applicant_name)},
                              {"statusLabel", StatusLabel(c.status)}},
                  !ratings.empty()};
  },
        [this](Loaded l) {
          info_ = std::move(l.info);
          already_rated_ = l.rated;
          emit changed();
        });
}

void RatingForm::toggleIndicator(const QString& code) {
  if (checked_.contains(code)) checked_.removeAll(code);
  else checked_ << code;
  emit changed();
}

void RatingForm::submit() {
  if (!canSubmit()) return;
  node::RatingRequest req;
  req.case_no = S(case_no_);
  req.score = score_;
  for (const auto& i : node::RatingIndicators())  // in the node's order
    if (checked_.contains(Q(i.code))) req.indicators.emplace_back(i.code);
  req.comment = S(comment_.trimmed());
  StartWrite([req](node::NodeStore& store, const node::Session& by) { return store.RateCase(by, req); },
        [this](node::Rating r) {
          done_ = true;
          already_rated_ = true;
          rectification_ = r.score <= node::kBadRatingMax;
          emit changed();
        });
  emit changed();
}

void RatingForm::reset() {
  score_ = 0;
  checked_.clear();
  comment_.clear();
  done_ = false;
  rectification_ = false;
  emit changed();
}

}  // namespace tongban::desk
