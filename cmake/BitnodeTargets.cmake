# bitnode_library(NAME DEPS ...): one static library per src/ folder, built from every
# *.cpp in the folder except *_test.cpp. DEPS must follow the direction in DESIGN.md;
# contrib/check-layering.py checks the includes.
function(bitnode_library name)
  cmake_parse_arguments(ARG "" "" "DEPS;PRIVATE_DEPS;EXTRA_SOURCES" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp)
  list(FILTER sources EXCLUDE REGEX "_test\\.cpp$")
  if(NOT sources AND NOT ARG_EXTRA_SOURCES)
    # A library whose folder has only headers so far still needs an object file.
    set(stub ${CMAKE_CURRENT_BINARY_DIR}/${name}_empty.cpp)
    file(WRITE ${stub} "// ${name} has no source files yet.\n")
    set(sources ${stub})
  endif()
  add_library(bitnode_${name} STATIC ${sources} ${ARG_EXTRA_SOURCES})
  target_include_directories(bitnode_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(bitnode_${name} PUBLIC ${ARG_DEPS} PRIVATE bitnode_warnings ${ARG_PRIVATE_DEPS})
  if(BITNODE_BUILD_TESTS)
    file(GLOB tests CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*_test.cpp)
    if(tests)
      bitnode_test(${name}_tests SOURCES ${tests} DEPS bitnode_${name})
    endif()
  endif()
endfunction()

# bitnode_test(NAME SOURCES ... DEPS ...): a GoogleTest binary whose tests ctest runs one by one.
function(bitnode_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/test)
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} bitnode_testutil GTest::gtest_main bitnode_warnings)
  gtest_discover_tests(${name} DISCOVERY_MODE PRE_TEST DISCOVERY_TIMEOUT 60
    PROPERTIES ENVIRONMENT "BITNODE_TESTDATA_DEFAULT=${BITNODE_DEFAULT_TESTDATA}")
endfunction()
