package io.pwb.ovirt.http;

import io.vertx.core.Context;

import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The endpoint's own bounded pool of call threads. Unlike a Vert.x worker executor, a call submitted here can be
 * stopped: cancelling its future interrupts the thread running it (or drops it from the queue), so a call past its
 * deadline frees its thread instead of running on unseen. A cancelled call reports nothing.
 */
final class CallPool implements AutoCloseable {

    /** The answer of a call that ran to its end: a document, or what it threw. */
    sealed interface Outcome permits Answered, Failed {
    }

    record Answered(String document) implements Outcome {
    }

    record Failed(Throwable cause) implements Outcome {
    }

    private final ThreadPoolExecutor pool;

    /**
     * @param threads calls answered at once
     * @param queued  calls that may wait for a thread; more are refused rather than queued without bound
     */
    CallPool(String name, int threads, int queued) {
        AtomicInteger n = new AtomicInteger();
        pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queued), r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Runs {@code call} on a pool thread and hands its outcome to {@code onOutcome} on {@code context} (the request's
     * event loop), unless the call is cancelled first. Empty when the pool is full or closed.
     */
    Optional<Future<String>> submit(Callable<String> call, Context context, Consumer<Outcome> onOutcome) {
        FutureTask<String> task = new FutureTask<>(call) {
            @Override
            protected void done() {
                if (isCancelled()) {
                    return; // stopped at its deadline: the caller has already answered
                }
                Outcome outcome;
                try {
                    outcome = new Answered(get());
                } catch (ExecutionException e) {
                    outcome = new Failed(e.getCause() == null ? e : e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt(); // not reached: get() on a finished task does not wait
                    return;
                }
                Outcome result = outcome;
                context.runOnContext(v -> onOutcome.accept(result));
            }
        };
        try {
            pool.execute(task);
            return Optional.of(task);
        } catch (RejectedExecutionException full) {
            return Optional.empty();
        }
    }

    /** Interrupts the calls still running and drops the queued ones. */
    @Override
    public void close() {
        pool.shutdownNow();
    }
}
