// RatingForm: the applicant-facing rating screen (好差评). The clerk opens it
// for a case; the applicant picks a score from 1 to 5, ticks what was good or
// bad (node::RatingIndicators), may write a few words, and submits
// (NodeStore::RateCase). A score of node::kBadRatingMax or less opens a
// rectification at the node; the thank-you state says so.
#pragma once

#include <QStringList>
#include <QVariantList>
#include <QVariantMap>

#include "desk_controller.h"

namespace tongban::desk {

class RatingForm : public DeskController {
  Q_OBJECT
  QML_ELEMENT
  QML_UNCREATABLE("RatingForm is owned by DeskSession")
  Q_PROPERTY(QString caseNo READ caseNo NOTIFY changed)
  Q_PROPERTY(QVariantMap caseInfo READ caseInfo NOTIFY changed)
  Q_PROPERTY(bool alreadyRated READ alreadyRated NOTIFY changed)
  Q_PROPERTY(int score READ score WRITE setScore NOTIFY changed)
  Q_PROPERTY(QVariantList scores READ scores NOTIFY changed)
  Q_PROPERTY(QVariantList indicators READ indicators NOTIFY changed)
  Q_PROPERTY(QString comment READ comment WRITE setComment NOTIFY changed)
  Q_PROPERTY(bool canSubmit READ canSubmit NOTIFY changed)
  Q_PROPERTY(bool done READ done NOTIFY changed)
  Q_PROPERTY(bool rectification READ rectification NOTIFY changed)
  Q_PROPERTY(int rectificationWorkdays READ rectificationWorkdays CONSTANT)

 public:
  explicit RatingForm(StoreThread* store, QObject* parent = nullptr);

  QString caseNo() const { return case_no_; }
  // itemName, applicantName, statusLabel of the case being rated.
  QVariantMap caseInfo() const { return info_; }
  bool alreadyRated() const { return already_rated_; }
  int score() const { return score_; }  // 0 until chosen
  void setScore(int score);
  // [{score, words}] from 1 (非常不满意) to 5 (非常满意).
  QVariantList scores() const;
  // [{code, label, checked}]
  QVariantList indicators() const;
  QString comment() const { return comment_; }
  void setComment(const QString& comment);
  bool canSubmit() const;
  bool done() const { return done_; }                    // the thank-you state
  bool rectification() const { return rectification_; }  // the rating opened one
  // How long the office has to put a bad rating right (node::kRectificationLimit).
  int rectificationWorkdays() const { return node::kRectificationLimit.value; }

  // Starts a fresh rating of `caseNo` (reads the case to show what is rated).
  Q_INVOKABLE void open(const QString& caseNo);
  Q_INVOKABLE void toggleIndicator(const QString& code);
  Q_INVOKABLE void submit();
  // Back to an empty form for the same case (after the thank-you).
  Q_INVOKABLE void reset();

 signals:
  void changed();

 private:
  QString case_no_;
  QVariantMap info_;
  bool already_rated_ = false;
  int score_ = 0;
  QStringList checked_;
  QString comment_;
  bool done_ = false;
  bool rectification_ = false;
};

}  // namespace tongban::desk
