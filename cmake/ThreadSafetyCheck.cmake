# ctest tests that prove clang's thread-safety analysis is live: every
# test/thread-safety/fail_*.cpp must be rejected with the diagnostic named on its first
# line ("// expect: ..."), and ok.cpp must compile. They run with clang++ whatever
# compiler builds the project, and are skipped (not registered) when clang++ is missing.
if(CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  set(BITNODE_CLANGXX ${CMAKE_CXX_COMPILER})
else()
  find_program(BITNODE_CLANGXX NAMES clang++ clang++-16 clang++-15 clang++-14)
endif()
if(NOT BITNODE_CLANGXX)
  message(STATUS "clang++ not found: the ThreadSafety.* compile checks are not registered")
  return()
endif()

set(_ts_dir ${PROJECT_SOURCE_DIR}/test/thread-safety)
set(_ts_command ${BITNODE_CLANGXX} -std=c++20 -fsyntax-only -Wthread-safety -Werror=thread-safety
  -I${PROJECT_SOURCE_DIR}/src)
file(GLOB _ts_sources CONFIGURE_DEPENDS ${_ts_dir}/*.cpp)
foreach(_ts_source IN LISTS _ts_sources)
  get_filename_component(_ts_name ${_ts_source} NAME_WE)
  add_test(NAME ThreadSafety.${_ts_name} COMMAND ${_ts_command} ${_ts_source})
  if(_ts_name MATCHES "^fail_")
    file(STRINGS ${_ts_source} _ts_expect LIMIT_COUNT 1 REGEX "^// expect: ")
    string(REPLACE "// expect: " "" _ts_expect "${_ts_expect}")
    if(NOT _ts_expect)
      message(FATAL_ERROR "${_ts_source}: first line must be '// expect: <clang diagnostic>'")
    endif()
    # The test passes only on this exact error, so a file that compiles, or fails for
    # another reason, fails the test.
    set_tests_properties(ThreadSafety.${_ts_name} PROPERTIES
      PASS_REGULAR_EXPRESSION "error: ${_ts_expect} \\[-Werror,-Wthread-safety")
  endif()
endforeach()
