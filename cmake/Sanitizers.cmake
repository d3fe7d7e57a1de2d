# -DBITNODE_SANITIZE=address,undefined | thread ; -DBITNODE_COVERAGE=ON (clang);
# -DBITNODE_BUILD_FUZZ=ON adds libFuzzer's coverage instrumentation to everything
# (fuzzer-no-link), and fuzz/CMakeLists.txt links libFuzzer into bitnode-fuzz alone.
# Any sanitizer failure aborts (-fno-sanitize-recover=all), so a test or fuzz run fails.
if(BITNODE_SANITIZE)
  add_compile_options(-fsanitize=${BITNODE_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${BITNODE_SANITIZE})
endif()
if(BITNODE_BUILD_FUZZ AND CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  add_compile_options(-fsanitize=fuzzer-no-link)
  add_compile_definitions(BITNODE_FUZZING=1)
elseif(BITNODE_BUILD_FUZZ)
  message(STATUS "BITNODE_BUILD_FUZZ without clang: bitnode-fuzz is a replay binary (no libFuzzer)")
endif()
if(BITNODE_COVERAGE)
  add_compile_options(-fprofile-instr-generate -fcoverage-mapping)
  add_link_options(-fprofile-instr-generate -fcoverage-mapping)
endif()
