package io.bpfx.exporter;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SingleFlightTest {

    @Test
    void callersDuringARunShareItsResultAndTheNextCallRunsAgain() throws Exception {
        SingleFlight<String, Object> flight = new SingleFlight<>();
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Future<Object> first = pool.submit(() -> flight.run("k", () -> {
                runs.incrementAndGet();
                started.countDown();
                release.await();
                return new Object();
            }));
            started.await();
            FutureTask<Object> second = new FutureTask<>(() -> flight.run("k", () -> {
                runs.incrementAndGet();
                return new Object();
            }));
            Thread waiter = new Thread(second);
            waiter.start();
            Future<Object> other = pool.submit(() -> flight.run("other", () -> "own run"));
            assertEquals("own run", other.get(5, TimeUnit.SECONDS)); // another key does not wait
            waitUntilParked(waiter);
            release.countDown();
            assertSame(first.get(5, TimeUnit.SECONDS), second.get(5, TimeUnit.SECONDS));
            assertEquals(1, runs.get());
            flight.run("k", runs::incrementAndGet);
            assertEquals(2, runs.get());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aWaiterGetsTheRunnersException() throws Exception {
        SingleFlight<String, String> flight = new SingleFlight<>();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(1);
        try {
            Future<String> first = pool.submit(() -> flight.run("k", () -> {
                started.countDown();
                release.await();
                throw new IOException("map gone");
            }));
            started.await();
            FutureTask<String> second = new FutureTask<>(() -> flight.run("k", () -> "not run"));
            Thread waiter = new Thread(second);
            waiter.start();
            waitUntilParked(waiter);
            release.countDown();
            assertEquals("map gone", assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> first.get(5, TimeUnit.SECONDS)).getCause().getMessage());
            Throwable shared = assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> second.get(5, TimeUnit.SECONDS)).getCause();
            assertEquals(IOException.class, shared.getClass());
            assertEquals("map gone", shared.getMessage());
        } finally {
            pool.shutdownNow();
        }
    }

    /** The caller parks only inside the join of the run under way. */
    private static void waitUntilParked(Thread caller) throws InterruptedException {
        while (caller.getState() != Thread.State.WAITING) {
            assertTrue(caller.isAlive(), "the second caller ended without joining the run");
            Thread.sleep(1);
        }
    }
}
