package io.pwb.ovirt.collector;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * SSO tokens of connections the collector abandoned: closed without logging out because the engine did not answer,
 * so each stays valid on the engine until the engine expires it. Once the engine answers again they are revoked on
 * the collector's side thread, never on a collection's. Bounded: at most {@link #MAX_PENDING} wait (a further one
 * pushes out the oldest, which expires soonest anyway), and one the engine refuses {@link #MAX_ATTEMPTS} times is
 * given up. Tokens are never logged.
 */
final class AbandonedTokens implements AutoCloseable {

    static final int MAX_PENDING = 8;
    static final int MAX_ATTEMPTS = 3;

    private static final Logger LOG = Logger.getLogger(AbandonedTokens.class.getName());

    /** Ends one token's validity on the engine; throws when the engine did not confirm. */
    @FunctionalInterface
    interface Revocation {
        void revoke(String token) throws Exception;
    }

    /**
     * An abandoned connection's token, read only when revoking: reading it sends nothing, since the connection is
     * closed; empty when it never got one (a login that hung).
     */
    private static final class Pending {
        private final Supplier<Optional<String>> token;
        private int attempts;

        Pending(Supplier<Optional<String>> token) {
            this.token = token;
        }
    }

    private final Revocation revocation;
    private final Deque<Pending> pending = new ArrayDeque<>();
    private final ExecutorService side = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "pwb-ovirt-token-revoker");
        t.setDaemon(true);
        return t;
    });
    private boolean revoking;

    AbandonedTokens(Revocation revocation) {
        this.revocation = revocation;
    }

    /** Keeps an abandoned connection's token for revocation. Never blocks. */
    synchronized void add(Supplier<Optional<String>> token) {
        if (pending.size() >= MAX_PENDING) {
            pending.removeFirst();
            LOG.warning(() -> "more than " + MAX_PENDING + " abandoned oVirt SSO tokens wait for revocation: the oldest"
                    + " is left to expire on the engine");
        }
        pending.addLast(new Pending(token));
    }

    synchronized int pending() {
        return pending.size();
    }

    /** The engine answers again: revokes what is pending, in the background. Never blocks. */
    synchronized void revokeInBackground() {
        if (revoking || pending.isEmpty()) {
            return;
        }
        revoking = true;
        try {
            side.execute(this::revokeAll);
        } catch (RejectedExecutionException closed) {
            revoking = false;
        }
    }

    private void revokeAll() {
        String stopped = null;
        try {
            Pending next;
            while (stopped == null && (next = first()) != null) {
                stopped = revoke(next);
            }
        } finally {
            synchronized (this) {
                revoking = false;
            }
        }
        if (stopped != null) {
            // the engine stopped answering again: the rest waits for the next success
            LOG.warning(stopped + "; trying again after the next successful collection");
        }
    }

    /** Null when done with this token (revoked, none to revoke, or given up); else why to stop for now. */
    private String revoke(Pending p) {
        Optional<String> token;
        try {
            token = p.token.get();
        } catch (RuntimeException e) {
            token = Optional.empty();
        }
        try {
            if (token.isPresent()) {
                revocation.revoke(token.get());
                LOG.info("revoked the SSO token of an abandoned oVirt connection");
            }
            remove(p);
            return null;
        } catch (Exception e) {
            String failed = "revoking the SSO token of an abandoned oVirt connection failed ("
                    + withoutToken(e, token.get()) + ")";
            if (++p.attempts < MAX_ATTEMPTS) {
                return failed;
            }
            remove(p);
            LOG.warning(() -> failed + "; given up after " + MAX_ATTEMPTS + " attempts: it expires on the engine");
            return null;
        }
    }

    /** What went wrong, in one line; the SDK does not put the token in its messages, and this makes sure. */
    private static String withoutToken(Exception e, String token) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return io.pwb.ovirt.xmlrpc.Abbreviation.abbreviate(m.replace(token, "(token)"), 200);
    }

    private synchronized Pending first() {
        return pending.peekFirst();
    }

    private synchronized void remove(Pending p) {
        pending.remove(p);
    }

    /** Stops revoking; tokens still pending are left to expire on the engine. */
    @Override
    public void close() {
        side.shutdownNow();
    }
}
