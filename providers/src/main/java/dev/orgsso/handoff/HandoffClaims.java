package dev.orgsso.handoff;

/**
 * What a verified handoff token says about the user.
 *
 * @param acceptableUntil epoch seconds: after this the token can no longer be accepted, whatever exp says
 *                        (the earlier of iat + the iat window and exp); the used jti must be remembered
 *                        until then, and never longer than the window allows.
 */
record HandoffClaims(String email, String firstName, String lastName, String externalId, String jti, long acceptableUntil) {
}
