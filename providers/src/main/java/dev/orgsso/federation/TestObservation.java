package dev.orgsso.federation;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.orgsso.core.FederatedIdp;
import dev.orgsso.core.IdpType;
import dev.orgsso.core.SamlVendor;
import dev.orgsso.core.TestSignIn;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.keycloak.broker.oidc.OIDCIdentityProvider;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.broker.saml.SAMLEndpoint;
import org.keycloak.dom.saml.v2.assertion.AssertionType;
import org.keycloak.dom.saml.v2.assertion.AttributeStatementType;
import org.keycloak.dom.saml.v2.assertion.AttributeType;
import org.keycloak.dom.saml.v2.assertion.NameIDType;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.representations.JsonWebToken;
import org.keycloak.util.JsonSerialization;

/**
 * What a test sign-in saw ({@link TestSignIn}): the claims of the validated ID token that the pack reads
 * (the same ones {@link ClaimsMapper} maps), the names of all claims, and how the pack reads them
 * ({@link IdpClaims}: trusted email, stable subject). For SAML: the vendor's attributes of the validated
 * assertion, the names of all its attributes, the NameID and its format, and the principal Keycloak read.
 * Strings only: the single-use store keeps strings.
 */
final class TestObservation {

    /** The claims the setup page explains; others are listed by name only. */
    static final List<String> SHOWN = List.of("sub", "email", "email_verified", "xms_edov", "given_name", "family_name",
            "name", "tid", "oid", "preferred_username", "upn");

    private TestObservation() {
    }

    static Map<String, String> of(IdentityProviderModel idp, BrokeredIdentityContext identity) {
        Map<String, String> observed = new TreeMap<>();
        if (!(identity.getContextData().get(OIDCIdentityProvider.VALIDATED_ID_TOKEN) instanceof JsonWebToken token)) {
            observed.put(TestSignIn.OBSERVED_ERROR, "no_id_token");
            return observed;
        }
        Map<String, Object> claims = JsonSerialization.mapper.convertValue(token, new TypeReference<Map<String, Object>>() {
        });
        for (String name : SHOWN) {
            Object value = claims.get(name);
            if (value != null) {
                observed.put(TestSignIn.CLAIM + name, String.valueOf(value));
            }
        }
        observed.put(TestSignIn.OBSERVED_CLAIM_NAMES, String.join(" ", new TreeSet<>(claims.keySet())));
        IdpType type = new FederatedIdp(idp).type();
        IdpClaims read = IdpClaims.of(type == null ? IdpType.OIDC : type, token.getIssuer(), token.getSubject(), claims);
        observed.put(TestSignIn.OBSERVED_EMAIL_TRUSTED, Boolean.toString(read.emailTrusted()));
        observed.put(TestSignIn.OBSERVED_SUBJECT, read.subject());
        return observed;
    }

    /** A SAML test sign-in: the assertion Keycloak validated (signature, issuer, audience, time) is in the identity. */
    static Map<String, String> saml(IdentityProviderModel idp, BrokeredIdentityContext identity) {
        Map<String, String> observed = new TreeMap<>();
        if (!(identity.getContextData().get(SAMLEndpoint.SAML_ASSERTION) instanceof AssertionType assertion)) {
            observed.put(TestSignIn.OBSERVED_ERROR, "no_assertion");
            return observed;
        }
        SamlVendor vendor = new FederatedIdp(idp).samlVendor();
        List<String> shown = vendor == null ? List.of() : java.util.stream.Stream.of(vendor.emailAttribute(),
                vendor.givenNameAttribute(), vendor.surnameAttribute(), vendor.principalAttribute()).filter(Objects::nonNull).toList();
        TreeSet<String> names = new TreeSet<>();
        for (AttributeStatementType statement : assertion.getAttributeStatements()) {
            for (AttributeStatementType.ASTChoiceType choice : statement.getAttributes()) {
                AttributeType attribute = choice.getAttribute();
                if (attribute == null || attribute.getName() == null) {
                    continue;
                }
                names.add(attribute.getName());
                String value = attribute.getAttributeValue().stream().filter(Objects::nonNull).map(String::valueOf)
                        .collect(Collectors.joining(" "));
                if (shown.contains(attribute.getName()) && !value.isBlank()) {
                    observed.put(TestSignIn.CLAIM + attribute.getName(), value);
                }
            }
        }
        observed.put(TestSignIn.OBSERVED_CLAIM_NAMES, String.join(" ", names));
        if (assertion.getSubject() != null && assertion.getSubject().getSubType() != null
                && assertion.getSubject().getSubType().getBaseID() instanceof NameIDType nameId) {
            observed.put(TestSignIn.OBSERVED_NAME_ID, nameId.getValue());
            observed.put(TestSignIn.OBSERVED_NAME_ID_FORMAT, nameId.getFormat() == null ? "" : nameId.getFormat().toString());
        }
        // SAML IdPs the pack onboards are never trusted for email: the first sign-in confirms it by code.
        observed.put(TestSignIn.OBSERVED_EMAIL_TRUSTED, "false");
        observed.put(TestSignIn.OBSERVED_SUBJECT, identity.getId());
        return observed;
    }

    /** The IdP answered the test with an error (the IT admin cancelled, or the app is not assigned to them). */
    static Map<String, String> error(String error) {
        return Map.of(TestSignIn.OBSERVED_ERROR, error == null ? "unknown" : error.length() > 64 ? error.substring(0, 64) : error);
    }
}
