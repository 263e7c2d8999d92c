# Shared steps of installer/<os>/build (sourced, with the checkout root as the working folder).
# bash 3.2 compatible: macOS runners run it with /bin/bash.

out=app/target/installer

die() {
  echo "installer: $*" >&2
  exit 1
}

# The pom's version without -SNAPSHOT: jpackage takes only numbers on macOS (CFBundleVersion)
# and Windows (the MSI ProductVersion), and the .deb keeps one version for all three.
app_version() {
  sed -n 's:.*<version>\([^<]*\)</version>.*:\1:p' pom.xml | head -1 | sed 's/-SNAPSHOT$//'
}

need() {
  command -v "$1" >/dev/null 2>&1 || die "$1 is missing: $2"
}

# app/target/installer/input: the jar and its libraries as Maven's package phase left them
# (tokentray.jar's manifest names lib/*.jar), plus any extra files given as arguments
# (copied into input/share/, which jpackage installs as lib/app/share/).
stage_input() {
  [ -f app/target/tokentray.jar ] || die "app/target/tokentray.jar is missing; build it first with: mvn -B -q -DskipTests package"
  [ -d app/target/lib ] || die "app/target/lib is missing; build it first with: mvn -B -q -DskipTests package"
  rm -rf "$out/input"
  mkdir -p "$out/input"
  cp app/target/tokentray.jar "$out/input/"
  cp -R app/target/lib "$out/input/lib"
  for extra in "$@"; do
    mkdir -p "$out/input/share"
    cp -R "$extra" "$out/input/share/"
  done
}

# The JDK modules tokentray needs, as jdeps finds them in the jar and every library.
# jdk.crypto.ec is added by hand: TLS to STS negotiates ECDHE/X25519 through the SunEC provider,
# which is found as a service at run time, so jdeps cannot see it.
runtime_modules() {
  local found
  found=$(jdeps --print-module-deps --ignore-missing-deps --multi-release 17 \
    "$out/input/tokentray.jar" "$out"/input/lib/*.jar) || die "jdeps failed"
  echo "$found,jdk.crypto.ec"
}

# app/target/installer/runtime: a jlinked runtime of only those modules.
# JavaFX stays as jars on the class path (input/lib) instead of being linked in: jlink needs
# JavaFX's jmods, which are not on Maven Central (the Maven jars load their native libraries from
# inside the jar), and the app itself is on the class path, not a module.
# Not compressed (--compress would shrink lib/modules by about half, but every class the tray and
# the shim load would then be inflated at start-up), and the native commands stay: the .deb's
# postinst runs the bundled bin/java to record the shim's class-data-sharing archive.
# --generate-cds-archive gives the runtime its default CDS archive of JDK classes, which the tray
# launcher maps.
jlink_runtime() {
  local modules
  modules=$(runtime_modules)
  echo "installer: runtime modules: $modules"
  rm -rf "$out/runtime"
  jlink --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
    --generate-cds-archive --output "$out/runtime" || die "jlink failed"
}
