// Empty: the target exists to build a precompiled header (CMakeLists.txt) that others reuse.
