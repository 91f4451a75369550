package dev.orgsso.orglogin;

import com.google.auto.service.AutoService;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.authentication.authenticators.browser.UsernamePasswordFormFactory;
import org.keycloak.models.KeycloakSession;

/**
 * Takes the place of Keycloak's {@code auth-username-password-form} (same id, higher order), so that
 * every flow an admin builds with it keeps the pack's SSO rules ({@link PasswordForm}).
 */
@AutoService(AuthenticatorFactory.class)
public final class PasswordFormFactory extends UsernamePasswordFormFactory {

    @Override
    public Authenticator create(KeycloakSession session) {
        return new PasswordForm(session);
    }

    @Override
    public int order() {
        return 10;
    }
}
