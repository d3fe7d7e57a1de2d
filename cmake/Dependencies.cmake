# All dependencies come from Debian packages (scripts/setup.sh installs them).
find_package(Threads REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(SECP256K1 REQUIRED IMPORTED_TARGET libsecp256k1)
# Boost.JSON (header-only use via <boost/json/src.hpp> is avoided: we link the library).
find_package(Boost 1.81 REQUIRED COMPONENTS json)
if(BITNODE_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
if(BITNODE_BUILD_BENCH)
  find_package(benchmark REQUIRED)
endif()
