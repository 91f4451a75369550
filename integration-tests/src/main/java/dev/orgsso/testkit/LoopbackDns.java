package dev.orgsso.testkit;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real authoritative DNS server on loopback for TXT records, so that the domain proof of self-service
 * setup is tested through the JDK's own DNS client against real packets, not a mock of it. It answers
 * over UDP and, on the same port, over TCP: an answer longer than 512 bytes (the UDP limit for a
 * client that does not offer more, as the JDK's does not) is sent truncated over UDP, and the client
 * asks again over TCP, as with a real server.
 *
 * <p>It knows only what a test gives it ({@link #txt}): TXT queries for a known name get its records,
 * other types at a known name get no answer (NODATA), unknown names NXDOMAIN. {@link #silent(boolean)}
 * makes it read queries without answering (a DNS server that hangs), {@link #failing(boolean)} makes it
 * answer SERVFAIL (a resolver that cannot reach the domain's servers).
 */
public final class LoopbackDns implements AutoCloseable {

    private static final int TYPE_TXT = 16;
    private static final int TYPE_ANY = 255;
    private static final int CLASS_IN = 1;
    private static final int CLASS_ANY = 255;
    private static final int NOERROR = 0;
    private static final int FORMERR = 1;
    private static final int SERVFAIL = 2;
    private static final int NXDOMAIN = 3;
    private static final int NOTIMP = 4;
    private static final int REFUSED = 5;
    /** RFC 1035 4.2.1: without EDNS a client takes at most 512 bytes over UDP. */
    private static final int UDP_LIMIT = 512;
    private static final int TTL_SECONDS = 60;

    private final DatagramSocket udp;
    private final ServerSocket tcp;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "loopback-dns");
        t.setDaemon(true);
        return t;
    });
    /** Lowercase name without the final dot → its TXT records, each a list of character-strings. */
    private final Map<String, List<List<byte[]>>> zone = new ConcurrentHashMap<>();
    private final AtomicInteger queries = new AtomicInteger();
    /** Open TCP connections, closed by {@link #close}: a thread blocked reading one ignores interrupts. */
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private volatile boolean silent;
    private volatile boolean failing;

    private LoopbackDns(DatagramSocket udp, ServerSocket tcp) {
        this.udp = udp;
        this.tcp = tcp;
    }

    /** Starts on 127.0.0.1 with an ephemeral port, the same one for UDP and TCP. */
    public static LoopbackDns start() throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        // The JDK's client falls back to TCP on the port it used for UDP, so both must be free: an
        // ephemeral UDP port may be taken for TCP by someone else, then try another.
        for (int attempt = 0; ; attempt++) {
            DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback, 0));
            try {
                ServerSocket tcp = new ServerSocket();
                try {
                    tcp.bind(new InetSocketAddress(loopback, udp.getLocalPort()));
                } catch (IOException e) {
                    tcp.close();
                    throw e;
                }
                LoopbackDns dns = new LoopbackDns(udp, tcp);
                dns.threads.execute(dns::serveUdp);
                dns.threads.execute(dns::serveTcp);
                return dns;
            } catch (BindException e) {
                udp.close();
                if (attempt == 9) {
                    throw e;
                }
            }
        }
    }

    /** "127.0.0.1:port", the form DNS server options take. */
    public String address() {
        return "127.0.0.1:" + udp.getLocalPort();
    }

    public int port() {
        return udp.getLocalPort();
    }

    /**
     * Sets the TXT records at a name, replacing those it had: one record per value, a value longer than 255
     * bytes (UTF-8) split into character-strings of 255, as zone tools do. No values: the name exists
     * without TXT records (NODATA).
     */
    public LoopbackDns txt(String name, String... values) {
        List<List<byte[]>> records = new ArrayList<>();
        for (String value : values) {
            records.add(split(value.getBytes(StandardCharsets.UTF_8)));
        }
        zone.put(key(name), List.copyOf(records));
        return this;
    }

    /**
     * Adds one TXT record made of these character-strings (a zone file's {@code "v=abc" "def"}), each of
     * at most 255 bytes (UTF-8), to the records at the name.
     */
    public LoopbackDns addTxtRecord(String name, String... characterStrings) {
        List<byte[]> record = new ArrayList<>();
        for (String s : characterStrings) {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            if (bytes.length > 255) {
                throw new IllegalArgumentException("a character-string holds at most 255 bytes: " + s);
            }
            record.add(bytes);
        }
        zone.merge(key(name), List.of(List.copyOf(record)), (had, added) -> {
            List<List<byte[]>> all = new ArrayList<>(had);
            all.addAll(added);
            return List.copyOf(all);
        });
        return this;
    }

    /** Forgets the name: it is NXDOMAIN again (unless a name below it is known). */
    public LoopbackDns remove(String name) {
        zone.remove(key(name));
        return this;
    }

    /** Queries received since the start, over UDP and TCP, answered or not. */
    public int queries() {
        return queries.get();
    }

    /** While on, queries are read and counted but never answered: a DNS server that hangs. */
    public LoopbackDns silent(boolean on) {
        silent = on;
        return this;
    }

    /** While on, every query is answered SERVFAIL: a resolver that could not reach the domain's servers. */
    public LoopbackDns failing(boolean on) {
        failing = on;
        return this;
    }

    @Override
    public void close() {
        udp.close();
        try {
            tcp.close();
        } catch (IOException ignored) {
            // Closing is all that is asked of it.
        }
        for (Socket c : connections) {
            try {
                c.close();
            } catch (IOException ignored) {
                // As above.
            }
        }
        threads.shutdownNow();
    }

    private void serveUdp() {
        byte[] buffer = new byte[65535];
        while (!udp.isClosed()) {
            DatagramPacket in = new DatagramPacket(buffer, buffer.length);
            try {
                udp.receive(in);
                byte[] answer = answer(Arrays.copyOf(in.getData(), in.getLength()), UDP_LIMIT);
                if (answer != null) {
                    udp.send(new DatagramPacket(answer, answer.length, in.getSocketAddress()));
                }
            } catch (IOException e) {
                if (udp.isClosed()) {
                    return;
                }
                // One bad exchange does not stop the server.
            }
        }
    }

    private void serveTcp() {
        while (!tcp.isClosed()) {
            try {
                Socket client = tcp.accept();
                connections.add(client);
                threads.execute(() -> serveTcp(client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    /** RFC 1035 4.2.2: each message prefixed by its two-byte length; several on one connection. */
    private void serveTcp(Socket client) {
        try (client) {
            client.setSoTimeout(30_000);
            DataInputStream in = new DataInputStream(client.getInputStream());
            DataOutputStream out = new DataOutputStream(client.getOutputStream());
            while (true) {
                byte[] query = new byte[in.readUnsignedShort()];
                in.readFully(query);
                byte[] answer = answer(query, 65535);
                if (answer != null) {
                    out.writeShort(answer.length);
                    out.write(answer);
                    out.flush();
                }
            }
        } catch (EOFException | SocketException done) {
            // The client closed the connection, or the server stopped.
        } catch (IOException e) {
            // A broken or idle connection ends; the server goes on.
        } finally {
            connections.remove(client);
        }
    }

    /** The answer to one query message, at most limit bytes (else truncated), or null for no answer at all. */
    private byte[] answer(byte[] query, int limit) {
        queries.incrementAndGet();
        if (silent || query.length < 12) {
            return null;
        }
        int id = u16(query, 0);
        int flags = u16(query, 2);
        if ((flags & 0x8000) != 0) {
            return null; // a response sent to us: answering it could start a loop
        }
        int opcode = (flags >> 11) & 0xF;
        boolean recursionDesired = (flags & 0x0100) != 0;
        Question q;
        try {
            if (u16(query, 4) != 1) {
                throw new IllegalArgumentException("one question per query (RFC 9619)");
            }
            q = Question.read(query, 12);
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            return header(id, opcode, recursionDesired, false, FORMERR, 0, 0).toByteArray();
        }
        if (opcode != 0) {
            return message(id, opcode, recursionDesired, NOTIMP, q, List.of(), limit);
        }
        if (failing) {
            return message(id, opcode, recursionDesired, SERVFAIL, q, List.of(), limit);
        }
        if (q.qclass() != CLASS_IN && q.qclass() != CLASS_ANY) {
            return message(id, opcode, recursionDesired, REFUSED, q, List.of(), limit);
        }
        List<List<byte[]>> records = zone.get(q.key());
        if (records == null) {
            boolean emptyNonTerminal = zone.keySet().stream().anyMatch(n -> n.endsWith("." + q.key()));
            // RFC 8020: a name with names below it exists, even without records of its own.
            return message(id, opcode, recursionDesired, emptyNonTerminal ? NOERROR : NXDOMAIN, q, List.of(), limit);
        }
        boolean txt = q.qtype() == TYPE_TXT || q.qtype() == TYPE_ANY;
        return message(id, opcode, recursionDesired, NOERROR, q, txt ? records : List.of(), limit);
    }

    private static byte[] message(int id, int opcode, boolean rd, int rcode, Question q, List<List<byte[]>> records,
            int limit) {
        ByteArrayOutputStream answers = new ByteArrayOutputStream();
        for (List<byte[]> record : records) {
            ByteArrayOutputStream rdata = new ByteArrayOutputStream();
            for (byte[] s : record) {
                rdata.write(s.length);
                rdata.writeBytes(s);
            }
            answers.writeBytes(q.wireName()); // uncompressed: simpler, and clients must read both
            writeU16(answers, TYPE_TXT);
            writeU16(answers, CLASS_IN);
            writeU16(answers, TTL_SECONDS >>> 16);
            writeU16(answers, TTL_SECONDS & 0xFFFF);
            writeU16(answers, rdata.size());
            answers.writeBytes(rdata.toByteArray());
        }
        ByteArrayOutputStream whole = header(id, opcode, rd, false, rcode, 1, records.size());
        whole.writeBytes(q.raw());
        if (whole.size() + answers.size() <= limit) {
            whole.writeBytes(answers.toByteArray());
            return whole.toByteArray();
        }
        // RFC 2181 9: rather no answers than some, with TC set so that the client asks over TCP.
        ByteArrayOutputStream truncated = header(id, opcode, rd, true, rcode, 1, 0);
        truncated.writeBytes(q.raw());
        return truncated.toByteArray();
    }

    private static ByteArrayOutputStream header(int id, int opcode, boolean rd, boolean truncated, int rcode, int questions,
            int answers) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeU16(out, id);
        // QR (a response), the query's opcode, AA (this server is the authority for what it knows), TC,
        // RD copied from the query, RA clear (it does not recurse), the response code.
        int flags = 0x8000 | (opcode << 11) | 0x0400 | (truncated ? 0x0200 : 0) | (rd ? 0x0100 : 0) | rcode;
        writeU16(out, flags);
        writeU16(out, questions);
        writeU16(out, answers);
        writeU16(out, 0);
        writeU16(out, 0);
        return out;
    }

    /**
     * The question section as sent (echoed byte for byte, as clients compare it with theirs), the name's
     * labels as asked (for the answers' owner name) and as a key of the zone.
     */
    private record Question(byte[] raw, byte[] wireName, String key, int qtype, int qclass) {

        static Question read(byte[] msg, int start) {
            ByteArrayOutputStream wire = new ByteArrayOutputStream();
            List<String> labels = new ArrayList<>();
            int pos = start;
            int end = -1; // where the question continues after the name, once a pointer was followed
            int jumps = 0;
            int length = 0;
            while (true) {
                int len = msg[pos] & 0xFF;
                if ((len & 0xC0) == 0xC0) {
                    // RFC 1035 4.1.4: a pointer. Clients do not compress questions, but a parser must not
                    // loop for ever or read outside the message if one does.
                    if (++jumps > 16) {
                        throw new IllegalArgumentException("compression loop");
                    }
                    int target = ((len & 0x3F) << 8) | (msg[pos + 1] & 0xFF);
                    if (target >= pos) {
                        throw new IllegalArgumentException("pointer forward");
                    }
                    if (end < 0) {
                        end = pos + 2;
                    }
                    pos = target;
                    continue;
                }
                if ((len & 0xC0) != 0) {
                    throw new IllegalArgumentException("unknown label type");
                }
                if (len == 0) {
                    wire.write(0);
                    pos++;
                    break;
                }
                length += len + 1;
                if (length > 255) {
                    throw new IllegalArgumentException("name longer than 255 bytes");
                }
                if (pos + 1 + len > msg.length) {
                    throw new IllegalArgumentException("label past the end");
                }
                byte[] label = Arrays.copyOfRange(msg, pos + 1, pos + 1 + len);
                wire.write(len);
                wire.writeBytes(label);
                labels.add(new String(label, StandardCharsets.ISO_8859_1));
                pos += 1 + len;
            }
            int after = end < 0 ? pos : end;
            int qtype = u16(msg, after);
            int qclass = u16(msg, after + 2);
            byte[] raw = Arrays.copyOfRange(msg, start, after + 4);
            return new Question(raw, wire.toByteArray(), String.join(".", labels).toLowerCase(Locale.ROOT), qtype, qclass);
        }
    }

    private static List<byte[]> split(byte[] value) {
        List<byte[]> strings = new ArrayList<>();
        for (int from = 0; from < value.length; from += 255) {
            strings.add(Arrays.copyOfRange(value, from, Math.min(value.length, from + 255)));
        }
        if (strings.isEmpty()) {
            strings.add(new byte[0]); // an empty TXT record still holds one (empty) character-string
        }
        return List.copyOf(strings);
    }

    private static String key(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    private static int u16(byte[] b, int at) {
        if (at + 1 >= b.length) {
            throw new IllegalArgumentException("message ends early");
        }
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }

    private static void writeU16(ByteArrayOutputStream out, int value) {
        out.write(value >>> 8);
        out.write(value);
    }
}
