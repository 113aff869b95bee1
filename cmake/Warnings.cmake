# Project-wide warnings and the optional sanitizer build.
add_library(tongban_options INTERFACE)
target_compile_options(tongban_options INTERFACE -Wall -Wextra -Wpedantic -Wshadow
                                                 -Wnon-virtual-dtor -Wno-missing-field-initializers)
if(TONGBAN_SANITIZE)
  target_compile_options(tongban_options INTERFACE -fsanitize=address,undefined
                                                   -fno-omit-frame-pointer -fno-sanitize-recover=all)
  target_link_options(tongban_options INTERFACE -fsanitize=address,undefined)
endif()
