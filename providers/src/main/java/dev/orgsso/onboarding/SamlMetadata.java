package dev.orgsso.onboarding;

import dev.orgsso.core.ApiError;
import dev.orgsso.core.IdpConnection;
import dev.orgsso.core.OutsideUrls;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.keycloak.dom.saml.v2.metadata.EndpointType;
import org.keycloak.dom.saml.v2.metadata.EntityDescriptorType;
import org.keycloak.dom.saml.v2.metadata.IDPSSODescriptorType;
import org.keycloak.dom.saml.v2.metadata.KeyDescriptorType;
import org.keycloak.dom.saml.v2.metadata.KeyTypes;
import org.keycloak.http.simple.SimpleHttpResponse;
import org.keycloak.models.KeycloakSession;
import org.keycloak.saml.common.constants.JBossSAMLURIConstants;
import org.keycloak.saml.processing.core.saml.v2.util.SAMLMetadataUtil;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * A customer IdP's SAML metadata, fetched with Keycloak's HTTP client (and the pack's IdP timeouts) or
 * taken as sent, parsed with Keycloak's own metadata parser, and checked for what the broker relies on:
 * an entity id (the assertions' issuer), a single sign-on URL with a binding Keycloak's broker speaks
 * (HTTP-POST preferred, else HTTP-Redirect) and at least one signing certificate valid today, which is
 * pinned: assertions signed by any other key are refused.
 */
final class SamlMetadata {

    /** What the broker needs from the metadata. */
    record Idp(String entityId, String ssoUrl, boolean postBinding, String logoutUrl, boolean postLogout,
               boolean wantAuthnRequestsSigned, List<Certificate> signingCertificates, List<String> nameIdFormats) {

        /** Keycloak's {@code signingCertificate} config: the certificates' base64 DER, comma-separated. */
        String pinnedCertificates() {
            return String.join(",", signingCertificates.stream().map(Certificate::base64).toList());
        }
    }

    record Certificate(String base64, String subject, Instant notAfter) {
    }

    private SamlMetadata() {
    }

    /** The metadata document at {@code url}; {@code outside} as for {@link Discovery#fetch}. */
    static String fetch(KeycloakSession session, String url, IdpConnection connection, OutsideUrls outside) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (Exception e) {
            uri = null;
        }
        if (uri == null || !uri.isAbsolute() || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
            throw new OnboardingRefused(ApiError.fieldInvalid("metadataUrl"), "\"metadataUrl\" must be an absolute https URL.");
        }
        if (outside != null) {
            try {
                outside.check(url);
            } catch (OutsideUrls.Refused e) {
                throw new OnboardingRefused(e.apiError(), "The metadata URL is not allowed: " + e.getMessage());
            }
        }
        try (SimpleHttpResponse response = (outside == null ? connection.http(session) : outside.http(connection)).doGet(url)
                .header("Accept", "application/samlmetadata+xml, application/xml, text/xml").asResponse()) {
            if (outside != null && response.getStatus() >= 300 && response.getStatus() < 400) {
                throw new OnboardingRefused(ApiError.URL_REDIRECTED, "The metadata at " + url
                        + " answered with a redirect, which is not followed for addresses entered on a setup page.");
            }
            if (response.getStatus() != 200) {
                throw new OnboardingRefused(ApiError.METADATA_FAILED, "The metadata at " + url + " answered HTTP "
                        + response.getStatus() + ". Check the metadata URL (the IdP's federation metadata document).");
            }
            return response.asString();
        } catch (OnboardingRefused e) {
            throw e;
        } catch (Exception e) {
            OutsideUrls.Refused refused = OutsideUrls.Refused.in(e);
            if (refused != null) {
                throw new OnboardingRefused(refused.apiError(), "The metadata at " + url + " was not fetched: " + refused.getMessage());
            }
            throw new OnboardingRefused(ApiError.METADATA_UNREACHABLE, "The metadata at " + url + " could not be read ("
                    + e.getClass().getSimpleName() + "). Check the metadata URL and that Keycloak can reach the IdP.");
        }
    }

    /** Parses and checks a metadata document; {@code where} names it in messages (its URL, or "the metadata XML"). */
    static Idp check(String xml, String where, Instant now) {
        EntityDescriptorType entity;
        try {
            entity = SAMLMetadataUtil.parseEntityDescriptorType(xml);
        } catch (Exception e) {
            throw new OnboardingRefused(ApiError.METADATA_INVALID, where + " is not SAML 2.0 metadata (an EntityDescriptor) Keycloak can read.");
        }
        IDPSSODescriptorType idp = entity == null ? null : SAMLMetadataUtil.locateIDPSSODescriptorType(entity);
        if (idp == null) {
            throw new OnboardingRefused(ApiError.METADATA_INVALID, where + " describes no identity provider (no IDPSSODescriptor).");
        }
        String entityId = entity.getEntityID();
        if (entityId == null || entityId.isBlank()) {
            throw new OnboardingRefused(ApiError.METADATA_NO_ENTITY_ID, where + " has no entityID.");
        }
        EndpointType sso = endpoint(idp.getSingleSignOnService());
        if (sso == null) {
            throw new OnboardingRefused(ApiError.METADATA_NO_SSO_URL, where + " has no SingleSignOnService with the HTTP-POST or "
                    + "HTTP-Redirect binding and an absolute http(s) location.");
        }
        EndpointType logout = endpoint(idp.getSingleLogoutService());
        List<Certificate> signing = signingCertificates(idp.getKeyDescriptor(), where, now);
        List<String> formats = idp.getNameIDFormat() == null ? List.of() : List.copyOf(idp.getNameIDFormat());
        return new Idp(entityId.strip(), sso.getLocation().toString(), post(sso), logout == null ? null : logout.getLocation().toString(),
                logout != null && post(logout), idp.isWantAuthnRequestsSigned(), signing, formats);
    }

    /** HTTP-POST where offered (Keycloak's own choice when it imports metadata), else HTTP-Redirect. */
    private static EndpointType endpoint(List<EndpointType> endpoints) {
        EndpointType redirect = null;
        for (EndpointType endpoint : endpoints == null ? List.<EndpointType>of() : endpoints) {
            if (endpoint.getBinding() == null || !absolute(endpoint.getLocation())) {
                continue;
            }
            String binding = endpoint.getBinding().toString();
            if (JBossSAMLURIConstants.SAML_HTTP_POST_BINDING.get().equals(binding)) {
                return endpoint;
            }
            if (redirect == null && JBossSAMLURIConstants.SAML_HTTP_REDIRECT_BINDING.get().equals(binding)) {
                redirect = endpoint;
            }
        }
        return redirect;
    }

    private static boolean post(EndpointType endpoint) {
        return JBossSAMLURIConstants.SAML_HTTP_POST_BINDING.get().equals(endpoint.getBinding().toString());
    }

    private static boolean absolute(URI uri) {
        return uri != null && uri.isAbsolute() && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()));
    }

    /**
     * The keys marked for signing, or, when none is marked, those without a use (which SAML allows for
     * both); each must be an X.509 certificate, and at least one valid today.
     */
    private static List<Certificate> signingCertificates(List<KeyDescriptorType> keys, String where, Instant now) {
        List<Certificate> signing = new ArrayList<>();
        List<Certificate> unmarked = new ArrayList<>();
        for (KeyDescriptorType key : keys == null ? List.<KeyDescriptorType>of() : keys) {
            if (key.getUse() == KeyTypes.ENCRYPTION) {
                continue;
            }
            for (String base64 : x509Texts(key.getKeyInfo())) {
                Certificate certificate = certificate(base64, where);
                (key.getUse() == KeyTypes.SIGNING ? signing : unmarked).add(certificate);
            }
        }
        List<Certificate> found = signing.isEmpty() ? unmarked : signing;
        if (found.isEmpty()) {
            throw new OnboardingRefused(ApiError.METADATA_NO_SIGNING_CERTIFICATE, where + " names no signing certificate "
                    + "(a KeyDescriptor with an X509Certificate): assertions could not be verified.");
        }
        List<Certificate> valid = found.stream().filter(c -> c.notAfter().isAfter(now)).toList();
        if (valid.isEmpty()) {
            throw new OnboardingRefused(ApiError.METADATA_NO_SIGNING_CERTIFICATE, where + " names only signing certificates that expired ("
                    + found.get(0).notAfter() + "): ask the IdP's admin for current metadata.");
        }
        return valid;
    }

    private static List<String> x509Texts(Element keyInfo) {
        List<String> texts = new ArrayList<>();
        collect(keyInfo, texts);
        return texts;
    }

    /** Every ds:X509Certificate under the KeyInfo (inside ds:X509Data), whatever prefix the document uses. */
    private static void collect(Node node, List<String> texts) {
        if (node == null) {
            return;
        }
        if (node.getNodeType() == Node.ELEMENT_NODE && "X509Certificate".equals(node.getLocalName())
                && JBossSAMLURIConstants.XMLDSIG_NSURI.get().equals(node.getNamespaceURI())) {
            texts.add(node.getTextContent().replaceAll("\\s", ""));
            return;
        }
        for (Node child = node.getFirstChild(); child != null; child = child.getNextSibling()) {
            collect(child, texts);
        }
    }

    private static Certificate certificate(String base64, String where) {
        try {
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(base64)));
            return new Certificate(base64, cert.getSubjectX500Principal().getName(), cert.getNotAfter().toInstant());
        } catch (IllegalArgumentException | CertificateException | ClassCastException e) {
            throw new OnboardingRefused(ApiError.METADATA_INVALID, where + " has a KeyDescriptor whose X509Certificate is not a certificate.");
        }
    }
}
