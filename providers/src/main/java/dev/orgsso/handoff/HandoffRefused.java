package dev.orgsso.handoff;

/** A handoff that is refused, with the non-secret reason code shown to the user and put in the event. */
final class HandoffRefused extends Exception {

    private final String reason;
    private final int status;
    /** What rule refused, for the event (a detail, never shown); null when the reason says it all. */
    private final String rule;

    HandoffRefused(String reason, int status, String rule) {
        super(reason, null, false, false);
        this.reason = reason;
        this.status = status;
        this.rule = rule;
    }

    HandoffRefused(String reason, int status) {
        this(reason, status, null);
    }

    HandoffRefused(String reason) {
        this(reason, 400);
    }

    String reason() {
        return reason;
    }

    String rule() {
        return rule;
    }

    int status() {
        return status;
    }
}
