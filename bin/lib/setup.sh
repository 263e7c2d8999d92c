# shellcheck shell=bash
# shellcheck disable=SC2034,SC2154 # desktop_packages is for the sourcing script, which sets setup_by
# What building tokentray and running its tray take, and how a Debian/Ubuntu machine gets what
# it lacks. Sourced (bash) by bin/start and bin/test, which set `setup_by` to their own name for
# the lines they print.

# The libraries the tray loads, found with ldd on JavaFX's natives (glass-gtk3, prism-es2, the
# pango font stack) and the JDK's AWT (awt_xawt, fontmanager). Named here too, not left to
# openjdk-17-jre's dependencies, for a JDK that did not come from apt. fonts-dejavu-core is named
# because fontconfig-config settles for any of several fonts; without one JavaFX draws no text.
desktop_packages=(libgtk-3-0 libpangoft2-1.0-0 libfontconfig1 fontconfig libfreetype6
  libx11-6 libxext6 libxrender1 libxtst6 libxi6 libgl1 libxxf86vm1 fonts-dejavu-core)

# Prints the feature release of the java at $1 (17 for "17.0.15", 8 for "1.8.0_382"), nothing if
# it does not run (macOS's /usr/bin/java stub without a JDK exits 1). The JDK's `release` file
# says it without starting a JVM, which keeps a second bin/start quick.
java_release() {
  local release
  release="$(dirname "$(dirname "$1")")/release"
  { if [ -f "$release" ]; then sed -n 's/^JAVA_VERSION="\(.*\)"/version "\1"/p' "$release"; else "$1" -version 2>&1; fi; } |
    awk -F'"' '/version "/ { split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit }'
}

# The file a link points at in the end (macOS before 12.3 has no readlink -f: the path as given).
resolve() {
  readlink -f "$1" 2>/dev/null || echo "$1"
}

# A JDK, not just a runtime: javac next to java (Debian's /usr/bin/java is a link into it).
is_jdk17() {
  local java
  java=$(resolve "$1")
  [ -x "$java" ] && [ -x "$(dirname "$java")/javac" ] && [ "$(java_release "$java")" -ge 17 ] 2>/dev/null
}

# Puts a JDK 17 or newer first on PATH, and in JAVA_HOME for Maven: JAVA_HOME's if it is one, else
# the one on PATH, else one in /usr/lib/jvm (apt installs one there without making it the default
# java when an older one was chosen by hand). Fails when there is none.
use_jdk17() {
  local home
  if [ -n "${JAVA_HOME:-}" ] && is_jdk17 "$JAVA_HOME/bin/java"; then
    PATH="$JAVA_HOME/bin:$PATH"
    return 0
  fi
  if command -v java >/dev/null && is_jdk17 "$(command -v java)"; then
    home=$(dirname "$(dirname "$(resolve "$(command -v java)")")")
    [ -n "${JAVA_HOME:-}" ] && export JAVA_HOME="$home" # Maven would take the unusable one
    return 0
  fi
  for home in /usr/lib/jvm/*/; do
    if is_jdk17 "${home}bin/java"; then
      export JAVA_HOME="${home%/}"
      PATH="$JAVA_HOME/bin:$PATH"
      return 0
    fi
  done
  return 1
}

# Sets missing_tools to the Debian packages of the build tools that are not there: a JDK 17+ and
# Maven. In this shell, so that use_jdk17's PATH and JAVA_HOME stay for the build.
find_build_tools() {
  missing_tools=()
  use_jdk17 || missing_tools+=(openjdk-17-jdk)
  command -v mvn >/dev/null || missing_tools+=(maven)
}

# Prints which of the given Debian packages are not installed. An installed package that provides
# the name counts: Ubuntu 24.04 and Debian 13 ship libgtk-3-0 as libgtk-3-0t64.
missing_debian_packages() {
  local -A have=()
  local name
  while read -r name; do have[$name]=1; done < <(dpkg-query -W -f='${db:Status-Abbrev}|${Package}|${Provides}\n' 2>/dev/null |
    awk -F'|' '$1 ~ /^ii/ { print $2; n = split($3, p, ","); for (i = 1; i <= n; i++) { sub(/\(.*/, "", p[i]); gsub(/ /, "", p[i]); if (p[i] != "") print p[i] } }')
  for name in "$@"; do
    [ -n "${have[$name]:-}" ] || echo "$name"
  done
}

# apt-get installs the given packages, through sudo unless we are root. Called only with packages
# that are missing, so a machine that has everything is never asked for a password.
apt_install() {
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "$setup_by: installing Debian packages: $*"
  $sudo apt-get update -qq
  # Through env: sudo drops the caller's environment, and apt-get would stop to ask questions.
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
}

# Installs, on a Debian/Ubuntu machine, whichever of the build tools and the given packages are
# missing, then makes sure the JDK and Maven are usable. Elsewhere it installs nothing and, when the
# JDK or Maven is missing, says in one line what to install and fails.
ensure_packages() {
  local missing
  find_build_tools
  if command -v apt-get >/dev/null && command -v dpkg-query >/dev/null; then
    mapfile -t missing < <(missing_debian_packages "${missing_tools[@]}" "$@")
    [ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"
    [ ${#missing_tools[@]} -eq 0 ] || find_build_tools
    if [ ${#missing_tools[@]} -gt 0 ]; then
      echo "$setup_by: apt-get installed ${missing_tools[*]}, yet $(tool_names "${missing_tools[@]}") cannot be found; see apt-get's lines above" >&2
      return 1
    fi
  elif [ ${#missing_tools[@]} -gt 0 ]; then
    if [ "$(uname -s)" = Darwin ]; then
      local formulae="${missing_tools[*]}" then="then"
      formulae=${formulae/openjdk-17-jdk/openjdk@17}
      # Homebrew's JDK is keg-only: neither on PATH nor where /usr/bin/java looks.
      case "$formulae" in *openjdk@17*) then="then export JAVA_HOME=\$(brew --prefix openjdk@17) and" ;; esac
      echo "$setup_by: needs $(tool_names "${missing_tools[@]}"): brew install $formulae, $then run $setup_by again" >&2
    else
      echo "$setup_by: needs $(tool_names "${missing_tools[@]}"): install with your package manager (the JDK may also be given by JAVA_HOME), then run $setup_by again" >&2
    fi
    return 1
  fi
}

# "a JDK 17 or newer and Maven (mvn)" for the packages build_tool_packages printed.
tool_names() {
  local names=() p
  for p in "$@"; do
    case "$p" in
      openjdk-17-jdk) names+=("a JDK 17 or newer (java and javac)") ;;
      maven) names+=("Maven (mvn)") ;;
    esac
  done
  local IFS=,
  local joined="${names[*]}"
  echo "${joined//,/ and }"
}
