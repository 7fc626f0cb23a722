package io.shardedjdbc.itest.demo;

import java.util.SplittableRandom;

/**
 * The users one workload thread has served lately, as a web application's sessions: each remembers the name the
 * user last set and the consistency token their update returned, so that their next read of their own profile,
 * on whichever pooled connection, shows it. Each thread serves its own users (ids congruent to its number): only a
 * user changes their profile, so what they read back must be what they set.
 */
final class UserSessions {
    private static final int KEPT = 64;
    private final int worker;
    private final int workers;

    UserSessions(int worker, int workers) {
        this.worker = worker;
        this.workers = workers;
    }

    /** One of this thread's users, among {@code 1..users}. */
    long ownUser(SplittableRandom random, long users) {
        return 1 + worker + (long) workers * random.nextLong((users - 1 - worker) / workers + 1);
    }

    /** @param token null on a direct connection (one server: every read sees every committed write) */
    record User(long id, String name, String token) {
    }

    private final User[] recent = new User[KEPT];
    private int count;

    void updated(long id, String name, String token) {
        User user = new User(id, name, token);
        for (int i = 0; i < Math.min(count, KEPT); i++) {
            if (recent[i].id() == id) {
                recent[i] = user; // the user's latest change replaces what they set before
                return;
            }
        }
        recent[count++ % KEPT] = user;
    }

    /** @return one of the users served lately, or null before the first update */
    User pick(SplittableRandom random) {
        return count == 0 ? null : recent[random.nextInt(Math.min(count, KEPT))];
    }
}
