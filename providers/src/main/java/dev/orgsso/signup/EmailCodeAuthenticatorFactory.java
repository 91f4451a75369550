package dev.orgsso.signup;

import com.google.auto.service.AutoService;
import dev.orgsso.authenticator.PackAuthenticatorFactory;
import java.util.List;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/** Registers the emailed sign-up code for first-broker-login flows. */
@AutoService(AuthenticatorFactory.class)
public final class EmailCodeAuthenticatorFactory extends PackAuthenticatorFactory {

    public EmailCodeAuthenticatorFactory() {
        super("orgsso-email-code", "OrgSSO: Confirm email by code",
                "When the IdP does not vouch for the email, emails a 6-digit code that must be typed before the account exists.",
                "orgsso-signup", EmailCodeAuthenticator::new);
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ProviderConfigurationBuilder.create()
                .property().name(EmailCodeConfig.VALID_SECONDS).label("Code valid (seconds)").type(ProviderConfigProperty.STRING_TYPE).defaultValue("600").add()
                .property().name(EmailCodeConfig.MAX_ATTEMPTS).label("Wrong tries before the sign-up restarts").type(ProviderConfigProperty.STRING_TYPE).defaultValue("5").add()
                .property().name(EmailCodeConfig.RESEND_COOLDOWN).label("Resend cooldown (seconds)").type(ProviderConfigProperty.STRING_TYPE).defaultValue("60").add()
                .property().name(EmailCodeConfig.MAILS_PER_HOUR).label("Code mails per address and hour")
                .helpText("Across sign-up attempts and cluster nodes; then 'try again later'.").type(ProviderConfigProperty.STRING_TYPE).defaultValue("5").add()
                .property().name(EmailCodeConfig.WRONG_PER_DAY).label("Wrong codes per address and day")
                .helpText("Across sign-up attempts and cluster nodes; then 'try again later'.").type(ProviderConfigProperty.STRING_TYPE).defaultValue("20").add()
                .build();
    }
}
