// Signs an OrgSSO handoff token on the customer's server (Java 17+, JDK only).
// Usage: java SignHandoff.java <shared secret> <email> [name] [external id]
// Then send the user's browser to POST https://<keycloak>/realms/helpdesk/orgsso/jwt/<your org alias>
// with the form field jwt=<token> (and optionally return_to=<a help desk URL>).
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

public class SignHandoff {
    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: java SignHandoff.java <shared secret> <email> [name] [external id]");
            System.exit(2);
        }
        String secret = args[0];
        String email = args[1];
        String name = args.length > 2 ? args[2] : "";
        long iat = System.currentTimeMillis() / 1000;
        String claims = "{\"email\":" + json(email) + ",\"name\":" + json(name) + ",\"iat\":" + iat
                + ",\"jti\":" + json(UUID.randomUUID().toString())
                + (args.length > 3 ? ",\"external_id\":" + json(args[3]) : "") + "}";
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String input = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                + "." + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        // The key is the secret string exactly as you were given it (its UTF-8 bytes), not base64-decoded.
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        System.out.println(input + "." + b64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII))));
    }

    private static String json(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
