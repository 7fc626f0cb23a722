package io.shardedjdbc.itest.demo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The demo's command line. Unknown or malformed options are refused with the usage text. */
public record DemoOptions(int shards, int replicas, long users, Duration duration, int threads, Path config,
                          String user, String password, boolean direct, boolean help, boolean failover) {
    public static final long DEFAULT_USERS = 50_000;

    public static final String USAGE = """
            Usage: Demo [options]
              --shards N        shards of the embedded fleet (default 4)
              --replicas R      streaming replicas per shard (default 1)
              --users N         users to load; each brings ~30 rows of posts, follows, likes, comments (default %,d)
              --seconds S       duration of each workload run, sharded and direct (default 15)
              --threads T       workload threads = application pool size (default 4)
              --config FILE     use the servers of this topology file instead of starting a fleet
                                (tables demo_* and demo_direct_* are dropped and re-created there)
              --user U          user for --config servers (default: the file's)
              --password P      password for --config servers (default: the file's)
              --no-direct       skip the comparison with one unsharded server
              --failover        at mid-run, kill -9 shard s0's primary and promote its first replica (a synchronous
                                standby) as an HA manager would; report the write gap and lost writes (embedded fleet)
              --help            this text
            With Maven: mvn -q -Pdemo -DskipTests verify -Ddemo.args="--seconds 5 --users 5000"
            """.formatted(DEFAULT_USERS);

    public static DemoOptions defaults() {
        return parse(List.of());
    }

    public static DemoOptions parse(List<String> args) {
        int shards = 4;
        int replicas = 1;
        long users = DEFAULT_USERS;
        long seconds = 15;
        int threads = 4;
        Path config = null;
        String user = null;
        String password = null;
        boolean direct = true;
        boolean help = false;
        boolean failover = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--help", "-h" -> help = true;
                case "--no-direct" -> direct = false;
                case "--failover" -> failover = true;
                case "--shards" -> shards = (int) number(args, ++i, arg, 1, 64);
                case "--replicas" -> replicas = (int) number(args, ++i, arg, 0, 8);
                case "--users" -> users = number(args, ++i, arg, 2, 100_000_000);
                case "--seconds" -> seconds = number(args, ++i, arg, 1, 86_400);
                case "--threads" -> threads = (int) number(args, ++i, arg, 1, 256);
                case "--config" -> config = Path.of(value(args, ++i, arg));
                case "--user" -> user = value(args, ++i, arg);
                case "--password" -> password = value(args, ++i, arg);
                default -> throw new IllegalArgumentException("unknown option '" + arg + "'\n" + USAGE);
            }
        }
        if (failover && (config != null || replicas < 1)) {
            throw new IllegalArgumentException("--failover needs the embedded fleet with at least one replica\n" + USAGE);
        }
        return new DemoOptions(shards, replicas, users, Duration.ofSeconds(seconds), threads, config, user, password,
                direct, help, failover);
    }

    /** Splits a single property value such as {@code -Ddemo.args="--seconds 5"} into arguments. */
    public static DemoOptions parse(String[] args) {
        List<String> words = new java.util.ArrayList<>();
        for (String arg : args) {
            for (String word : arg.trim().split("\\s+")) {
                if (!word.isEmpty()) {
                    words.add(word);
                }
            }
        }
        return parse(words);
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size() || args.get(i).startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
        }
        return args.get(i);
    }

    private static long number(List<String> args, int i, String option, long min, long max) {
        String text = value(args, i, option);
        try {
            long n = Long.parseLong(text.replace("_", ""));
            if (n < min || n > max) {
                throw new IllegalArgumentException(option + " must be in " + min + ".." + max + ", got " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a whole number, got '" + text + "'\n" + USAGE, e);
        }
    }
}
