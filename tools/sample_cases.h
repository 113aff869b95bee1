// Realistic generated applicants, cases and scans, shared by the benchmarks and the
// dictionary trainer: common names, valid resident IDs (GB 11643), office-hour
// reception times on working days. Deterministic for a given seed.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <numeric>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "tongban/node/domain/catalog.h"
#include "tongban/node/domain/work_calendar.h"
#include "tongban/node/store/node_store.h"

namespace tongban::tools {

// A photo-like scan: JPEG magic, then bytes that do not compress.
inline std::string PhotoLike(std::size_t size, std::uint32_t seed) {
  std::mt19937_64 rng(seed);
  std::string s(size, '\0');
  for (std::size_t i = 0; i + 8 <= size; i += 8) {
    const std::uint64_t v = rng();
    std::memcpy(&s[i], &v, 8);
  }
  s.replace(0, 4, "\xFF\xD8\xFF\xE0");
  return s;
}

using nlohmann::json;
using node::Date;

constexpr std::uint64_t kSeed = 20260302;       // fixed, so every run measures the same data
constexpr double kRepeatApplicantShare = 0.15;  // people who come back for another item
constexpr double kGreenShare = 0.10;

// 100 common single-character surnames, most common first; weights fall with rank.
constexpr std::string_view kSurnames =
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏"
    "魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵"
    "万钱严覃武戴莫孔向汤";
// Given names of one or two characters, across generations.
constexpr std::string_view kGivenNames =
    "伟 芳 娜 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 霞 平 刚 燕 辉 鹏 华 玲 斌 波 飞 峰 红 "
    "梅 琳 莉 欣 浩 宇 俊 帅 凯 健 亮 鑫 婷 雪 倩 琴 云 兰 萍 颖 林 东 丹 宁 坤 博 晨 阳 旭 毅 "
    "秀英 桂英 秀兰 玉兰 桂兰 秀珍 淑珍 凤英 玉梅 秀梅 建华 建国 建军 建平 国强 国庆 志强 志明 "
    "志刚 志勇 海燕 海涛 红梅 春梅 丽娟 丽华 晓明 晓红 晓燕 小红 小明 小燕 文军 文华 文静 永刚 "
    "永红 金凤 金花 玉珍 玉芳 玉英 桂芳 桂珍 春花 春兰 冬梅 雪梅 美玲 美华 德明 德华 德胜 庆华 "
    "振华 振国 卫东 卫国 爱国 爱华 爱民 新华 新民 红霞 彩霞 翠花 翠英 素珍 淑英 淑兰 凤兰 凤霞 "
    "秋菊 月英 明华 明辉 俊杰 俊峰 子涵 子轩 梓涵 梓萱 欣怡 浩然 浩宇 宇轩 宇航 一诺 雨桐 诗涵 "
    "思彤 思雨 佳怡 佳琪 梦瑶 若曦 紫涵 博文 天佑 天宇 皓轩 铭泽 睿泽 子墨 沐阳 晨曦 雨泽 奕辰 "
    "锦程 书瑶 可馨 欣妍 雅琪 思琪 晓彤 婉婷 嘉怡 家豪 家乐 家伟 立新 立军 立华 海波 海军 海峰 "
    "海龙 红英 红艳 丽萍 丽红 丽君 丽芳 艳红 艳华 慧敏 慧芳 静怡 雅婷 玉洁 金龙 金华 学军 学文 "
    "少华 胜利 长青 长林 福生 根生 水生";
// A station serves its own county and the neighbouring ones.
constexpr std::string_view kAreaCodes[] = {"330127", "330122", "330182", "330183",
                                           "330185", "330102", "330106", "330110"};
constexpr std::string_view kGreenReasons[] = {"老年人", "残疾人", "退役军人", "孕妇", "重病患者"};

inline std::size_t CodePointLength(unsigned char lead) {
  return lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xe ? 3 : 4;
}

inline std::vector<std::string> SplitCodePoints(std::string_view s) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = std::min(CodePointLength(static_cast<unsigned char>(s[i])), s.size() - i);
    out.emplace_back(s.substr(i, n));
    i += n;
  }
  return out;
}

