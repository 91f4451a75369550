package dev.orgsso.testkit;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** A real SMTP server (GreenMail) on loopback, with an HTML inbox a person can open in the demo. */
public final class MailCatcher implements AutoCloseable {

    private final GreenMail greenMail;
    private HttpServer inbox;

    private MailCatcher(GreenMail greenMail) {
        this.greenMail = greenMail;
    }

    public static MailCatcher start(int smtpPort) {
        GreenMail gm = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        gm.start();
        return new MailCatcher(gm);
    }

    public int smtpPort() {
        return greenMail.getSmtp().getPort();
    }

    /** Every message received since the start, whoever it was for. */
    public List<MimeMessage> messages() {
        return List.of(greenMail.getReceivedMessages());
    }

    public List<MimeMessage> messagesTo(String address) {
        return Arrays.stream(greenMail.getReceivedMessages()).filter(m -> isTo(m, address)).toList();
    }

    /** Waits for the n-th (1-based) message to an address. */
    public MimeMessage awaitMessageTo(String address, int n, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            List<MimeMessage> got = messagesTo(address);
            if (got.size() >= n) {
                return got.get(n - 1);
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no message #" + n + " to " + address + " within " + timeout);
    }

    public static String textOf(MimeMessage m) {
        try {
            return text(m);
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(Part p) throws MessagingException, IOException {
        if (p.isMimeType("text/plain")) {
            return (String) p.getContent();
        }
        if (p.isMimeType("multipart/*")) {
            Multipart mp = (Multipart) p.getContent();
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < mp.getCount(); i++) {
                sb.append(text(mp.getBodyPart(i)));
            }
            return sb.toString();
        }
        return "";
    }

    private static boolean isTo(MimeMessage m, String address) {
        try {
            return Arrays.stream(m.getRecipients(Message.RecipientType.TO))
                    .anyMatch(a -> a.toString().toLowerCase().contains(address.toLowerCase()));
        } catch (MessagingException e) {
            return false;
        }
    }

    /** Serves every received message as one HTML page, newest first whoever it was for. */
    public MailCatcher serveInbox(int httpPort) throws IOException {
        inbox = HttpServer.create(new InetSocketAddress("127.0.0.1", httpPort), 0);
        inbox.createContext("/", exchange -> {
            byte[] body = renderInbox().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        inbox.start();
        return this;
    }

    private String renderInbox() {
        List<StoredMessage> all = newestFirst(greenMail.getManagers().getImapHostManager().getAllMessages());
        StringBuilder html = new StringBuilder("<!doctype html><html><head><meta charset=utf-8>"
                + "<meta http-equiv=refresh content=5><title>OrgSSO demo inbox</title>"
                + "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto}article{border:1px solid #ccc;"
                + "border-radius:6px;padding:1em;margin:1em 0}pre{white-space:pre-wrap}</style></head><body>"
                + "<h1>Demo inbox</h1><p>" + all.size() + " message(s), newest first. Refreshes every 5 s.</p>");
        for (StoredMessage stored : all) {
            MimeMessage m = stored.getMimeMessage();
            try {
                html.append("<article><h2>").append(escape(m.getSubject())).append("</h2><p>To: ")
                        .append(escape(Arrays.toString(m.getRecipients(Message.RecipientType.TO))))
                        .append("<br>Received: ").append(stored.getReceivedDate()).append("</p><pre>")
                        .append(escape(textOf(m))).append("</pre></article>");
            } catch (MessagingException e) {
                html.append("<article>unreadable message: ").append(escape(e.getMessage())).append("</article>");
            }
        }
        return html.append("</body></html>").toString();
    }

    /**
     * GreenMail keeps one mailbox per recipient and lists them one after the other, so its order is by
     * recipient; the time it received each message is the order a person reading the demo's mail expects.
     */
    static List<StoredMessage> newestFirst(List<StoredMessage> messages) {
        List<StoredMessage> sorted = new ArrayList<>(messages);
        sorted.sort(Comparator.comparing(StoredMessage::getReceivedDate).reversed());
        return sorted;
    }

    static String escape(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    public void purge() {
        try {
            greenMail.purgeEmailFromAllMailboxes();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (inbox != null) {
            inbox.stop(0);
        }
        greenMail.stop();
    }

    /** For debugging a test: the whole raw message. */
    public static String raw(MimeMessage m) {
        return GreenMailUtil.getWholeMessage(m);
    }
}
