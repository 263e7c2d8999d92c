# shellcheck shell=bash
# Shared steps of installer/<os>/build (sourced, with the checkout root as the working folder).
# bash 3.2 compatible: macOS runners run it with /bin/bash.

out=app/target/installer

die() {
  echo "installer: $*" >&2
  exit 1
}

# The version every package carries: the pom's, without -SNAPSHOT. One version on every OS (the
# .deb, the .dmg/.pkg and the .msi, and the jar's `tokentray --version`), so check_app_version
# holds it to what the strictest jpackage takes.
app_version() {
  sed -n 's:.*<version>\([^<]*\)</version>.*:\1:p' pom.xml | head -1 | sed 's/-SNAPSHOT$//'
}

# at_most NUMBER MAX: whether a whole number (any length, no leading zeros) is at most MAX,
# compared by length first so that no number overflows the shell's integers.
at_most() {
  [ ${#1} -lt ${#2} ] || { [ ${#1} -eq ${#2} ] && [ "$1" -le "$2" ]; }
}

# check_app_version VERSION: refuses, in one line, a version some OS's jpackage would refuse
# (or accept to no good), so the build stops here and not on a runner of another OS:
# - three whole numbers, no leading zeros: macOS's CFBundleVersion takes at most three and the
#   MSI compares only three (a fourth would not make a newer .msi replace an older one); "1.02.3"
#   and "1.2.3" would be one version to Windows but two ProductCodes to jpackage;
# - the first at least 1: jpackage on macOS refuses "0.x.y" for .dmg and .pkg alike
#   ("The first number in a CFBundleVersion cannot be zero or negative");
# - major and minor at most 255, build at most 65535: the MSI ProductVersion's ranges.
check_app_version() {
  local v=$1
  [ -n "$v" ] || die "no version: set <version> in pom.xml (as 1.0.0-SNAPSHOT)"
  if ! [[ $v =~ ^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$ ]]; then
    die "version $v is not three whole numbers MAJOR.MINOR.BUILD without leading zeros (as 1.0.42), the only form jpackage takes on every OS; fix <version> in pom.xml"
  fi
  local major=${BASH_REMATCH[1]} minor=${BASH_REMATCH[2]} build=${BASH_REMATCH[3]}
  [ "$major" != 0 ] || die "version $v starts with 0: macOS refuses a CFBundleVersion whose first number is 0; make the major version 1 or more in pom.xml"
  at_most "$major" 255 || die "version $v is out of range: the MSI ProductVersion's major number is at most 255"
  at_most "$minor" 255 || die "version $v is out of range: the MSI ProductVersion's minor number is at most 255"
  at_most "$build" 65535 || die "version $v is out of range: the MSI ProductVersion's build number is at most 65535"
}

# The version of a build that must install over the previous one (every CI build, every
# release): the pom's major and minor, and as the third number the count of commits in HEAD's
# history, which grows with every commit on the branch. The MSI compares only these three numbers,
# and jpackage derives the .msi's ProductCode from the version, so an equal version would be
# "already installed" and not replace the last build; macOS's CFBundleVersion grows alike.
# installer/stamp-version writes it into the poms before the Maven build.
build_version() {
  local pom count
  pom=$(app_version)
  [ "$(git rev-parse --is-shallow-repository 2>/dev/null)" != true ] \
    || die "this is a shallow clone, whose commit count is not the history's: fetch it all (git fetch --unshallow; actions/checkout with fetch-depth: 0)"
  count=$(git rev-list --count HEAD 2>/dev/null) || die "cannot count the commits of $(pwd): build_version needs a git checkout"
  echo "${pom%.*}.$count"
}

# check_release_tag VERSION: the CI build of a tag (GITHUB_REF_TYPE=tag, as GitHub Actions sets
# it) must be of the tag vVERSION, so that a release's packages carry the version it is named by.
check_release_tag() {
  [ "${GITHUB_REF_TYPE:-}" = tag ] || return 0
  [ "${GITHUB_REF_NAME:-}" = "v$1" ] \
    || die "the tag ${GITHUB_REF_NAME:-} is not v$1, the version this commit builds as (the pom's major.minor and the commit count): tag it v$1"
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

# The architecture the packaged runtime runs on, as the packages' names say it (arm64, x64): asked
# of the runtime's own java, since that, not the machine (an x64 JDK runs on an arm64 Mac under
# Rosetta), is what the package holds.
package_arch() {
  local arch
  arch=$("$out/runtime/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *os\.arch = //p')
  case "$arch" in
    aarch64|arm64) echo arm64 ;;
    x86_64|amd64) echo x64 ;;
    *) die "the runtime in $out/runtime runs on '$arch', which the installers do not name: build with an arm64 or x64 JDK 17" ;;
  esac
}

# check_javafx_arch ARCH: the JavaFX modules linked into the runtime carry native libraries, and
# Maven picked their classifier (javafx-graphics-21.0.9-mac-aarch64.jar, …-mac.jar) from the JDK it
# ran on: they must be for ARCH too, or the tray would not start where the package's name says it runs.
check_javafx_arch() {
  local jar name fx
  for jar in "$out"/javafx/javafx-graphics-*.jar; do
    [ -f "$jar" ] || die "no javafx-graphics jar in $out/javafx"
    name=$(basename "$jar")
    case "$name" in
      *-aarch64.jar) fx=arm64 ;;
      *-x86.jar|*-arm32.jar) fx=other ;;
      *) fx=x64 ;;
    esac
    [ "$fx" = "$1" ] || die "$name is JavaFX for $fx, not for $1 as the runtime is: build the jar with a JDK for $1 (Maven picks JavaFX's platform from the JDK it runs on)"
  done
}

# The jpackage that builds the .msi, from the JDK home in TOKENTRAY_JPACKAGE_JDK (18 or later):
# jpackage 17 gives every launcher a Start menu shortcut, and the `tokentray` CLI's, a console
# program, would flash a window and close; the launcher property win-menu=false that leaves it out
# came with jpackage 18. It only packages: the runtime in the .msi is the JDK 17 one jlink_runtime
# makes, so what runs is what the other OSes run.
menu_jpackage() {
  local jdk=${TOKENTRAY_JPACKAGE_JDK:-} jpackage version
  [ -n "$jdk" ] || die "set TOKENTRAY_JPACKAGE_JDK to a JDK 18+ home (as Temurin 21): jpackage 17 would put the console CLI in the Start menu"
  # Git Bash: a Windows path (C:\hostedtoolcache\…) as this shell runs it.
  if command -v cygpath >/dev/null 2>&1; then
    jdk=$(cygpath -u "$jdk")
  fi
  jpackage=$jdk/bin/jpackage
  [ -x "$jpackage" ] || [ -x "$jpackage.exe" ] \
    || die "TOKENTRAY_JPACKAGE_JDK=$jdk has no bin/jpackage: name a JDK 18+ home (as Temurin 21), whose jpackage keeps the CLI out of the Start menu"
  version=$("$jpackage" --version 2>/dev/null | head -1)
  case "$version" in
    1[89]|1[89].*|[2-9][0-9]|[2-9][0-9].*) echo "$jpackage" ;;
    *) die "TOKENTRAY_JPACKAGE_JDK=$jdk has jpackage ${version:-of no version}: jpackage 18 or later is needed to keep the console CLI out of the Start menu (win-menu=false)" ;;
  esac
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
