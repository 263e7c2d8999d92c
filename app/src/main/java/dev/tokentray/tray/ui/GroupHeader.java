package dev.tokentray.tray.ui;

import dev.tokentray.core.ProfileGroups;
import java.time.Instant;
import java.util.List;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The header of an account's group: its name and the MFA sessions its profiles chain from, each
 * with its time left (moved by the window's one timeline) and whether it can be ended.
 */
final class GroupHeader implements ProfileListItem {
    private final String key;
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper account = new ReadOnlyStringWrapper("");
    private final ObservableList<MfaLine> mfa = FXCollections.observableArrayList();

    GroupHeader(String key) {
        this.key = key;
    }

    String key() {
        return key;
    }

    /** Takes the group's new facts; the MFA lines of devices still there are kept (and so their cells). */
    void update(ProfileGroups.Group group, Instant now) {
        title.set(group.title());
        account.set(group.accountId() == null ? "" : group.accountId());
        List<String> serials = group.mfa().stream().map(ProfileGroups.MfaHead::serial).toList();
        if (!serials.equals(mfa.stream().map(MfaLine::serial).toList())) {
            mfa.setAll(group.mfa().stream().map(MfaLine::new).toList());
        }
        for (int i = 0; i < mfa.size(); i++) {
            mfa.get(i).head = group.mfa().get(i);
        }
        tick(now);
    }

    void tick(Instant now) {
        mfa.forEach(line -> line.tick(now));
    }

    ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    /** The account id, or empty for the groups that are not one account. */
    ReadOnlyStringProperty accountProperty() {
        return account.getReadOnlyProperty();
    }

    ObservableList<MfaLine> mfa() {
        return mfa;
    }

    /** One MFA device's session in a header: "alice · MFA session 7h 51m", and End while it lasts. */
    static final class MfaLine {
        private ProfileGroups.MfaHead head;
        private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper("");
        private final ReadOnlyBooleanWrapper live = new ReadOnlyBooleanWrapper();

        MfaLine(ProfileGroups.MfaHead head) {
            this.head = head;
        }

        String serial() {
            return head.serial();
        }

        /** The profile holding the keys the MFA session was made from: what End clears. */
        String keyProfile() {
            return head.keyProfile();
        }

        void tick(Instant now) {
            text.set(head.text(now));
            live.set(head.live(now));
        }

        ReadOnlyStringProperty textProperty() {
            return text.getReadOnlyProperty();
        }

        ReadOnlyBooleanProperty liveProperty() {
            return live.getReadOnlyProperty();
        }
    }
}
