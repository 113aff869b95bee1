// The page cache every SQLite connection of the process uses: SQLite's own, with one
// difference. A b-tree split that swaps two new pages parks one of them for a moment at
// the page number just past the 1 GiB lock byte (262,145 with 4 KiB pages). SQLite's cache
// then remembers that key as its highest, and the commit that follows truncates the cache
// by scanning its whole hash table: 1 to 2 ms with a 256 MiB cache, on 31 of 300 intakes
// at 20,000 cases (counted under gdb; docs/security.md). Here the parked page stays where
// it was until it moves on, so the cache never sees the parking key.
#pragma once

namespace tongban::sync {

// Installs the cache once, before SQLite is first used; a no-op if SQLite already was.
void InstallPageCache();

}  // namespace tongban::sync
