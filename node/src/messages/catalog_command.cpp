// Chinese for the messages raised in the CLIs and the desk.
#include "catalog.h"

namespace tongban::node::catalog {
namespace {

constexpr Translation kPart[] = {
    {"", ""},
};

}  // namespace

std::span<const Translation> CommandPart() { return kPart; }

}  // namespace tongban::node::catalog
