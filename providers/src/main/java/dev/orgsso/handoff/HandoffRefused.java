package dev.orgsso.handoff;

import dev.orgsso.core.Reason;

/** A handoff that is refused, with the non-secret reason code shown to the user and put in the event. */
final class HandoffRefused extends Exception {

    private final Reason reason;
    private final int status;
    /** What rule refused, for the event (a detail, never shown); null when the reason says it all. */
    private final String rule;

    HandoffRefused(Reason reason, int status, String rule) {
        super(reason.code(), null, false, false);
        this.reason = reason;
        this.status = status;
        this.rule = rule;
    }

    HandoffRefused(Reason reason, int status) {
        this(reason, status, null);
    }

    HandoffRefused(Reason reason) {
        this(reason, 400);
    }

    /** The reason code, as shown and recorded. */
    String reason() {
        return reason.code();
    }

    String rule() {
        return rule;
    }

    int status() {
        return status;
    }
}
