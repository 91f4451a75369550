package dev.orgsso.core;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The signing certificates pinned on a SAML IdP (Keycloak's {@code signingCertificate} config: base64
 * DER, comma-separated) as the pack reads them: their subject and expiry, never the key.
 */
public final class SamlCertificates {

    /** Keycloak's SAML IdP config key of the pinned certificates. */
    public static final String CONFIG = "signingCertificate";

    private SamlCertificates() {
    }

    /** Subject and {@code notAfter} of each pinned certificate, in order; nulls for one that does not parse. */
    public static List<Map<String, String>> describe(String pinned) {
        List<Map<String, String>> described = new ArrayList<>();
        for (String base64 : split(pinned)) {
            Map<String, String> c = new LinkedHashMap<>();
            Optional<X509Certificate> cert = parse(base64);
            c.put("subject", cert.map(x -> x.getSubjectX500Principal().getName()).orElse(null));
            c.put("notAfter", cert.map(x -> x.getNotAfter().toInstant().toString()).orElse(null));
            described.add(c);
        }
        return described;
    }

    /**
     * When the last of the pinned certificates expires, or {@code null} when none parses. During a
     * rollover both the old and the new certificate are pinned and either signature is accepted, so the
     * connection stops working only when the newest one expires.
     */
    public static Instant lastNotAfter(String pinned) {
        return split(pinned).stream().map(SamlCertificates::parse).flatMap(Optional::stream)
                .map(c -> c.getNotAfter().toInstant()).max(Instant::compareTo).orElse(null);
    }

    private static List<String> split(String pinned) {
        return pinned == null || pinned.isBlank() ? List.of()
                : List.of(pinned.split(",")).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static Optional<X509Certificate> parse(String base64) {
        try {
            return Optional.of((X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(base64.replaceAll("\\s", "")))));
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
