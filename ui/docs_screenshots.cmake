# Regenerates the screenshots of docs/gui.md and docs/journey.md (docs/images/gui-*.png,
# docs/images/journey-*.png) with the real binary:
#   cmake --build build/release --target gui_docs_screenshots
# Each is `mailscope-gui --screenshot` under Xvfb at 1600x900; ImageMagick, when present,
# reduces them to 256 colours so the repository stays small.
# Expects -DGUI=<mailscope-gui> -DSOURCE_DIR=<repository> on the command line.
cmake_minimum_required(VERSION 3.25)
set(OUT "${SOURCE_DIR}/docs/images")
file(MAKE_DIRECTORY "${OUT}")
find_program(XVFB_RUN xvfb-run REQUIRED)
find_program(CONVERT convert)

# name | arguments (separated by spaces)
set(SHOTS
  "overview|"
  "reveal|--reveal --session 3"
  "packets|--view packets --session 1"
  "sniffers-eye|--view sniffer --session 2"
  "tls|--view tls captures/smtp-starttls.pcap"
  "presentation|--presentation --view sniffer --session 1"
  "light|--theme light --view packets --session 3"
  "broken-file|README.md"
)
foreach(shot IN LISTS SHOTS)
  string(FIND "${shot}" "|" bar)
  string(SUBSTRING "${shot}" 0 ${bar} name)
  math(EXPR rest "${bar} + 1")
  string(SUBSTRING "${shot}" ${rest} -1 args)
  separate_arguments(args UNIX_COMMAND "${args}")
  set(png "${OUT}/gui-${name}.png")
  execute_process(
    COMMAND "${XVFB_RUN}" -a -s "-screen 0 1600x900x24" timeout 60
            "${GUI}" --screenshot "${png}" ${args}
    WORKING_DIRECTORY "${SOURCE_DIR}"  # file names as a user types them, not this machine's
    RESULT_VARIABLE rc OUTPUT_QUIET)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "screenshot ${name} failed (${rc})")
  endif()
  if(CONVERT)
    execute_process(COMMAND "${CONVERT}" "${png}" -dither None -colors 256 "PNG8:${png}")
  endif()
  message(STATUS "docs/images/gui-${name}.png")
endforeach()

# docs/journey.md: the journey of the tour before, during and after the relay's STARTTLS, and
# the protected tour at its end, paused there with --at; then the two tours side by side at
# their end ("Side by side"). At 1920x1080 in presentation mode, as a projector shows them.
set(JOURNEY_SHOTS
  "before|--view journey --at 47 captures/tour.pcapng"
  "during|--view journey --at 49.7 captures/tour.pcapng"
  "after|--view journey --at 53.5 captures/tour.pcapng"
  "protected|--view journey --at 200 captures/tour-protected.pcapng"
  "compare|--compare --at 200 captures/tour.pcapng captures/tour-protected.pcapng"
)
foreach(shot IN LISTS JOURNEY_SHOTS)
  string(FIND "${shot}" "|" bar)
  string(SUBSTRING "${shot}" 0 ${bar} name)
  math(EXPR rest "${bar} + 1")
  string(SUBSTRING "${shot}" ${rest} -1 args)
  separate_arguments(args UNIX_COMMAND "${args}")
  set(png "${OUT}/journey-${name}.png")
  execute_process(
    COMMAND "${XVFB_RUN}" -a -s "-screen 0 1920x1080x24" timeout 60
            "${GUI}" --screenshot "${png}" --presentation --size 1920x1080 ${args}
    WORKING_DIRECTORY "${SOURCE_DIR}"
    RESULT_VARIABLE rc OUTPUT_QUIET)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "screenshot journey-${name} failed (${rc})")
  endif()
  if(CONVERT)
    execute_process(COMMAND "${CONVERT}" "${png}" -dither None -colors 256 "PNG8:${png}")
  endif()
  message(STATUS "docs/images/journey-${name}.png")
endforeach()
