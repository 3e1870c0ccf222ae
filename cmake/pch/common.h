// The precompiled header of every library and program except the engine (CMakeLists.txt,
// "Precompiled headers"). Only system headers that many of our sources include: nlohmann/json
// alone cost about 9 s of a -O2 -g compile in each of the ~50 files that reach it through
// data/format/json_text.h. A source must still include what it uses; the PCH only makes it cheap.
// Nothing of ours goes here: editing one of our headers must not rebuild everything.
#pragma once

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>
