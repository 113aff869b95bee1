# Install rules and the Debian packages county IT installs (cpack -G DEB in the build folder):
#   tongban-station  the CLI, the desk (menu entry and icon), the scanner helper, and a
#                    systemd user timer that syncs each account's station in the background
#   tongban-hub      the hub, its systemd service and system user, /etc/tongban/hub.conf,
#                    data under /var/lib/tongban/hub
# Maintainer scripts honour DPKG_ROOT, so a test installs both into a folder (tests/packaging).
include(GNUInstallDirs)

install(TARGETS tongban tongban_desk RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT station)
# The desk looks for its helper in ../libexec/tongban beside its own folder.
install(TARGETS tongban_scanner RUNTIME DESTINATION ${CMAKE_INSTALL_LIBEXECDIR}/tongban COMPONENT station)
install(FILES ui/packaging/tongban-desk.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications
        COMPONENT station)
install(FILES ui/packaging/tongban.svg DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps
        COMPONENT station)
install(FILES node/packaging/tongban-sync.service node/packaging/tongban-sync.timer
        DESTINATION lib/systemd/user COMPONENT station)
install(FILES README.md DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/tongban-station COMPONENT station)

install(TARGETS tongban-central RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT hub)
install(FILES central/packaging/tongban-hub.service DESTINATION lib/systemd/system COMPONENT hub)
install(FILES central/packaging/tongban.sysusers DESTINATION lib/sysusers.d RENAME tongban.conf
        COMPONENT hub)
install(FILES central/packaging/hub.conf DESTINATION /etc/tongban COMPONENT hub)
install(FILES README.md DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/tongban-hub COMPONENT hub)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME tongban)
set(CPACK_PACKAGE_VENDOR "Tongban")
set(CPACK_PACKAGE_CONTACT "Tongban county IT <it@tongban.invalid>")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_COMPONENTS_ALL station hub)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://tongban.invalid")

set(CPACK_DEBIAN_STATION_PACKAGE_NAME tongban-station)
set(CPACK_COMPONENT_STATION_DESCRIPTION
    "Tongban station: the front desk and CLI of a township or village service station\n\
Works offline on a local database and syncs with the county hub when it can.")
# What the desk loads at run time and no shared library names: its QML modules and a
# font with every Chinese character it shows.
set(CPACK_DEBIAN_STATION_PACKAGE_DEPENDS
    "qml6-module-qtquick, qml6-module-qtquick-controls, qml6-module-qtquick-templates, \
qml6-module-qtquick-layouts, qml6-module-qtquick-window, qml6-module-qtquick-dialogs, \
qml6-module-qtqml, qml6-module-qtqml-models, qml6-module-qtqml-workerscript, fonts-wqy-microhei")
set(CPACK_DEBIAN_STATION_PACKAGE_CONTROL_EXTRA
    "${PROJECT_SOURCE_DIR}/node/packaging/deb/postinst;${PROJECT_SOURCE_DIR}/node/packaging/deb/prerm")

set(CPACK_DEBIAN_HUB_PACKAGE_NAME tongban-hub)
set(CPACK_COMPONENT_HUB_DESCRIPTION
    "Tongban county hub: syncs every station of a county\n\
Runs as the tongban system user from /var/lib/tongban/hub; settings in /etc/tongban/hub.conf.")
set(CPACK_DEBIAN_HUB_PACKAGE_DEPENDS "systemd")
set(CPACK_DEBIAN_HUB_PACKAGE_CONTROL_EXTRA
    "${PROJECT_SOURCE_DIR}/central/packaging/deb/postinst;${PROJECT_SOURCE_DIR}/central/packaging/deb/prerm;\
${PROJECT_SOURCE_DIR}/central/packaging/deb/postrm;${PROJECT_SOURCE_DIR}/central/packaging/deb/conffiles")

include(CPack)
