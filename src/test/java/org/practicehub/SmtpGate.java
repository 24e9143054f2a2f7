package org.practicehub;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;

/**
 * A real SMTP relay in front of GreenMail, to give the hub a server that goes away: while closed it greets with
 * "421 Service not available" and hangs up; once its budget of messages is spent it answers the next MAIL
 * with 421 and hangs up, as a server shutting down does; it answers "550" to RCPT for refused addresses. Held after k
 * messages, it keeps the next MAIL waiting without an answer until released, as a server that hangs does (a hub can
 * be killed in the middle of a run that way). Everything else goes through to GreenMail as is. It can also announce
 * PIPELINING, which GreenMail does not: the hub then sends its digests pipelined (RFC 2920), through the same gate.
 */
final class SmtpGate implements AutoCloseable {

    private final ServerSocket server;
    private final int upstream;
    private volatile boolean open = true;
    private final boolean pipelining;
    /** Messages still let through; negative: no limit. */
    private final AtomicInteger budget = new AtomicInteger(-1);
    private final Set<String> refused = ConcurrentHashMap.newKeySet();
    /** Messages let through before the next one is held; negative: none held. */
    private final AtomicInteger holdAfter = new AtomicInteger(-1);
    private volatile java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(0);
    private final AtomicInteger holding = new AtomicInteger();
    private final AtomicInteger pipelined = new AtomicInteger();

    SmtpGate(int upstreamPort) throws IOException {
        this(upstreamPort, false);
    }

    /** The GreenMail server behind the gate, when the gate started it ({@link #withGreenMail}). */
    private GreenMail greenMail;

    /** GreenMail on a free port with a gate in front of it; closing the gate stops both. */
    static SmtpGate withGreenMail(boolean pipelining) throws IOException {
        GreenMail mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        mail.start();
        SmtpGate gate = new SmtpGate(mail.getSmtp().getPort(), pipelining);
        gate.greenMail = mail;
        return gate;
    }

    GreenMail greenMail() {
        return greenMail;
    }

    /** The hub's SMTP settings, pointing at this gate. */
    TestSupport.Props pointAt(TestSupport.Props props) {
        return props.set("hub.smtp.host", "127.0.0.1").set("hub.smtp.port", String.valueOf(port()));
    }

    /** With {@code pipelining}, the gate announces PIPELINING, so the hub sends its digests pipelined through it. */
    SmtpGate(int upstreamPort, boolean pipelining) throws IOException {
        this.upstream = upstreamPort;
        this.pipelining = pipelining;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::accept, "smtp-gate");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Closed: every session is refused with 421. */
    SmtpGate open(boolean open) {
        this.open = open;
        return this;
    }

    /** Lets {@code messages} more messages through, then answers 421 and hangs up; -1: no limit. */
    SmtpGate budget(int messages) {
        budget.set(messages);
        return this;
    }

    /** Lets {@code messages} more messages through, then holds each next MAIL unanswered until {@link #release}. */
    SmtpGate hold(int messages) {
        held = new java.util.concurrent.CountDownLatch(1);
        holdAfter.set(messages);
        return this;
    }

    /** The held sessions go on (to GreenMail, if their client is still there), and nothing more is held. */
    SmtpGate release() {
        holdAfter.set(-1);
        held.countDown();
        return this;
    }

    /** Transactions whose RCPT had already arrived when the MAIL before it was read: the client pipelined them. */
    int pipelined() {
        return pipelined.get();
    }

    /** Sessions waiting at a held MAIL. */
    int holding() {
        return holding.get();
    }

    private boolean mayPass() {
        while (true) {
            int h = holdAfter.get();
            if (h < 0) {
                return true;
            }
            if (h == 0) {
                return false;
            }
            if (holdAfter.compareAndSet(h, h - 1)) {
                return true;
            }
        }
    }

    private void waitForRelease() {
        holding.incrementAndGet();
        try {
            held.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            holding.decrementAndGet();
        }
    }

