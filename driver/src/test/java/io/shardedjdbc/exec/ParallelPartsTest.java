package io.shardedjdbc.exec;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every part runs exactly once, results come back in the parts' order, and a busy executor does not stall the caller. */
class ParallelPartsTest {
    private final List<ExecutorService> executors = new ArrayList<>();

    @AfterEach
    void shutDown() {
        executors.forEach(ExecutorService::shutdownNow);
    }

    private ExecutorService pool(int threads) {
        ExecutorService e = Executors.newFixedThreadPool(threads);
        executors.add(e);
        return e;
    }

    private static List<ParallelParts.Part<String>> counted(AtomicInteger[] runs, List<String> threads) {
        List<ParallelParts.Part<String>> parts = new ArrayList<>();
        for (int i = 0; i < runs.length; i++) {
            int n = i;
            runs[i] = new AtomicInteger();
            parts.add(() -> {
                runs[n].incrementAndGet();
                synchronized (threads) {
                    threads.add(n + "@" + Thread.currentThread().getName());
                }
                return "part " + n;
            });
        }
        return parts;
    }

    @Test
    void theCallerRunsThePartsNoExecutorThreadHasStarted() throws Exception {
        ExecutorService busy = pool(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blocked = new CountDownLatch(1);
        busy.submit(() -> {
            blocked.countDown();
            release.await();
            return null;
        });
        assertTrue(blocked.await(10, TimeUnit.SECONDS));
        AtomicInteger[] runs = new AtomicInteger[3];
        List<String> threads = new ArrayList<>();
        String[] caller = new String[1];
        // waiting for the blocked executor instead would hang here
        List<String> results = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            caller[0] = Thread.currentThread().getName();
            return ParallelParts.runAll(busy, counted(runs, threads), "a test");
        });
        assertEquals(List.of("part 0", "part 1", "part 2"), results);
        assertEquals(List.of("0@" + caller[0], "1@" + caller[0], "2@" + caller[0]), threads);
        release.countDown();
        busy.shutdown();
        assertTrue(busy.awaitTermination(10, TimeUnit.SECONDS));
        // the executor's queued tasks ran after all, and left the parts the caller took alone
        assertArrayEquals(new int[]{1, 1, 1}, new int[]{runs[0].get(), runs[1].get(), runs[2].get()});
    }

    @Test
    void aQueuedPartIsNotLeftBehindAStartedOne() throws Exception {
        ExecutorService one = pool(1);
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch secondRan = new CountDownLatch(1);
        List<ParallelParts.Part<String>> parts = List.of(
                () -> {
                    assertTrue(await(firstStarted));
                    return "part 0";
                },
                // holds the executor's only thread until the part queued behind it has run
                () -> {
                    firstStarted.countDown();
                    assertTrue(await(secondRan), "the queued part never ran");
                    return "part 1";
                },
                () -> {
                    secondRan.countDown();
                    return "part 2";
                });
        List<String> results = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> ParallelParts.runAll(one, parts, "a test"));
        assertEquals(List.of("part 0", "part 1", "part 2"), results);
    }

    private static boolean await(CountDownLatch latch) {
        try {
            return latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    void everyPartRunsOnceWhereverItRuns() throws Exception {
        ExecutorService free = pool(4);
        for (int round = 0; round < 300; round++) {
            AtomicInteger[] runs = new AtomicInteger[4];
            List<String> results = ParallelParts.runAll(free, counted(runs, new ArrayList<>()), "a test");
            assertEquals(List.of("part 0", "part 1", "part 2", "part 3"), results);
            for (AtomicInteger r : runs) {
                assertEquals(1, r.get(), "round " + round);
            }
        }
    }

    @Test
    void theFirstFailureIsThrownWithTheOthersSuppressedAfterEveryPartRan() {
        ExecutorService busy = pool(1);
        busy.submit(() -> {
            Thread.sleep(Long.MAX_VALUE);
            return null;
        });
        AtomicInteger ran = new AtomicInteger();
        List<ParallelParts.Part<String>> parts = List.of(
                () -> {
                    ran.incrementAndGet();
                    return "ok";
                },
                () -> {
                    ran.incrementAndGet();
                    throw new SQLException("first", "23505");
                },
                () -> {
                    ran.incrementAndGet();
                    throw new IllegalStateException("second");
                });
        SQLException e = assertThrows(SQLException.class, () -> ParallelParts.runAll(busy, parts, "a test"));
        assertEquals("23505", e.getSQLState());
        assertEquals(1, e.getSuppressed().length);
        SQLException second = (SQLException) e.getSuppressed()[0];
        assertEquals("XX000", second.getSQLState(), "an unexpected failure is an internal error, not a dead connection");
        assertTrue(second.getMessage().contains("a test") && second.getMessage().contains("second"), second.getMessage());
        assertEquals(3, ran.get());
    }
}
