package dev.orgsso.orglogin;

import org.keycloak.OAuth2Constants;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * What the app's login request (and the "Log in with SSO" entry) says about the organisation:
 * a direct link ({@code kc_org=acme} or the {@code organization:acme} scope), the user's wish to
 * be asked, and the login hint.
 */
final class LoginRequest {

    /** Client note set by {@link SsoEntryResource}: {@code ask} or {@code org:<alias>}. */
    static final String INTENT_NOTE = "orgsso.intent";
    /** Unknown auth request parameters are kept by Keycloak as client notes with this prefix. */
    static final String LINK_PARAM_NOTE = "client_request_param_kc_org";
    private static final String ORG_SCOPE_PREFIX = "organization:";

    private final AuthenticationSessionModel authSession;
    private final String intent;

    private LoginRequest(AuthenticationSessionModel authSession, String intent) {
        this.authSession = authSession;
        this.intent = intent;
    }

    /**
     * Reads the login request and takes the SSO entry's intent off the session: the intent is for this
     * one pass through the flow, so a restart of the flow must not replay it.
     */
    static LoginRequest take(AuthenticationSessionModel authSession) {
        String intent = authSession.getClientNote(INTENT_NOTE);
        authSession.removeClientNote(INTENT_NOTE);
        return new LoginRequest(authSession, intent);
    }

    /** The organisation named by the link or the SSO entry, as typed (not yet normalised); null if none. */
    String linkedOrganisation() {
        if (intent != null && intent.startsWith("org:")) {
            return intent.substring(4);
        }
        String param = authSession.getClientNote(LINK_PARAM_NOTE);
        if (param != null && !param.isBlank()) {
            return param;
        }
        String scope = authSession.getClientNote(OAuth2Constants.SCOPE);
        if (scope != null) {
            for (String s : scope.split(" ")) {
                if (s.startsWith(ORG_SCOPE_PREFIX) && s.length() > ORG_SCOPE_PREFIX.length()) {
                    return s.substring(ORG_SCOPE_PREFIX.length());
                }
            }
        }
        return null;
    }

    boolean asksForSso() {
        return "ask".equals(intent);
    }

    String loginHint() {
        return authSession.getClientNote(OIDCLoginProtocol.LOGIN_HINT_PARAM);
    }
}
