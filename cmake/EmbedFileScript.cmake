# Writes the bytes of IN as a hex array so any content (UTF-8, quotes) embeds safely.
file(READ "${IN}" hex HEX)
string(LENGTH "${hex}" len)
math(EXPR nbytes "${len} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," body "${hex}")
file(WRITE "${OUT}" "#include <string_view>\nnamespace tongban::embedded {\nnamespace {\nconst unsigned char kData[] = {${body} 0};\n}\nstd::string_view ${SYMBOL}() {\n  return {reinterpret_cast<const char*>(kData), ${nbytes}};\n}\n}  // namespace tongban::embedded\n")
