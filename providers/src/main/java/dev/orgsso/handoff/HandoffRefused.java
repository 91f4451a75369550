package dev.orgsso.handoff;

/** A handoff that is refused, with the non-secret reason code shown to the user and put in the event. */
final class HandoffRefused extends Exception {

    private final String reason;
    private final int status;

    HandoffRefused(String reason, int status) {
        super(reason, null, false, false);
        this.reason = reason;
        this.status = status;
    }

    HandoffRefused(String reason) {
        this(reason, 400);
    }

    String reason() {
        return reason;
    }

    int status() {
        return status;
    }
}
