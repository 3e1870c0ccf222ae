// The precompiled header of the test programs: common.h, GoogleTest, and cpp-httplib (the
// server tests talk to the server with it; its .pc's -D's are given to every test program so
// that one PCH fits them all).
#pragma once

#include "cmake/pch/common.h"

#include <gtest/gtest.h>
#include <httplib.h>
