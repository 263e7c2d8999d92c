#!/bin/sh
# /usr/bin/tokentray links here (/opt/tokentray/lib/app/share/bin/tokentray): the CLI and the
# credential_process shim, started straight on the bundled runtime with exactly the class path
# and JVM options of the `tokentray` launcher (jpackage wrote them from
# installer/linux/tokentray.properties into lib/app/tokentray.cfg; postinst copied them into the
# java @argfile lib/tokentray.args), so the class-data-sharing archive postinst recorded applies.
# Why not the launcher itself: JDK 17's jpackage launcher on Linux asks rpm and dpkg which package
# owns it on every start (`rpm -qf`, `dpkg -S`, `dpkg -L`), about 250 ms that the AWS CLI would pay
# on every call. /opt/tokentray/bin/tokentray works too, only slower to start.
# Like bin/tokentray, `tokentray tray` gets few malloc arenas and the PC/SC add-opens.
app=/opt/tokentray
extra=
if [ "${1:-}" = tray ]; then
  MALLOC_ARENA_MAX=2
  export MALLOC_ARENA_MAX
  extra=--add-opens=java.smartcardio/sun.security.smartcardio=ALL-UNNAMED
fi
# `tokentray wire` writes this path into ~/.aws/config as the credential_process command.
TOKENTRAY_LAUNCHER=/usr/bin/tokentray
export TOKENTRAY_LAUNCHER
if [ ! -f "$app/lib/tokentray.args" ]; then
  echo "tokentray: $app/lib/tokentray.args is missing (the package was not configured); run: sudo dpkg --configure -a, or use $app/bin/tokentray" >&2
  exit 1
fi
exec "$app/lib/runtime/bin/java" "@$app/lib/tokentray.args" $extra dev.tokentray.Main "$@"
