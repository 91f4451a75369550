package dev.orgsso.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** {@code ./demo.sh}: Keycloak (dev mode) with the pack and realm exports, the mail catcher and the demo app. */
public final class Demo {

    private Demo() {
    }

    public static void main(String[] args) throws Exception {
        // GreenMail logs each mailbox it creates at INFO, with the password it made up for it: not for the
        // demo's console. Set before the first logger exists (slf4j-simple reads its settings once); a -D wins.
        System.getProperties().putIfAbsent("org.slf4j.simpleLogger.log.com.icegreen.greenmail", "warn");
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        boolean fresh = List.of(args).contains("--fresh");
        int port = Integer.getInteger("orgsso.demo.port", 8080);
        OrgSsoStack.Ports ports = new OrgSsoStack.Ports(port, port + 920, 3025, 8090, 8025);
        // The demo's DNS for domain proofs: it answers what the setup page asks for once you publish it (see below).
        LoopbackDns dns = LoopbackDns.start();
        System.out.println("Starting Keycloak " + root.resolve(".demo") + " (first start takes a minute or two) ...");
        OrgSsoStack stack = OrgSsoStack.start(root, root.resolve(".demo"), Path.of(System.getProperty("orgsso.dist.zip")),
                // keycloak.log is a file, never a terminal: no colour codes in it, whatever Keycloak guesses.
                ports, fresh, List.of("start-dev", "--log-console-color=false",
                        // The demo's customer IdP is this Keycloak on http://localhost: setup pages refuse loopback by default.
                        "--spi-realm-restapi-extension--orgsso--allow-loopback-urls=true",
                        "--spi-realm-restapi-extension--orgsso--dns-server=" + dns.address()), Map.of(), Duration.ofMinutes(5));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping Keycloak, the mail catcher and the demo app ...");
            stack.close();
            dns.close();
        }));
        String kc = stack.keycloak().baseUrl();
        String setupLink = DemoSetupLink.create(kc);
        String saml = DemoSaml.onboard(kc);
        StringBuilder out = new StringBuilder("""

                OrgSSO demo is up. Open:
                """);
        for (String app : DemoApp.APPS) {
            out.append(String.format("  %-14s %s%n", app, stack.app().loginUrl(app)));
        }
        out.append(String.format("""
                  Direct link    %s?kc_org=acme   (skips "Enter your organisation"; works for every app)
                  Acme's site    %s/acme-site/login   (JWT handoff from the customer's own site)
                  Admin console  %s/admin/master/console/#/helpdesk   (admin / admin)
                  Demo inbox     http://localhost:%d/
                  Customer IdP   %s/realms/acme-idp/account   (the "acme" customer's own IdP)

                Demo user at the customer IdP: alice@acme.test / alice-demo-password

                SAML customer Initech: %s
                  "Log in with SSO", type initech, then at the customer IdP
                  peter@initech.test / peter-demo-password (Okta-shaped SAML attributes)

                Self-service setup (be Globex's IT admin; nothing changes for Globex until you activate):
                  Setup link     %s
                  Choose "Another identity provider" (OpenID Connect): issuer %s/realms/acme-idp,
                  client ID helpdesk-globex, client secret demo-globex-secret; test sign-in as
                  bob@globex.test / bob-demo-password. globex.test is proved already; to try the DNS proof
                  of another domain, the demo's DNS (%s) publishes whatever TXT record the page shows
                  once you type here: txt <name> <value>
                Keycloak log: %s
                Press Ctrl-C to stop everything.
                """, stack.app().loginUrl("main-app"), stack.app().url(), kc, ports.inbox(), kc, saml, setupLink, kc, dns.address(),
                stack.keycloak().log()));
        System.out.println(out);
        // The console is the demo's DNS provider: "txt <name> <value>" publishes a record.
        try (var console = new java.io.BufferedReader(new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8))) {
            for (String line = console.readLine(); line != null; line = console.readLine()) {
                String[] words = line.strip().split("\\s+");
                if (words.length == 3 && words[0].equals("txt")) {
                    dns.txt(words[1], words[2]);
                    System.out.println("Published TXT " + words[1] + " = " + words[2]);
                } else if (!line.isBlank()) {
                    System.out.println("Type: txt <name> <value>   (Ctrl-C stops the demo)");
                }
            }
        }
        Thread.currentThread().join();
    }
}
