#!/bin/bash
# tokentray-tray.app/Contents/app/share/bin/tokentray: the CLI and the credential_process shim
# for the PATH (ln -s /Applications/tokentray-tray.app/Contents/app/share/bin/tokentray
# /usr/local/bin/tokentray). It starts the bundled runtime with exactly the class path and JVM
# options of the `tokentray` launcher (jpackage wrote them from installer/macos/tokentray.properties
# into Contents/app/tokentray.cfg), plus the user's class-data-sharing archive once the tray has
# recorded it (shim/ShimArchive): the archive may not live in the bundle, whose signature seals
# every file, and jpackage's launcher cannot name a file in the user's home. Naming a missing or
# foreign archive would turn class sharing off altogether, so it is named only when the file for
# this version and this copy of the app is there.
# AWS tools start this on every call: shell builtins only, bar a readlink when run through a link
# to an app outside /Applications.
# bash 3.2 (macOS's /bin/bash).
self=$0
case $self in
  /*) ;;
  *) self=$PWD/$self ;;
esac
# `tokentray wire` writes this path into ~/.aws/config as the credential_process command.
TOKENTRAY_LAUNCHER=$self
export TOKENTRAY_LAUNCHER
# The usual install answers without a fork ([ -ef ] compares the files the paths lead to);
# elsewhere, readlink follows the links.
usual=/Applications/tokentray-tray.app/Contents/app/share/bin/tokentray
if [ -L "$self" ] && [ "$self" -ef "$usual" ]; then
  self=$usual
fi
while [ -L "$self" ]; do
  target=$(readlink "$self")
  case $target in
    /*) self=$target ;;
    *) self=${self%/*}/$target ;;
  esac
done
app=${self%/share/bin/*}
if [ ! -f "$app/tokentray.cfg" ]; then
  echo "tokentray: $app/tokentray.cfg is missing; reinstall tokentray-tray.app, or run its Contents/MacOS/tokentray" >&2
  exit 1
fi

classpath=
mainclass=
version=
options=()
while IFS= read -r line || [ -n "$line" ]; do
  case $line in
    app.classpath=*) classpath=${classpath:+$classpath:}${line#app.classpath=} ;;
    app.mainclass=*) mainclass=${line#app.mainclass=} ;;
    java-options=*)
      option=${line#java-options=}
      options+=("${option//\$APPDIR/$app}")
      case $option in
        -Djpackage.app-version=*) version=${option#-Djpackage.app-version=} ;;
      esac
      ;;
  esac
done < "$app/tokentray.cfg"
classpath=${classpath//\$APPDIR/$app}

# The archive's name, as ShimArchive.userArchive makes it: the version, and FNV-1a (32 bits) of
# the install folder's bytes.
fnv1a() {
  local LC_ALL=C text=$1 hash=2166136261 i byte
  for (( i = 0; i < ${#text}; i++ )); do
    printf -v byte '%d' "'${text:i:1}"
    hash=$(( ((hash ^ (byte & 255)) * 16777619) & 4294967295 ))
  done
  printf -v digest '%08x' "$hash"
}
fnv1a "$app"
archive=$HOME/Library/Caches/tokentray/tokentray-$version-$digest.jsa
if [ -f "$archive" ]; then
  options+=("-XX:SharedArchiveFile=$archive")
fi
# Like bin/tokentray, `tokentray tray` gets the PC/SC add-opens (mfa/oath/Pcsc).
if [ "${1:-}" = tray ]; then
  options+=(--add-opens=java.smartcardio/sun.security.smartcardio=ALL-UNNAMED)
fi
exec "$app/../runtime/Contents/Home/bin/java" "${options[@]}" -cp "$classpath" "$mainclass" "$@"
