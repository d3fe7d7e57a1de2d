# -DBITNODE_SANITIZE=address,undefined | thread ; -DBITNODE_COVERAGE=ON (clang).
if(BITNODE_SANITIZE)
  add_compile_options(-fsanitize=${BITNODE_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${BITNODE_SANITIZE})
endif()
if(BITNODE_COVERAGE)
  add_compile_options(-fprofile-instr-generate -fcoverage-mapping)
  add_link_options(-fprofile-instr-generate -fcoverage-mapping)
endif()