    SmtpGate refuse(String address) {
        refused.add(address.toLowerCase());
        return this;
    }

    private boolean takeMessage() {
        while (true) {
            int b = budget.get();
            if (b < 0) {
                return true;
            }
            if (b == 0) {
                return false;
            }
            if (budget.compareAndSet(b, b - 1)) {
                return true;
            }
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Thread t = new Thread(() -> serve(client), "smtp-gate-session");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            OutputStream toClient = client.getOutputStream();
            if (!open) {
                toClient.write("421 4.3.2 Service not available, closing transmission channel\r\n".getBytes(StandardCharsets.US_ASCII));
                toClient.flush();
                return;
            }
            try (Socket up = new Socket(InetAddress.getLoopbackAddress(), upstream)) {
                // one command, one reply, in order: a pipelining client's commands are read one at a time here, and
                // the gate's own replies (421, 550) take their place among GreenMail's
                BufferedReader fromUp = new BufferedReader(new InputStreamReader(up.getInputStream(), StandardCharsets.ISO_8859_1));
                OutputStream toUp = up.getOutputStream();
                relay(fromUp, toClient, false);
                BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.ISO_8859_1));
                boolean data = false;
                String line;
                while ((line = in.readLine()) != null) {
                    if (data) {
                        toUp.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                        if (line.equals(".")) {
                            data = false;
                            toUp.flush();
                            relay(fromUp, toClient, false);
                        }
                        continue;
                    }
                    if (line.regionMatches(true, 0, "MAIL FROM:", 0, 10) && in.ready()) {
                        pipelined.incrementAndGet();
                    }
                    if (line.regionMatches(true, 0, "MAIL FROM:", 0, 10) && !mayPass()) {
                        waitForRelease();
                    }
                    if (line.regionMatches(true, 0, "MAIL FROM:", 0, 10) && (!open || !takeMessage())) {
                        reply(toClient, "421 4.3.2 Service shutting down, closing transmission channel");
                        return;
                    }
                    if (line.regionMatches(true, 0, "RCPT TO:", 0, 8)) {
                        String addr = line.substring(line.indexOf('<') + 1, line.indexOf('>')).toLowerCase();
                        if (refused.contains(addr)) {
                            reply(toClient, "550 5.1.1 <" + addr + ">: Recipient address rejected: mailbox unavailable");
                            continue;
                        }
                    }
                    toUp.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    toUp.flush();
                    int code = relay(fromUp, toClient, pipelining && line.regionMatches(true, 0, "EHLO", 0, 4));
                    data = line.equalsIgnoreCase("DATA") && code == 354;
                    if (code < 0 || line.equalsIgnoreCase("QUIT")) {
                        return;
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // the session ends
        }
    }

    private static void reply(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /**
     * Upstream's reply, every line of it, to the client; with {@code pipelining}, an EHLO reply also offers PIPELINING
     * (RFC 2920), which GreenMail does not announce though it reads commands in order. Returns the reply's code, -1
     * when upstream hung up.
     */
    private static int relay(BufferedReader fromUp, OutputStream toClient, boolean pipelining) throws IOException {
        StringBuilder out = new StringBuilder();
        String line;
        while ((line = fromUp.readLine()) != null) {
            boolean last = line.length() < 4 || line.charAt(3) != '-';
            if (last && pipelining && line.startsWith("250")) {
                out.append("250-PIPELINING\r\n");
            }
            out.append(line).append("\r\n");
            if (last) {
                toClient.write(out.toString().getBytes(StandardCharsets.ISO_8859_1));
                toClient.flush();
                return Integer.parseInt(line.substring(0, 3));
            }
        }
        if (out.length() > 0) {
            toClient.write(out.toString().getBytes(StandardCharsets.ISO_8859_1));
            toClient.flush();
        }
        return -1;
    }

    /** Held sessions go on, the gate closes, and the GreenMail it started stops. */
    @Override
    public void close() throws IOException {
        release();
        server.close();
        if (greenMail != null) {
            greenMail.stop();
        }
    }
}
