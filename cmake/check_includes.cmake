# The layering check: each folder may include only the folders below it (docs/architecture.md
# draws the same table). Run as part of every build (target lf_layering_check) and by ctest
# against a planted violation, so a forbidden #include fails the build and the check is seen to
# bite.
#
#   cmake -DROOT=<source tree> -P check_includes.cmake
#
# Rules: a file under FOLDER may include quoted headers only from the folders listed for it
# (its own folder always). System headers (<...>) are not checked. tests/ may include anything.
cmake_minimum_required(VERSION 3.25)
if(NOT ROOT)
  message(FATAL_ERROR "check_includes.cmake: pass -DROOT=<source tree>")
endif()

set(allowed_scoring/engine "")
set(allowed_data/format    scoring/engine)
set(allowed_data/live      scoring/engine data/format)
set(allowed_data/store     scoring/engine data/format data/live)
set(allowed_data/roster    scoring/engine data/format)
set(allowed_scoring/protocol scoring/engine data/format data/live)
# The contest-day rules: pure, beside the engine (no store, server, HTTP, clocks or threads);
# of the roster only the draw (a seed's running order, replayed for the live draw).
set(allowed_scoring/live   scoring/engine data/format data/live scoring/protocol
                           data/roster/draw.h)
set(allowed_scoring/print  scoring/engine data/format)
set(allowed_scoring/client scoring/engine data/format data/live scoring/protocol)
set(allowed_scoring/server scoring/engine data/format data/live data/store scoring/protocol
                           scoring/live scoring/print data/roster/draw.h)
# The command-line tool uses the server's login codes, TLS identity and clock, not the server.
set(allowed_scoring/cli    scoring/engine data/format data/live data/store data/roster
                           scoring/print scoring/client scoring/server/auth.h scoring/server/login_code_key.h
                           scoring/server/restore_bundle.h
                           scoring/server/tls_certificate.h
                           scoring/server/clock.h)
set(allowed_app_shell      scoring/engine data/format)
set(allowed_display        scoring/engine data/format data/live scoring/protocol scoring/live
                           scoring/client app_shell)
set(allowed_judge_console  scoring/engine data/format data/live data/store/sqlite_statement.h
                           scoring/protocol scoring/client
                           app_shell)
set(folders scoring/engine data/format data/live data/store data/roster scoring/protocol
            scoring/live scoring/print scoring/client scoring/server scoring/cli app_shell display
            judge_console)

set(violations "")
foreach(folder IN LISTS folders)
  file(GLOB_RECURSE sources "${ROOT}/${folder}/*.h" "${ROOT}/${folder}/*.cpp")
  foreach(src IN LISTS sources)
    file(STRINGS "${src}" lines REGEX "^[ \t]*#[ \t]*include[ \t]*\"")
    foreach(line IN LISTS lines)
      string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]*\"([^\"]+)\".*" "\\1" inc "${line}")
      set(ok FALSE)
      set(prefixes ${allowed_${folder}} ${folder})
      foreach(prefix IN LISTS prefixes)
        string(LENGTH "${prefix}" n)
        string(SUBSTRING "${inc}" 0 ${n} head)
        if(head STREQUAL prefix)
          set(ok TRUE)
        endif()
      endforeach()
      if(NOT ok)
        file(RELATIVE_PATH rel "${ROOT}" "${src}")
        string(APPEND violations "  ${rel}: #include \"${inc}\" (${folder} may include: ${folder} ${allowed_${folder}})\n")
      endif()
    endforeach()
  endforeach()
endforeach()

if(violations)
  message(FATAL_ERROR "forbidden includes (see docs/architecture.md):\n${violations}")
endif()
