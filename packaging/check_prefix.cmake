# Read by cpack as it starts (CPACK_PROJECT_CONFIG_FILE): a Debian package
# installs under /usr, so the build must have been configured for /usr.
if(NOT CPACK_PACKAGING_INSTALL_PREFIX STREQUAL "/usr")
  message(FATAL_ERROR "rostrum: the build is configured for ${CPACK_PACKAGING_INSTALL_PREFIX}; "
    "a Debian package installs under /usr. Configure a build for it with "
    "cmake -S . -B build-deb -DCMAKE_INSTALL_PREFIX=/usr, then run cpack -G DEB in build-deb.")
endif()
