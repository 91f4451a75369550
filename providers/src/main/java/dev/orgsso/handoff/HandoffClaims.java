package dev.orgsso.handoff;

/** What a verified handoff token says about the user. */
record HandoffClaims(String email, String firstName, String lastName, String externalId, String jti, long expiresAt) {
}
