package dev.orgsso.testkit;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the product needs around Keycloak on one machine: the mail catcher, the demo app
 * (the help desk's OIDC clients) and Keycloak itself with the pack and the realm exports. The realm
 * exports take their URLs from the environment ({@code ${ORGSSO_KC_URL:...}} placeholders), so the
 * same files serve the demo's fixed ports and the tests' free ones.
 */
public final class OrgSsoStack implements AutoCloseable {

    public static final String REALM = "helpdesk";
    public static final String DEFAULT_APP_CLIENT_SECRET = "demo-app-secret";
    /** The documented demo default of ${ORGSSO_DEMO_JWT_SECRET} in realm-exports/helpdesk-realm.json. */
    public static final String DEFAULT_DEMO_JWT_SECRET = "demo-jwt-secret-change-me-0123456789abcdef";

    public record Ports(int keycloak, int management, int smtp, int app, int inbox) {
        public static Ports free() {
            return new Ports(KeycloakServer.freePort(), KeycloakServer.freePort(), KeycloakServer.freePort(),
                    KeycloakServer.freePort(), KeycloakServer.freePort());
        }
    }

    private final MailCatcher mail;
    private final DemoApp app;
    private final KeycloakServer keycloak;

    private OrgSsoStack(MailCatcher mail, DemoApp app, KeycloakServer keycloak) {
        this.mail = mail;
        this.app = app;
        this.keycloak = keycloak;
    }

    /**
     * @param keycloakArgs e.g. {@code start-dev}; ports, health and {@code --import-realm} are added here
     * @param extraEnv     extra environment for Keycloak (e.g. {@code ORGSSO_DEMO_JWT_SECRET})
     */
    public static OrgSsoStack start(Path repoRoot, Path workDir, Path distZip, Ports ports, boolean freshDatabase,
                                    List<String> keycloakArgs, Map<String, String> extraEnv, Duration startTimeout)
            throws IOException, InterruptedException {
        MailCatcher mail = MailCatcher.start(ports.smtp());
        if (ports.inbox() > 0) {
            mail.serveInbox(ports.inbox());
        }
        String keycloakUrl = "http://localhost:" + ports.keycloak();
        String secret = System.getenv().getOrDefault("ORGSSO_APP_CLIENT_SECRET", DEFAULT_APP_CLIENT_SECRET);
        String handoffSecret = extraEnv.getOrDefault("ORGSSO_DEMO_JWT_SECRET",
                System.getenv().getOrDefault("ORGSSO_DEMO_JWT_SECRET", DEFAULT_DEMO_JWT_SECRET));
        DemoApp app = DemoApp.start(ports.app(), keycloakUrl, REALM, secret, handoffSecret);

        KeycloakServer kc = KeycloakServer.unpack(distZip, workDir, ports.keycloak(), ports.management())
                .installPack(packJar(repoRoot))
                .importRealms(repoRoot.resolve("realm-exports"));
        if (freshDatabase) {
            kc.resetDevDatabase();
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put("ORGSSO_KC_URL", keycloakUrl);
        env.put("ORGSSO_APP_URL", app.url());
        env.put("ORGSSO_SMTP_HOST", "127.0.0.1");
        env.put("ORGSSO_SMTP_PORT", String.valueOf(mail.smtpPort()));
        env.putAll(extraEnv);
        List<String> args = new ArrayList<>(keycloakArgs);
        args.add("--import-realm");
        OrgSsoStack stack = new OrgSsoStack(mail, app, kc);
        try {
            kc.start(env, args).awaitReady(startTimeout);
        } catch (RuntimeException | InterruptedException e) {
            stack.close();
            throw e;
        }
        return stack;
    }

    /** The single pack JAR that {@code mvn package} leaves in providers/target (the contract's path). */
    public static Path packJar(Path repoRoot) throws IOException {
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(repoRoot.resolve("providers/target"), "orgsso-providers-*.jar")) {
            ds.forEach(jars::add);
        }
        if (jars.size() != 1) {
            throw new IllegalStateException("expected exactly one providers/target/orgsso-providers-*.jar, found " + jars
                    + ": run `mvn -B package` first");
        }
        return jars.get(0);
    }

    public MailCatcher mail() {
        return mail;
    }

    public DemoApp app() {
        return app;
    }

    public KeycloakServer keycloak() {
        return keycloak;
    }

    @Override
    public void close() {
        keycloak.close();
        app.close();
        mail.close();
    }
}
