# Gives the .msi's Start menu shortcut the System.AppUserModel.ID property, so that Windows names the
# tray's notices after that shortcut (its name and icon). jpackage writes the shortcut without it and
# offers no way to add it (installer/README.md), so this adds the row WiX's <ShortcutProperty> would
# have made to the built .msi's MsiShortcutProperty table (Windows Installer 5.0, Windows 7 and
# later), through the Windows Installer's own automation interface:
#   powershell -NoProfile -ExecutionPolicy Bypass -File shortcut-aumid.ps1 -Msi X.msi -Id dev.tokentray.tray
# Run by installer/windows/build only with TOKENTRAY_MSI_SHORTCUT_AUMID=1: not yet run on Windows.
param(
  [Parameter(Mandatory = $true)][string]$Msi,
  [Parameter(Mandatory = $true)][string]$Id
)
$ErrorActionPreference = 'Stop'

# The installer's COM objects have no type library PowerShell can read: every call goes by name.
function Call($object, [string]$method, [object[]]$arguments = @()) {
  return $object.GetType().InvokeMember($method, [Reflection.BindingFlags]::InvokeMethod, $null, $object, $arguments)
}
function Get-Property($object, [string]$property, [object[]]$arguments = @()) {
  return $object.GetType().InvokeMember($property, [Reflection.BindingFlags]::GetProperty, $null, $object, $arguments)
}
function Rows($database, [string]$sql, [int]$columns) {
  $view = Call $database 'OpenView' @($sql)
  Call $view 'Execute' | Out-Null
  $rows = @()
  while ($null -ne ($record = Call $view 'Fetch')) {
    $rows += , @(1..$columns | ForEach-Object { Get-Property $record 'StringData' @($_) })
  }
  Call $view 'Close' | Out-Null
  return , $rows
}
function Run($database, [string]$sql) {
  $view = Call $database 'OpenView' @($sql)
  Call $view 'Execute' | Out-Null
  Call $view 'Close' | Out-Null
}

$installer = New-Object -ComObject WindowsInstaller.Installer
$database = Call $installer 'OpenDatabase' @($Msi, 1)  # msiOpenDatabaseModeTransact

# jpackage makes one shortcut, the tray's (the CLI launcher has win-menu=false).
$shortcuts = Rows $database 'SELECT `Shortcut`, `Name` FROM `Shortcut`' 2
if ($shortcuts.Count -ne 1) {
  throw "$Msi has $($shortcuts.Count) shortcuts, not the tray's alone: $(($shortcuts | ForEach-Object { $_[1] }) -join ', ')"
}
$shortcut = $shortcuts[0][0]

# SQL in single quotes: in double quotes PowerShell would take its backticks for escapes.
if ((Rows $database 'SELECT `Name` FROM `_Tables` WHERE `Name` = ''MsiShortcutProperty''' 1).Count -eq 0) {
  Run $database ('CREATE TABLE `MsiShortcutProperty` (`MsiShortcutProperty` CHAR(72) NOT NULL, ' +
    '`Shortcut_` CHAR(72) NOT NULL, `PropertyKey` LONGCHAR NOT NULL, `PropVariantValue` LONGCHAR NOT NULL ' +
    'PRIMARY KEY `MsiShortcutProperty`)')
}
Run $database (('INSERT INTO `MsiShortcutProperty` (`MsiShortcutProperty`, `Shortcut_`, `PropertyKey`, `PropVariantValue`) ' +
  'VALUES (''TrayAppUserModelId'', ''{0}'', ''System.AppUserModel.ID'', ''{1}'')') -f $shortcut, $Id)
Call $database 'Commit' | Out-Null
Write-Output "shortcut-aumid: $Msi's shortcut $($shortcuts[0][1]) carries System.AppUserModel.ID $Id"
