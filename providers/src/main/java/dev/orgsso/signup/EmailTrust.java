package dev.orgsso.signup;

/**
 * The note an IdP's claims mapper leaves on the sign-in when the IdP vouches for the email (see
 * federation.IdpClaims for which claims count): the emailed code is skipped and the email is marked
 * verified, as for an IdP whose "Trust email" switch is on.
 */
public final class EmailTrust {

    public static final String VERIFIED_BY_IDP = "orgsso.email.verifiedByIdp";

    private EmailTrust() {
    }
}