inline std::vector<std::string> SplitOn(std::string_view s, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    const std::size_t end = s.find(sep, start);
    out.emplace_back(s.substr(start, end == std::string_view::npos ? s.npos : end - start));
    if (end == std::string_view::npos) return out;
    start = end + 1;
  }
}

// SplitMix64: person attributes depend on the person's index only, never on
// the order in which the generator was called.
inline std::uint64_t Mix(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

struct Person {
  std::string name;
  std::string id_number;
  std::string phone;
};

// The people of the county, addressed by index. Resident IDs come from a
// bijection of the index onto (area, birth date, sequence), so they are unique
// until the index space (~190 million) runs out.
class Population {
 public:
  Population()
      : surnames_(SplitCodePoints(kSurnames)),
        given_(SplitOn(kGivenNames, ' ')),
        first_birth_(std::chrono::year{1940} / 1 / 1),
        birth_days_(static_cast<std::uint64_t>(
            (Date(std::chrono::year{2005} / 12 / 31) - first_birth_).count() + 1)),
        id_space_(std::size(kAreaCodes) * birth_days_ * 999) {
    // Rank r weighs 1/(r+5): the top three come out near 6% each, as in China.
    std::uint64_t total = 0;
    for (std::size_t r = 0; r < surnames_.size(); ++r) {
      total += 1000000 / (r + 5);
      surname_cdf_.push_back(total);
    }
    // Any step coprime with the space permutes it; a large one scatters neighbours.
    id_step_ = 2654435761ULL % id_space_;
    while (std::gcd(id_step_, id_space_) != 1) ++id_step_;
  }

  Person Get(std::uint64_t index) const {
    const std::uint64_t h = Mix(index);
    Person p;
    p.name = surnames_[SurnameIndex(h)] + given_[(h >> 32) % given_.size()];
    p.id_number = IdNumber(index);
    char phone[16];
    std::snprintf(phone, sizeof phone, "1%c%09llu", "3589"[(h >> 20) % 4],
                  static_cast<unsigned long long>(Mix(h) % 1000000000ULL));
    p.phone = phone;
    return p;
  }

  // What a clerk types to find someone: surname and first given character ("张秀").
  std::string NamePrefix(std::uint64_t index) const {
    const std::uint64_t h = Mix(index);
    const std::string& given = given_[(h >> 32) % given_.size()];
    return surnames_[SurnameIndex(h)] +
           given.substr(0, CodePointLength(static_cast<unsigned char>(given[0])));
  }

  std::size_t surname_count() const { return surnames_.size(); }
  std::size_t given_count() const { return given_.size(); }

 private:
  std::size_t SurnameIndex(std::uint64_t h) const {
    const std::uint64_t pick = h % surname_cdf_.back();
    return static_cast<std::size_t>(
        std::upper_bound(surname_cdf_.begin(), surname_cdf_.end(), pick) - surname_cdf_.begin());
  }

  // GB 11643: area(6) birth date(8) sequence(3) check character.
  std::string IdNumber(std::uint64_t index) const {
    std::uint64_t x = (index % id_space_) * id_step_ % id_space_;
    const std::size_t area = x % std::size(kAreaCodes);
    x /= std::size(kAreaCodes);
    const unsigned sequence = static_cast<unsigned>(x % 999) + 1;  // 000 is never issued
    x /= 999;
    const std::chrono::year_month_day birth{first_birth_ + std::chrono::days(x)};
    char body[32];  // 17 digits; room for what the compiler cannot rule out
    std::snprintf(body, sizeof body, "%.6s%04d%02u%02u%03u", kAreaCodes[area].data(),
                  static_cast<int>(birth.year()), static_cast<unsigned>(birth.month()),
                  static_cast<unsigned>(birth.day()), sequence);
    static constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (int i = 0; i < 17; ++i) sum += (body[i] - '0') * kWeights[i];
    return std::string(body, 17) + "10X98765432"[sum % 11];
  }

  std::vector<std::string> surnames_;
  std::vector<std::uint64_t> surname_cdf_;
  std::vector<std::string> given_;
  Date first_birth_;
  std::uint64_t birth_days_;
  std::uint64_t id_space_;
  std::uint64_t id_step_ = 1;
};

struct ItemInfo {
  std::string code;
  bool post = false;
  bool door = false;
};

// Applications as a station sees them: who comes, for what, by which channel.
class CaseGenerator {
 public:
  CaseGenerator(std::vector<ItemInfo> items, Date first_day, Date last_day,
                std::uint64_t seed = kSeed)
      : rng_(seed), items_(std::move(items)) {
    // Legacy cases were received on working days only.
    const auto& calendar = node::WorkCalendar::Builtin();
    for (Date d = first_day; d <= last_day; d += std::chrono::days(1))
      if (calendar.IsWorkday(d)) workdays_.push_back(d);
  }

  // One case in tongban-cases/1 form; materials are left to default (received).
  json NextImported(std::int64_t legacy_no) {
    const ItemInfo& item = NextItem();
    const Person p = population_.Get(NextApplicant());
    json c = {
        {"legacy_no", "L" + std::to_string(legacy_no)},
        {"item_code", item.code},
        {"applicant",
         {{"kind", "person"}, {"name", p.name}, {"id_number", p.id_number}, {"phone", p.phone}}},
        {"channel", std::string(node::ChannelName(NextChannel(item)))},
        {"received_at", NextReceivedAt()},
        {"materials", json::object()}};
    if (const auto reason = NextGreenReason()) {
      c["green_channel"] = true;
      c["green_reason"] = *reason;
    }
    return c;
  }

  // A walk-in applicant received now.
  node::IntakeRequest NextIntake() {
    const ItemInfo& item = NextItem();
    const Person p = population_.Get(NextApplicant());
    node::IntakeRequest r;
    r.item_code = item.code;
    r.applicant_name = p.name;
    r.applicant_id = p.id_number;
    r.applicant_phone = p.phone;
    r.channel = NextChannel(item);
    if (const auto reason = NextGreenReason()) {
      r.green_channel = true;
      r.green_reason = *reason;
    }
    return r;
  }

  // Someone who has at least one case in the store.
  std::uint64_t RandomApplicant() {
    return std::uniform_int_distribution<std::uint64_t>(0, people_ - 1)(rng_);
  }

  const Population& population() const { return population_; }
  std::uint64_t people() const { return people_; }

 private:
  std::uint64_t NextApplicant() {
    if (people_ > 0 && Chance(kRepeatApplicantShare)) return RandomApplicant();
    return people_++;
  }

  const ItemInfo& NextItem() { return items_[next_item_++ % items_.size()]; }

  node::Channel NextChannel(const ItemInfo& item) {
    const double r = std::uniform_real_distribution<double>(0, 1)(rng_);
    if (r < 0.80) return node::Channel::kWindow;
    if (r < 0.92) return node::Channel::kOnline;
    if (r < 0.96) return item.door ? node::Channel::kDoor : node::Channel::kWindow;
    return item.post ? node::Channel::kPost : node::Channel::kWindow;
  }

  std::optional<std::string> NextGreenReason() {
    if (!Chance(kGreenShare)) return std::nullopt;
    return std::string(kGreenReasons[Uniform(std::size(kGreenReasons))]);
  }

  // Office hours 08:30–12:00 and 13:30–17:30.
  std::string NextReceivedAt() {
    const Date day = workdays_[Uniform(workdays_.size())];
    const int m = static_cast<int>(Uniform(210 + 240));
    const int minute = m < 210 ? 8 * 60 + 30 + m : 13 * 60 + 30 + (m - 210);
    char hhmm[8];
    std::snprintf(hhmm, sizeof hhmm, " %02d:%02d", minute / 60, minute % 60);
    return node::FormatDate(day) + hhmm;
  }

  bool Chance(double p) { return std::uniform_real_distribution<double>(0, 1)(rng_) < p; }
  std::size_t Uniform(std::size_t n) {
    return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_);
  }

  std::mt19937_64 rng_;
  Population population_;
  std::vector<ItemInfo> items_;
  std::size_t next_item_ = 0;
  std::uint64_t people_ = 0;
  std::vector<Date> workdays_;
};


// The catalog's items as the generator needs them.
inline std::vector<ItemInfo> ItemInfos(const std::vector<node::ServiceItem>& items) {
  std::vector<ItemInfo> infos;
  for (const auto& item : items)
    infos.push_back(ItemInfo{item.impl_code, item.allows.post, item.allows.door_visit});
  return infos;
}

}  // namespace tongban::tools
