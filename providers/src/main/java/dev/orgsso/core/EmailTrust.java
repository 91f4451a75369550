package dev.orgsso.core;

import org.keycloak.broker.provider.BrokeredIdentityContext;

/**
 * The mark an IdP's claims mapper leaves in the brokered identity when the IdP vouches for the email (see
 * federation.IdpClaims for which claims count): the emailed code is skipped and the email is marked
 * verified, as for an IdP whose "Trust email" switch is on.
 */
public final class EmailTrust {

    public static final String VERIFIED_BY_IDP = "orgsso.email.verifiedByIdp";

    private EmailTrust() {
    }

    public static boolean vouchedFor(BrokeredIdentityContext context) {
        return "true".equals(String.valueOf(context.getContextData().get(VERIFIED_BY_IDP)));
    }
}
