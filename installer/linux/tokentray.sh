#!/bin/sh
# /usr/bin/tokentray links here (/opt/tokentray/lib/app/share/bin/tokentray): the CLI and the
# credential_process shim, started straight on the bundled runtime with exactly the class path
# and JVM options of the `tokentray` launcher (read from its .cfg, which jpackage wrote from
# installer/linux/tokentray.properties), so the class-data-sharing archive postinst recorded
# applies. Why not the launcher itself: JDK 17's jpackage launcher on Linux asks rpm and dpkg
# which package owns it on every start (`rpm -qf`, `dpkg -S`, `dpkg -L`), about 250 ms that the
# AWS CLI would pay on every call. /opt/tokentray/bin/tokentray works too, only slower to start.
# Like bin/tokentray, `tokentray tray` gets few malloc arenas and the PC/SC add-opens.
set -f
app=/opt/tokentray
cfg=$app/lib/app/tokentray.cfg
cp=
opts=
while IFS= read -r line; do
  case $line in
    app.classpath=*) entry=${line#app.classpath=}; cp=${cp:+$cp:}$app/lib/app${entry#\$APPDIR} ;;
    java-options=*) option=${line#java-options=}
                    case $option in *'$APPDIR'*) option=${option%%\$APPDIR*}$app/lib/app${option#*\$APPDIR} ;; esac
                    opts="$opts $option" ;;
  esac
done < "$cfg"
if [ "${1:-}" = tray ]; then
  MALLOC_ARENA_MAX=2
  export MALLOC_ARENA_MAX
  opts="$opts --add-opens=java.smartcardio/sun.security.smartcardio=ALL-UNNAMED"
fi
# `tokentray wire` writes this path into ~/.aws/config as the credential_process command.
TOKENTRAY_LAUNCHER=/usr/bin/tokentray
export TOKENTRAY_LAUNCHER
exec "$app/lib/runtime/bin/java" $opts -cp "$cp" dev.tokentray.Main "$@"
