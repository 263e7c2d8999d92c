package dev.tokentray.tray.ui;

import dev.tokentray.core.Arn;
import dev.tokentray.core.Countdown;
import dev.tokentray.core.ProfileGroups;
import dev.tokentray.core.ProfileStatus;
import java.time.Duration;
import java.time.Instant;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * One line of the profiles list. The countdown text, the bar and the state are properties the
 * window's single timeline updates once a second; nothing else ticks. A property fires only when
 * its value changes, so what a cell shows (and a tooltip open on it) stays through the ticks.
 */
public final class ProfileRow implements ProfileListItem {
    private ProfileStatus status;
    private final ReadOnlyObjectWrapper<ProfileStatus> statusValue = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper identityText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper mfaText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper wiringText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper renewalText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper left = new ReadOnlyStringWrapper("");
    private final ReadOnlyDoubleWrapper fraction = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyObjectWrapper<ProfileStatus.State> state = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper stateText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper roleText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper roleTip = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper accountText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper regionText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper primaryText = new ReadOnlyStringWrapper("");
    /**
     * The bar moves in steps of half a pixel of its 90: a long session's bar then repaints when it
     * visibly moves, not on every tick of the window's timeline.
     */
    private static final int BAR_STEPS = 180;

    private Duration fullLength = Duration.ZERO;
    private boolean expiring;

    ProfileRow(ProfileStatus status, Instant now) {
        update(status, now);
    }

    void update(ProfileStatus newStatus, Instant now) {
        if (status == null || !java.util.Objects.equals(status.sessionExpires(), newStatus.sessionExpires())) {
            fullLength = Duration.ZERO;
        }
        status = newStatus;
        // Properties fire only when their text changes, so a cell (and its open tooltip) stays put
        // through a reload that changed nothing.
        statusValue.set(newStatus);
        identityText.set(identity());
        mfaText.set(mfaDevice());
        wiringText.set(wiring());
        String role = Arn.name(newStatus.roleArn());
        roleText.set(newStatus.error() != null ? "config needs a fix" : role != null ? role
                : newStatus.keys() == null ? "" : "user keys");
        roleTip.set(newStatus.error() != null ? newStatus.error() : newStatus.roleArn() != null ? newStatus.roleArn()
                : newStatus.keys() == null ? "" : "The profile's own keys (" + newStatus.keys() + "), no role");
        String account = newStatus.account();
        accountText.set(account == null ? "" : account);
        regionText.set(newStatus.region() == null ? "" : newStatus.region());
        String note = newStatus.renewalNote(java.time.ZoneId.systemDefault());
        renewalText.set(note == null ? "" : note);
        tick(now);
    }

    /** Moves the countdown to {@code now}. */
    void tick(Instant now) {
        ProfileStatus.State at = status.state(now);
        state.set(at);
        stateText.set(ProfileGroups.stateText(at));
        primaryText.set(switch (at) {
            case LIVE, EXPIRING -> "End";
            case LOCKED -> "Unlock";
            case NEEDS_KEYS -> "Add keys…";
            case ERROR -> "Why?";
        });
        Instant expires = status.sessionExpires();
        if (status.error() != null) {
            set("error", 0, false);
            return;
        }
        if (status.needsKeysOf() != null) {
            set("needs keys", 0, false);
            return;
        }
        if (expires == null || !expires.isAfter(now)) {
            set(expires == null ? "locked" : "expired", 0, false);
            return;
        }
        Duration remaining = Duration.between(now, expires);
        // The bar's full width is the session's length; for an entry that does not record it (one
        // written by an older version), its time left as first seen, rounded up to the hour.
        if (status.sessionLength() != null) {
            fullLength = status.sessionLength();
        } else if (remaining.compareTo(fullLength) > 0) {
            long hours = (remaining.toMinutes() + 59) / 60;
            fullLength = Duration.ofHours(Math.max(1, hours));
        }
        double share = Math.min(1, (double) remaining.toSeconds() / Math.max(1, fullLength.toSeconds()));
        set(Countdown.format(remaining) + (remaining.toHours() == 0 ? String.format(" %02ds", remaining.toSecondsPart()) : ""),
                Math.ceil(share * BAR_STEPS) / BAR_STEPS,
                status.state(now) == ProfileStatus.State.EXPIRING);
    }

    private void set(String text, double bar, boolean soon) {
        expiring = soon;
        left.set(text);
        fraction.set(bar);
    }

    public ProfileStatus status() {
        return status;
    }

    public String profile() {
        return status.profile();
    }

    public boolean expiring() {
        return expiring;
    }

    public boolean live() {
        return fraction.get() > 0;
    }

    /** "role/deploy in 123456789012" for a role, "user keys: vault" otherwise. */
    public String identity() {
        if (status.error() != null) {
            return status.error();
        }
        if (status.needsKeysOf() != null) {
            return status.needsKeysOf().equals(status.profile()) ? "no keys yet: Add keys…"
                    : "no keys yet (" + status.needsKeysOf() + " has none): Add keys…";
        }
        String role = status.roleArn();
        if (role != null) {
            int colon = role.lastIndexOf(':');
            String[] parts = role.split(":");
            return (colon >= 0 ? role.substring(colon + 1) : role) + (parts.length > 4 ? " in " + parts[4] : "");
        }
        return "user keys: " + status.keys();
    }

    /** "wired as P-tokentray" when the AWS CLI reaches this profile through tokentray's wiring, else "". */
    public String wiring() {
        return status.wiredAs().isEmpty() ? "" : "wired as " + String.join(", ", status.wiredAs());
    }

    public ReadOnlyObjectProperty<ProfileStatus> statusProperty() {
        return statusValue.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty identityProperty() {
        return identityText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty mfaProperty() {
        return mfaText.getReadOnlyProperty();
    }

    /** "renewed 10:42 (ahead of expiry) · 15m session, as asked", or empty when nothing is known. */
    public ReadOnlyStringProperty renewalProperty() {
        return renewalText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty wiringProperty() {
        return wiringText.getReadOnlyProperty();
    }

    public String mfaDevice() {
        return status.mfaSerial() == null ? "—" : status.mfaSerial();
    }

    /** The state, moved by the ticks: LIVE turns EXPIRING, then LOCKED, without a reload. */
    public ReadOnlyObjectProperty<ProfileStatus.State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    /** The state as a glyph and a word ("● live"), so that colour is never the only sign. */
    public ReadOnlyStringProperty stateTextProperty() {
        return stateText.getReadOnlyProperty();
    }

    /** The role's name without its path ("deploy"), "user keys", or what is wrong. */
    public ReadOnlyStringProperty roleProperty() {
        return roleText.getReadOnlyProperty();
    }

    /** What the role text stands for in full: the role's ARN, where the keys are, or the config error. */
    public ReadOnlyStringProperty roleTipProperty() {
        return roleTip.getReadOnlyProperty();
    }

    /** The 12-digit account, or empty when the config does not tell it. */
    public ReadOnlyStringProperty accountProperty() {
        return accountText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty regionProperty() {
        return regionText.getReadOnlyProperty();
    }

    /** The row's one button: Unlock (locked), End (live), Why? (a broken config). */
    public ReadOnlyStringProperty primaryProperty() {
        return primaryText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty leftProperty() {
        return left.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty fractionProperty() {
        return fraction.getReadOnlyProperty();
    }
}
