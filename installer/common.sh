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
# (copied into input/share/, which jpackage installs as lib/app/share/). JavaFX is not among them:
# its modular jars go to app/target/installer/javafx/, to be linked into the runtime (below).
stage_input() {
  [ -f app/target/tokentray.jar ] || die "app/target/tokentray.jar is missing; build it first with: mvn -B -q -DskipTests package"
  [ -d app/target/lib ] || die "app/target/lib is missing; build it first with: mvn -B -q -DskipTests package"
  rm -rf "$out/input" "$out/javafx"
  mkdir -p "$out/input/lib" "$out/javafx"
  cp app/target/tokentray.jar "$out/input/"
  local jar
  for jar in app/target/lib/*.jar; do
    case "$(basename "$jar")" in
      # OpenJFX publishes each module twice: an empty jar without a platform, and the real module
      # for this OS (javafx-graphics-21.0.9-linux.jar, …-mac-aarch64.jar, …-win.jar).
      javafx-*)
        if jar tf "$jar" | grep -qx module-info.class; then
          cp "$jar" "$out/javafx/"
        fi
        ;;
      *) cp "$jar" "$out/input/lib/" ;;
    esac
  done
  ls "$out"/javafx/*.jar >/dev/null 2>&1 || die "no JavaFX module jar in app/target/lib"
  for extra in "$@"; do
    mkdir -p "$out/input/share"
    cp -R "$extra" "$out/input/share/"
  done
}

# The modules tokentray needs, as jdeps finds them in the jar and every library: JDK modules and
# the JavaFX ones (found on the module path).
# jdk.crypto.ec is added by hand: TLS to STS negotiates ECDHE/X25519 through the SunEC provider,
# which is found as a service at run time, so jdeps cannot see it.
runtime_modules() {
  local found
  found=$(jdeps --module-path "$out/javafx" --print-module-deps --ignore-missing-deps --multi-release 17 \
    "$out/input/tokentray.jar" "$out"/input/lib/*.jar) || die "jdeps failed"
  case ",$found," in
    *,javafx.controls,*) ;;
    *) die "jdeps found no JavaFX module in tokentray.jar: $found" ;;
  esac
  echo "$found,jdk.crypto.ec"
}

# app/target/installer/runtime: a jlinked runtime of only those modules, JavaFX's among them
# (linked from OpenJFX's modular jars; their native libraries ride along as resources and are
# unpacked on first use, as from the jars). The app itself stays on the class path, where the
# runtime's modules are all visible to it; JavaFX, in the runtime, runs in its supported
# configuration (on the class path it warns "Unsupported JavaFX configuration" at every start).
# Not compressed (--compress would shrink lib/modules by about half, but every class the tray and
# the shim load would then be inflated at start-up), and the native commands stay: the install
# scripts run the bundled bin/java to record the shim's class-data-sharing archive.
# --generate-cds-archive gives the runtime its default CDS archive of JDK classes, which the tray
# launcher maps.
jlink_runtime() {
  local modules
  modules=$(runtime_modules)
  echo "installer: runtime modules: $modules"
  rm -rf "$out/runtime"
  # The JDK's own jmods need not be named: jlink adds them when java.base is not on the path.
  jlink --module-path "$out/javafx" --add-modules "$modules" \
    --strip-debug --no-man-pages --no-header-files \
    --generate-cds-archive --output "$out/runtime" || die "jlink failed"
}
