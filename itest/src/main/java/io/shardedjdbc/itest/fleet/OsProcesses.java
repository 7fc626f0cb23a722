package io.shardedjdbc.itest.fleet;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Running short commands and ending process trees. */
final class OsProcesses {
    private OsProcesses() {
    }

    /**
     * Runs {@code command} to completion, feeding {@code stdin} (may be null), and returns its combined output.
     * A non-zero exit or a timeout is a {@link FleetException} that includes the output.
     */
    static String run(List<String> command, String stdin, Duration timeout) {
        Path output;
        try {
            // a file, not a pipe: nobody has to drain it while we wait with a timeout
            output = Files.createTempFile("sharded-jdbc-fleet-", ".out");
        } catch (IOException e) {
            throw new FleetException("cannot create a temporary file for the output of " + String.join(" ", command), e);
        }
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            try (OutputStream in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                // the command may exit before reading its input; its exit code and output tell the story
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new FleetException("timed out after " + timeout.toSeconds() + " s: " + String.join(" ", command)
                        + "\n" + tail(output, 40));
            }
            String text = new String(Files.readAllBytes(output), StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new FleetException("exit code " + process.exitValue() + " from " + String.join(" ", command)
                        + "\n" + text);
            }
            return text;
        } catch (IOException e) {
            throw new FleetException("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FleetException("interrupted while running " + String.join(" ", command), e);
        } finally {
            try {
                Files.deleteIfExists(output);
            } catch (IOException e) {
                // a leftover file in the temporary directory is harmless; the command's result matters more
            }
        }
    }

    /**
     * SIGKILL to {@code root} and everything below it, then waits until all of them are gone. PostgreSQL needs
     * that wait: a new postmaster refuses to start while children of the old one still hold shared memory.
     */
    /**
     * Stops a process tree (SIGSTOP) for {@code pause}, then lets it go on (SIGCONT): a server that answers slowly but
     * is not dead. The pause is the point of the call, not a wait for something.
     */
    static void freezeTree(ProcessHandle root, Duration pause) {
        List<String> pids = new ArrayList<>();
        pids.add(Long.toString(root.pid()));
        root.descendants().forEach(p -> pids.add(Long.toString(p.pid())));
        signal("-STOP", pids);
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            signal("-CONT", pids);
        }
    }

    private static void signal(String signal, List<String> pids) {
        List<String> command = new ArrayList<>(List.of("kill", signal));
        command.addAll(pids);
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new FleetException("kill " + signal + " " + pids + " failed: "
                        + new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (java.io.IOException e) {
            throw new FleetException("cannot run kill " + signal + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FleetException("interrupted while signalling " + pids);
        }
    }

    static void killTree(ProcessHandle root, Duration timeout) {
        List<ProcessHandle> victims = new ArrayList<>();
        victims.add(root);
        root.descendants().forEach(victims::add);
        victims.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle victim : victims) {
            Poll.until(timeout, "process " + victim.pid() + " to die after kill -9", () -> isGone(victim));
        }
    }

    /**
     * Dead or a zombie. Children of a killed postmaster are re-parented to PID 1, which in some containers
     * reaps late or never; the JDK counts a zombie as alive, but it holds no memory and no port any more.
     */
    static boolean isGone(ProcessHandle process) {
        if (!process.isAlive()) {
            return true;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"), StandardCharsets.ISO_8859_1);
            int afterName = stat.lastIndexOf(')');
            char state = afterName >= 0 && afterName + 2 < stat.length() ? stat.charAt(afterName + 2) : '?';
            return state == 'Z' || state == 'X';
        } catch (NoSuchFileException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The last {@code lines} lines of a log file, for error messages; a note when there is no such file. */
    static String tail(Path log, int lines) {
        try {
            // decoded leniently: a log line in another encoding must not hide the rest of the log
            List<String> all = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (NoSuchFileException e) {
            return "(no log file " + log + ")";
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }
}
