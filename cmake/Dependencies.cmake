# All third-party packages come from Debian 12; see README for the apt line.
find_package(PkgConfig REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(nlohmann_json 3 REQUIRED)
find_package(CLI11 REQUIRED)
find_package(spdlog REQUIRED)
find_package(zstd REQUIRED CONFIG)
find_package(CURL REQUIRED)
find_package(Boost 1.74 REQUIRED)  # Boost::headers: Asio and Beast are header-only
find_package(OpenSSL REQUIRED)
find_package(Threads REQUIRED)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
# SM4 and SM3 for sealed pages: libgcrypt's are several times faster than OpenSSL 3.0's.
pkg_check_modules(GCRYPT REQUIRED IMPORTED_TARGET libgcrypt)
if(TONGBAN_BUILD_TESTS)
  find_package(Catch2 2 REQUIRED)
  include(Catch)
endif()
