#include "tongban/node/domain/identity.h"

#include <catch2/catch.hpp>

using namespace tongban;
using namespace tongban::node;

TEST_CASE("resident IDs: the domain test vectors are valid") {
  CHECK(ValidateResidentId("11010519491231002X").ok());
  CHECK(ValidateResidentId("440524188001010014").ok());
  CHECK(ValidateResidentId("330102200002290015").ok());  // 29 Feb of a leap year
}

TEST_CASE("resident IDs: every kind of bad number is refused with a reason") {
  struct Row {
    const char* id;
    const char* why;
  };
  const Row rows[] = {
      {"110105194912310021", "check character is wrong"},
      {"11010519491231002", "must have 18 characters, this one has 17"},
      {"11010519491231002X1", "must have 18 characters, this one has 19"},
      {"110105194902301234", "birth date 19490230 is not a real date"},
      {"330102190102290016", "birth date 19010229 is not a real date"},  // 1901 is not leap
      {"110105194913310021", "birth date 19491331 is not a real date"},
      {"11010519491231A02X", "only digits"},
      {"11010519491231002Y", "must be a digit or X"},
      {"", "this one has 0"},
  };
  for (const auto& r : rows) {
    INFO(r.id);
    const Status st = ValidateResidentId(r.id);
    CHECK(st.code() == ErrorCode::kInvalidArgument);
    CHECK_THAT(st.message(), Catch::Contains(r.why));
  }
}

TEST_CASE("resident IDs: a lowercase x and spaces are normalised before checking") {
  CHECK(NormalizeIdNumber(" 11010519491231002x ") == "11010519491231002X");
  CHECK(ValidateResidentId(NormalizeIdNumber("11010519491231002x")).ok());
}

TEST_CASE("credit codes: the domain test vectors are valid") {
  CHECK(ValidateCreditCode("91330100716105852F").ok());
  CHECK(ValidateCreditCode("91440300708461136T").ok());
  CHECK(ValidateCreditCode("91350100M000100Y43").ok());
}

TEST_CASE("credit codes: bad codes are refused with a reason") {
  CHECK_THAT(ValidateCreditCode("91330100716105852E").message(),
             Catch::Contains("check character is wrong (expected F"));
  CHECK_THAT(ValidateCreditCode("91330100716105852F0").message(),
             Catch::Contains("must have 18 characters"));
  CHECK_THAT(ValidateCreditCode("9133010071610585IF").message(),
             Catch::Contains("invalid character 'I'"));
  CHECK_THAT(ValidateCreditCode("91330100716105852O").message(), Catch::Contains("'O'"));
}

TEST_CASE("masking keeps the ends and hides the middle") {
  CHECK(MaskIdNumber("11010519491231002X") == "1101**********002X");
  CHECK(MaskPhone("13812345678") == "138****5678");
  CHECK(MaskName("张三丰") == "张*丰");
  CHECK(MaskName("张三") == "张*");
  CHECK(MaskName("欧阳娜娜") == "欧**娜");
  CHECK(MaskIdNumber("123") == "***");
}

TEST_CASE("resident IDs: a birth date after today or more than 150 years before is refused") {
  const Date today = *ParseDate("2026-12-12");
  CHECK(ValidateBirthDate("110105202612120010", today).ok());  // born today
  CHECK(ValidateBirthDate("11010519491231002X", today).ok());
  CHECK(ValidateBirthDate("440524188001010014", today).ok());  // 146 years
  const Status future = ValidateBirthDate("110105202612130016", today);  // tomorrow
  CHECK(future.code() == ErrorCode::kInvalidArgument);
  CHECK_THAT(future.message(), Catch::Contains("birth date 20261213 is after today (2026-12-12)"));
  CHECK_THAT(ValidateBirthDate("330102203001010011", today).message(), Catch::Contains("after today"));
  const Status old = ValidateBirthDate("110105187001010012", today);  // 156 years
  CHECK(old.code() == ErrorCode::kInvalidArgument);
  CHECK_THAT(old.message(), Catch::Contains("more than 150 years ago"));
  // A number that is wrong in itself says so first.
  CHECK_THAT(ValidateBirthDate("110105194912310021", today).message(), Catch::Contains("check character"));
}
