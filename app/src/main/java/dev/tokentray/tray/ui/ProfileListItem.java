package dev.tokentray.tray.ui;

/** A line of the profiles list: an account's header or a profile. */
sealed interface ProfileListItem permits GroupHeader, ProfileRow {
}
