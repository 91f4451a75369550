package dev.orgsso.onboarding;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The pinned signing certificates of a SAML IdP as the admin reads them: subject and expiry, never the key. */
final class SamlCertificates {

    private SamlCertificates() {
    }

    static List<Map<String, String>> describe(String pinned) {
        List<Map<String, String>> described = new ArrayList<>();
        if (pinned == null || pinned.isBlank()) {
            return described;
        }
        for (String base64 : pinned.split(",")) {
            Map<String, String> c = new LinkedHashMap<>();
            try {
                X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(base64.replaceAll("\\s", ""))));
                c.put("subject", cert.getSubjectX500Principal().getName());
                c.put("notAfter", cert.getNotAfter().toInstant().toString());
            } catch (Exception e) {
                c.put("subject", null);
                c.put("notAfter", null);
            }
            described.add(c);
        }
        return described;
    }
}
