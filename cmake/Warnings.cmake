# Warning flags for every bitnode target (not for third-party code).
add_library(bitnode_warnings INTERFACE)
target_compile_options(bitnode_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-align -Woverloaded-virtual
  -Wformat=2 -Wimplicit-fallthrough -Wvla)
if(CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  target_compile_options(bitnode_warnings INTERFACE
    -Wthread-safety -Werror=thread-safety -Wno-gnu-zero-variadic-macro-arguments)
endif()
if(BITNODE_WERROR)
  target_compile_options(bitnode_warnings INTERFACE -Werror)
endif()

# Compile checks that -Werror=thread-safety rejects misuse of util::Mutex (ctest ThreadSafety.*).
if(BITNODE_BUILD_TESTS)
  include(${CMAKE_CURRENT_LIST_DIR}/ThreadSafetyCheck.cmake)
endif()
